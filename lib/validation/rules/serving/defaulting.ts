/**
 * What Knative's mutating webhook (webhook.serving.knative.dev) does before validation, as far as
 * it changes what the validator sees. Runs on the engine's copy of the object.
 */
import { ClusterSettings } from '../../../core/cluster-settings';
import { Obj, arr, isObj } from './util';

const USER_CONTAINER = 'user-container';
const INIT_CONTAINER = 'init-container';

/** RevisionSpec.SetDefaults. */
export function defaultRevisionSpec(spec: unknown, settings: ClusterSettings): void {
  if (!isObj(spec)) return;
  const d = settings.servingDefaults;
  if (spec.timeoutSeconds === undefined || spec.timeoutSeconds === null || spec.timeoutSeconds === 0) spec.timeoutSeconds = d.revisionTimeoutSeconds;
  if (spec.containerConcurrency === undefined || spec.containerConcurrency === null) spec.containerConcurrency = d.containerConcurrency;

  // Mounts of anything but emptyDir/PVC/ephemeral volumes are forced read-only.
  const writable = new Set<string>();
  for (const v of arr(spec.volumes)) {
    if (isObj(v) && (v.emptyDir != null || v.persistentVolumeClaim != null || v.ephemeral != null)) writable.add(v.name);
  }
  const containers = arr(spec.containers);
  containers.forEach((c, i) => {
    if (!isObj(c)) return;
    if (!c.name) c.name = containers.length > 1 ? `${USER_CONTAINER}-${i}` : USER_CONTAINER;
    if (containers.length === 1 || arr(c.ports).length > 0) defaultReadinessProbe(c);
    forceReadOnly(c, writable);
  });
  const inits = arr(spec.initContainers);
  inits.forEach((c, i) => {
    if (!isObj(c)) return;
    if (!c.name) c.name = inits.length > 1 ? `${INIT_CONTAINER}-${i}` : INIT_CONTAINER;
    forceReadOnly(c, writable);
  });
}

function forceReadOnly(c: Obj, writable: ReadonlySet<string>): void {
  for (const m of arr(c.volumeMounts)) if (isObj(m) && !writable.has(m.name)) m.readOnly = true;
}

/** The serving container's readiness probe: TCP by default, successThreshold 1, k8s defaults when periodic. */
function defaultReadinessProbe(c: Obj): void {
  if (!isObj(c.readinessProbe)) c.readinessProbe = {};
  const p = c.readinessProbe;
  if (p.tcpSocket == null && p.httpGet == null && p.exec == null && p.grpc == null) p.tcpSocket = {};
  if (!p.successThreshold) p.successThreshold = 1;
  if (p.periodSeconds) {
    if (!p.failureThreshold) p.failureThreshold = 3;
    if (!p.timeoutSeconds) p.timeoutSeconds = 1;
  }
}

/** TrafficTarget.SetDefaults, plus the Service's default target when it lists none. */
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
  if (isObj(spec) && isObj(spec.template)) defaultRevisionSpec(spec.template.spec, settings);
}

/** DomainMapping: the ref's namespace is the mapping's own. */
export function defaultDomainMapping(obj: Obj): void {
  const ns = isObj(obj.metadata) ? obj.metadata.namespace : undefined;
  if (isObj(obj.spec) && isObj(obj.spec.ref) && !obj.spec.ref.namespace && ns) obj.spec.ref.namespace = ns;
}
