/**
 * What the API server's pod validation (k8s.io/kubernetes pkg/apis/core/validation, Kubernetes
 * 1.33) or the kubelet refuses in the Deployment Knative creates from a revision, for fields a
 * Knative revision carries through unchanged and Knative's webhook does not check. Knative
 * accepts such a Service, and then the Revision never becomes ready; reporting them at synth
 * time is the point of the validator. Only what survives Knative's and the API server's
 * defaulting is checked (a probe's zero successThreshold becomes 1, for instance), so this is
 * never stricter than the cluster.
 *
 * - S-K1 container and init container names are DNS-1123 labels;
 * - S-K2 runAsUser 0 with runAsNonRoot true (the kubelet refuses to start the container);
 * - S-K3 liveness/startup probe numbers (successThreshold 1, non-negative, terminationGracePeriodSeconds > 0);
 * - S-K4 seccompProfile type and localhostProfile, pod and container level;
 * - S-K5 resource quantities: non-negative, requests not above limits;
 * - S-K6 environment variable names (printable ASCII without '=', Kubernetes >= 1.32);
 * - S-K7 enums: imagePullPolicy, httpGet scheme;
 * - S-K8 volumeMount subPath: relative, without '..';
 * - S-K9 probe ports the kubelet gets unchanged: Knative rewrites only the serving container's
 *   liveness probe port (to the serving port, unless multi-container-probing keeps a custom
 *   number), and removes HTTP/TCP/gRPC readiness probes (queue-proxy runs them); startup probes
 *   and sidecar liveness probes reach the Deployment as written, and the serving port is renamed
 *   `user-port` there, so a named port in them never resolves;
 * - S-K10 init container ports (passed through unchanged): a port number and valid names;
 * - S-K11 flag-gated pod fields: dnsPolicy (and `None`'s nameservers), tolerations.
 */
import { dns1123LabelErrors, envVarNameErrors } from '../../../core/names';
import { RuleContext } from '../../types';
import { quantityValue } from './quantity';
import { Obj, arr, isObj } from './util';

const SECCOMP_TYPES = ['Localhost', 'RuntimeDefault', 'Unconfined'];
const SECCOMP_TYPE_SET = new Set(SECCOMP_TYPES);
const PULL_POLICIES = ['Always', 'IfNotPresent', 'Never'];
const SCHEMES = ['HTTP', 'HTTPS'];
const PROBE_NUMBER_FIELDS = ['initialDelaySeconds', 'timeoutSeconds', 'periodSeconds', 'successThreshold', 'failureThreshold'];
const PORT_HANDLERS = ['httpGet', 'tcpSocket', 'grpc'];
const ENV_NAME_ALLOWED = "printable ASCII characters other than '='";
const RELATIVE_ALLOWED = 'a relative path without ..';

