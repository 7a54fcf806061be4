/**
 * The revision's PodSpec (serving pkg/apis/serving/k8s_validation.go ValidatePodSpec and the
 * field masks of fieldmask.go).
 *
 * Field masks (S-F1..S-F6): the CRD schema already rejects fields it does not list (rule
 * `schema`), so for schema-typed parts only the feature-gated fields are checked here; subtrees
 * the CRD marks x-kubernetes-preserve-unknown-fields (pod securityContext, initContainers items)
 * are checked in full, since nothing else looks inside them.
 */
import { ServingFeatureFlag } from '../../../core/cluster-settings';
import { dns1123SubdomainErrors } from '../../../core/names';
import { RuleContext } from '../../types';
import { ServingPort, validateContainer } from './containers';
import { validateKubernetesPod, validateKubernetesPodFields } from './kubernetes';
import { DISALLOWED, Obj, arr, invalidValue, isObj, isSet, outOfBounds, withDetails } from './util';
import { validateVolumes } from './volumes';

/** PodSpec fields that need a `config-features` flag ("Allowed" counts as on). */
const GATED_POD_FIELDS: ReadonlyArray<[string, ServingFeatureFlag]> = [
  ['affinity', 'kubernetes.podspec-affinity'],
  ['topologySpreadConstraints', 'kubernetes.podspec-topologyspreadconstraints'],
  ['hostAliases', 'kubernetes.podspec-hostaliases'],
  ['nodeSelector', 'kubernetes.podspec-nodeselector'],
  ['runtimeClassName', 'kubernetes.podspec-runtimeclassname'],
  ['securityContext', 'kubernetes.podspec-securitycontext'],
  ['shareProcessNamespace', 'kubernetes.podspec-shareprocessnamespace'],
  ['hostIPC', 'kubernetes.podspec-hostipc'],
  ['hostPID', 'kubernetes.podspec-hostpid'],
  ['hostNetwork', 'kubernetes.podspec-hostnetwork'],
  ['priorityClassName', 'kubernetes.podspec-priorityclassname'],
  ['schedulerName', 'kubernetes.podspec-schedulername'],
  ['tolerations', 'kubernetes.podspec-tolerations'],
  ['initContainers', 'kubernetes.podspec-init-containers'],
  ['dnsPolicy', 'kubernetes.podspec-dnspolicy'],
  ['dnsConfig', 'kubernetes.podspec-dnsconfig'],
];

const GATED_FIELD_SET = new Set(GATED_POD_FIELDS.map((g) => g[0]));
const POD_SECURITY_CONTEXT_FIELDS = new Set(['runAsUser', 'runAsGroup', 'runAsNonRoot', 'fsGroup', 'supplementalGroups', 'seccompProfile']);
const ID_MAX = 2147483647;
const INSECURE = 'Kubernetes default value is insecure, Knative may default this to secure in a future release';

/**
 * Validates a RevisionSpec's pod part; `base` is its path (`spec.template.spec` or `spec`).
 * `present` says whether the spec object exists in the manifest at all.
 */
