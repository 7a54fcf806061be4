/**
 * networking.istio.io DestinationRule: istiod's ValidateDestinationRule (validation.go) and the
 * traffic-policy checks it shares with Sidecar (connection pools). Durations that the CRD's CEL
 * already holds to >= 1ms are only checked here for millisecond precision.
 */
import { KindRules, RuleContext } from '../../types';
import {
  arr, at, durationErrors, durationMs, exportToErrors, fqdnError, ipAddressError, labelErrors, num, obj, portError, q, str,
  metadataRejection, wildcardDomainError, workloadSelectorFindings,
} from './common';
import { goFloat, subsetNameError } from './http';

type Report = (field: string, message: string) => void;

function percent(v: unknown): string | undefined {
  const n = num(v);
  return n < 0 || n > 100 ? `percentage ${goFloat(n)} is not in range 0..100` : undefined;
}

/** validateConnectionPool; `cel` marks fields the CRD's CEL already holds to >= 1ms. */
export function connectionPoolErrors(pool: Record<string, any>, path: string, report: Report, cel: boolean): void {
  const http = obj(pool.http);
  const tcp = obj(pool.tcp);
  if (!http && !tcp) {
    report(path, 'connection pool must have at least one field');
    return;
  }
  if (http) {
    const hp = at(path, 'http');
    if (num(http.http1MaxPendingRequests) < 0) report(at(hp, 'http1MaxPendingRequests'), 'http1 max pending requests must be non-negative');
    if (num(http.http2MaxRequests) < 0) report(at(hp, 'http2MaxRequests'), 'http2 max requests must be non-negative');
    if (num(http.maxRequestsPerConnection) < 0) report(at(hp, 'maxRequestsPerConnection'), 'max requests per connection must be non-negative');
    if (num(http.maxRetries) < 0) report(at(hp, 'maxRetries'), 'max retries must be non-negative');
    for (const m of durationErrors(http.idleTimeout, cel)) report(at(hp, 'idleTimeout'), m);
    if (http.h2UpgradePolicy === 'UPGRADE' && http.useClientProtocol === true) report(hp, 'use client protocol must not be true when H2UpgradePolicy is UPGRADE');
    if (num(http.maxConcurrentStreams) < 0) report(at(hp, 'maxConcurrentStreams'), 'max concurrent streams must be non-negative');
  }
  if (tcp) {
    const tp = at(path, 'tcp');
    if (num(tcp.maxConnections) < 0) report(at(tp, 'maxConnections'), 'max connections must be non-negative');
    for (const m of durationErrors(tcp.connectTimeout, cel)) report(at(tp, 'connectTimeout'), m);
    for (const m of durationErrors(tcp.maxConnectionDuration, cel)) report(at(tp, 'maxConnectionDuration'), m);
    // tcp.idleTimeout has no CEL rule in the CRD, and istiod skips values under 1ms (0s disables it).
    const idle = durationMs(tcp.idleTimeout);
    if (idle !== undefined && Math.trunc(idle) !== 0) for (const m of durationErrors(tcp.idleTimeout)) report(at(tp, 'idleTimeout'), m);
    const ka = obj(tcp.tcpKeepalive);
    if (ka) {
      for (const m of durationErrors(ka.time, cel)) report(at(tp, 'tcpKeepalive.time'), m);
      for (const m of durationErrors(ka.interval, cel)) report(at(tp, 'tcpKeepalive.interval'), m);
    }
  }
}

/**
 * Envoy's isPrime, as istiod copies it (trial division; 0 and 1 count as prime there). Above
 * 2^32 the same answer comes from a deterministic Miller-Rabin test, so that a huge table size
 * does not cost seconds. Values that are not safe integers (the schema rejects them) are not prime.
 */
function isPrime(x: number): boolean {
  if (!Number.isSafeInteger(x) || x < 0) return false;
  if (x !== 0 && x < 4) return true;
  if (x % 2 === 0) return false;
  if (x > 2 ** 32) return millerRabin(BigInt(x));
  const limit = Math.floor(Math.sqrt(x));
  for (let f = 3; f <= limit; f += 2) if (x % f === 0) return false;
  return true;
}

