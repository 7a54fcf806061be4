/**
 * The event topology as versioned JSON, for tools (dashboards, review bots, diffs in CI).
 *
 * Shape (version 1; a change that is not a pure addition of fields raises the version):
 *
 * ```json
 * {
 *   "schema": "https://knative-faas-cdk.io/topology",
 *   "version": 1,
 *   "tenantLabel": "knative-faas-cdk.io/tenant",
 *   "summary": { "nodes": 7, "edges": 6, "tenants": 1, "dangling": 0, "crossTenant": 0 },
 *   "tenants": [{ "name": "dynafed", "namespaces": ["dynafed"] }],
 *   "nodes": [{ "id": "eventing.knative.dev/Broker/dynafed/dynafed", "role": "broker",
 *               "group": "eventing.knative.dev", "apiVersion": "eventing.knative.dev/v1", "kind": "Broker",
 *               "name": "dynafed", "namespace": "dynafed", "tenant": "dynafed", "missing": false,
 *               "details": { "class": "MTChannelBasedBroker" } }],
 *   "edges": [{ "from": "<node id>", "to": "<node id>", "relation": "trigger", "label": "step 1",
 *               "dangling": false, "crossTenant": false }]
 * }
 * ```
 *
 * `namespace`, `tenant` (nodes) and `label` (edges) are left out when there is none; every
 * edge's `from` and `to` is the `id` of a node. Roles and relations are those of
 * `TopologyNodeRole` and `TopologyRelation`.
 */
import { EventTopology, TENANT_LABEL, TopologyEdge, TopologyNode, TopologyTenant } from './model';

/** The `schema` value of the JSON document. */
export const TOPOLOGY_JSON_SCHEMA = 'https://knative-faas-cdk.io/topology';
/** The `version` of the JSON shape this library writes. */
export const TOPOLOGY_JSON_VERSION = 1;

/** The JSON document `toTopologyJson` returns (see the module comment for an example). */
export interface TopologyJson {
  /** Always `TOPOLOGY_JSON_SCHEMA`. */
  readonly schema: string;
  /** The shape's version, `TOPOLOGY_JSON_VERSION`. */
  readonly version: number;
  /** The Namespace label tenants were read from. */
  readonly tenantLabel: string;
  /** Counts, for a quick look (and a CI gate on `dangling` / `crossTenant`). */
  readonly summary: {
    /** Number of nodes. */
    readonly nodes: number;
    /** Number of edges. */
    readonly edges: number;
    /** Number of tenants. */
    readonly tenants: number;
    /** Number of dangling edges. */
    readonly dangling: number;
    /** Number of cross-tenant edges. */
    readonly crossTenant: number;
  };
  /** The tenants, sorted by name. */
  readonly tenants: readonly TopologyTenant[];
  /** The nodes, in the topology's order. */
  readonly nodes: readonly TopologyNode[];
  /** The edges, in the topology's order. */
  readonly edges: readonly TopologyEdge[];
}

/** Options of `toTopologyJson`. */
export interface TopologyJsonOptions {
  /**
   * The tenant label to record (the one the topology was built with).
   * @default TENANT_LABEL
   */
  readonly tenantLabel?: string;
}

/** The topology as a plain JSON value with fixed key order (`JSON.stringify(toTopologyJson(t), null, 2)` to write it). */
export function toTopologyJson(topology: EventTopology, options: TopologyJsonOptions = {}): TopologyJson {
  return {
    schema: TOPOLOGY_JSON_SCHEMA,
    version: TOPOLOGY_JSON_VERSION,
    tenantLabel: options.tenantLabel ?? TENANT_LABEL,
    summary: {
      nodes: topology.nodes.length,
      edges: topology.edges.length,
      tenants: topology.tenants.length,
      dangling: topology.edges.filter((e) => e.dangling).length,
      crossTenant: topology.edges.filter((e) => e.crossTenant).length,
    },
    tenants: topology.tenants.map((t) => ({ name: t.name, namespaces: [...t.namespaces] })),
    nodes: topology.nodes.map((n) => ({
      id: n.id, role: n.role, group: n.group, apiVersion: n.apiVersion, kind: n.kind, name: n.name,
      ...(n.namespace !== undefined ? { namespace: n.namespace } : {}),
      ...(n.tenant !== undefined ? { tenant: n.tenant } : {}),
      missing: n.missing, details: { ...n.details },
    })),
    edges: topology.edges.map((e) => ({
      from: e.from, to: e.to, relation: e.relation, ...(e.label !== undefined ? { label: e.label } : {}), dangling: e.dangling, crossTenant: e.crossTenant,
    })),
  };
}
