/**
 * The event topology as a Mermaid flowchart (renders in GitLab and GitHub markdown): one
 * subgraph per tenant, external URIs outside them, dangling edges dashed red and labelled
 * `<relation>: dangling`, cross-tenant edges orange and labelled `<relation>: cross-tenant`, referenced objects that
 * are not in the manifests drawn dashed.
 *
 * Every label is escaped (Mermaid entity codes), so a hostile name (quotes, brackets, `-->`,
 * `%%`, HTML) can neither break the chart nor inject into it. Node ids are derived from the
 * node's identity (`n_<readable part>_<hash>`), so adding an object does not renumber the
 * others; the output is the same for the same topology.
 */
import { EventTopology, TopologyEdge, TopologyNode, TopologyNodeRole } from './model';

/** Options of `toMermaid`. */
export interface MermaidOptions {
  /**
   * The flowchart's direction: `LR` (left to right) or `TD` (top down).
   * @default 'LR'
   */
  readonly direction?: 'LR' | 'TD';
  /**
   * Characters per label line; longer lines (long filters, URIs) are cut with `…`.
   * @default 80
   */
  readonly maxLabelLength?: number;
}

/** Characters shown as they are in a quoted Mermaid label; everything else becomes an entity code. */
const SAFE = /[A-Za-z0-9 .,:/=_+@*!?$^~()-]/;

/**
 * Escapes text for a quoted Mermaid label: characters outside a small safe set become Mermaid
 * entity codes (`#35;` for `#`, `#34;` for `"`), so nothing in the text can close the
 * label, start a link (`-->`), a comment (`%%`) or markup.
 */
export function escapeMermaid(text: string): string {
  let out = '';
  for (const ch of text) out += SAFE.test(ch) ? ch : `#${ch.codePointAt(0)};`;
  // `--` followed by `>`/`-`/`.` cannot occur (`>` is escaped), but a run of dashes still reads as a link to some renderers.
  return out.replace(/--/g, '-#45;');
}

/** 32-bit FNV-1a of the UTF-16 code units, as 8 hex digits. */
function hash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

/** A Mermaid identifier for a node id: letters, digits and `_` only, never a keyword. */
export function mermaidId(prefix: string, id: string): string {
  // The group is left out of the readable part (the hash keeps ids of different groups apart).
  const readable = (prefix === 'n' && !id.startsWith('uri:') ? id.slice(id.indexOf('/') + 1) : id).replace(/[^A-Za-z0-9]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 48);
  return `${prefix}_${readable}_${hash(id)}`;
}

const SHAPES: Record<TopologyNodeRole, [string, string]> = {
  source: ['([', '])'],
  broker: ['[(', ')]'],
  channel: ['[(', ')]'],
  trigger: ['{{', '}}'],
  subscription: ['{{', '}}'],
  flow: ['[/', '/]'],
  sink: ['[[', ']]'],
  subscriber: ['[', ']'],
  uri: ['>', ']'],
};

const cut = (s: string, max: number) => (s.length > max ? `${s.slice(0, Math.max(1, max - 1))}…` : s);

function nodeLabel(n: TopologyNode, max: number): string {
  const lines = [n.group === 'serving.knative.dev' && n.kind === 'Service' ? 'Knative Service' : n.kind, n.name];
  for (const [k, v] of Object.entries(n.details)) lines.push(k === 'filter' ? v : `${k}: ${v}`);
  if (n.missing) lines.push('not in the manifests');
  return lines.map((l) => escapeMermaid(cut(l, max))).join('<br/>');
}

function edgeLabel(e: TopologyEdge, max: number): string {
  const marks = [e.dangling ? 'dangling' : undefined, e.crossTenant ? 'cross-tenant' : undefined].filter(Boolean);
  const text = [e.relation, e.label].filter(Boolean).join(' ');
  return escapeMermaid(cut(marks.length ? `${text}: ${marks.join(', ')}` : text, max));
}

/** The topology as a Mermaid flowchart (without the ```mermaid fence), ending in a newline. */
export function toMermaid(topology: EventTopology, options: MermaidOptions = {}): string {
  const direction = options.direction ?? 'LR';
  const max = Math.max(8, Math.floor(Number.isFinite(options.maxLabelLength) ? options.maxLabelLength! : 80));
  const ids = new Map(topology.nodes.map((n) => [n.id, mermaidId('n', n.id)]));
  const lines = [`flowchart ${direction}`];
  const nodeLine = (n: TopologyNode, indent: string) => {
    const [open, close] = SHAPES[n.role];
    return `${indent}${ids.get(n.id)}${open}"${nodeLabel(n, max)}"${close}`;
  };
  const byTenant = new Map<string, TopologyNode[]>();
  for (const n of topology.nodes) if (n.tenant !== undefined) byTenant.set(n.tenant, [...byTenant.get(n.tenant) ?? [], n]);
  for (const t of topology.tenants) {
    lines.push(`  subgraph ${mermaidId('t', t.name)}["${escapeMermaid(cut(`tenant ${t.name}`, max))}"]`);
    for (const n of byTenant.get(t.name) ?? []) lines.push(nodeLine(n, '    '));
    lines.push('  end');
  }
  for (const n of topology.nodes) if (n.tenant === undefined) lines.push(nodeLine(n, '  '));
  const dangling: number[] = [];
  const cross: number[] = [];
  topology.edges.forEach((e, i) => {
    const arrow = e.relation === 'dead-letter' || e.relation === 'subject' ? '-.->' : '-->';
    lines.push(`  ${ids.get(e.from)} ${arrow}|"${edgeLabel(e, max)}"| ${ids.get(e.to)}`);
    if (e.dangling) dangling.push(i);
    else if (e.crossTenant) cross.push(i);
  });
  const missing = topology.nodes.filter((n) => n.missing).map((n) => ids.get(n.id));
  if (missing.length) {
    lines.push('  classDef missing stroke:#d00,stroke-width:2px,stroke-dasharray:5 5,fill:#fff0f0');
    lines.push(`  class ${missing.join(',')} missing`);
  }
  if (dangling.length) lines.push(`  linkStyle ${dangling.join(',')} stroke:#d00,stroke-width:2px,stroke-dasharray:5 5`);
  if (cross.length) lines.push(`  linkStyle ${cross.join(',')} stroke:#e67e00,stroke-width:3px`);
  return lines.join('\n') + '\n';
}

/** The topology as a markdown document with a fenced Mermaid chart (renders when GitLab or GitHub shows the file). */
export function toMarkdown(topology: EventTopology, options: MermaidOptions = {}): string {
  const dangling = topology.edges.filter((e) => e.dangling).length;
  const cross = topology.edges.filter((e) => e.crossTenant).length;
  const summary = `${topology.nodes.length} nodes, ${topology.edges.length} edges, ${topology.tenants.length} tenant${topology.tenants.length === 1 ? '' : 's'}; ${dangling} dangling, ${cross} cross-tenant.`;
  return `# Event topology\n\n${summary}\n\n\`\`\`mermaid\n${toMermaid(topology, options)}\`\`\`\n`;
}
