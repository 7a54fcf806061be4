/**
 * The event topology of a set of Kubernetes objects: which sources deliver to which brokers and
 * channels, which triggers (and their filters) and subscriptions pass events on to which
 * subscribers, where replies and dead letters go, grouped by tenant.
 *
 * It reads plain objects (parsed manifests, or a cdk8s app's synthesized JSON), never
 * constructs, so it draws any folder of manifests the same way as an app of this library.
 * Input is untrusted: anything that is not an object with a kind and a name is skipped, and
 * nothing in it can make this throw.
 */

import { TENANT_LABEL } from '../core/tenant-label';

/** The label on a Namespace that names the tenant it belongs to (a tenant may own several namespaces). */
export { TENANT_LABEL };

/** The namespace of an object without `metadata.namespace` (where `kubectl apply` would put it by default). */
export const DEFAULT_NAMESPACE = 'default';

/** What part a node plays in the event flow. */
export type TopologyNodeRole =
  /** Emits events: PingSource, ApiServerSource, ContainerSource, SinkBinding, GitLabSource, GitHubSource, KafkaSource, RabbitmqSource, any `*.sources.knative.dev` kind with a sink, and a SinkBinding's subject. */
  | 'source'
  /** A Broker. */
  | 'broker'
  /** Channel, InMemoryChannel, KafkaChannel (any `messaging.knative.dev` kind ending in Channel). */
  | 'channel'
  /** A Trigger (with its filters). */
  | 'trigger'
  /** A Subscription. */
  | 'subscription'
  /** Sequence, Parallel, EventTransform, RequestReply. */
  | 'flow'
  /** A terminal sink: KafkaSink, JobSink, IntegrationSink (any `sinks.knative.dev` kind). */
  | 'sink'
  /** Anything else events are delivered to: Knative Services (the functions), Kubernetes Services, other addressables. */
  | 'subscriber'
  /** A plain URI destination. */
  | 'uri';

/** How two nodes are related, in the direction events travel. */
export type TopologyRelation =
  /** A source's (or EventTransform's) `spec.sink`. */
  | 'sink'
  /** A SinkBinding's subject, the workload whose events the binding sends on. */
  | 'subject'
  /** From a Broker to one of its Triggers (`spec.broker` / `spec.brokerRef`). */
  | 'trigger'
  /** From a channel to one of its Subscriptions (`spec.channel`). */
  | 'subscription'
  /** From a Trigger, Subscription, Parallel branch or a channel's `spec.subscribers` to the subscriber. */
  | 'subscriber'
  /** Where a subscriber's reply goes (Subscription, Sequence, Parallel, EventTransform, channel subscribers). */
  | 'reply'
  /** `delivery.deadLetterSink`: where events go that could not be delivered. */
  | 'dead-letter'
  /** One step of a Sequence. */
  | 'step'
  /** The filter of a Parallel branch. */
  | 'filter'
  /** From a RequestReply to its broker. */
  | 'broker';

/** One object (or URI) in the topology. */
export interface TopologyNode {
  /** Stable identifier, unique within the topology: `<group>/<kind>/<namespace>/<name>` (the group is empty for core kinds), or `uri:<uri>`. */
  readonly id: string;
  /** What part it plays. */
  readonly role: TopologyNodeRole;
  /** The API group (without version); empty for core kinds and URIs. */
  readonly group: string;
  /** The apiVersion the object (or the first reference to it) names; empty for URIs. */
  readonly apiVersion: string;
  /** The kind; `URI` for URIs. */
  readonly kind: string;
  /** `metadata.name`, or the URI. */
  readonly name: string;
  /** The namespace (for a URI: the one of a cluster-local host `name.namespace.svc...`, if any). */
  readonly namespace?: string;
  /** The tenant: the namespace's `knative-faas-cdk.io/tenant` label, else the namespace itself; none for URIs outside the cluster. */
  readonly tenant?: string;
  /** True when the node is only referenced: no object with this group, kind, namespace and name is in the set. */
  readonly missing: boolean;
  /** Short facts for the picture: a broker's class, a trigger's filter, a PingSource's schedule, ... (key order is fixed). */
  readonly details: Readonly<Record<string, string>>;
}

