/**
 * `npm run synth`: synthesizes every example into dist/<example>/, then runs the validator over
 * everything written. Needs no cluster and no network.
 *
 * An example is a file examples/<name>.ts exporting `buildApp(outdir: string): App`, and optionally
 * `clusterSettings` (the ClusterSettingsProps of the cluster it targets), which its output is
 * validated against, and `skip` (why it cannot run here, e.g. input only CI has), which skips it
 * with that message.
 * `--only NAME` synthesizes one example; CDK8S_OUTDIR (set by `cdk8s synth`) overrides dist/.
 */
import * as fs from 'fs';
import * as path from 'path';
import { App } from 'cdk8s';
import { ClusterSettings, ClusterSettingsProps } from '../lib/core/cluster-settings';
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
  const settingsOf = new Map<string, ClusterSettingsProps | undefined>();
  const run: string[] = [];
  for (const name of names) {
    const outdir = path.join(dist, name);
    fs.rmSync(outdir, { recursive: true, force: true });
    const mod = loadExample(name);
    if (mod.skip) {
      console.log(`skipped example ${name}: ${mod.skip}`);
      continue;
    }
    run.push(name);
    settingsOf.set(name, mod.clusterSettings);
    mod.buildApp(outdir).synth();
  }
  // Examples that declare the cluster they target are validated against its settings.
  const groups = new Map<ClusterSettingsProps | undefined, string[]>();
  for (const name of run) groups.set(settingsOf.get(name), [...(groups.get(settingsOf.get(name)) ?? []), name]);
  let errors = 0;
  for (const [settings, group] of groups) {
    const report = validateFiles(group.map((n) => path.join(dist, n)), { settings: settings ? new ClusterSettings(settings) : undefined });
    for (const line of report.lines) console.log(line);
    errors += report.errors;
  }
  if (errors > 0) process.exit(1);
}

/**
 * An example module: `buildApp`, and optionally the `clusterSettings` of the cluster it targets
 * (as it applies them with ClusterSettings.apply), which its output is validated against.
 */
export interface ExampleModule {
  buildApp(outdir: string): App;
  readonly clusterSettings?: ClusterSettingsProps;
  /** Why the example cannot run here (it needs input a fresh clone lacks); it is skipped, saying so. */
  readonly skip?: string;
}

/** Loads examples/<name>.ts. */
export function loadExample(name: string): ExampleModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(path.join(root, 'examples', name)) as ExampleModule;
}

if (require.main === module) {
  try {
    main();
  } catch (err) {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  }
}
