/**
 * Checks that istiod's validation webhook shares between kinds (istio/istio
 * pkg/config/validation/agent/validation.go, pkg/config/labels, pkg/config/security,
 * pkg/config/protocol), with istiod's error texts. Each returns the messages it would append;
 * the callers attach the rule id and the field path.
 */
import { parseGoDuration } from '../../../core/duration';

const DNS1123_LABEL = /^[a-zA-Z0-9](?:[-a-zA-Z0-9]*[a-zA-Z0-9])?$/;
const WILDCARD_PREFIX = /^(\*|(\*|\*-)?[a-zA-Z0-9](?:[-a-zA-Z0-9]*[a-zA-Z0-9])?)$/;
const QUALIFIED_NAME = '(?:[A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]';
const DNS_PREFIX = '[a-zA-Z0-9](?:[-a-zA-Z0-9]*[a-zA-Z0-9])?(?:\\.[a-zA-Z0-9](?:[-a-zA-Z0-9]*[a-zA-Z0-9])?)*/';
const TAG_KEY = new RegExp(`^(${DNS_PREFIX})?(${QUALIFIED_NAME})$`);
const LABEL_VALUE = new RegExp(`^(${QUALIFIED_NAME})?$`);

/** Go's %q for the strings that occur here. */
export function q(s: string): string {
  return JSON.stringify(s);
}

/** Go's %v of a []string: `[a b]`. */
export function goList(items: readonly string[] | undefined): string {
  return `[${(items ?? []).join(' ')}]`;
}

/** istio labels.IsDNS1123Label (istiod's variant accepts upper case). */
export function isDns1123Label(value: string): boolean {
  return value.length <= 63 && DNS1123_LABEL.test(value);
}

export function isWildcardDns1123Label(value: string): boolean {
  return value.length <= 63 && WILDCARD_PREFIX.test(value);
}

function dns1123Preconditions(name: string): string | undefined {
  // Go's len: UTF-8 bytes.
  if (Buffer.byteLength(name, 'utf8') > 255) return `domain name ${q(name)} too long (max 255)`;
  if (name.length === 0) return 'empty domain name not allowed';
  return undefined;
}

function dns1123Labels(domain: string): string | undefined {
  const parts = domain.split('.');
  const tld = parts[parts.length - 1];
  if (/^[+-]?\d+$/.test(tld)) return `domain name ${q(domain)} invalid (top level domain ${q(tld)} cannot be all-numeric)`;
  for (let i = 0; i < parts.length; i++) {
    if (i === parts.length - 1 && parts[i] === '') return undefined;
    if (!isDns1123Label(parts[i])) return `domain name ${q(domain)} invalid (label ${q(parts[i])} invalid)`;
  }
  return undefined;
}

/** agent.ValidateFQDN. */
export function fqdnError(fqdn: string): string | undefined {
  return dns1123Preconditions(fqdn) ?? dns1123Labels(fqdn);
}

/** agent.ValidateWildcardDomain: an FQDN whose first label may be a wildcard. */
export function wildcardDomainError(domain: string): string | undefined {
  const pre = dns1123Preconditions(domain);
  if (pre) return pre;
  const dot = domain.indexOf('.');
  const first = dot < 0 ? domain : domain.slice(0, dot);
  if (!isWildcardDns1123Label(first)) return `domain name ${q(domain)} invalid (label ${q(first)} invalid)`;
  return dot < 0 ? undefined : dns1123Labels(domain.slice(dot + 1));
}

/**
 * agent.ValidateWildcardDomainForVirtualServiceBoundToGateway, with the format check of
 * auto-generated SNI names (`outbound_.<port>_._.<host>`, AUTO_PASSTHROUGH).
 */
export function gatewayBoundDomainError(sni: boolean, domain: string): string | undefined {
  const pre = dns1123Preconditions(domain);
  if (pre) return pre;
  if (sni && domain.startsWith('outbound_')) {
    const format = 'outbound_.<PORT>_._.<HOSTNAME>';
    const parts = domain.split('_');
    if (parts.length < 4) return `domain name ${domain} invalid, should follow '${format}' format`;
    const trim = (x: string) => x.replace(/^\.+|\.+$/g, '');
    const port = trim(parts[1]);
    if (!/[0-9]/.test(port)) return `domain name ${q(domain)} invalid (label ${q(port)} invalid). should follow ${format} format`;
    const hostname = trim(parts[3]);
    if (!/[a-zA-Z]/.test(hostname)) return `domain name ${q(domain)} invalid (label ${q(hostname)} invalid). should follow ${format} format`;
    return undefined;
  }
  return wildcardDomainError(domain);
}

