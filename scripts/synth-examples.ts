/**
 * `npm run synth`: synthesizes every example into dist/<example>/, then runs the validator over
 * everything written. Needs no cluster and no network.
 *
 * An example is a file examples/<name>.ts exporting `buildApp(outdir: string): App`.
 * `--only NAME` synthesizes one example; CDK8S_OUTDIR (set by `cdk8s synth`) overrides dist/.
 */
import * as fs from 'fs';
import * as path from 'path';
import { App } from 'cdk8s';
import { validateFiles } from '../lib/validation/files';

const root = path.resolve(__dirname, '..');

export function exampleNames(): string[] {
  return fs.readdirSync(path.join(root, 'examples'))
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
    .map((f) => f.replace(/\.ts$/, ''))
    .sort();
}

function main(): void {
  const args = process.argv.slice(2);
  const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : undefined;
  const dist = process.env.CDK8S_OUTDIR ? path.resolve(process.env.CDK8S_OUTDIR) : path.join(root, 'dist');
  const names = exampleNames().filter((n) => !only || n === only);
  if (only && names.length === 0) throw new Error(`no example named ${only}; have: ${exampleNames().join(', ')}`);
  for (const name of names) {
    const outdir = path.join(dist, name);
    fs.rmSync(outdir, { recursive: true, force: true });
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require(path.join(root, 'examples', name)) as { buildApp(outdir: string): App };
    mod.buildApp(outdir).synth();
  }
  const report = validateFiles(names.map((n) => path.join(dist, n)));
  for (const line of report.lines) console.log(line);
  if (report.errors > 0) process.exit(1);
}

if (require.main === module) {
  try {
    main();
  } catch (err) {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  }
}
