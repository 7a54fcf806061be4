/**
 * The event topology (sources → brokers/channels → triggers/subscriptions → subscribers, replies
 * and dead letters, by tenant) as Mermaid and JSON. Loaded on first use, like the CLI: an app
 * that does not draw its topology does not pay for it at start-up. The types are exported as
 * usual; the values are getters that require the module the first time.
 */
import type * as Json from './json';
import type * as Mermaid from './mermaid';
import type * as Model from './model';
import type * as Write from './write';

export type {
  EventTopology, EventTopologyOptions, TopologyEdge, TopologyNode, TopologyNodeRole, TopologyRelation, TopologyTenant,
} from './model';
export type { MermaidOptions } from './mermaid';
export type { TopologyJson, TopologyJsonOptions } from './json';
export type { TopologyAttachOptions, TopologyFormat, WriteTopologyOptions } from './write';

/** See `eventTopology` in ./model. */
export declare const eventTopology: typeof Model.eventTopology;
/** See `TENANT_LABEL` in ./model: the Namespace label that names a namespace's tenant. */
export declare const TENANT_LABEL: typeof Model.TENANT_LABEL;
/** See `tenantTopology` in ./model. */
export declare const tenantTopology: typeof Model.tenantTopology;
/** See `toMermaid` in ./mermaid. */
export declare const toMermaid: typeof Mermaid.toMermaid;
/** See `toMarkdown` in ./mermaid. */
export declare const toMarkdown: typeof Mermaid.toMarkdown;
/** See `toTopologyJson` in ./json. */
export declare const toTopologyJson: typeof Json.toTopologyJson;
/** See `TOPOLOGY_JSON_VERSION` in ./json. */
export declare const TOPOLOGY_JSON_VERSION: typeof Json.TOPOLOGY_JSON_VERSION;
/** See `writeTopology` in ./write. */
export declare const writeTopology: typeof Write.writeTopology;
/** See `Topology` in ./write. */
export declare const Topology: typeof Write.Topology;
/** Writes an app's event topology whenever it synthesizes successfully (see ./write). */
export type Topology = Write.Topology;

/* eslint-disable @typescript-eslint/no-require-imports */
const LAZY: Record<string, () => unknown> = {
  eventTopology: () => (require('./model') as typeof Model).eventTopology,
  TENANT_LABEL: () => (require('./model') as typeof Model).TENANT_LABEL,
  tenantTopology: () => (require('./model') as typeof Model).tenantTopology,
  toMermaid: () => (require('./mermaid') as typeof Mermaid).toMermaid,
  toMarkdown: () => (require('./mermaid') as typeof Mermaid).toMarkdown,
  toTopologyJson: () => (require('./json') as typeof Json).toTopologyJson,
  TOPOLOGY_JSON_VERSION: () => (require('./json') as typeof Json).TOPOLOGY_JSON_VERSION,
  writeTopology: () => (require('./write') as typeof Write).writeTopology,
  Topology: () => (require('./write') as typeof Write).Topology,
};
/* eslint-enable @typescript-eslint/no-require-imports */
for (const [name, load] of Object.entries(LAZY)) Object.defineProperty(exports, name, { enumerable: true, get: load });