function millerRabin(n: bigint): boolean {
  const pow = (b: bigint, e: bigint): bigint => {
    let r = 1n;
    let base = b % n;
    for (let k = e; k > 0n; k >>= 1n) {
      if (k & 1n) r = (r * base) % n;
      base = (base * base) % n;
    }
    return r;
  };
  let d = n - 1n;
  let s = 0;
  while ((d & 1n) === 0n) {
    d >>= 1n;
    s++;
  }
  for (const a of [2n, 3n, 5n, 7n, 11n, 13n, 17n, 19n, 23n, 29n, 31n, 37n]) {
    if (n % a === 0n) return n === a;
    let y = pow(a, d);
    if (y === 1n || y === n - 1n) continue;
    let composite = true;
    for (let r = 1; r < s; r++) {
      y = (y * y) % n;
      if (y === n - 1n) {
        composite = false;
        break;
      }
    }
    if (composite) return false;
  }
  return true;
}

function localitiesError(localities: string[]): string | undefined {
  const map = new Map<string, Map<string, Map<string, boolean>>>();
  for (const locality of localities) {
    const stars = (locality.match(/\*/g) ?? []).length;
    if (stars > 0 && (stars > 1 || !locality.endsWith('*'))) return `locality ${locality} wildcard '*' number can not exceed 1 and must be in the end`;
    if (map.has('*')) return `locality ${locality} overlap with previous specified ones`;
    const items = locality.split('/');
    const parts = items.length > 3 ? [items[0], items[1], items.slice(2).join('/')] : items;
    if (parts.some((p) => p === '')) return `locality ${locality} must not contain empty region/zone/subzone info`;
    const [region, zone, sub] = parts;
    const overlap = `locality ${locality} overlap with previous specified ones`;
    if (parts.length === 1) {
      if (map.has(region)) return overlap;
      map.set(region, new Map([['*', new Map([['*', true]])]]));
    } else if (parts.length === 2) {
      const r = map.get(region);
      if (r) {
        if (r.has('*') || r.has(zone)) return overlap;
        r.set(zone, new Map([['*', true]]));
      } else {
        map.set(region, new Map([[zone, new Map([['*', true]])]]));
      }
    } else {
      const r = map.get(region);
      if (r) {
        if (r.has('*')) return overlap;
        const z = r.get(zone);
        if (z) {
          if (z.get('*') || z.get(sub)) return overlap;
          z.set(sub, true);
        } else {
          r.set(zone, new Map([[sub, true]]));
        }
      } else {
        map.set(region, new Map([[zone, new Map([[sub, true]])]]));
      }
    }
  }
  return undefined;
}

const TOPOLOGY_LABELS = ['topology.kubernetes.io/region', 'topology.kubernetes.io/zone', 'topology.istio.io/subzone'];

function localityLbFindings(lb: Record<string, any>, path: string, hasOutlier: boolean, ctx: RuleContext): void {
  const distribute = arr(lb.distribute);
  const failover = arr(lb.failover);
  const priority = arr(lb.failoverPriority).map(str);
  if (distribute.length && failover.length) {
    ctx.error('IDR6', path, "can not simultaneously specify 'distribute' and 'failover'");
    return;
  }
  if (failover.length && priority.length) {
    const label = priority.find((p) => TOPOLOGY_LABELS.includes(p));
    if (label) {
      ctx.error('IDR6', at(path, 'failoverPriority'), `can not simultaneously set 'failover' and topology label '${label}' in 'failover_priority'`);
      return;
    }
  }
  const src: string[] = [];
  for (let i = 0; i < distribute.length; i++) {
    const d = obj(distribute[i]) ?? {};
    src.push(str(d.from));
    let total = 0;
    const dest: string[] = [];
    for (const [loc, w] of Object.entries<unknown>(obj(d.to) ?? {})) {
      dest.push(loc);
      const weight = num(w);
      if (weight <= 0 || weight > 100) {
        ctx.error('IDR6', at(at(path, 'distribute'), i), 'locality weight must be in range [1, 100]');
        return;
      }
      total += weight;
    }
    if (total !== 100) {
      ctx.error('IDR6', at(at(path, 'distribute'), i), `total locality weight ${total} != 100`);
      return;
    }
    const e = localitiesError(dest);
    if (e) ctx.error('IDR6', at(at(path, 'distribute'), i), e);
  }
  const e = localitiesError(src);
  if (e) ctx.error('IDR6', at(path, 'distribute'), e);
  if ((failover.length || priority.length) && !hasOutlier) ctx.warn('IDR6', path, 'outlier detection policy must be provided for failover');
  failover.forEach((f, i) => {
    const from = str(obj(f)?.from);
    const to = str(obj(f)?.to);
    const fp = at(at(path, 'failover'), i);
    if (from === to) ctx.error('IDR6', fp, 'locality lb failover settings must specify different regions');
    if (from.includes('/') || to.includes('/')) ctx.error('IDR6', fp, 'locality lb failover only specify region');
    if (from.includes('*') || to.includes('*')) ctx.error('IDR6', fp, "locality lb failover region should not contain '*' wildcard");
  });
}

