/**
 * What Knative's mutating webhook (webhook.serving.knative.dev) does before validation, as far as
 * it changes what the validator sees. Runs on the engine's copy of the object.
 */
import { ClusterSettings } from '../../../core/cluster-settings';
import { Obj, arr, isObj } from './util';

const USER_CONTAINER = 'user-container';
const INIT_CONTAINER = 'init-container';

/** RevisionSpec.SetDefaults (serving v1 revision_defaults.go at 1.23). */
export function defaultRevisionSpec(spec: unknown, settings: ClusterSettings): void {
  if (!isObj(spec)) return;
  const d = settings.servingDefaults;
  if (spec.timeoutSeconds === undefined || spec.timeoutSeconds === null || spec.timeoutSeconds === 0) spec.timeoutSeconds = d.revisionTimeoutSeconds;
  if (spec.containerConcurrency === undefined || spec.containerConcurrency === null) spec.containerConcurrency = d.containerConcurrency;

  const containers = arr(spec.containers);
  const inits = arr(spec.initContainers);
  const taken = new Set<unknown>([...containers, ...inits].map((c) => (isObj(c) ? c.name : undefined)));
  defaultContainerNames(containers, taken, USER_CONTAINER);
  defaultContainerNames(inits, taken, INIT_CONTAINER);

  // Mounts of anything but emptyDir/PVC/ephemeral volumes are forced read-only, in the
  // containers only: init containers keep what they say (and V9 refuses a writable one).
  const writable = new Set<unknown>();
  for (const v of arr(spec.volumes)) {
    if (isObj(v) && (v.emptyDir != null || v.persistentVolumeClaim != null || v.ephemeral != null)) writable.add(v.name);
  }
  const psc = isObj(spec.securityContext) ? spec.securityContext : undefined;
  for (const c of containers) {
    if (!isObj(c)) continue;
    if (containers.length === 1 || arr(c.ports).length > 0) defaultUserReadinessProbe(c);
    defaultReadinessNumbers(c);
    for (const m of arr(c.volumeMounts)) if (isObj(m) && !writable.has(m.name)) m.readOnly = true;
    defaultSecurityContext(psc, c, settings);
  }
  for (const c of inits) if (isObj(c)) defaultSecurityContext(psc, c, settings);
}

/**
 * applyDefaultContainerNames: an unnamed container is `user-container` when it is the only one
 * and the name is free, else the first free `user-container-<n>` (one counter per list).
 */
function defaultContainerNames(list: any[], taken: Set<unknown>, base: string): void {
  let next = 0;
  for (const c of list) {
    if (!isObj(c) || (c.name !== undefined && c.name !== null && c.name !== '')) continue;
    let name = base;
    if (list.length > 1 || taken.has(name)) {
      do { name = `${base}-${next++}`; } while (taken.has(name));
    }
    c.name = name;
  }
}

/** applyUserContainerDefaultReadinessProbe: a TCP probe when the serving container has none. */
function defaultUserReadinessProbe(c: Obj): void {
  if (!isObj(c.readinessProbe)) c.readinessProbe = {};
  const p = c.readinessProbe;
  if (p.tcpSocket == null && p.httpGet == null && p.exec == null && p.grpc == null) p.tcpSocket = {};
}

/** applyReadinessProbeDefaults, for every container's readiness probe. */
function defaultReadinessNumbers(c: Obj): void {
  const p = c.readinessProbe;
  if (!isObj(p)) return;
  if (!p.successThreshold) p.successThreshold = 1;
  if (p.periodSeconds) {
    if (!p.failureThreshold) p.failureThreshold = 3;
    if (!p.timeoutSeconds) p.timeoutSeconds = 1;
  }
}

/**
 * defaultSecurityContext, only with secure-pod-defaults Enabled or AllowRootBounded: no
 * privilege escalation, RuntimeDefault seccomp unless the pod sets a type, capabilities
 * dropped (NET_BIND_SERVICE added for a port below 1024), and runAsNonRoot (Enabled only).
 */
function defaultSecurityContext(psc: Obj | undefined, c: Obj, settings: ClusterSettings): void {
  const mode = settings.securePodDefaults;
  if (mode !== 'Enabled' && mode !== 'AllowRootBounded') return;
  const pod: Obj = psc ?? {};
  const sc: Obj = isObj(c.securityContext) ? c.securityContext : {};
  if (sc.allowPrivilegeEscalation == null) sc.allowPrivilegeEscalation = false;
  if (!isObj(pod.seccompProfile) || !pod.seccompProfile.type) {
    if (!isObj(sc.seccompProfile)) sc.seccompProfile = {};
    if (!sc.seccompProfile.type) sc.seccompProfile.type = 'RuntimeDefault';
  }
  if (sc.capabilities == null) {
    sc.capabilities = { drop: ['ALL'] };
    if (arr(c.ports).some((p) => isObj(p) && typeof p.containerPort === 'number' && p.containerPort < 1024)) sc.capabilities.add = ['NET_BIND_SERVICE'];
  }
  if (mode === 'Enabled' && pod.runAsNonRoot == null && sc.runAsNonRoot == null) sc.runAsNonRoot = true;
  c.securityContext = sc;
}

/**
 * RouteSpec.SetDefaults: the Service's default target (100% to the latest revision) when it
 * lists none, then TrafficTarget.SetDefaults. Go's spec is a struct, so a Service without one
 * is defaulted too: the caller passes the object and a missing spec is created on the copy.
 */
export function defaultTraffic(spec: unknown, inService: boolean): void {
  if (!isObj(spec)) return;
  if (inService && arr(spec.traffic).length === 0) spec.traffic = [{ latestRevision: true, percent: 100 }];
  for (const tt of arr(spec.traffic)) {
    if (!isObj(tt)) continue;
    if (tt.latestRevision === undefined || tt.latestRevision === null) tt.latestRevision = !tt.revisionName;
    if (tt.percent === undefined || tt.percent === null) tt.percent = 0;
  }
}

/** Service, Configuration: the template's spec. */
export function defaultTemplate(spec: unknown, settings: ClusterSettings): void {
  // A missing template or template spec stays missing: validation reports the missing
  // containers from that (defaulting an absent spec adds only numbers nothing checks then).
  if (isObj(spec) && isObj(spec.template)) defaultRevisionSpec(spec.template.spec, settings);
}

/** DomainMapping: the ref's namespace is the mapping's own. */
export function defaultDomainMapping(obj: Obj): void {
  const ns = isObj(obj.metadata) ? obj.metadata.namespace : undefined;
  if (isObj(obj.spec) && isObj(obj.spec.ref) && !obj.spec.ref.namespace && ns) obj.spec.ref.namespace = ns;
}