/** agent.ValidatePartialWildCard. */
export function partialWildcardError(host: string): string | undefined {
  return host.includes('*') && host.length !== 1 && !host.startsWith('*.') ? `partial wildcard ${q(host)} not allowed` : undefined;
}

/** agent.ValidatePort. */
export function portError(port: unknown): string | undefined {
  const n = typeof port === 'number' ? port : 0;
  return n >= 1 && n <= 65535 ? undefined : `port number ${n} must be in the range 1..65535`;
}

function parseIpv4(s: string): boolean {
  const parts = s.split('.');
  return parts.length === 4 && parts.every((p) => /^(0|[1-9]\d{0,2})$/.test(p) && Number(p) <= 255);
}

function parseIpv6(s: string): boolean {
  let addr = s;
  const zone = addr.indexOf('%');
  if (zone >= 0) {
    if (zone === addr.length - 1) return false;
    addr = addr.slice(0, zone);
  }
  const v4 = /:(\d+\.\d+\.\d+\.\d+)$/.exec(addr);
  if (v4) {
    if (!parseIpv4(v4[1])) return false;
    addr = `${addr.slice(0, v4.index + 1)}0:0`;
  }
  const halves = addr.split('::');
  if (halves.length > 2) return false;
  const part = (h: string) => (h === '' ? [] : h.split(':'));
  const all = [...part(halves[0]), ...(halves.length === 2 ? part(halves[1]) : [])];
  if (!all.every((g) => /^[0-9a-fA-F]{1,4}$/.test(g))) return false;
  return halves.length === 2 ? all.length <= 7 : all.length === 8;
}

/** Go's netip.ParseAddr (IPv4 without leading zeros, IPv6 with optional zone). */
export function isValidIp(s: string): boolean {
  return s.includes(':') ? parseIpv6(s) : parseIpv4(s);
}

/** Go's netip.ParsePrefix. */
export function isValidPrefix(s: string): boolean {
  const slash = s.indexOf('/');
  if (slash < 0) return false;
  const ip = s.slice(0, slash);
  const bits = s.slice(slash + 1);
  if (ip.includes('%') || !isValidIp(ip) || !/^(0|[1-9]\d*)$/.test(bits)) return false;
  return Number(bits) <= (ip.includes(':') ? 128 : 32);
}

/** agent.ValidateIPAddress. */
export function ipAddressError(addr: string): string | undefined {
  return isValidIp(addr) ? undefined : `${addr} is not a valid IP`;
}