/** agent.ValidateTLS (client TLS settings); `namespace` is the DestinationRule's. */
export function clientTlsErrors(tls: Record<string, any>, namespace: string): string[] {
  const errs: string[] = [];
  const mode = str(tls.mode);
  const has = (k: string) => str(tls[k]) !== '';
  const credential = str(tls.credentialName);
  if (credential.startsWith('configmap://')) {
    // credentials.ParseResourceName for configmap://<namespace>/<name>.
    const split = credential.slice('configmap://'.length).split('/');
    const parseError = split.length <= 1 ? `invalid resource name ${q(credential)}. Expected namespace and name`
      : split[0] === '' ? `invalid resource name ${q(credential)}. Expected namespace`
        : split[1] === '' ? `invalid resource name ${q(credential)}. Expected name` : undefined;
    if (parseError) errs.push(`invalid configmap:// credentialName: ${parseError}`);
    // A manifest without a namespace gets one from kubectl at apply time: compare only a known one.
    else if (namespace !== '' && split[0] !== namespace) errs.push(`invalid configmap:// credentialName: namespace must match the configuration namespace ${q(namespace)}`);
  }
  if (tls.insecureSkipVerify === true) {
    // istiod decodes with jsonpb, which leaves `subjectAltNames: []` nil: only a non-empty list counts.
    if (mode === 'SIMPLE' && (has('caCertificates') || has('credentialName') || arr(tls.subjectAltNames).length > 0)) {
      errs.push('cannot specify CaCertificates or CredentialName or SubjectAltNames when InsecureSkipVerify is set true');
    }
    if (mode === 'MUTUAL' && (has('caCertificates') || arr(tls.subjectAltNames).length > 0)) {
      errs.push('cannot specify CaCertificates or SubjectAltNames when InsecureSkipVerify is set true');
    }
  }
  if ((mode === 'SIMPLE' || mode === 'MUTUAL') && has('credentialName')) {
    if (has('clientCertificate') || has('caCertificates') || has('privateKey') || has('caCrl')) {
      errs.push('cannot specify client certificates or CA certificate or CA CRL If credentialName is set');
    }
    return errs;
  }
  if (mode === 'MUTUAL') {
    if (!has('clientCertificate')) errs.push('client certificate required for mutual tls');
    if (!has('privateKey')) errs.push('private key required for mutual tls');
  }
  return errs;
}

function outlierFindings(od: Record<string, any>, path: string, ctx: RuleContext): void {
  for (const m of durationErrors(od.baseEjectionTime, true)) ctx.error('IDR3', at(path, 'baseEjectionTime'), m, { value: od.baseEjectionTime });
  if (num(od.consecutiveErrors) !== 0) {
    ctx.warn('IDR3', at(path, 'consecutiveErrors'), 'outlier detection consecutive errors is deprecated, use consecutiveGatewayErrors or consecutive5xxErrors instead');
  }
  if (od.splitExternalLocalOriginErrors !== true && num(od.consecutiveLocalOriginFailures) > 0) {
    ctx.error('IDR3', at(path, 'consecutiveLocalOriginFailures'), 'outlier detection consecutive local origin failures is specified, but split external local origin errors is set to false');
  }
  for (const m of durationErrors(od.interval, true)) ctx.error('IDR3', at(path, 'interval'), m, { value: od.interval });
  const a = percent(od.maxEjectionPercent);
  if (a) ctx.error('IDR3', at(path, 'maxEjectionPercent'), a, { value: od.maxEjectionPercent });
  const b = percent(od.minHealthPercent);
  if (b) ctx.error('IDR3', at(path, 'minHealthPercent'), b, { value: od.minHealthPercent });
}

