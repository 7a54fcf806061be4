/**
 * Writing the topology of an app: `writeTopology(app, dir)` after `app.synth()`, or
 * `Topology.attach(app)` once, which does the same at the end of every successful
 * `app.synth()`. A failing synth (any error reported by a construct or by the validator) throws
 * before anything is written, so a failing app leaves no topology behind either.
 *
 * The files go to their own folder, not into the manifests folder: Argo CD reads every `*.json`
 * of a directory application and `knative-faas-cdk validate dist/` reads `*.json` too, so a
 * `topology.json` among the manifests would be taken for one.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { App } from 'cdk8s';
import { toTopologyJson } from './json';
import { MermaidOptions, toMarkdown, toMermaid } from './mermaid';
import { eventTopology, EventTopologyOptions, tenantTopology } from './model';

/** The files `writeTopology` can write. */
export type TopologyFormat = 'mermaid' | 'json' | 'markdown';

/** Options of `writeTopology` and `Topology.attach`. */
export interface WriteTopologyOptions extends EventTopologyOptions, MermaidOptions {
  /**
   * Which files to write: `mermaid` is `topology.mmd`, `json` is `topology.json`, `markdown` is
   * `topology.md` (the chart in a ```mermaid fence, which GitLab and GitHub render when the file is viewed).
   * @default ['mermaid', 'json', 'markdown']
   */
  readonly formats?: readonly TopologyFormat[];
  /**
   * Also write `tenants/<tenant>.md`, one diagram per tenant (with the edges that touch it and
   * the nodes at their other ends): a large platform's whole picture is beyond what GitLab and
   * GitHub render (GitHub: 50,000 characters).
   * @default false
   */
  readonly perTenant?: boolean;
}

/** A file name for a tenant: letters, digits, `-`, `_` and `.` kept, anything else `_`, never `.` or `..`. */
export function tenantFileName(tenant: string): string {
  const safe = tenant.replace(/[^A-Za-z0-9_.-]/g, '_').slice(0, 100);
  return /^\.*$/.test(safe) ? `_${safe}` : safe;
}

const FILES: Record<TopologyFormat, string> = { mermaid: 'topology.mmd', json: 'topology.json', markdown: 'topology.md' };

function isApp(source: unknown): source is App {
  return typeof source === 'object' && source !== null && !Array.isArray(source) && Array.isArray((source as { charts?: unknown }).charts);
}

/** The objects an app synthesizes, chart by chart in the app's order (what `app.synth()` writes). */
export function appObjects(app: App): unknown[] {
  return app.charts.flatMap((chart) => chart.toJson() as unknown[]);
}

/**
 * Writes the event topology of an app (call it after `app.synth()` succeeded) or of a list of
 * objects into `outdir` (created if needed). Returns the paths written, in a fixed order.
 */
export function writeTopology(source: App | readonly unknown[], outdir: string, options: WriteTopologyOptions = {}): string[] {
  if (typeof outdir !== 'string' || outdir === '') throw new TypeError('writeTopology: outdir must be a non-empty folder path');
  const objects = isApp(source) ? appObjects(source) : Array.isArray(source) ? source : undefined;
  if (!objects) throw new TypeError('writeTopology: the first argument must be a cdk8s App or an array of Kubernetes objects');
  const topology = eventTopology(objects, options);
  const formats = options.formats ?? ['mermaid', 'json', 'markdown'];
  fs.mkdirSync(outdir, { recursive: true });
  const written: string[] = [];
  for (const format of (['mermaid', 'json', 'markdown'] as const).filter((f) => formats.includes(f))) {
    const file = path.join(outdir, FILES[format]);
    const text = format === 'mermaid' ? toMermaid(topology, options)
      : format === 'json' ? JSON.stringify(toTopologyJson(topology, options), null, 2) + '\n'
        : toMarkdown(topology, options);
    fs.writeFileSync(file, text);
    written.push(file);
  }
  if (options.perTenant) {
    const dir = path.join(outdir, 'tenants');
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir);
    const names = new Set<string>();
    for (const t of topology.tenants) {
      let name = tenantFileName(t.name);
      // Two tenants whose names differ only in replaced characters get distinct files.
      for (let i = 2; names.has(name); i++) name = `${tenantFileName(t.name)}-${i}`;
      names.add(name);
      const file = path.join(dir, `${name}.md`);
      fs.writeFileSync(file, toMarkdown(tenantTopology(topology, [t.name]), options).replace('# Event topology', `# Event topology of tenant ${t.name.replace(/[\r\n]/g, ' ')}`));
      written.push(file);
    }
  }
  return written;
}

/** Options of `Topology.attach`. */
export interface TopologyAttachOptions extends WriteTopologyOptions {
  /**
   * The folder for the topology files.
   * @default - `topology` beside the app's outdir (`dist` → `topology`)
   */
  readonly outdir?: string;
}

const attached = new WeakSet<object>();

/** Writes an app's event topology whenever it synthesizes successfully. */
export class Topology {
  /**
   * After every successful `app.synth()`, writes the app's topology (`topology.mmd`,
   * `topology.json`, `topology.md`) into `options.outdir`. Nothing is written when the synth
   * fails. Attaching twice has no further effect.
   */
  public static attach(app: App, options: TopologyAttachOptions = {}): void {
    if (!isApp(app)) throw new TypeError('Topology.attach: the argument must be a cdk8s App');
    if (attached.has(app)) return;
    attached.add(app);
    const synth = app.synth.bind(app);
    const { outdir, ...writeOptions } = options;
    (app as { synth: () => void }).synth = () => {
      synth();
      writeTopology(app, outdir ?? path.join(path.dirname(path.resolve(app.outdir)), 'topology'), writeOptions);
    };
  }

  private constructor() {}
}
