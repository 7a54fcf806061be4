/**
 * Helpers of IstioInstall (not part of the public API): checks that report user mistakes at
 * synth, and renderers of typed props into Helm values (plain JSON).
 */
import { isIP } from 'net';
import { SizeRoundingBehavior } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { IConstruct } from 'constructs';
import { labelValueErrors, qualifiedNameErrors } from '../../core/names';
import { reportError } from '../../core/report';

/** Plain JSON values of a chart. */
export type Values = Record<string, unknown>;

/**
 * The top-level keys the gateway chart's values.schema.json (Istio 1.30.3) allows: the schema
 * says `additionalProperties: false` there, so Helm refuses any other key. Tests compare this list
 * with the schema when the chart metadata is available.
 */
export const GATEWAY_VALUE_KEYS: readonly string[] = [
  '_internal_defaults_do_not_set', 'additionalContainers', 'affinity', 'annotations', 'autoscaling', 'compatibilityVersion',
  'containerSecurityContext', 'defaultRevision', 'enabled', 'env', 'envVarFrom', 'global', 'imagePullPolicy', 'imagePullSecrets',
  'initContainers', 'kind', 'labels', 'lifecycle', 'minReadySeconds', 'name', 'networkGateway', 'networkGatewayPorts', 'nodeSelector',
  'pilot', 'platform', 'podAnnotations', 'podDisruptionBudget', 'priorityClassName', 'profile', 'rbac', 'readinessProbe',
  'replicaCount', 'resources', 'revision', 'runAsRoot', 'securityContext', 'service', 'serviceAccount', 'strategy',
  'terminationGracePeriodSeconds', 'tolerations', 'topologySpreadConstraints', 'unprivilegedPort', 'volumeMounts', 'volumes',
];

/** Reports an optional number that is not an integer in [min, max]; returns whether it is fine. */
export function checkInt(scope: IConstruct, prop: string, value: number | undefined, min: number, max = 2 ** 31 - 1, why = ''): boolean {
  if (value === undefined) return true;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    reportError(scope, prop, `must be an integer from ${min}${why ? ` (${why})` : ''}`, { value, allowed: `an integer ${min}..${max}` });
    return false;
  }
  return true;
}

/** Reports a string that is not an IPv4 or IPv6 address (as Go's netip.ParseAddr reads one, without a zone). */
export function checkIp(scope: IConstruct, prop: string, value: string | undefined): void {
  if (value === undefined) return;
  if (isIP(value) === 0) reportError(scope, prop, 'must be a valid IP address', { value, allowed: 'an IPv4 address (203.0.113.10) or an IPv6 address (2001:db8::10)' });
}

/** Whether a string is a CIDR as Go's net.ParseCIDR reads one (an address, `/`, a prefix length). */
export function isCidr(value: string): boolean {
  const slash = value.indexOf('/');
  if (slash < 0) return false;
  const family = isIP(value.slice(0, slash));
  const bits = value.slice(slash + 1);
  if (family === 0 || !/^\d{1,3}$/.test(bits)) return false;
  return Number(bits) <= (family === 4 ? 32 : 128);
}

/** Reports label keys/values (or annotation keys, with `annotations`) Kubernetes would refuse. */
export function checkLabels(scope: IConstruct, prop: string, labels: Readonly<Record<string, string>> | undefined, annotations = false): void {
  for (const [k, v] of Object.entries(labels ?? {})) {
    const keyErrs = qualifiedNameErrors(k);
    if (keyErrs.length) reportError(scope, `${prop}[${JSON.stringify(k)}]`, `invalid key: ${keyErrs.join('; ')}`, { value: k, allowed: 'a qualified name: an optional DNS subdomain prefix and /, then at most 63 characters' });
    if (typeof v !== 'string') {
      reportError(scope, `${prop}[${JSON.stringify(k)}]`, 'must be a string', { value: v, allowed: 'a string' });
    } else if (!annotations) {
      const valErrs = labelValueErrors(v);
      if (valErrs.length) reportError(scope, `${prop}[${JSON.stringify(k)}]`, `invalid label value: ${valErrs.join('; ')}`, { value: v, allowed: 'at most 63 characters: alphanumerics, -, _ and ., starting and ending with an alphanumeric' });
    }
  }
}

// A Kubernetes quantity of CPU as cdk8s-plus writes it: cores (`1`, `0.5`) or millicores (`500m`).
const CPU_QUANTITY = /^(\d+(\.\d+)?|\.\d+)m?$/;

/**
 * Resources as Helm values (`{requests: {cpu, memory}, limits: {...}}`), reporting amounts
 * Kubernetes would refuse. Memory is written in Mi, or Ki where it is not a whole number of Mi.
 */
