/**
 * `npm run synth:openstack` (part of `npm run synth`): synthesizes every OpenStack example
 * (examples/openstack/<name>.ts exporting `buildOpenStackExample(outdir)`) into
 * dist/openstack/<name>/: terraform/stacks/<stack>/cdk.tf.json per stack and the cdk8s platform
 * manifests; then validates the platform manifests (the library's validator) and checks every
 * cdk.tf.json against the provider schemas (scripts/terraform-schema-check.ts; the OpenStack
 * schema from ../shared/terraform when present). Needs no cloud and no network.
 * `--only NAME` synthesizes one example.
 */
import * as fs from 'fs';
import * as path from 'path';
import { performance } from 'perf_hooks';
import { validateFiles } from '../lib/validation/files';
import { checkTerraformJson, loadOpenStackSchemas, prebuiltSchemas, ProviderSchemas } from './terraform-schema-check';
import type { OpenStackExample } from '../examples/openstack/types';

const root = path.resolve(__dirname, '..');
const examplesDir = path.join(root, 'examples', 'openstack');
const SHARED_SCHEMA = path.resolve(root, '..', 'shared', 'terraform', 'openstack-provider-schema.json');

/** The OpenStack examples: examples/openstack/*.ts except helpers (`_*.ts`, types.ts). */
export function openStackExampleNames(): string[] {
  return fs.readdirSync(examplesDir).filter((f) => f.endsWith('.ts') && !f.startsWith('_') && f !== 'types.ts').map((f) => f.replace(/\.ts$/, '')).sort();
}

/** Loads examples/openstack/<name>.ts. */
export function loadOpenStackExample(name: string): { buildOpenStackExample(outdir: string): OpenStackExample } {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(path.join(examplesDir, name));
}

/** The schemas the synthesized JSON is checked against (OpenStack only when ../shared is there). */
export function terraformSchemas(): Record<string, ProviderSchemas> {
  const schemas = prebuiltSchemas(root);
  if (fs.existsSync(SHARED_SCHEMA)) schemas.openstack = loadOpenStackSchemas(SHARED_SCHEMA);
  return schemas;
}

function main(): void {
  const args = process.argv.slice(2);
  const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : undefined;
  const names = openStackExampleNames().filter((n) => !only || n === only);
  if (only && names.length === 0) throw new Error(`no OpenStack example named ${only}; have: ${openStackExampleNames().join(', ')}`);
  const schemas = terraformSchemas();
  if (!schemas.openstack) console.warn(`${SHARED_SCHEMA} is absent: the OpenStack resources are not checked against the provider schema`);
  let errors = 0;
  for (const name of names) {
    const outdir = path.join(root, 'dist', 'openstack', name);
    fs.rmSync(outdir, { recursive: true, force: true });
    fs.mkdirSync(outdir, { recursive: true });
    const started = performance.now();
    const ex = loadOpenStackExample(name).buildOpenStackExample(outdir);
    const platforms = [...(ex.platform ? [ex.platform] : []), ...Object.values(ex.platforms ?? {})];
    for (const p of platforms) p.synth();
    ex.terraform.synth();
    const ms = performance.now() - started;
    const stacksDir = path.join(outdir, 'terraform', 'stacks');
    let resources = 0;
    for (const stack of fs.readdirSync(stacksDir).sort()) {
      const json = JSON.parse(fs.readFileSync(path.join(stacksDir, stack, 'cdk.tf.json'), 'utf8'));
      resources += Object.values((json.resource ?? {}) as Record<string, object>).reduce((n, r) => n + Object.keys(r).length, 0);
      for (const p of checkTerraformJson(json, schemas, schemas.openstack ? [] : ['openstack'])) {
        console.log(`${name}/${stack}: ${p}`);
        errors++;
      }
    }
    console.log(`${name}: ${fs.readdirSync(stacksDir).length} stacks, ${resources} resources, ${platforms.length} platform(s) in ${ms.toFixed(0)} ms`);
    // Each platform is one cluster's: validated on its own (its KnativeServing is that cluster's settings).
    for (const p of platforms) {
      const report = validateFiles([p.outdir]);
      for (const line of report.lines) console.log(line);
      errors += report.errors;
    }
  }
  if (errors > 0) process.exit(1);
}

if (require.main === module) {
  try {
    main();
  } catch (err) {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  }
}