/** agent.ValidateIPSubnet. */
export function ipSubnetError(subnet: string): string | undefined {
  if ((subnet.match(/\//g) ?? []).length === 1) return isValidPrefix(subnet) ? undefined : `${subnet} is not a valid CIDR block`;
  return ipAddressError(subnet);
}

/** ValidateUnixAddress (the part after `unix://`). */
export function unixAddressError(addr: string): string | undefined {
  if (addr.length === 0) return 'unix address must not be empty';
  if (addr.startsWith('@')) return undefined;
  if (!addr.startsWith('/') || addr.endsWith('/')) return `${addr} is not an absolute path to a file`;
  return undefined;
}

/** protocol.Parse: the canonical protocol, or undefined when istiod does not know it. */
export function parseProtocol(s: unknown): string | undefined {
  const known: Record<string, string> = {
    tcp: 'TCP', udp: 'UDP', grpc: 'GRPC', 'grpc-web': 'GRPC-Web', http: 'HTTP', http_proxy: 'HTTP_PROXY', http2: 'HTTP2',
    https: 'HTTPS', tls: 'TLS', mongo: 'Mongo', redis: 'Redis', mysql: 'MySQL',
  };
  return typeof s === 'string' ? known[s.toLowerCase()] : undefined;
}

export const isHttpProtocol = (p: string | undefined) => p !== undefined && ['HTTP', 'HTTP2', 'HTTP_PROXY', 'GRPC', 'GRPC-Web'].includes(p);
export const isTlsProtocol = (p: string | undefined) => p === 'HTTPS' || p === 'TLS';
export const isTcpProtocol = (p: string | undefined) => p !== undefined && ['TCP', 'HTTPS', 'TLS', 'Mongo', 'Redis', 'MySQL'].includes(p);

/** ValidateProtocol: empty means sniffing. */
export function protocolError(p: unknown): string | undefined {
  return typeof p === 'string' && p !== '' && !parseProtocol(p) ? `unsupported protocol: ${p}` : undefined;
}

/** ValidatePortName. */
export function portNameError(name: string): string | undefined {
  return isDns1123Label(name) ? undefined : `invalid port name: ${name}`;
}

/** labels.Instance.Validate, one message per bad key or value. */
export function labelErrors(labels: unknown): string[] {
  if (!labels || typeof labels !== 'object') return [];
  const out: string[] = [];
  for (const [k, v] of Object.entries(labels as Record<string, unknown>)) {
    const m = TAG_KEY.exec(k);
    if (!m) out.push(`invalid tag key: ${q(k)}`);
    else if (m[1] && m[1].length - 1 > 253) out.push(`invalid tag key: ${q(k)} (DNS prefix is too long)`);
    else if (m[2].length > 63) out.push(`invalid tag key: ${q(k)} (name is too long)`);
    if (typeof v === 'string' && !LABEL_VALUE.test(v)) out.push(`invalid tag value: ${q(v)}`);
  }
  return out;
}

/**
 * A protobuf duration as Istio's CRDs carry it (`1.5s`, and the Go spellings `30ms`, `1h`
 * istio/api accepts), in milliseconds; undefined when it is not a duration.
 */
export function durationMs(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  return parseGoDuration(value);
}

/**
 * agent.ValidateDuration. `celMinimum` is set for fields whose CRD schema already rejects
 * durations under 1ms with CEL: the API server reports that before the webhook runs.
 */
export function durationErrors(value: unknown, celMinimum = false): string[] {
  const ms = durationMs(value);
  if (ms === undefined) return [];
  if (ms < 1) return celMinimum ? [] : ['duration must be greater than 1ms'];
  // Compare in nanoseconds to avoid floating point noise.
  if (Math.round(ms * 1e6) % 1e6 !== 0) return ['only durations to ms precision are supported'];
  return [];
}

/** The workload selector of security and networking v1 kinds (validateWorkloadSelector). */
export function workloadSelectorFindings(selector: unknown): { errors: string[]; warnings: string[] } {
  const out = { errors: [] as string[], warnings: [] as string[] };
  if (!selector || typeof selector !== 'object') return out;
  const labels = ((selector as Record<string, unknown>).matchLabels ?? {}) as Record<string, string>;
  for (const [k, v] of Object.entries(labels)) {
    if (k === '') out.errors.push(`empty key is not supported in selector: ${q(`${k}=${v}`)}`);
    if (k.includes('*') || String(v).includes('*')) out.errors.push(`wildcard is not supported in selector: ${q(`${k}=${v}`)}`);
  }
  if (Object.keys(labels).length === 0) out.warnings.push('workload selector specified without labels');
  return out;
}

/** ValidateAlphaWorkloadSelector: the `labels` form of Sidecar and ServiceEntry. */
export function alphaWorkloadSelectorFindings(selector: unknown): { errors: string[]; warning?: string } {
  const out: { errors: string[]; warning?: string } = { errors: [] };
  if (!selector || typeof selector !== 'object') return out;
  const labels = ((selector as Record<string, unknown>).labels ?? {}) as Record<string, string>;
  for (const [k, v] of Object.entries(labels)) {
    if (k === '') out.errors.push(`empty key is not supported in selector: ${q(`${k}=${v}`)}`);
    if (k.includes('*') || String(v).includes('*')) out.errors.push(`wildcard is not supported in selector: ${q(`${k}=${v}`)}`);
  }
  if (Object.keys(labels).length === 0) out.warning = 'workload selector specified without labels';
  return out;
}

/**
 * validateExportTo, with visibility.Instance.Validate for each entry. A manifest without a
 * namespace gets one at apply time, so `.` is then taken as valid.
 */
export function exportToErrors(namespace: string | undefined, exportTo: unknown, isServiceEntry: boolean, drWithSelector: boolean): string[] {
  if (!Array.isArray(exportTo) || exportTo.length === 0) return [];
  const errs: string[] = [];
  const set = new Set<string>();
  const ns = namespace || undefined;
  const visibilityError = (key: string) => {
    if (key === '.' || key === '*') return undefined;
    if (key === '~') return 'exportTo ~ (none) is not allowed for Istio configuration objects';
    return isDns1123Label(key) ? undefined : 'only .,*, or a valid DNS 1123 label is allowed as exportTo entry';
  };
  for (const raw of exportTo as unknown[]) {
    const e = str(raw);
    const key = e === '.' ? ns ?? '.' : e;
    if (set.has(key)) {
      errs.push(key !== e ? `duplicate entries in exportTo: . and current namespace ${namespace ?? ''}` : `duplicate entries in exportTo for entry ${e}`);
    } else if (isServiceEntry && e === '~') {
      set.add(key);
    } else {
      const ve = visibilityError(key);
      if (ve) errs.push(ve);
      else set.add(key);
    }
  }
  if (drWithSelector && set.size > 0) {
    if (set.has(ns ?? '.')) {
      if (set.size > 1) errs.push('destination rule with workload selector cannot have multiple entries in exportTo');
    } else {
      errs.push('destination rule with workload selector cannot have exportTo beyond current namespace');
    }
  }
  if (set.has('*') && exportTo.length > 1) errs.push('cannot have both public (*) and non-public exportTo values for a resource');
  if (set.has('~') && exportTo.length > 1) errs.push('cannot export service entry to no one (~) and someone');
  return errs;
}

/** host.Name.Matches: whether two (possibly wildcard) hosts overlap. */
export function hostsMatch(a: string, b: string): boolean {
  const aw = a.startsWith('*');
  const bw = b.startsWith('*');
  if (aw) {
    if (bw) return a.length < b.length ? b.slice(1).endsWith(a.slice(1)) : a.slice(1).endsWith(b.slice(1));
    return b.endsWith(a.slice(1));
  }
  if (bw) return a.endsWith(b.slice(1));
  return a === b;
}

/** host.Name.SubsetOf. */
export function hostSubsetOf(a: string, b: string): boolean {
  const aw = a.startsWith('*');
  const bw = b.startsWith('*');
  if (aw) return bw ? a.slice(1).endsWith(b.slice(1)) : false;
  if (bw) return a.endsWith(b.slice(1));
  return a === b;
}

/** Where the dry-run annotation is reported. */
export const DRY_RUN_FIELD = 'metadata.annotations.istio.io/dry-run';

/**
 * istiod's validateMetadata: only AuthorizationPolicy may carry `istio.io/dry-run`; every other
 * kind is rejected with this error alone (the kind's own checks do not run).
 */
export function unsupportedDryRun(o: Record<string, any>): string | undefined {
  const ann = o.metadata?.annotations;
  if (!ann || typeof ann !== 'object' || !('istio.io/dry-run' in ann)) return undefined;
  return `${str(o.metadata?.namespace)}/${str(o.metadata?.name)} has unsupported annotation istio.io/dry-run, please remove the annotation`;
}

/** The internal annotations validateMetadata refuses, in its order, with its messages. */
const INTERNAL_ANNOTATIONS: readonly [string, string][] = [
  ['internal.istio.io/webhook-always-reject', 'annotation found, rejecting'],
  ['internal.istio.io/parent-namespace', 'annotation found, this may not be set by users'],
  ['internal.istio.io/parents', 'annotation found, this may not be set by users'],
];

/** The internal-annotation part of validateMetadata (after the dry-run check). */
export function internalAnnotationRejection(o: Record<string, any>): { field: string; message: string } | undefined {
  const ann = o.metadata?.annotations;
  if (!ann || typeof ann !== 'object') return undefined;
  for (const [name, text] of INTERNAL_ANNOTATIONS) {
    if (name in ann) return { field: `metadata.annotations.${name}`, message: `${q(name)} ${text}` };
  }
  return undefined;
}

/**
 * validateMetadata for every kind but AuthorizationPolicy: the dry-run annotation, then the
 * internal annotations. When it rejects, istiod runs none of the kind's own checks.
 */
export function metadataRejection(o: Record<string, any>): { field: string; message: string } | undefined {
  const dryRun = unsupportedDryRun(o);
  return dryRun ? { field: DRY_RUN_FIELD, message: dryRun } : internalAnnotationRejection(o);
}

/** A field path segment helper: `spec.servers[0]`. */
export function at(path: string, key: string | number): string {
  return typeof key === 'number' ? `${path}[${key}]` : path ? `${path}.${key}` : key;
}

export function arr(v: unknown): any[] {
  return Array.isArray(v) ? v : [];
}

export function obj(v: unknown): Record<string, any> | undefined {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, any>) : undefined;
}

export function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

export function num(v: unknown): number {
  return typeof v === 'number' ? v : 0;
}