/** One delivery path between two nodes. */
export interface TopologyEdge {
  /** The id of the node events come from. */
  readonly from: string;
  /** The id of the node events go to. */
  readonly to: string;
  /** How the two are related. */
  readonly relation: TopologyRelation;
  /** A qualifier: the step number (`2`), the branch (`branch 1`), the path of a `ref` + `uri` destination, ... */
  readonly label?: string;
  /** True when the object referenced by this edge is not in the set (it points into nothing, or outside the manifests given). */
  readonly dangling: boolean;
  /** True when the two ends belong to different tenants. */
  readonly crossTenant: boolean;
}

/** A tenant and the namespaces it owns. */
export interface TopologyTenant {
  /** The tenant's name. */
  readonly name: string;
  /** Its namespaces, sorted. */
  readonly namespaces: readonly string[];
}

/** The event topology: nodes, edges and tenants, each in a deterministic order. */
export interface EventTopology {
  /** The tenants that own at least one node, sorted by name. */
  readonly tenants: readonly TopologyTenant[];
  /** Sorted by tenant (URIs outside the cluster last), role, kind, namespace, name. */
  readonly nodes: readonly TopologyNode[];
  /** Sorted by their `from` node, then relation, label and `to` node. */
  readonly edges: readonly TopologyEdge[];
}

/** Options of `eventTopology`. */
export interface EventTopologyOptions {
  /**
   * The Namespace label that names a namespace's tenant.
   * @default TENANT_LABEL ('knative-faas-cdk.io/tenant')
   */
  readonly tenantLabel?: string;
}

type Rec = Record<string, unknown>;

const rec = (v: unknown): Rec | undefined => (typeof v === 'object' && v !== null && !Array.isArray(v) ? v as Rec : undefined);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const groupOf = (apiVersion: string): string => (apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.lastIndexOf('/')) : '');

const ROLE_ORDER: readonly TopologyNodeRole[] = ['source', 'broker', 'channel', 'trigger', 'subscription', 'flow', 'sink', 'subscriber', 'uri'];
const FLOW_KINDS = new Set(['flows.knative.dev/Sequence', 'flows.knative.dev/Parallel', 'eventing.knative.dev/EventTransform', 'eventing.knative.dev/RequestReply']);

/** The role of an object of this group and kind. */
export function roleOf(group: string, kind: string): TopologyNodeRole {
  if (group === 'eventing.knative.dev' && kind === 'Broker') return 'broker';
  if (group === 'eventing.knative.dev' && kind === 'Trigger') return 'trigger';
  if (group === 'messaging.knative.dev' && kind === 'Subscription') return 'subscription';
  if (group === 'messaging.knative.dev' && kind.endsWith('Channel')) return 'channel';
  if (FLOW_KINDS.has(`${group}/${kind}`)) return 'flow';
  if (group === 'sinks.knative.dev' || (group === 'eventing.knative.dev' && kind === 'KafkaSink')) return 'sink';
  if (group === 'sources.knative.dev' || group.endsWith('.sources.knative.dev')) return 'source';
  return 'subscriber';
}

interface Ref { readonly apiVersion: string; readonly kind: string; readonly name: string; readonly namespace: string }

interface MutableNode {
  id: string; role: TopologyNodeRole; group: string; apiVersion: string; kind: string; name: string;
  namespace?: string; tenant?: string; missing: boolean; details: Record<string, string>;
}

const keyOf = (group: string, kind: string, namespace: string, name: string) => `${group}/${kind}/${namespace}/${name}`;