export function validatePodSpec(ps: Obj, base: string, ctx: RuleContext, present = true): void {
  const s = ctx.settings;
  // S-F1: pod-level field mask.
  const secureDefaults = s.securePodDefaults === 'Enabled' || s.securePodDefaults === 'AllowRootBounded';
  const podSecurityContextFlag = s.servingFeatureOn('kubernetes.podspec-securitycontext');
  // A revision sets a few of the pod's fields: the gated ones are looked for only when one is there.
  let gated = false;
  for (const key in ps) {
    if (GATED_FIELD_SET.has(key)) {
      gated = true;
      break;
    }
  }
  for (let i = 0; gated && i < GATED_POD_FIELDS.length; i++) {
    const field = GATED_POD_FIELDS[i][0];
    // With secure-pod-defaults on, the pod securityContext passes the pod mask (its own mask limits it).
    if (field === 'securityContext' && secureDefaults) continue;
    const flag = GATED_POD_FIELDS[i][1];
    if (isSet(ps[field]) && !s.servingFeatureOn(flag)) {
      ctx.error('S-F1', `${base}.${field}`, DISALLOWED, { value: ps[field], allowed: `only with ${flag} enabled` });
    }
  }
  if (ps.automountServiceAccountToken === true) {
    ctx.error('S-F1', `${base}.automountServiceAccountToken`, DISALLOWED, { value: true, allowed: 'false, or unset' });
  }
  const psc = isObj(ps.securityContext) ? ps.securityContext : undefined;
  if (psc && podSecurityContextFlag) {
    validatePodSecurityContext(psc, `${base}.securityContext`, ctx);
    validateKubernetesPod(psc, base, ctx);
  } else if (psc && secureDefaults) {
    validateSecureDefaultsPodSecurityContext(psc, `${base}.securityContext`, ctx);
  }

  if (ps.dnsPolicy !== undefined || ps.dnsConfig !== undefined || ps.tolerations !== undefined) {
    validateKubernetesPodFields({
      dnsPolicy: s.servingFeatureOn('kubernetes.podspec-dnspolicy') ? ps.dnsPolicy : undefined,
      dnsConfig: ps.dnsConfig,
      tolerations: s.servingFeatureOn('kubernetes.podspec-tolerations') ? ps.tolerations : undefined,
    }, base, ctx);
  }

  const containers = arr(ps.containers);
  const initContainers = arr(ps.initContainers);
  if (s.securePodDefaults === 'Disabled') {
    warnInsecureContainers(psc, containers, `${base}.containers`, ctx);
    warnInsecureContainers(psc, initContainers, `${base}.initContainers`, ctx);
  }

  const mounted = new Set<string>();
  addMounted(initContainers, mounted);
  addMounted(containers, mounted);
  const volumes = validateVolumes(arr(ps.volumes), mounted, `${base}.volumes`, ctx);

  if (initContainers.length) {
    if (s.servingFeature('kubernetes.podspec-init-containers') !== 'Enabled') {
      ctx.error('P13', `${base}.initContainers`, `pod spec support for init-containers is off, but found ${initContainers.length} init containers`, {
        value: initContainers.length, allowed: 'no init containers unless kubernetes.podspec-init-containers is Enabled',
      });
    } else {
      const names = new Set(containers.map((c) => (isObj(c) ? c.name : undefined)));
      initContainers.forEach((c, i) => {
        if (!isObj(c)) return;
        // Knative reports init container names under `containers[i]` (sic).
        if (names.has(c.name)) ctx.error('P8', `${base}.containers[${i}].name`, `duplicate container name "${c.name}"`, { value: c.name, allowed: 'a name unique across containers and initContainers' });
        for (const probe of ['livenessProbe', 'readinessProbe', 'startupProbe', 'lifecycle']) {
          if (c[probe] !== undefined && c[probe] !== null) {
            ctx.error('P13', `${base}.containers[${i}].${probe}`, 'field not allowed in an init container', { allowed: 'no probes or lifecycle on init containers' });
          }
        }
        validateContainer(c, `${base}.containers[${i}]`, 'init', volumes, undefined, ctx, psc);
      });
    }
  }

  const port = servingPort(containers, base, ctx);
  // An absent `containers` in a present spec is the schema's to report (required).
  if (containers.length === 0 && !(ps.containers === undefined && present)) {
    ctx.error('P1', `${base}.containers`, 'missing field(s)', { allowed: 'at least one container' });
  } else if (containers.length === 1) {
    if (isObj(containers[0])) validateContainer(containers[0], `${base}.containers[0]`, 'serving', volumes, port, ctx, psc);
  } else if (s.servingFeature('multi-container') !== 'Enabled') {
    ctx.error('P2', `${base}.containers`, `multi-container is off, but found ${containers.length} containers`, { value: containers.length, allowed: '1 container (multi-container is off)' });
  } else {
    const seen = new Set<unknown>();
    containers.forEach((c, i) => {
      if (!isObj(c)) return;
      if (seen.has(c.name)) ctx.error('P8', `${base}.containers[${i}].name`, `duplicate container name "${c.name}"`, { value: c.name, allowed: 'a name unique across containers and initContainers' });
      else seen.add(c.name);
      const sidecar = arr(c.ports).length === 0;
      validateContainer(c, `${base}.containers[${i}]`, sidecar ? 'sidecar' : 'serving', volumes, port, ctx, psc);
    });
  }

  if (typeof ps.serviceAccountName === 'string' && ps.serviceAccountName !== '') {
    for (const e of dns1123SubdomainErrors(ps.serviceAccountName)) {
      ctx.error('P14', `${base}.serviceAccountName`, withDetails(invalidValue(ps.serviceAccountName), e), { value: ps.serviceAccountName, allowed: 'a DNS-1123 subdomain' });
    }
  }
}

/** Adds the names of the volumes that `containers` mount to `mounted`. */
function addMounted(containers: readonly unknown[], mounted: Set<string>): void {
  for (let i = 0; i < containers.length; i++) {
    const c = containers[i];
    if (!isObj(c) || !Array.isArray(c.volumeMounts)) continue;
    for (let j = 0; j < c.volumeMounts.length; j++) {
      const m = c.volumeMounts[j];
      if (isObj(m)) mounted.add(m.name ?? '');
    }
  }
}