export function resourcesValues(scope: IConstruct, prop: string, r: kplus.ContainerResources | undefined): Values | undefined {
  if (r === undefined) return undefined;
  const requests: Record<string, string> = {};
  const limits: Record<string, string> = {};
  const cpu = (which: 'request' | 'limit', c: kplus.Cpu | undefined): string | undefined => {
    if (c === undefined) return undefined;
    const amount = (c as { amount?: unknown }).amount;
    if (typeof amount !== 'string' || !CPU_QUANTITY.test(amount)) {
      return reportError(scope, `${prop}.cpu.${which}`, 'must be a CPU quantity', { value: amount, allowed: 'Cpu.units(n) or Cpu.millis(n) with a finite, non-negative n' });
    }
    return amount;
  };
  const size = (key: string, which: 'request' | 'limit', s: { toKibibytes(o?: { rounding?: SizeRoundingBehavior }): number } | undefined): string | undefined => {
    if (s === undefined) return undefined;
    const kib = s.toKibibytes({ rounding: SizeRoundingBehavior.NONE });
    if (!Number.isFinite(kib) || kib < 0 || kib > Number.MAX_SAFE_INTEGER) {
      return reportError(scope, `${prop}.${key}.${which}`, 'must be a finite, non-negative size', { value: kib, allowed: 'Size.mebibytes(n), Size.gibibytes(n)... with a finite n >= 0' });
    }
    if (!Number.isInteger(kib)) {
      return reportError(scope, `${prop}.${key}.${which}`, 'must be a whole number of kibibytes', { value: `${kib}Ki`, allowed: 'a size that is a multiple of 1Ki' });
    }
    return kib % 1024 === 0 ? `${kib / 1024}Mi` : `${kib}Ki`;
  };
  const put = (key: string, req: string | undefined, lim: string | undefined): void => {
    if (req !== undefined) requests[key] = req;
    if (lim !== undefined) limits[key] = lim;
  };
  put('cpu', cpu('request', r.cpu?.request), cpu('limit', r.cpu?.limit));
  put('memory', size('memory', 'request', r.memory?.request), size('memory', 'limit', r.memory?.limit));
  put('ephemeral-storage', size('ephemeralStorage', 'request', r.ephemeralStorage?.request), size('ephemeralStorage', 'limit', r.ephemeralStorage?.limit));
  return compact({ requests: compact(requests), limits: compact(limits) });
}

/** Drops undefined values and empty maps. */
export function compact<T extends Values>(obj: T): T {
  const out: Values = {};
  for (const [k, v] of Object.entries(obj)) {
    if (v === undefined) continue;
    if (v !== null && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 0) continue;
    out[k] = v;
  }
  return out as T;
}

function isPlainObject(v: unknown): v is Values {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** `over` merged into `base` as Helm merges values: maps key by key, anything else replaces. */
export function deepMerge(base: Values, over: Readonly<Values> | undefined): Values {
  if (!over) return base;
  const out: Values = { ...base };
  for (const [k, v] of Object.entries(over)) {
    out[k] = isPlainObject(v) && isPlainObject(out[k]) ? deepMerge(out[k] as Values, v) : cloneJson(v);
  }
  return out;
}

function cloneJson(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(cloneJson);
  if (isPlainObject(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, cloneJson(x)]));
  return v;
}

/**
 * Reports what in raw values cannot be written as YAML values Helm reads the same way: undefined,
 * NaN and infinities, functions, symbols, BigInts, class instances.
 */
export function checkJson(scope: IConstruct, prop: string, value: unknown, depth = 0): void {
  if (depth > 64) {
    reportError(scope, prop, 'is nested too deeply (or refers to itself)', { allowed: 'plain JSON values, at most 64 levels deep' });
    return;
  }
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) reportError(scope, prop, 'must be a finite number', { value, allowed: 'a finite number' });
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((v, i) => checkJson(scope, `${prop}[${i}]`, v, depth + 1));
    return;
  }
  if (typeof value === 'object' && (Object.getPrototypeOf(value) === Object.prototype || Object.getPrototypeOf(value) === null)) {
    for (const [k, v] of Object.entries(value as Values)) checkJson(scope, `${prop}.${k}`, v, depth + 1);
    return;
  }
  const what = value === undefined ? 'undefined' : typeof value === 'object' ? `a ${(value as object).constructor?.name ?? 'class instance'}` : `a ${typeof value}`;
  reportError(scope, prop, `must be plain JSON (a string, finite number, boolean, null, array or plain object), not ${what}`, { allowed: 'plain JSON values' });
}
