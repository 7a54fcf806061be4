/**
 * Every example synthesizes, its output passes the validator with no errors and no unchecked
 * kinds, and two synths of the same example are byte-identical.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'cdk8s';
import { validateFiles } from '../lib/validation/files';
import { ClusterSettings } from '../lib/core/cluster-settings';
import { exampleNames, loadExample } from '../scripts/synth-examples';

function synth(name: string): { dir: string; files: Record<string, string> } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `example-${name}-`));
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require(path.join(__dirname, '..', 'examples', name)) as { buildApp(outdir: string): App };
  mod.buildApp(dir).synth();
  const files: Record<string, string> = {};
  // Recursive: a PlatformApp writes folders (plain/, argocd/, flux/, components/).
  const walk = (d: string): void => {
    for (const f of fs.readdirSync(d).sort()) {
      const full = path.join(d, f);
      if (fs.statSync(full).isDirectory()) walk(full);
      else files[path.relative(dir, full)] = fs.readFileSync(full, 'utf8');
    }
  };
  walk(dir);
  return { dir, files };
}

const names = exampleNames();

test('there are examples', () => {
  expect(names.length).toBeGreaterThan(0);
});

describe.each(names)('example %s', (name) => {
  const skip = loadExample(name).skip;
  if (skip) {
    // eslint-disable-next-line no-console
    console.warn(`example ${name} skipped: ${skip}`);
  }
  (skip ? test.skip : test)('synthesizes output that validates cleanly and deterministically', () => {
    const first = synth(name);
    expect(Object.keys(first.files).length).toBeGreaterThan(0);
    const settings = loadExample(name).clusterSettings;
    const report = validateFiles([first.dir], { strict: true, settings: settings ? new ClusterSettings(settings) : undefined });
    expect(report.lines.filter((l) => / error: /.test(l) || l.startsWith('unchecked'))).toEqual([]);
    expect(report.errors).toBe(0);
    expect(report.results.length).toBeGreaterThan(0);
    const second = synth(name);
    expect(second.files).toEqual(first.files);
  });
});