/** P3/P4: one port across all containers; returns the serving port as Knative sees it. */
function servingPort(containers: any[], base: string, ctx: RuleContext): ServingPort {
  let count = 0;
  let port: Obj = {};
  for (const c of containers) {
    const ports = isObj(c) ? arr(c.ports) : [];
    if (ports.length) {
      count += ports.length;
      port = isObj(ports[0]) ? ports[0] : {};
    }
  }
  const field = `${base}.containers[*].ports`;
  if (count === 0 && containers.length > 1) {
    ctx.error('P4', field, 'missing field(s)', { allowed: 'exactly one container with a port (the serving container)' });
  } else if (count > 1) {
    ctx.error('P3', field, withDetails('more than one container port is set', 'Only a single port is allowed across all containers'), { value: count, allowed: 'a single port across all containers' });
  }
  // An unnamed port is "http" to probes: a named probe port "http" then matches it.
  return { name: typeof port.name === 'string' && port.name ? port.name : 'http', containerPort: port.containerPort || 8080 };
}

function validatePodSecurityContext(sc: Obj, base: string, ctx: RuleContext): void {
  for (const key of Object.keys(sc)) {
    if (!POD_SECURITY_CONTEXT_FIELDS.has(key) && isSet(sc[key])) {
      ctx.error('S-F3', `${base}.${key}`, DISALLOWED, { value: sc[key], allowed: [...POD_SECURITY_CONTEXT_FIELDS].join(', ') });
    }
  }
  for (const key of ['runAsUser', 'runAsGroup', 'fsGroup']) {
    const v = sc[key];
    if (typeof v === 'number' && (v < 0 || v > ID_MAX)) ctx.error('S-F3', `${base}.${key}`, outOfBounds(v, 0, ID_MAX), { value: v, allowed: `0..${ID_MAX}` });
  }
  arr(sc.supplementalGroups).forEach((v, i) => {
    if (typeof v === 'number' && (v < 0 || v > ID_MAX)) ctx.error('S-F3', `${base}.supplementalGroups[${i}]`, outOfBounds(v, 0, ID_MAX), { value: v, allowed: `0..${ID_MAX}` });
  });
}

/**
 * S-F3: PodSecurityContextMask when only secure-pod-defaults lets the pod securityContext in:
 * it may carry nothing but `seccompProfile: {type: RuntimeDefault | Unconfined}` (the way to opt
 * out of the RuntimeDefault default).
 */
function validateSecureDefaultsPodSecurityContext(sc: Obj, base: string, ctx: RuleContext): void {
  const allowed = 'only seccompProfile.type RuntimeDefault or Unconfined (kubernetes.podspec-securitycontext is off)';
  for (const key of Object.keys(sc)) {
    if (key === 'seccompProfile' || !isSet(sc[key])) continue;
    ctx.error('S-F3', `${base}.${key}`, DISALLOWED, { value: sc[key], allowed });
  }
  const sp = sc.seccompProfile;
  if (sp === undefined || sp === null) return;
  const ok = isObj(sp) && (sp.type === 'RuntimeDefault' || sp.type === 'Unconfined')
    && Object.keys(sp).every((k) => k === 'type' || !isSet(sp[k]));
  if (!ok) ctx.error('S-F3', `${base}.seccompProfile`, DISALLOWED, { value: sp, allowed });
}

function warnInsecureContainers(psc: Obj | undefined, containers: readonly unknown[], base: string, ctx: RuleContext): void {
  for (let i = 0; i < containers.length; i++) {
    const c = containers[i];
    warnInsecureDefaults(psc, isObj(c) ? c.securityContext : undefined, `${base}[${i}].securityContext`, ctx);
  }
}

function warnInsecure(base: string, field: string, allowed: string, ctx: RuleContext): void {
  ctx.warn('S-W1', `${base}.${field}`, INSECURE, { allowed });
}

/** S-W1: warnDefaultContainerSecurityContext, only while secure-pod-defaults is Disabled. */
function warnInsecureDefaults(psc: Obj | undefined, csc: unknown, base: string, ctx: RuleContext): void {
  const sc: Obj = isObj(csc) ? csc : {};
  const pod: Obj = psc ?? {};
  if (pod.runAsNonRoot == null && sc.runAsNonRoot == null) warnInsecure(base, 'runAsNonRoot', 'runAsNonRoot: true', ctx);
  if (sc.allowPrivilegeEscalation == null) warnInsecure(base, 'allowPrivilegeEscalation', 'allowPrivilegeEscalation: false', ctx);
  if (sc.seccompProfile == null && pod.seccompProfile == null) warnInsecure(base, 'seccompProfile', 'seccompProfile.type: RuntimeDefault', ctx);
  else if (!sc.seccompProfile?.type && !pod.seccompProfile?.type) warnInsecure(base, 'seccompProfile.type', 'seccompProfile.type: RuntimeDefault', ctx);
  if (sc.capabilities == null) warnInsecure(base, 'capabilities', 'capabilities.drop: [ALL]', ctx);
  else if (sc.capabilities.drop == null) warnInsecure(base, 'capabilities.drop', 'capabilities.drop: [ALL]', ctx);
  else if (arr(sc.capabilities.drop)[0] === 'all') {
    ctx.warn('S-W1', `${base}.capabilities.drop`, withDetails(invalidValue('all'), "Must be spelled as 'ALL'"), { value: 'all', allowed: 'ALL' });
  }
}

