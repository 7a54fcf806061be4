/**
 * A small evaluator of who may reach whom, from the manifests alone, with upstream semantics:
 *
 * Kubernetes NetworkPolicy (networking.k8s.io/v1, kubernetes.io/docs/concepts/services-networking/network-policies):
 * - a pod is isolated for ingress (egress) when some policy of its namespace selects it
 *   (`podSelector`) and has Ingress (Egress) among its `policyTypes` (default: Ingress, plus
 *   Egress when the policy has egress rules); a pod no such policy selects allows everything;
 * - an isolated pod admits a connection when any rule of any selecting policy admits it: a rule
 *   without `from` admits every source, without `ports` every port; a peer is an `ipBlock`
 *   (cidr minus except), a `namespaceSelector` (every pod of the matching namespaces), a
 *   `podSelector` (pods of the policy's namespace) or both (matching pods in matching namespaces);
 * - both ends must agree (the source's egress and the destination's ingress);
 * - traffic from the destination pod's own node (the kubelet's probes) is always allowed.
 *
 * Istio (1.30) PeerAuthentication and AuthorizationPolicy, for a sidecar-injected destination:
 * - PeerAuthentication: the workload policy (selector) wins over the namespace's `default`, which
 *   wins over the root namespace's; UNSET inherits; a port-level mode wins for its port. STRICT
 *   refuses plaintext callers before any authorization;
 * - authorization (pilot/pkg/security/authz/builder): CUSTOM first (a match is decided by the
 *   external authorizer; here it denies), then DENY (any matching rule denies), then ALLOW: with
 *   no ALLOW policy the request is allowed, else it must match a rule of one. A policy applies
 *   when it is in the root namespace or the workload's, and its selector (if any) matches; a
 *   policy without rules matches nothing; a rule matches when any `from`, any `to` and every
 *   `when` match, absent parts matching everything. Values match exactly, by prefix (`abc*`), by
 *   suffix (`*abc`) or any present value (`*`); `namespaces` and `principals` come from the
 *   peer's mTLS identity, so a plaintext peer matches no `namespaces` and every `notNamespaces`;
 *   `hosts` are matched case-insensitively against the raw authority (port included);
 * - ports Istio does not intercept (15020 pilot-agent, 15021 health, 15090 Envoy stats) bypass
 *   both.
 */

/** A pod, or the node itself. */
export interface Workload {
  /** A name for reports. */
  readonly name: string;
  /** Its namespace (the node has none). */
  readonly namespace?: string;
  /** Its labels. */
  readonly labels?: Record<string, string>;
  /** Its service account. */
  readonly serviceAccount?: string;
  /** Whether it runs an Istio sidecar (so it has an mTLS identity and enforces policies). */
  readonly sidecar: boolean;
  /** Its IP address. */
  readonly ip: string;
  /** True for the node (kubelet). */
  readonly node?: boolean;
}

/** One request. */
export interface Request {
  readonly from: Workload;
  readonly to: Workload;
  readonly port: number;
  readonly path?: string;
  readonly method?: string;
  /** The authority, as sent. */
  readonly host?: string;
  /** Request headers (names in any case). */
  readonly headers?: Record<string, string>;
}

/** The verdict, with the reason. */
export interface Verdict {
  readonly allowed: boolean;
  readonly reason: string;
}

type Json = Record<string, any>;

const UNINTERCEPTED = new Set([15020, 15021, 15090]);

function selects(selector: Json | undefined, labels: Record<string, string>): boolean {
  if (!selector) return true;
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) if (labels[k] !== v) return false;
  for (const e of selector.matchExpressions ?? []) {
    const has = Object.prototype.hasOwnProperty.call(labels, e.key);
    switch (e.operator) {
      case 'In': if (!has || !e.values.includes(labels[e.key])) return false; break;
      case 'NotIn': if (has && e.values.includes(labels[e.key])) return false; break;
      case 'Exists': if (!has) return false; break;
      case 'DoesNotExist': if (has) return false; break;
      default: throw new Error(`unknown operator ${e.operator}`);
    }
  }
  return true;
}