function loadBalancerFindings(lb: Record<string, any>, path: string, hasOutlier: boolean, ctx: RuleContext): void {
  const ch = obj(lb.consistentHash);
  if (ch) {
    const cp = at(path, 'consistentHash');
    const cookie = obj(ch.httpCookie);
    // A cookie without ttl is valid: istiod dropped "ttl required for HttpCookie" (istio#46973) for session cookies.
    if (cookie && str(cookie.name) === '') ctx.error('IDR5', at(cp, 'httpCookie.name'), 'name required for HttpCookie');
    if (cookie) {
      const seen = new Set<string>();
      arr(cookie.attributes).forEach((a, i) => {
        const name = str(obj(a)?.name);
        const f = at(at(at(cp, 'httpCookie'), 'attributes'), i);
        if (name === '') ctx.error('IDR5', at(f, 'name'), 'cookie attribute name cannot be empty');
        else if (seen.has(name)) ctx.error('IDR5', at(f, 'name'), `duplicate cookie attribute name: ${name}`, { value: name });
        else seen.add(name);
      });
    }
    if (num(ch.minimumRingSize) !== 0) {
      ctx.warn('IDR5', at(cp, 'minimumRingSize'), "consistent hash MinimumRingSize is deprecated, use ConsistentHashLB's RingHash configuration instead");
      if (obj(ch.ringHash) || obj(ch.maglev)) ctx.error('IDR5', at(cp, 'minimumRingSize'), 'only one of MinimumRingSize or Maglev/Ringhash can be specified');
    }
    const maglev = obj(ch.maglev);
    if (maglev) {
      const size = num(maglev.tableSize);
      const mp = at(cp, 'maglev.tableSize');
      if (size === 0) ctx.error('IDR5', mp, 'tableSize must be set for maglev');
      if (size >= 5000011) ctx.error('IDR5', mp, 'tableSize must be less than 5000011 for maglev', { value: size });
      if (!isPrime(size)) ctx.error('IDR5', mp, 'tableSize must be a prime number for maglev', { value: size });
    }
  }
  const locality = obj(lb.localityLbSetting);
  if (locality) localityLbFindings(locality, at(path, 'localityLbSetting'), hasOutlier, ctx);
  const warmup = obj(lb.warmup);
  if (warmup) {
    // `duration` is required and held to >= 1ms by the CRD.
    for (const m of durationErrors(warmup.duration, true)) ctx.error('IDR5', at(path, 'warmup.duration'), m, { value: warmup.duration });
    if (warmup.aggression !== undefined && warmup.aggression !== null && num(warmup.aggression) < 1) {
      ctx.error('IDR5', at(path, 'warmup.aggression'), 'aggression should be greater than or equal to 1', { value: warmup.aggression });
    }
  }
}