function quoted(list: string[]): string {
  return list.map((v) => `"${v}"`).join(', ');
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

/** S-K4: validateSeccompProfileField. */
export function validateSeccompProfile(sp: unknown, base: string, ctx: RuleContext): void {
  if (!isObj(sp)) return;
  const type = str(sp.type);
  const at = `${base}.seccompProfile`;
  if (type === '') {
    ctx.error('S-K4', `${at}.type`, 'Required value: type is required when seccompProfile is set', { allowed: SECCOMP_TYPES.join(', ') });
  } else if (!SECCOMP_TYPE_SET.has(type)) {
    ctx.error('S-K4', `${at}.type`, `Unsupported value: "${type}": supported values: ${quoted(SECCOMP_TYPES)}`, { value: sp.type, allowed: SECCOMP_TYPES.join(', ') });
  }
  const profile = sp.localhostProfile;
  if (type === 'Localhost') {
    if (typeof profile !== 'string') {
      ctx.error('S-K4', `${at}.localhostProfile`, 'Required value: must be set when seccomp type is Localhost', { allowed: 'the profile path, relative to the kubelet seccomp directory' });
    } else if (profile.startsWith('/')) {
      ctx.error('S-K4', `${at}.localhostProfile`, `Invalid value: "${profile}": must be a relative path`, { value: profile, allowed: 'a relative path without ..' });
    } else if (profile.split('/').includes('..')) {
      ctx.error('S-K4', `${at}.localhostProfile`, `Invalid value: "${profile}": must not contain '..'`, { value: profile, allowed: 'a relative path without ..' });
    }
  } else if (type !== 'Localhost' && profile !== undefined && profile !== null) {
    ctx.error('S-K4', `${at}.localhostProfile`, 'Invalid value: can only be set when seccomp type is Localhost', { value: profile, allowed: 'unset unless type is Localhost' });
  }
}

/** S-K2: the kubelet's verifyRunAsNonRoot, with the container's settings overriding the pod's. */
function validateRunAsNonRoot(psc: Obj, csc: Obj, base: string, ctx: RuleContext): void {
  const nonRoot = typeof csc.runAsNonRoot === 'boolean' ? csc.runAsNonRoot : psc.runAsNonRoot;
  const uid = typeof csc.runAsUser === 'number' ? csc.runAsUser : psc.runAsUser;
  if (nonRoot === true && uid === 0) {
    const field = typeof csc.runAsUser === 'number' ? `${base}.securityContext.runAsUser` : `${base}.securityContext.runAsNonRoot`;
    ctx.error('S-K2', field, "container's runAsUser breaks non-root policy: runAsUser is 0 while runAsNonRoot is true, so the kubelet refuses to start the container", {
      value: 0, allowed: 'a non-zero runAsUser, or runAsNonRoot false',
    });
  }
}

/** S-K3: validateProbe/validateLivenessProbe/validateStartupProbe after the API server's defaults. */
function validateProbeNumbers(p: unknown, kind: 'livenessProbe' | 'startupProbe', at: string, ctx: RuleContext): void {
  if (!isObj(p)) return;
  for (let i = 0; i < PROBE_NUMBER_FIELDS.length; i++) {
    const k = PROBE_NUMBER_FIELDS[i];
    const v = p[k];
    if (typeof v === 'number' && v < 0) ctx.error('S-K3', `${at}.${k}`, `Invalid value: ${v}: must be greater than or equal to 0`, { value: v, allowed: '>= 0' });
  }
  const st = p.successThreshold;
  // 0 is defaulted to 1 by the API server.
  if (typeof st === 'number' && st > 0 && st !== 1) {
    ctx.error('S-K3', `${at}.successThreshold`, `Invalid value: ${st}: must be 1`, { value: st, allowed: `1 (a ${kind} succeeds after one success)` });
  }
  const tgps = p.terminationGracePeriodSeconds;
  if (typeof tgps === 'number' && tgps <= 0) {
    ctx.error('S-K3', `${at}.terminationGracePeriodSeconds`, `Invalid value: ${tgps}: must be greater than 0`, { value: tgps, allowed: '>= 1, or unset' });
  }
  const scheme = isObj(p.httpGet) ? p.httpGet.scheme : undefined;
  if (typeof scheme === 'string' && scheme !== '' && !SCHEMES.includes(scheme)) {
    ctx.error('S-K7', `${at}.httpGet.scheme`, `Unsupported value: "${scheme}": supported values: ${quoted(SCHEMES)}`, { value: scheme, allowed: SCHEMES.join(', ') });
  }
}

/** S-K5: ValidateResourceRequirements (quantities the schema accepted as strings or numbers). */
function validateResources(res: unknown, at: string, ctx: RuleContext): void {
  if (!isObj(res)) return;
  const limits = isObj(res.limits) ? res.limits : {};
  const requests = isObj(res.requests) ? res.requests : {};
  for (const [kind, map] of [['limits', limits], ['requests', requests]] as const) {
    for (const [name, q] of Object.entries(map)) {
      const v = quantityValue(q);
      if (v !== undefined && v < 0) {
        ctx.error('S-K5', `${at}.${kind}[${name}]`, `Invalid value: "${String(q)}": must be greater than or equal to 0`, { value: q, allowed: 'a non-negative quantity' });
      }
    }
  }
  for (const [name, q] of Object.entries(requests)) {
    // Extended resources (a domain other than kubernetes.io) and hugepages cannot be overcommitted.
    const exact = name.startsWith('hugepages-') || (name.includes('/') && !/(^|\.)kubernetes\.io\//.test(name));
    if (exact && !(name in limits)) {
      ctx.error('S-K5', `${at}.limits`, 'Required value: Limit must be set for non overcommitable resources', { value: name, allowed: `a ${name} limit equal to the request` });
      continue;
    }
    if (!(name in limits)) continue;
    if (exact) {
      const r = quantityValue(q);
      const l = quantityValue(limits[name]);
      if (r !== undefined && l !== undefined && Math.abs(r - l) > Math.abs(l) * 1e-12) {
        ctx.error('S-K5', `${at}.requests[${name}]`, `Invalid value: "${String(q)}": must be equal to ${name} limit of ${String(limits[name])}`, {
          value: q, allowed: `= the ${name} limit (${String(limits[name])})`,
        });
      }
      continue;
    }
    const r = quantityValue(q);
    const l = quantityValue(limits[name]);
    if (r === undefined || l === undefined) continue;
    // Compare with a relative tolerance: quantities are exact decimals, doubles are not.
    if (r > l && r - l > Math.abs(l) * 1e-12) {
      ctx.error('S-K5', `${at}.requests[${name}]`, `Invalid value: "${String(q)}": must be less than or equal to ${name} limit of ${String(limits[name])}`, {
        value: q, allowed: `<= the ${name} limit (${String(limits[name])})`,
      });
    }
  }
}

/** S-K1..S-K10 for one container (`base` is its path). */
export function validateKubernetesContainer(c: Obj, base: string, role: 'serving' | 'sidecar' | 'init', podSecurityContext: Obj, ctx: RuleContext): void {
  const init = role === 'init';
  if (init) validateInitPorts(c, base, ctx);
  else validateKubeletProbes(c, base, role === 'sidecar', ctx);
  if (typeof c.name === 'string' && c.name !== '') {
    const errs = dns1123LabelErrors(c.name);
    for (let i = 0; i < errs.length; i++) ctx.error('S-K1', `${base}.name`, `Invalid value: "${c.name}": ${errs[i]}`, { value: c.name, allowed: 'a DNS-1123 label' });
  }
  const csc = isObj(c.securityContext) ? c.securityContext : {};
  validateRunAsNonRoot(podSecurityContext, csc, base, ctx);
  validateSeccompProfile(csc.seccompProfile, `${base}.securityContext`, ctx);
  if (!init) {
    validateProbeNumbers(c.livenessProbe, 'livenessProbe', `${base}.livenessProbe`, ctx);
    validateProbeNumbers(c.startupProbe, 'startupProbe', `${base}.startupProbe`, ctx);
  }
  validateResources(c.resources, `${base}.resources`, ctx);
  const env = arr(c.env);
  for (let i = 0; i < env.length; i++) {
    const e = env[i];
    if (!isObj(e) || typeof e.name !== 'string' || e.name === '') continue; // empty: P11
    const errs = envVarNameErrors(e.name);
    for (let k = 0; k < errs.length; k++) ctx.error('S-K6', `${base}.env[${i}].name`, `Invalid value: "${e.name}": ${errs[k]}`, { value: e.name, allowed: ENV_NAME_ALLOWED });
  }
  const envFrom = arr(c.envFrom);
  for (let i = 0; i < envFrom.length; i++) {
    const e = envFrom[i];
    if (!isObj(e) || typeof e.prefix !== 'string' || e.prefix === '') continue;
    const errs = envVarNameErrors(e.prefix);
    for (let k = 0; k < errs.length; k++) ctx.error('S-K6', `${base}.envFrom[${i}].prefix`, `Invalid value: "${e.prefix}": ${errs[k]}`, { value: e.prefix, allowed: ENV_NAME_ALLOWED });
  }
  const pull = c.imagePullPolicy;
  if (typeof pull === 'string' && pull !== '' && !PULL_POLICIES.includes(pull)) {
    ctx.error('S-K7', `${base}.imagePullPolicy`, `Unsupported value: "${pull}": supported values: ${quoted(PULL_POLICIES)}`, { value: pull, allowed: PULL_POLICIES.join(', ') });
  }
  const mounts = arr(c.volumeMounts);
  for (let i = 0; i < mounts.length; i++) {
    const m = mounts[i];
    if (!isObj(m) || typeof m.subPath !== 'string' || m.subPath === '') continue;
    const at = `${base}.volumeMounts[${i}].subPath`;
    if (m.subPath.startsWith('/')) ctx.error('S-K8', at, `Invalid value: "${m.subPath}": must be a relative path`, { value: m.subPath, allowed: RELATIVE_ALLOWED });
    else if (m.subPath.split('/').includes('..')) ctx.error('S-K8', at, `Invalid value: "${m.subPath}": must not contain '..'`, { value: m.subPath, allowed: RELATIVE_ALLOWED });
  }
}

const PORT_RANGE = 'must be between 1 and 65535, inclusive';

/** k8s IsValidPortName (IANA_SVC_NAME). */
function portNameErrors(name: string): string[] {
  const errs: string[] = [];
  if (name.length > 15) errs.push('must be no more than 15 characters');
  if (!/^[-a-z0-9]+$/.test(name)) errs.push("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)");
  if (name.includes('--')) errs.push('must not contain consecutive hyphens');
  if (!/[a-z]/.test(name)) errs.push('must contain at least one letter (a-z)');
  if (name.startsWith('-') || name.endsWith('-')) errs.push('must not begin or end with a hyphen');
  return errs;
}

/**
 * S-K9 for one probe that reaches the kubelet unchanged: `named` says why a named port cannot
 * resolve there. `skipZero` leaves an unset/0 port to a rule that already reports it (R4).
 */
function validateKubeletProbePorts(p: unknown, at: string, named: string, skipZero: boolean, ctx: RuleContext): void {
  if (!isObj(p)) return;
  for (let i = 0; i < PORT_HANDLERS.length; i++) {
    const h = PORT_HANDLERS[i];
    const action = p[h];
    if (!isObj(action)) continue;
    const port = action.port;
    const field = `${at}.${h}.port`;
    if (typeof port === 'string' && port !== '' && h !== 'grpc') {
      const errs = portNameErrors(port);
      if (errs.length) ctx.error('S-K9', field, `Invalid value: "${port}": ${errs.join(', ')}`, { value: port, allowed: 'a port number 1..65535' });
      else ctx.error('S-K9', field, `the kubelet cannot resolve the named port "${port}": ${named}`, { value: port, allowed: 'a port number 1..65535' });
      continue;
    }
    const n = typeof port === 'number' ? port : 0;
    if (n === 0 && skipZero) continue;
    if (typeof port === 'number' && !Number.isFinite(port)) continue; // the schema reports it
    if (!(n >= 1 && n <= 65535)) {
      ctx.error('S-K9', field, `Invalid value: ${n}: ${PORT_RANGE}`, {
        value: port ?? 0, allowed: n === 0 ? 'an explicit port number: Knative passes this probe to the kubelet without filling it in' : '1..65535',
      });
    }
  }
}

/** S-K9: the probes of a serving or sidecar container that Knative hands to the kubelet as they are. */
export function validateKubeletProbes(c: Obj, base: string, sidecar: boolean, ctx: RuleContext): void {
  const customPorts = ctx.settings.servingFeature('multi-container-probing') === 'Enabled';
  if (sidecar) {
    // Without multi-container-probing R4 refuses sidecar probes outright.
    if (!customPorts) return;
    const why = 'a sidecar has no ports';
    validateKubeletProbePorts(c.livenessProbe, `${base}.livenessProbe`, why, true, ctx);
    validateKubeletProbePorts(c.startupProbe, `${base}.startupProbe`, why, true, ctx);
    return;
  }
  const why = 'Knative names the serving port "user-port" in the Deployment';
  validateKubeletProbePorts(c.startupProbe, `${base}.startupProbe`, why, false, ctx);
  const live = c.livenessProbe;
  if (isObj(live)) {
    // httpGet/tcpSocket get the serving port unless multi-container-probing keeps a custom number.
    const kept: Obj = { grpc: live.grpc };
    if (customPorts) for (const h of ['httpGet', 'tcpSocket']) if (isObj(live[h]) && typeof live[h].port === 'number' && live[h].port !== 0) kept[h] = live[h];
    validateKubeletProbePorts(kept, `${base}.livenessProbe`, why, false, ctx);
  }
}

/** S-K10: an init container's ports reach the Deployment unchanged. */
export function validateInitPorts(c: Obj, base: string, ctx: RuleContext): void {
  const names = new Set<string>();
  arr(c.ports).forEach((p, i) => {
    if (!isObj(p)) return;
    const at = `${base}.ports[${i}]`;
    if (p.containerPort === undefined || p.containerPort === null || p.containerPort === 0) {
      ctx.error('S-K10', `${at}.containerPort`, 'Required value', { allowed: '1..65535' });
    }
    if (typeof p.name === 'string' && p.name !== '') {
      const errs = portNameErrors(p.name);
      if (errs.length) ctx.error('S-K10', `${at}.name`, `Invalid value: "${p.name}": ${errs.join(', ')}`, { value: p.name, allowed: 'an IANA service name: 1-15 lower-case letters, digits and hyphens' });
      else if (names.has(p.name)) ctx.error('S-K10', `${at}.name`, `Duplicate value: "${p.name}"`, { value: p.name, allowed: 'unique port names' });
      names.add(p.name);
    }
    if (typeof p.protocol === 'string' && p.protocol !== '' && !['TCP', 'UDP', 'SCTP'].includes(p.protocol)) {
      ctx.error('S-K10', `${at}.protocol`, `Unsupported value: "${p.protocol}": supported values: "SCTP", "TCP", "UDP"`, { value: p.protocol, allowed: 'TCP, UDP, SCTP' });
    }
  });
}

/** The pod-level part (S-K4 for the pod securityContext). */
export function validateKubernetesPod(psc: Obj, base: string, ctx: RuleContext): void {
  validateSeccompProfile(psc.seccompProfile, `${base}.securityContext`, ctx);
}

const DNS_POLICIES = ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None'];
const OPERATORS = ['Equal', 'Exists'];
const EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];

/**
 * S-K11: pod fields behind Knative feature flags that the API server checks further: dnsPolicy
 * (and the nameserver `None` needs), tolerations. Only called for fields the flags let through.
 */
export function validateKubernetesPodFields(ps: Obj, base: string, ctx: RuleContext): void {
  const policy = ps.dnsPolicy;
  if (typeof policy === 'string' && policy !== '') {
    if (!DNS_POLICIES.includes(policy)) {
      ctx.error('S-K11', `${base}.dnsPolicy`, `Unsupported value: "${policy}": supported values: ${quoted(DNS_POLICIES)}`, { value: policy, allowed: DNS_POLICIES.join(', ') });
    } else if (policy === 'None') {
      if (!isObj(ps.dnsConfig)) ctx.error('S-K11', `${base}.dnsConfig`, 'Required value: must provide `dnsConfig` when `dnsPolicy` is None', { allowed: 'a dnsConfig with nameservers' });
      else if (arr(ps.dnsConfig.nameservers).length === 0) {
        ctx.error('S-K11', `${base}.dnsConfig.nameservers`, 'Required value: must provide at least one DNS nameserver when `dnsPolicy` is None', { allowed: 'one to three nameserver IPs' });
      }
    }
  }
  arr(ps.tolerations).forEach((t, i) => {
    if (!isObj(t)) return;
    const at = `${base}.tolerations[${i}]`;
    const op = typeof t.operator === 'string' ? t.operator : '';
    if (op !== '' && !OPERATORS.includes(op)) {
      ctx.error('S-K11', `${at}.operator`, `Unsupported value: "${op}": supported values: ${quoted(OPERATORS)}`, { value: op, allowed: OPERATORS.join(', ') });
    }
    if (op === 'Exists' && typeof t.value === 'string' && t.value !== '') {
      ctx.error('S-K11', `${at}.operator`, "Invalid value: \"Exists\": value must be empty when `operator` is 'Exists'", { value: t.value, allowed: 'no value with operator Exists' });
    }
    if ((op === 'Equal' || op === '') && (typeof t.key !== 'string' || t.key === '')) {
      ctx.error('S-K11', `${at}.operator`, "Invalid value: \"" + op + "\": operator must be Exists when `key` is empty, which means \"match all values and all keys\"", { value: op, allowed: 'Exists, or a key' });
    }
    const effect = typeof t.effect === 'string' ? t.effect : '';
    if (effect !== '' && !EFFECTS.includes(effect)) {
      ctx.error('S-K11', `${at}.effect`, `Unsupported value: "${effect}": supported values: ${quoted(EFFECTS)}`, { value: effect, allowed: EFFECTS.join(', ') });
    }
    if (typeof t.tolerationSeconds === 'number' && effect !== 'NoExecute') {
      ctx.error('S-K11', `${at}.effect`, `Invalid value: "${effect}": effect must be 'NoExecute' when \`tolerationSeconds\` is set`, { value: effect, allowed: 'NoExecute' });
    }
  });
}