function ipToInt(ip: string): number {
  return ip.split('.').reduce((n, o) => n * 256 + Number(o), 0);
}

function inCidr(ip: string, cidr: string): boolean {
  const [base, bitsText] = cidr.split('/');
  const bits = Number(bitsText ?? 32);
  if (bits === 0) return true;
  const shift = 2 ** (32 - bits);
  return Math.floor(ipToInt(ip) / shift) === Math.floor(ipToInt(base) / shift);
}

/** The cluster: its namespaces' labels and the manifests. */
export class Cluster {
  private readonly objects: Json[];

  public constructor(objects: readonly unknown[], private readonly namespaceLabels: Record<string, Record<string, string>>, private readonly rootNamespace = 'istio-system', private readonly trustDomain = 'cluster.local') {
    this.objects = objects as Json[];
  }

  private of(kind: string, group: string): Json[] {
    return this.objects.filter((o) => o.kind === kind && String(o.apiVersion).startsWith(group));
  }

  private nsLabels(ns: string | undefined): Record<string, string> {
    if (ns === undefined) return {};
    return { 'kubernetes.io/metadata.name': ns, ...this.namespaceLabels[ns] };
  }

  private peerMatches(peer: Json, policyNs: string, w: Workload): boolean {
    if (peer.ipBlock) {
      return inCidr(w.ip, peer.ipBlock.cidr) && !(peer.ipBlock.except ?? []).some((c: string) => inCidr(w.ip, c));
    }
    if (w.node) return false;
    const nsOk = peer.namespaceSelector ? selects(peer.namespaceSelector, this.nsLabels(w.namespace)) : w.namespace === policyNs;
    const podOk = peer.podSelector ? selects(peer.podSelector, w.labels ?? {}) : true;
    return nsOk && podOk;
  }

  private portMatches(ports: Json[] | undefined, port: number): boolean {
    if (!ports || ports.length === 0) return true;
    return ports.some((p) => (p.protocol ?? 'TCP') === 'TCP' && (p.port === undefined || (typeof p.port === 'number' && (p.endPort ? port >= p.port && port <= p.endPort : port === p.port))));
  }

  /** NetworkPolicy verdict for one connection. */
  public networkPolicy(r: Request): Verdict {
    // Egress of the source.
    if (!r.from.node) {
      const egress = this.of('NetworkPolicy', 'networking.k8s.io/').filter((p) => p.metadata.namespace === r.from.namespace
        && selects(p.spec.podSelector, r.from.labels ?? {})
        && (p.spec.policyTypes ?? (p.spec.egress ? ['Ingress', 'Egress'] : ['Ingress'])).includes('Egress'));
      if (egress.length > 0 && !egress.some((p) => (p.spec.egress ?? []).some((rule: Json) =>
        (!rule.to || rule.to.length === 0 || rule.to.some((peer: Json) => this.peerMatches(peer, p.metadata.namespace, r.to))) && this.portMatches(rule.ports, r.port)))) {
        return { allowed: false, reason: `egress of ${r.from.name} not allowed by ${egress.map((p) => p.metadata.name).join(', ')}` };
      }
    }
    if (r.from.node) return { allowed: true, reason: 'traffic from the node is always allowed' };
    const ingress = this.of('NetworkPolicy', 'networking.k8s.io/').filter((p) => p.metadata.namespace === r.to.namespace
      && selects(p.spec.podSelector, r.to.labels ?? {})
      && (p.spec.policyTypes ?? (p.spec.egress ? ['Ingress', 'Egress'] : ['Ingress'])).includes('Ingress'));
    if (ingress.length === 0) return { allowed: true, reason: 'no NetworkPolicy selects the destination' };
    const by = ingress.find((p) => (p.spec.ingress ?? []).some((rule: Json) =>
      (!rule.from || rule.from.length === 0 || rule.from.some((peer: Json) => this.peerMatches(peer, p.metadata.namespace, r.from))) && this.portMatches(rule.ports, r.port)));
    return by ? { allowed: true, reason: `admitted by NetworkPolicy ${by.metadata.namespace}/${by.metadata.name}` }
      : { allowed: false, reason: `no rule of ${ingress.map((p) => `${p.metadata.namespace}/${p.metadata.name}`).join(', ')} admits ${r.from.name}` };
  }

