/** Helpers of the openstack tests: synthesize an OpenStackApp into a temporary folder and read it back. */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { OpenStackApp } from '../../lib/openstack';

/** A fresh app writing into a new temporary folder. */
export function tmpApp(): { app: OpenStackApp; outdir: string } {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'kfc-os-'));
  return { app: new OpenStackApp({ outdir }), outdir };
}

/** Synthesizes and returns each stack's cdk.tf.json, by stack name. */
export function synthStacks(app: OpenStackApp, outdir: string): Record<string, any> {
  app.synth();
  const stacks = path.join(outdir, 'stacks');
  return Object.fromEntries(fs.readdirSync(stacks).map((s) => [s, JSON.parse(fs.readFileSync(path.join(stacks, s, 'cdk.tf.json'), 'utf8'))]));
}

/** The `[path] message` lines a synth reports, or [] when it succeeds. */
export function openStackSynthErrors(app: OpenStackApp): string[] {
  try {
    app.synth();
    return [];
  } catch (err) {
    const text = err instanceof Error ? err.message : String(err);
    const prefix = 'Validation failed with the following errors:\n';
    if (!text.startsWith(prefix)) throw err;
    return text.slice(prefix.length).split('\n').map((l) => l.trim()).filter(Boolean);
  }
}

/** Every file below `dir`, relative. */
export function filesBelow(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesBelow(path.join(dir, e.name)).map((f) => `${e.name}/${f}`) : [e.name])).sort();
}

/** The only instance of a resource type in a stack's JSON (fails when there are several). */
export function only(json: any, kind: 'resource' | 'data', type: string): any {
  const instances = Object.values(json[kind]?.[type] ?? {});
  if (instances.length !== 1) throw new Error(`expected one ${kind}.${type}, found ${instances.length}`);
  const { ['//']: _meta, ...body } = instances[0] as Record<string, unknown>;
  return body;
}
