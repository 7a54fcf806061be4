/**
 * What Knative's mutating webhook (webhook.serving.knative.dev) does before validation, as far as
 * it changes what the validator sees. Runs on the engine's copy of the object.
 */
import { ClusterSettings } from '../../../core/cluster-settings';
import { defaultContainerNames, TemplateMeta } from '../../../core/cluster-settings-templates';
import { Obj, arr, isObj, strMap } from './util';

/** RevisionSpec.SetDefaults (serving v1 revision_defaults.go at 1.23); `parent` is the Service's or Configuration's metadata (none for a Revision). */
export function defaultRevisionSpec(spec: unknown, settings: ClusterSettings, parent?: Obj): void {
  if (!isObj(spec)) return;
  const d = settings.servingDefaults;
  if (spec.timeoutSeconds === undefined || spec.timeoutSeconds === null || spec.timeoutSeconds === 0) spec.timeoutSeconds = d.revisionTimeoutSeconds;
  const timeout = typeof spec.timeoutSeconds === 'number' ? spec.timeoutSeconds : NaN;
  if (spec.idleTimeoutSeconds == null && d.revisionIdleTimeoutSeconds !== 0 && d.revisionIdleTimeoutSeconds < timeout) {
    spec.idleTimeoutSeconds = d.revisionIdleTimeoutSeconds;
  }
  if (spec.responseStartTimeoutSeconds == null && d.revisionResponseStartTimeoutSeconds !== 0 && d.revisionResponseStartTimeoutSeconds < timeout) {
    spec.responseStartTimeoutSeconds = d.revisionResponseStartTimeoutSeconds;
  }
  if (spec.containerConcurrency === undefined || spec.containerConcurrency === null) spec.containerConcurrency = d.containerConcurrency;
  defaultNames(spec, settings, parent);
  if (spec.enableServiceLinks == null && d.enableServiceLinks !== 'default') spec.enableServiceLinks = d.enableServiceLinks;

  const containers = arr(spec.containers);
  const inits = arr(spec.initContainers);

  // Mounts of anything but emptyDir/PVC/ephemeral volumes are forced read-only, in the
  // containers only: init containers keep what they say (and V9 refuses a writable one).
  const writable = new Set<unknown>();
  for (const v of arr(spec.volumes)) {
    if (isObj(v) && (v.emptyDir != null || v.persistentVolumeClaim != null || v.ephemeral != null)) writable.add(v.name);
  }
  const psc = isObj(spec.securityContext) ? spec.securityContext : undefined;
  for (const c of containers) {
    if (!isObj(c)) continue;
    defaultResources(c, settings);
    if (containers.length === 1 || arr(c.ports).length > 0) defaultUserReadinessProbe(c);
    defaultReadinessNumbers(c);
    for (const m of arr(c.volumeMounts)) if (isObj(m) && !writable.has(m.name)) m.readOnly = true;
    defaultSecurityContext(psc, c, settings);
  }
  for (const c of inits) if (isObj(c)) defaultSecurityContext(psc, c, settings);
}

/** A container's name, or '' when it has none (or not a string). */
function nameOf(c: unknown): string {
  return isObj(c) && typeof c.name === 'string' ? c.name : '';
}

function allNamed(list: readonly unknown[]): boolean {
  for (let i = 0; i < list.length; i++) if (!nameOf(list[i])) return false;
  return true;
}

/** Container names from config-defaults' name templates (applyDefaultContainerNames). */
function defaultNames(spec: Obj, settings: ClusterSettings, parent: Obj | undefined): void {
  const containers = arr(spec.containers);
  const inits = arr(spec.initContainers);
  // Only unnamed containers get a name (defaultContainerNames leaves named ones as they are).
  const containersNamed = allNamed(containers);
  const initsNamed = allNamed(inits);
  if (containersNamed && initsNamed) return;
  const taken = new Set<string>();
  for (let i = 0; i < containers.length; i++) taken.add(nameOf(containers[i]));
  for (let i = 0; i < inits.length; i++) taken.add(nameOf(inits[i]));
  const d = settings.servingDefaults;
  // The parent's metadata matters only to a template with actions (the stock ones have none).
  const meta: TemplateMeta = isObj(parent) && (d.containerNameTemplate.includes('{{') || d.initContainerNameTemplate.includes('{{')) ? {
    name: typeof parent.name === 'string' ? parent.name : undefined,
    namespace: typeof parent.namespace === 'string' ? parent.namespace : undefined,
    generateName: typeof parent.generateName === 'string' ? parent.generateName : undefined,
    labels: strMap(parent.labels), annotations: strMap(parent.annotations),
  } : {};
  if (!containersNamed) nameUnnamed(containers, taken, settings.containerName(meta, false));
  if (!initsNamed) nameUnnamed(inits, taken, settings.containerName(meta, true));
}

function nameUnnamed(list: unknown[], taken: ReadonlySet<string>, defaultName: string): void {
  const names = defaultContainerNames(list.map(nameOf), taken, defaultName);
  for (let i = 0; i < list.length; i++) {
    const c = list[i];
    if (isObj(c) && names[i] !== undefined) c.name = names[i];
  }
}

/** config-defaults' revision-cpu/memory/ephemeral-storage requests and limits, where the container sets none. */
function defaultResources(c: Obj, settings: ClusterSettings): void {
  const d = settings.servingDefaults;
  if (d.revisionCpuRequest === undefined && d.revisionCpuLimit === undefined && d.revisionMemoryRequest === undefined
    && d.revisionMemoryLimit === undefined && d.revisionEphemeralStorageRequest === undefined && d.revisionEphemeralStorageLimit === undefined) return;
  const wanted: [string, 'requests' | 'limits', string | undefined][] = [
    ['cpu', 'requests', d.revisionCpuRequest], ['cpu', 'limits', d.revisionCpuLimit],
    ['memory', 'requests', d.revisionMemoryRequest], ['memory', 'limits', d.revisionMemoryLimit],
    ['ephemeral-storage', 'requests', d.revisionEphemeralStorageRequest], ['ephemeral-storage', 'limits', d.revisionEphemeralStorageLimit],
  ];
  if (c.resources == null) c.resources = {};
  if (!isObj(c.resources)) return;
  for (const [name, kind, q] of wanted) {
    if (q === undefined) continue;
    if (c.resources[kind] == null) c.resources[kind] = {};
    if (isObj(c.resources[kind]) && !(name in c.resources[kind])) c.resources[kind][name] = q;
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
export function defaultTemplate(spec: unknown, settings: ClusterSettings, parent?: Obj): void {
  // A missing template or template spec stays missing: validation reports the missing
  // containers from that (defaulting an absent spec adds only numbers nothing checks then).
  if (isObj(spec) && isObj(spec.template)) defaultRevisionSpec(spec.template.spec, settings, parent);
}

/** DomainMapping: the ref's namespace is the mapping's own. */
export function defaultDomainMapping(obj: Obj): void {
  const ns = isObj(obj.metadata) ? obj.metadata.namespace : undefined;
  if (isObj(obj.spec) && isObj(obj.spec.ref) && !obj.spec.ref.namespace && ns) obj.spec.ref.namespace = ns;
}