  private appliesTo(p: Json, w: Workload): boolean {
    const ns = p.metadata.namespace;
    if (ns !== this.rootNamespace && ns !== w.namespace) return false;
    if (p.spec?.targetRefs || p.spec?.targetRef) return false;
    return selects(p.spec?.selector, w.labels ?? {});
  }

  /** The effective mTLS mode of `w` on `port`. */
  public mtlsMode(w: Workload, port: number): string {
    const pas = this.of('PeerAuthentication', 'security.istio.io/').filter((p) => this.appliesTo(p, w));
    const workload = pas.filter((p) => p.spec?.selector && p.metadata.namespace === w.namespace);
    const namespace = pas.filter((p) => !p.spec?.selector && p.metadata.namespace === w.namespace);
    const root = pas.filter((p) => !p.spec?.selector && p.metadata.namespace === this.rootNamespace);
    for (const level of [workload, namespace, root]) {
      for (const p of level) {
        const portMode = p.spec?.portLevelMtls?.[String(port)]?.mode;
        if (portMode && portMode !== 'UNSET') return portMode;
        const mode = p.spec?.mtls?.mode;
        if (mode && mode !== 'UNSET') return mode;
      }
    }
    return 'PERMISSIVE';
  }

  private principal(w: Workload): string | undefined {
    return w.sidecar && w.namespace && w.serviceAccount ? `${this.trustDomain}/ns/${w.namespace}/sa/${w.serviceAccount}` : undefined;
  }

  /** Istio's verdict for one request at the destination's sidecar. */
  public istio(r: Request): Verdict {
    if (!r.to.sidecar || r.to.node) return { allowed: true, reason: 'the destination has no sidecar' };
    if (UNINTERCEPTED.has(r.port)) return { allowed: true, reason: `port ${r.port} is not intercepted by Envoy` };
    const mtls = r.from.sidecar && !r.from.node;
    if (!mtls && this.mtlsMode(r.to, r.port) === 'STRICT') return { allowed: false, reason: 'plaintext refused by STRICT mTLS' };
    const policies = this.of('AuthorizationPolicy', 'security.istio.io/').filter((p) => this.appliesTo(p, r.to));
    const action = (p: Json) => p.spec?.action ?? 'ALLOW';
    const matching = (p: Json) => (p.spec?.rules ?? []).some((rule: Json) => this.ruleMatches(rule, r, mtls));
    const custom = policies.filter((p) => action(p) === 'CUSTOM' && matching(p));
    if (custom.length > 0) return { allowed: false, reason: `delegated by CUSTOM ${custom[0].metadata.name} (treated as denied)` };
    const deny = policies.find((p) => action(p) === 'DENY' && matching(p));
    if (deny) return { allowed: false, reason: `denied by ${deny.metadata.namespace}/${deny.metadata.name}` };
    const allows = policies.filter((p) => action(p) === 'ALLOW');
    if (allows.length === 0) return { allowed: true, reason: 'no ALLOW policy applies' };
    const allow = allows.find(matching);
    return allow ? { allowed: true, reason: `allowed by ${allow.metadata.namespace}/${allow.metadata.name}` }
      : { allowed: false, reason: `matches no ALLOW policy (${allows.map((p) => `${p.metadata.namespace}/${p.metadata.name}`).join(', ')})` };
  }

  /** Both layers. */
  public reach(r: Request): Verdict {
    const net = this.networkPolicy(r);
    if (!net.allowed) return { allowed: false, reason: `NetworkPolicy: ${net.reason}` };
    const mesh = this.istio(r);
    return { allowed: mesh.allowed, reason: `NetworkPolicy: ${net.reason}; Istio: ${mesh.reason}` };
  }