/** `name.namespace.svc[.cluster.local]` hosts name an in-cluster namespace. */
function clusterLocalNamespace(uri: string): string | undefined {
  const m = /^[a-z][a-z0-9+.-]*:\/\/([^/?#:@]+)/i.exec(uri);
  const parts = m ? m[1].toLowerCase().split('.') : [];
  if (parts.length >= 3 && parts[2] === 'svc' && (parts.length === 3 || parts.slice(3).join('.') === 'cluster.local')) return parts[1];
  return undefined;
}

/** A compact rendering of a Trigger's filters: `type=a & (source=b* | !(subject=*c))`. */
export function describeFilters(spec: Rec): string | undefined {
  const parts: string[] = [];
  const attributes = rec(rec(spec.filter)?.attributes);
  if (attributes) {
    for (const k of Object.keys(attributes).sort()) parts.push(`${k}=${typeof attributes[k] === 'string' && attributes[k] !== '' ? attributes[k] : '*'}`);
  }
  for (const f of arr(spec.filters)) {
    const text = describeFilter(f, 0);
    if (text) parts.push(text);
  }
  return parts.length ? parts.join(' & ') : undefined;
}

function describeFilter(f: unknown, depth: number): string | undefined {
  const r = rec(f);
  if (!r || depth > 20) return undefined;
  const out: string[] = [];
  const pairs = (v: unknown, show: (k: string, v: string) => string) => {
    const m = rec(v);
    if (!m) return;
    for (const k of Object.keys(m).sort()) out.push(show(k, typeof m[k] === 'string' ? m[k] as string : JSON.stringify(m[k]) ?? ''));
  };
  pairs(r.exact, (k, v) => `${k}=${v}`);
  pairs(r.prefix, (k, v) => `${k}=${v}*`);
  pairs(r.suffix, (k, v) => `${k}=*${v}`);
  const nested = (v: unknown, sep: string) => {
    const inner = arr(v).map((x) => describeFilter(x, depth + 1)).filter((x): x is string => !!x);
    if (inner.length) out.push(inner.length === 1 ? inner[0] : `(${inner.join(sep)})`);
  };
  nested(r.all, ' & ');
  nested(r.any, ' | ');
  const not = describeFilter(r.not, depth + 1);
  if (not) out.push(`!(${not})`);
  if (typeof r.cesql === 'string') out.push(`sql(${r.cesql})`);
  return out.length ? out.join(' & ') : undefined;
}

function sourceDetails(kind: string, spec: Rec): Record<string, string> {
  const d: Record<string, string> = {};
  const set = (k: string, v: unknown) => { if (typeof v === 'string' && v !== '') d[k] = v; };
  switch (kind) {
    case 'PingSource': set('schedule', spec.schedule); set('timezone', spec.timezone); break;
    case 'ApiServerSource': set('resources', arr(spec.resources).map((r) => str(rec(r)?.kind)).filter(Boolean).join(', ')); break;
    case 'GitHubSource': set('repository', spec.ownerAndRepository); break;
    case 'GitLabSource': set('project', spec.projectUrl); break;
    case 'KafkaSource': set('topics', arr(spec.topics).filter((t) => typeof t === 'string').join(', ')); break;
    case 'RabbitmqSource': set('queue', rec(spec.rabbitmqResourcesConfig)?.queueName); break;
    default: break;
  }
  return d;
}

/**
 * Builds the event topology of `objects` (parsed manifests or synthesized JSON; `List`s are
 * flattened, anything that is not an object with a kind and a name is skipped). References
 * default their namespace to the referrer's, as Knative does; a reference to an object not
 * in the set becomes a `missing` node and a `dangling` edge, and an edge between two tenants is
 * `crossTenant`. The result is the same for the same objects in any order.
 */
export function eventTopology(objects: readonly unknown[], options: EventTopologyOptions = {}): EventTopology {
  const tenantLabel = options.tenantLabel ?? TENANT_LABEL;
  // Objects by key; a later duplicate replaces an earlier one, as a later `kubectl apply` would.
  const present = new Map<string, { group: string; apiVersion: string; kind: string; name: string; namespace: string; object: Rec }>();
  const tenantOfNamespace = new Map<string, string>();
  const flat: unknown[] = [];
  const stack = [...objects].reverse();
  let guard = 0;
  while (stack.length && guard++ < 10_000_000) {
    const o = stack.pop();
    const r = rec(o);
    if (r && typeof r.kind === 'string' && r.kind.endsWith('List') && Array.isArray(r.items)) stack.push(...[...r.items].reverse());
    else flat.push(o);
  }
  for (const o of flat) {
    const r = rec(o);
    const meta = rec(r?.metadata);
    const kind = str(r?.kind);
    const name = str(meta?.name);
    if (!r || !kind || !name) continue;
    const apiVersion = typeof r.apiVersion === 'string' ? r.apiVersion : '';
    const group = groupOf(apiVersion);
    if (group === '' && kind === 'Namespace') {
      const label = rec(meta?.labels)?.[tenantLabel];
      if (typeof label === 'string' && label !== '') tenantOfNamespace.set(name, label);
      continue;
    }
    const namespace = str(meta?.namespace) ?? DEFAULT_NAMESPACE;
    present.set(keyOf(group, kind, namespace, name), { group, apiVersion, kind, name, namespace, object: r });
  }

  const tenantOf = (ns: string | undefined) => (ns === undefined ? undefined : tenantOfNamespace.get(ns) ?? ns);
  const nodes = new Map<string, MutableNode>();
  const edges = new Map<string, TopologyEdge>();

  const nodeFor = (group: string, apiVersion: string, kind: string, namespace: string, name: string): MutableNode => {
    const id = keyOf(group, kind, namespace, name);
    let n = nodes.get(id);
    if (!n) {
      const p = present.get(id);
      n = { id, role: roleOf(group, kind), group, apiVersion: p?.apiVersion ?? apiVersion, kind, name, namespace, tenant: tenantOf(namespace), missing: !p, details: {} };
      nodes.set(id, n);
    }
    return n;
  };
  const uriNode = (uri: string): MutableNode => {
    const id = `uri:${uri}`;
    let n = nodes.get(id);
    if (!n) {
      const namespace = clusterLocalNamespace(uri);
      n = { id, role: 'uri', group: '', apiVersion: '', kind: 'URI', name: uri, namespace, tenant: tenantOf(namespace), missing: false, details: {} };
      nodes.set(id, n);
    }
    return n;
  };
  const addEdge = (from: MutableNode, to: MutableNode, relation: TopologyRelation, label?: string) => {
    const dangling = from.missing || to.missing;
    const crossTenant = from.tenant !== undefined && to.tenant !== undefined && from.tenant !== to.tenant;
    const key = JSON.stringify([from.id, to.id, relation, label ?? '']);
    if (!edges.has(key)) edges.set(key, { from: from.id, to: to.id, relation, ...(label ? { label } : {}), dangling, crossTenant });
  };
  /** A KReference (`{apiVersion, kind, name, namespace?}`), its namespace defaulting to the referrer's. */
  const refOf = (v: unknown, referrerNs: string): Ref | undefined => {
    const r = rec(v);
    const kind = str(r?.kind);
    const name = str(r?.name);
    if (!r || !kind || !name) return undefined;
    return { apiVersion: typeof r.apiVersion === 'string' ? r.apiVersion : '', kind, name, namespace: str(r.namespace) ?? referrerNs };
  };
  const refNode = (ref: Ref) => nodeFor(groupOf(ref.apiVersion), ref.apiVersion, ref.kind, ref.namespace, ref.name);
  /** A Destination (`{ref?, uri?}`): the ref's node (with a `uri` as its path), or a URI node. */
  const destination = (v: unknown, referrerNs: string): { node: MutableNode; path?: string } | undefined => {
    const d = rec(v);
    if (!d) return undefined;
    const ref = refOf(d.ref, referrerNs);
    const uri = str(d.uri);
    if (ref) return { node: refNode(ref), path: uri };
    return uri ? { node: uriNode(uri) } : undefined;
  };
  const deliverTo = (from: MutableNode, v: unknown, ns: string, relation: TopologyRelation, label?: string) => {
    const d = destination(v, ns);
    if (d) addEdge(from, d.node, relation, [label, d.path].filter(Boolean).join(' ') || undefined);
  };
  const deadLetter = (from: MutableNode, delivery: unknown, ns: string, label?: string) =>
    deliverTo(from, rec(delivery)?.deadLetterSink, ns, 'dead-letter', label);

  for (const p of [...present.values()].sort((a, b) => compareStrings(keyOf(a.group, a.kind, a.namespace, a.name), keyOf(b.group, b.kind, b.namespace, b.name)))) {
    const role = roleOf(p.group, p.kind);
    const spec = rec(p.object.spec) ?? {};
    const ns = p.namespace;
    const isKnativeService = p.group === 'serving.knative.dev' && p.kind === 'Service';
    if (role === 'subscriber' && !isKnativeService) continue; // only when referenced
    const self = nodeFor(p.group, p.apiVersion, p.kind, ns, p.name);
    switch (role) {
      case 'source': {
        Object.assign(self.details, sourceDetails(p.kind, spec));
        deliverTo(self, spec.sink, ns, 'sink');
        deadLetter(self, spec.delivery, ns);
        if (p.kind === 'SinkBinding') {
          const subject = refOf(rec(spec.subject), ns);
          if (subject) {
            const s = refNode(subject);
            if (s.role === 'subscriber') s.role = 'source';
            addEdge(s, self, 'subject');
          }
        }
        break;
      }
      case 'broker': {
        const cls = rec(rec(p.object.metadata)?.annotations)?.['eventing.knative.dev/broker.class'];
        if (typeof cls === 'string' && cls !== '') self.details.class = cls;
        deadLetter(self, spec.delivery, ns);
        break;
      }
      case 'trigger': {
        const brokerRef = refOf(spec.brokerRef, ns);
        const brokerName = str(spec.broker);
        const broker = brokerRef
          ? nodeFor(groupOf(brokerRef.apiVersion) || 'eventing.knative.dev', brokerRef.apiVersion || 'eventing.knative.dev/v1', brokerRef.kind, brokerRef.namespace, brokerRef.name)
          : brokerName ? nodeFor('eventing.knative.dev', 'eventing.knative.dev/v1', 'Broker', ns, brokerName) : undefined;
        if (broker) addEdge(broker, self, 'trigger');
        const filter = describeFilters(spec);
        if (filter) self.details.filter = filter;
        deliverTo(self, spec.subscriber, ns, 'subscriber');
        deadLetter(self, spec.delivery, ns);
        break;
      }
      case 'channel': {
        deadLetter(self, spec.delivery, ns);
        // `spec.subscribers` is normally written by the Subscription controller; hand-written ones count too.
        arr(spec.subscribers).forEach((s) => {
          const sub = rec(s);
          const uri = str(sub?.subscriberUri);
          if (uri) addEdge(self, uriNode(uri), 'subscriber');
          const reply = str(sub?.replyUri);
          if (reply) addEdge(self, uriNode(reply), 'reply');
          deadLetter(self, sub?.delivery, ns);
        });
        break;
      }
      case 'subscription': {
        const channel = refOf(spec.channel, ns);
        if (channel) addEdge(refNode(channel), self, 'subscription');
        deliverTo(self, spec.subscriber, ns, 'subscriber');
        deliverTo(self, spec.reply, ns, 'reply');
        deadLetter(self, spec.delivery, ns);
        break;
      }
      case 'flow': {
        if (p.kind === 'Sequence') {
          arr(spec.steps).forEach((step, i) => {
            deliverTo(self, step, ns, 'step', `${i + 1}`);
            deadLetter(self, rec(step)?.delivery, ns, `step ${i + 1}`);
          });
          deliverTo(self, spec.reply, ns, 'reply');
        } else if (p.kind === 'Parallel') {
          arr(spec.branches).forEach((b, i) => {
            const branch = rec(b);
            deliverTo(self, branch?.filter, ns, 'filter', `branch ${i + 1}`);
            deliverTo(self, branch?.subscriber, ns, 'subscriber', `branch ${i + 1}`);
            deliverTo(self, branch?.reply, ns, 'reply', `branch ${i + 1}`);
            deadLetter(self, branch?.delivery, ns, `branch ${i + 1}`);
          });
          deliverTo(self, spec.reply, ns, 'reply');
        } else if (p.kind === 'EventTransform') {
          deliverTo(self, spec.sink, ns, 'sink');
          deliverTo(self, spec.reply, ns, 'reply');
        } else {
          const broker = refOf(spec.brokerRef, ns);
          if (broker) addEdge(self, nodeFor(groupOf(broker.apiVersion) || 'eventing.knative.dev', broker.apiVersion || 'eventing.knative.dev/v1', broker.kind, broker.namespace, broker.name), 'broker');
          deadLetter(self, spec.delivery, ns);
        }
        break;
      }
      case 'sink': {
        if (p.kind === 'KafkaSink' && typeof spec.topic === 'string') self.details.topic = spec.topic;
        break;
      }
      default: {
        const visibility = rec(rec(p.object.metadata)?.labels)?.['networking.knative.dev/visibility'];
        if (visibility === 'cluster-local') self.details.visibility = 'cluster-local';
        break;
      }
    }
  }

  const sortedNodes = [...nodes.values()].sort(compareNodes);
  const order = new Map(sortedNodes.map((n, i) => [n.id, i]));
  const sortedEdges = [...edges.values()].sort((a, b) =>
    order.get(a.from)! - order.get(b.from)! || compareStrings(a.relation, b.relation) || compareStrings(a.label ?? '', b.label ?? '') || order.get(a.to)! - order.get(b.to)!);
  const tenants = new Map<string, Set<string>>();
  for (const n of sortedNodes) {
    if (n.tenant === undefined) continue;
    const set = tenants.get(n.tenant) ?? new Set<string>();
    if (n.namespace !== undefined) set.add(n.namespace);
    tenants.set(n.tenant, set);
  }
  return {
    tenants: [...tenants.entries()].sort(([a], [b]) => compareStrings(a, b)).map(([name, namespaces]) => ({ name, namespaces: [...namespaces].sort(compareStrings) })),
    nodes: sortedNodes.map((n) => ({ ...n, details: sortedRecord(n.details) })),
    edges: sortedEdges,
  };
}

/** Code-unit order, independent of the locale. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareNodes(a: MutableNode, b: MutableNode): number {
  // Nodes outside every tenant (external URIs) come last.
  if ((a.tenant === undefined) !== (b.tenant === undefined)) return a.tenant === undefined ? 1 : -1;
  return compareStrings(a.tenant ?? '', b.tenant ?? '')
    || ROLE_ORDER.indexOf(a.role) - ROLE_ORDER.indexOf(b.role)
    || compareStrings(a.kind, b.kind)
    || compareStrings(a.namespace ?? '', b.namespace ?? '')
    || compareStrings(a.name, b.name)
    || compareStrings(a.id, b.id);
}

function sortedRecord(r: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of Object.keys(r).sort(compareStrings)) out[k] = r[k];
  return out;
}

/**
 * The part of a topology that concerns some tenants: their nodes, the edges that touch them, and
 * the nodes at the other end of those edges (so cross-tenant and external wiring stays visible).
 * For large platforms, whose whole picture is beyond what GitLab and GitHub render.
 */
export function tenantTopology(topology: EventTopology, tenants: readonly string[]): EventTopology {
  const wanted = new Set(tenants);
  const own = new Set(topology.nodes.filter((n) => n.tenant !== undefined && wanted.has(n.tenant)).map((n) => n.id));
  const edges = topology.edges.filter((e) => own.has(e.from) || own.has(e.to));
  const keep = new Set([...own, ...edges.flatMap((e) => [e.from, e.to])]);
  const nodes = topology.nodes.filter((n) => keep.has(n.id));
  const kept = new Set(nodes.map((n) => n.tenant));
  return { tenants: topology.tenants.filter((t) => kept.has(t.name)), nodes, edges };
}