function trafficPolicyFindings(policy: Record<string, any>, path: string, namespace: string, ctx: RuleContext): void {
  // As validateTrafficPolicy in 1.30: a retry budget alone is a field.
  const keys = ['outlierDetection', 'connectionPool', 'loadBalancer', 'tls', 'portLevelSettings', 'tunnel', 'proxyProtocol', 'retryBudget'];
  // `portLevelSettings: []` decodes (jsonpb) as unset.
  const present = (k: string) => policy[k] !== undefined && policy[k] !== null && !(Array.isArray(policy[k]) && policy[k].length === 0);
  if (!keys.some(present)) {
    ctx.error('IDR2', path, 'traffic policy must have at least one field');
    return;
  }
  if (obj(policy.tunnel) && obj(policy.proxyProtocol)) {
    ctx.error('IDR2', path, 'tunnel and proxyProtocol must not be set together');
    return;
  }
  const od = obj(policy.outlierDetection);
  if (od) outlierFindings(od, at(path, 'outlierDetection'), ctx);
  const pool = obj(policy.connectionPool);
  if (pool) connectionPoolErrors(pool, at(path, 'connectionPool'), (f, m) => ctx.error('IDR4', f, m), true);
  const lb = obj(policy.loadBalancer);
  if (lb) loadBalancerFindings(lb, at(path, 'loadBalancer'), !!od, ctx);
  const tls = obj(policy.tls);
  if (tls) for (const m of clientTlsErrors(tls, namespace)) ctx.error('IDR7', at(path, 'tls'), m);
  arr(policy.portLevelSettings).forEach((p, i) => {
    const pl = obj(p);
    const pp = at(at(path, 'portLevelSettings'), i);
    if (!pl) return;
    if (!obj(pl.port)) ctx.error('IDR8', at(pp, 'port'), 'portTrafficPolicy must have valid port');
    if (!obj(pl.outlierDetection) && !obj(pl.connectionPool) && !obj(pl.loadBalancer) && !obj(pl.tls)) {
      ctx.error('IDR8', pp, 'port traffic policy must have at least one field');
      return;
    }
    if (obj(pl.outlierDetection)) outlierFindings(pl.outlierDetection, at(pp, 'outlierDetection'), ctx);
    if (obj(pl.connectionPool)) connectionPoolErrors(pl.connectionPool, at(pp, 'connectionPool'), (f, m) => ctx.error('IDR4', f, m), true);
    if (obj(pl.loadBalancer)) loadBalancerFindings(pl.loadBalancer, at(pp, 'loadBalancer'), !!obj(pl.outlierDetection), ctx);
    if (obj(pl.tls)) for (const m of clientTlsErrors(pl.tls, namespace)) ctx.error('IDR7', at(pp, 'tls'), m);
  });
  const tunnel = obj(policy.tunnel);
  if (tunnel) {
    const tp = at(path, 'tunnel');
    const protocol = str(tunnel.protocol);
    if (protocol !== '' && protocol !== 'CONNECT' && protocol !== 'POST') ctx.error('IDR9', at(tp, 'protocol'), 'tunnel protocol must be "CONNECT" or "POST"', { value: protocol });
    const fe = fqdnError(str(tunnel.targetHost));
    const ie = ipAddressError(str(tunnel.targetHost));
    if (fe && ie) ctx.error('IDR9', at(tp, 'targetHost'), `tunnel target host must be valid FQDN or IP address: ${fe}; ${ie}`, { value: tunnel.targetHost });
    const pe = portError(tunnel.targetPort);
    if (pe) ctx.error('IDR9', at(tp, 'targetPort'), `tunnel target port is invalid: ${pe}`, { value: tunnel.targetPort });
  }
}

export const DESTINATION_RULE_RULES: KindRules = {
  group: 'networking.istio.io',
  kinds: ['DestinationRule'],
  validate(o, ctx) {
    const rejected = metadataRejection(o);
    if (rejected) {
      ctx.error('IDR13', rejected.field, rejected.message);
      return;
    }
    const spec = obj(o.spec) ?? {};
    if (typeof spec.host === 'string') {
      const e = wildcardDomainError(spec.host);
      if (e) ctx.error('IDR1', 'spec.host', e, { value: spec.host });
    }
    const tp = obj(spec.trafficPolicy);
    if (tp) trafficPolicyFindings(tp, 'spec.trafficPolicy', str(o.metadata?.namespace), ctx);
    const names = new Set<string>();
    arr(spec.subsets).forEach((s, i) => {
      const subset = obj(s);
      if (!subset) return;
      const sp = `spec.subsets[${i}]`;
      const name = str(subset.name);
      if (names.has(name)) ctx.error('IDR10', at(sp, 'name'), `duplicate subset names: ${name}`, { value: name });
      names.add(name);
      const ne = subsetNameError(name);
      if (ne) ctx.error('IDR10', at(sp, 'name'), ne, { value: name });
      for (const m of labelErrors(subset.labels)) ctx.error('IDR10', at(sp, 'labels'), m);
      const stp = obj(subset.trafficPolicy);
      if (stp) trafficPolicyFindings(stp, at(sp, 'trafficPolicy'), str(o.metadata?.namespace), ctx);
    });
    const selector = obj(spec.workloadSelector);
    for (const m of exportToErrors(o.metadata?.namespace, spec.exportTo, false, !!selector)) ctx.error('IDR11', 'spec.exportTo', m);
    const ws = workloadSelectorFindings(selector);
    for (const m of ws.errors) ctx.error('IDR12', 'spec.workloadSelector.matchLabels', m);
    for (const m of ws.warnings) ctx.warn('IDR12', 'spec.workloadSelector', m);
  },
};