  private ruleMatches(rule: Json, r: Request, mtls: boolean): boolean {
    const from = rule.from ?? [];
    const to = rule.to ?? [];
    const when = rule.when ?? [];
    if (from.length > 0 && !from.some((f: Json) => this.sourceMatches(f.source ?? {}, r, mtls))) return false;
    if (to.length > 0 && !to.some((t: Json) => this.operationMatches(t.operation ?? {}, r))) return false;
    return when.every((c: Json) => this.conditionMatches(c, r, mtls));
  }

  private sourceMatches(s: Json, r: Request, mtls: boolean): boolean {
    const principal = mtls ? this.principal(r.from) : undefined;
    const namespace = principal ? r.from.namespace : undefined;
    const pos = (values: string[] | undefined, actual: string | undefined) => values === undefined || values.some((v) => valueMatches(v, actual, false));
    const neg = (values: string[] | undefined, actual: string | undefined) => values === undefined || !values.some((v) => valueMatches(v, actual, false));
    const ipPos = (values: string[] | undefined) => values === undefined || values.some((c) => inCidr(r.from.ip, c.includes('/') ? c : `${c}/32`));
    const ipNeg = (values: string[] | undefined) => values === undefined || !values.some((c) => inCidr(r.from.ip, c.includes('/') ? c : `${c}/32`));
    return pos(s.principals, principal) && neg(s.notPrincipals, principal)
      && pos(s.namespaces, namespace) && neg(s.notNamespaces, namespace)
      && ipPos(s.ipBlocks) && ipNeg(s.notIpBlocks)
      && (s.requestPrincipals === undefined || false);
  }

  private operationMatches(o: Json, r: Request): boolean {
    const pos = (values: string[] | undefined, actual: string | undefined, ci = false) => values === undefined || values.some((v) => valueMatches(v, actual, ci));
    const neg = (values: string[] | undefined, actual: string | undefined, ci = false) => values === undefined || !values.some((v) => valueMatches(v, actual, ci));
    const port = String(r.port);
    const path = r.path ?? '/';
    const method = r.method ?? 'GET';
    return pos(o.hosts, r.host, true) && neg(o.notHosts, r.host, true)
      && pos(o.paths, path) && neg(o.notPaths, path)
      && pos(o.methods, method) && neg(o.notMethods, method)
      && (o.ports === undefined || o.ports.includes(port)) && (o.notPorts === undefined || !o.notPorts.includes(port));
  }

  private conditionMatches(c: Json, r: Request, mtls: boolean): boolean {
    let actual: string | undefined;
    const header = /^request\.headers\[(.+)\]$/.exec(c.key);
    if (header) {
      const name = header[1].toLowerCase();
      const values = Object.entries(r.headers ?? {}).filter(([k]) => k.toLowerCase() === name).map(([, v]) => v);
      actual = values.length ? values.join(',') : undefined;
    } else if (c.key === 'source.namespace') actual = mtls && this.principal(r.from) ? r.from.namespace : undefined;
    else if (c.key === 'source.principal') actual = mtls ? this.principal(r.from) : undefined;
    else if (c.key === 'destination.port') actual = String(r.port);
    else if (c.key === 'source.ip') actual = r.from.ip;
    else throw new Error(`condition key ${c.key} not modelled`);
    const pos = c.values === undefined || c.values.some((v: string) => valueMatches(v, actual, false));
    const neg = c.notValues === undefined || !c.notValues.some((v: string) => valueMatches(v, actual, false));
    return pos && neg;
  }
}

/** Istio's string match: exact, `prefix*`, `*suffix`, or `*` (present). An absent value matches nothing. */
export function valueMatches(pattern: string, actual: string | undefined, ignoreCase: boolean): boolean {
  if (actual === undefined) return false;
  const a = ignoreCase ? actual.toLowerCase() : actual;
  const p = ignoreCase ? pattern.toLowerCase() : pattern;
  if (p === '*') return true;
  if (p.startsWith('*')) return a.endsWith(p.slice(1));
  if (p.endsWith('*')) return a.startsWith(p.slice(0, -1));
  return a === p;
}
