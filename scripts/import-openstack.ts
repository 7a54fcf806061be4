/**
 * Regenerates imports/openstack/ from the OpenStack Terraform provider schema (provider 3.4.0):
 *
 * - imports/openstack/<resource>/index.ts, provider/, index.ts, lazy-index.ts: the CDK for
 *   Terraform bindings written by cdktf's provider generator (`TerraformProviderGenerator`, used
 *   directly: the package's main entry needs jsii-pacmak), for the resources and data sources the
 *   openstack entry point uses (BINDINGS). They are the escape hatch for what lib/openstack does not
 *   model, and compile-checked type sources; the constructs render their own JSON.
 * - imports/openstack/behaviour.ts: what the schema format cannot carry (ForceNew, defaults,
 *   ConflictsWith, RequiredWith, validation functions, timeout defaults), as a compact typed table
 *   read by lib/openstack at synth, from openstack-provider-behaviour.json.
 *
 * Usage:
 *   npm run import:openstack                       # reads ../shared/terraform (the default)
 *   npm run import:openstack -- --from DIR         # a folder holding the two JSON files
 *   npm run import:openstack -- --out DIR          # writes somewhere else (the drift test uses this)
 *
 * The output depends only on the two JSON files and the pinned @cdktf/provider-generator, so
 * rerunning it gives byte-identical files.
 */
import * as fs from 'fs';
import * as path from 'path';

/** The provider's registry address, as the schema names it. */
export const PROVIDER_FQN = 'registry.terraform.io/terraform-provider-openstack/openstack';
/** The provider release the schema was taken from (see ../shared/terraform/README.md). */
export const PROVIDER_VERSION = '3.4.0';

/** The resources and data sources bindings are generated for: what lib/openstack renders or looks up. */
export const BINDINGS = {
  resources: [
    'openstack_compute_keypair_v2',
    'openstack_containerinfra_cluster_v1',
    'openstack_containerinfra_clustertemplate_v1',
    'openstack_containerinfra_nodegroup_v1',
    'openstack_dns_recordset_v2',
    'openstack_dns_zone_v2',
    'openstack_networking_floatingip_v2',
    'openstack_networking_network_v2',
    'openstack_networking_router_interface_v2',
    'openstack_networking_router_v2',
    'openstack_networking_secgroup_rule_v2',
    'openstack_networking_secgroup_v2',
    'openstack_networking_subnet_v2',
  ],
  dataSources: [
    'openstack_compute_flavor_v2',
    'openstack_containerinfra_cluster_v1',
    'openstack_containerinfra_clustertemplate_v1',
    'openstack_dns_zone_v2',
    'openstack_images_image_v2',
    'openstack_networking_network_v2',
    'openstack_networking_subnet_v2',
  ],
} as const;

/** What `runOpenStackImport` reads and where it writes. */
export interface OpenStackImportOptions {
  /** A folder holding openstack-provider-schema.json and openstack-provider-behaviour.json. */
  readonly from: string;
  /** The folder to write (imports/openstack, or a temporary folder to compare with it). */
  readonly out: string;
  /** The resources and data sources to generate. @default BINDINGS */
  readonly bindings?: { readonly resources: readonly string[]; readonly dataSources: readonly string[] };
}

interface ProviderSchemaFile {
  format_version: string;
  provider_schemas: Record<string, { provider: unknown; resource_schemas: Record<string, unknown>; data_source_schemas: Record<string, unknown> }>;
  provider_versions?: Record<string, string>;
}

/** The schema file cut down to BINDINGS, with the provider version pinned. */
export function bindingSchema(full: ProviderSchemaFile, bindings: { readonly resources: readonly string[]; readonly dataSources: readonly string[] } = BINDINGS): ProviderSchemaFile {
  const p = full.provider_schemas[PROVIDER_FQN];
  if (!p) throw new Error(`the schema has no provider ${PROVIDER_FQN}`);
  const pick = (from: Record<string, unknown>, names: readonly string[], what: string) => Object.fromEntries(names.map((n) => {
    if (!(n in from)) throw new Error(`the schema has no ${what} ${n}`);
    return [n, from[n]];
  }));
  return {
    format_version: full.format_version,
    provider_schemas: {
      [PROVIDER_FQN]: {
        provider: p.provider,
        resource_schemas: pick(p.resource_schemas, bindings.resources, 'resource'),
        data_source_schemas: pick(p.data_source_schemas, bindings.dataSources, 'data source'),
      },
    },
    provider_versions: { [PROVIDER_FQN]: PROVIDER_VERSION },
  };
}

/** A validation function of the provider, as far as it can be checked from the configuration. */
export type BehaviourCheck =
  | { readonly kind: 'intBetween'; readonly min: number; readonly max: number }
  | { readonly kind: 'intAtLeast'; readonly min: number }
  | { readonly kind: 'intInSlice'; readonly values: readonly number[] }
  | { readonly kind: 'stringInSlice'; readonly values: readonly string[]; readonly ignoreCase: boolean }
  | { readonly kind: 'stringMatch'; readonly pattern: string; readonly message: string }
  | { readonly kind: 'opaque'; readonly source: string };

interface RawBehaviour {
  force_new?: boolean;
  default?: unknown;
  default_func?: string;
  conflicts_with?: string[];
  required_with?: string[];
  validate?: string;
  defaults?: Record<string, string>;
  deprecated?: string;
}

function goStrings(list: string): string[] {
  return [...list.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((m) => JSON.parse(`"${m[1]}"`) as string);
}

/** Parses the Go text of a ValidateFunc into a check (opaque when it cannot be evaluated here). */
export function parseCheck(source: string): BehaviourCheck {
  let m = /^validation\.IntBetween\((-?\d+), (-?\d+)\)$/.exec(source);
  if (m) return { kind: 'intBetween', min: Number(m[1]), max: Number(m[2]) };
  m = /^validation\.IntAtLeast\((-?\d+)\)$/.exec(source);
  if (m) return { kind: 'intAtLeast', min: Number(m[1]) };
  m = /^validation\.IntInSlice\(\[\]int\{([\d, ]+)\}\)$/.exec(source);
  if (m) return { kind: 'intInSlice', values: m[1].split(',').map((s) => Number(s.trim())) };
  m = /^validation\.StringInSlice\(\[\]string\{((?:"(?:[^"\\]|\\.)*"(?:, )?)+)\}, (true|false)\)$/.exec(source);
  if (m) return { kind: 'stringInSlice', values: goStrings(m[1]), ignoreCase: m[2] === 'true' };
  m = /^validation\.StringMatch\(regexp\.MustCompile\(("(?:[^"\\]|\\.)*")\), ("(?:[^"\\]|\\.)*")\)$/.exec(source);
  if (m) return { kind: 'stringMatch', pattern: JSON.parse(m[1]) as string, message: JSON.parse(m[2]) as string };
  return { kind: 'opaque', source };
}

function minutes(source: string): number {
  const m = /^schema\.DefaultTimeout\((\d+) \* time\.Minute\)$/.exec(source);
  if (!m) throw new Error(`unexpected timeout default ${source}`);
  return Number(m[1]);
}

function envOf(source: string): string[] {
  return [...source.matchAll(/"(OS_[A-Z_]+)"/g)].map((x) => x[1]);
}

function compact(raw: Record<string, RawBehaviour>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const attr of Object.keys(raw).sort()) {
    const b = raw[attr];
    const e: Record<string, unknown> = {};
    if (attr === 'timeouts' && b.defaults) {
      e.timeoutMinutes = Object.fromEntries(Object.entries(b.defaults).map(([k, v]) => [k, minutes(v)]));
    }
    if (b.force_new) e.forceNew = true;
    if ('default' in b) e.default = b.default;
    if (b.default_func) e.env = envOf(b.default_func);
    if (b.conflicts_with) e.conflictsWith = b.conflicts_with;
    if (b.required_with) e.requiredWith = b.required_with;
    if (b.validate) e.check = parseCheck(b.validate);
    if (b.deprecated) e.deprecated = b.deprecated;
    out[attr] = e;
  }
  return out;
}

/** The text of imports/openstack/behaviour.ts. */
export function behaviourModule(raw: { provider: Record<string, RawBehaviour>; resource_schemas: Record<string, Record<string, RawBehaviour>>; data_source_schemas: Record<string, Record<string, RawBehaviour>> }, bindings: { readonly resources: readonly string[]; readonly dataSources: readonly string[] } = BINDINGS): string {
  const table = (from: Record<string, Record<string, RawBehaviour>>, names: readonly string[]) =>
    Object.fromEntries(names.filter((n) => n in from).map((n) => [n, compact(from[n])]));
  // One line per attribute: compact, and diffs stay readable.
  const attrs = (t: Record<string, unknown>, indent: string) => Object.keys(t).length === 0 ? '{}' : `{\n${Object.entries(t).map(([k, v]) => `${indent}  ${JSON.stringify(k)}: ${JSON.stringify(v)},`).join('\n')}\n${indent}}`;
  const nested = (t: Record<string, Record<string, unknown>>) => `{\n${Object.entries(t).map(([k, v]) => `  ${JSON.stringify(k)}: ${attrs(v, '  ')},`).join('\n')}\n}`;
  return [
    '// generated by scripts/import-openstack.ts from openstack-provider-behaviour.json (provider 3.4.0); do not edit',
    '/* eslint-disable */',
    '',
    '/** A validation function of the provider, as far as it can be checked from the configuration. */',
    'export type BehaviourCheck =',
    "  | { readonly kind: 'intBetween'; readonly min: number; readonly max: number }",
    "  | { readonly kind: 'intAtLeast'; readonly min: number }",
    "  | { readonly kind: 'intInSlice'; readonly values: readonly number[] }",
    "  | { readonly kind: 'stringInSlice'; readonly values: readonly string[]; readonly ignoreCase: boolean }",
    "  | { readonly kind: 'stringMatch'; readonly pattern: string; readonly message: string }",
    "  | { readonly kind: 'opaque'; readonly source: string };",
    '',
    '/** What the provider does with one attribute beyond its schema (nested attributes as `block.attr`). */',
    'export interface AttributeBehaviour {',
    '  /** Changing it replaces the resource. */',
    '  readonly forceNew?: boolean;',
    '  /** The value the provider uses when it is not set. */',
    '  readonly default?: string | number | boolean;',
    '  /** Environment variables the provider reads when it is not set. */',
    '  readonly env?: readonly string[];',
    '  /** Attributes that cannot be set together with it. */',
    '  readonly conflictsWith?: readonly string[];',
    '  /** Attributes that must be set when it is. */',
    '  readonly requiredWith?: readonly string[];',
    '  /** The provider\'s validation function. */',
    '  readonly check?: BehaviourCheck;',
    '  /** The deprecation message. */',
    '  readonly deprecated?: string;',
    '  /** Default timeouts in minutes (on `timeouts` only). */',
    '  readonly timeoutMinutes?: Readonly<Record<string, number>>;',
    '}',
    '',
    '/** Behaviour of the provider block\'s arguments. */',
    `export const PROVIDER_BEHAVIOUR: Readonly<Record<string, AttributeBehaviour>> = ${attrs(compact(raw.provider), '')};`,
    '',
    '/** Behaviour of the resources\' attributes, by resource type. */',
    `export const RESOURCE_BEHAVIOUR: Readonly<Record<string, Readonly<Record<string, AttributeBehaviour>>>> = ${nested(table(raw.resource_schemas, bindings.resources) as Record<string, Record<string, unknown>>)};`,
    '',
    '/** Behaviour of the data sources\' attributes, by data source type. */',
    `export const DATA_SOURCE_BEHAVIOUR: Readonly<Record<string, Readonly<Record<string, AttributeBehaviour>>>> = ${nested(table(raw.data_source_schemas, bindings.dataSources) as Record<string, Record<string, unknown>>)};`,
    '',
  ].join('\n');
}

/** Writes the bindings and the behaviour table into `opts.out` (emptied first). */
export async function runOpenStackImport(opts: OpenStackImportOptions): Promise<void> {
  const schemaFile = path.join(opts.from, 'openstack-provider-schema.json');
  const behaviourFile = path.join(opts.from, 'openstack-provider-behaviour.json');
  const schema = bindingSchema(JSON.parse(fs.readFileSync(schemaFile, 'utf8')) as ProviderSchemaFile, opts.bindings);
  const behaviour = JSON.parse(fs.readFileSync(behaviourFile, 'utf8'));
  // @cdktf/commons reads the Terraform CLI configuration when it loads: point it at nothing, so it neither warns nor depends on the machine.
  process.env.TF_CLI_CONFIG_FILE = process.env.TF_CLI_CONFIG_FILE ?? '/dev/null';
  /* eslint-disable @typescript-eslint/no-require-imports */
  // The generator's own copy of codemaker (it pins one of its own), so its emitters and ours agree.
  const generatorDir = path.dirname(require.resolve('@cdktf/provider-generator/package.json'));
  const { CodeMaker } = require(require.resolve('codemaker', { paths: [generatorDir] })) as typeof import('codemaker');
  const { TerraformProviderGenerator } = require('@cdktf/provider-generator/lib/get/generator/provider-generator') as typeof import('@cdktf/provider-generator/lib/get/generator/provider-generator');
  /* eslint-enable @typescript-eslint/no-require-imports */
  const tmp = fs.mkdtempSync(path.join(require('os').tmpdir() as string, 'kfc-openstack-'));
  try {
    const code = new CodeMaker();
    const generator = new TerraformProviderGenerator(code as never, schema as never);
    generator.generateAll();
    await generator.save(tmp);
    const generated = path.join(tmp, 'providers', 'openstack');
    fs.rmSync(opts.out, { recursive: true, force: true });
    fs.mkdirSync(opts.out, { recursive: true });
    copyTs(generated, opts.out);
    fs.writeFileSync(path.join(opts.out, 'behaviour.ts'), behaviourModule(behaviour, opts.bindings));
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/** Copies the .ts files (the generator's README.md files are registry docs links only). */
function copyTs(from: string, to: string): void {
  for (const e of fs.readdirSync(from, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const src = path.join(from, e.name);
    if (e.isDirectory()) {
      fs.mkdirSync(path.join(to, e.name), { recursive: true });
      copyTs(src, path.join(to, e.name));
    } else if (e.name.endsWith('.ts')) {
      fs.copyFileSync(src, path.join(to, e.name));
    }
  }
}

function parseArgs(argv: string[]): OpenStackImportOptions {
  const root = path.resolve(__dirname, '..');
  let from = path.resolve(root, '..', 'shared', 'terraform');
  let out = path.join(root, 'imports', 'openstack');
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--from') from = path.resolve(argv[++i]);
    else if (argv[i] === '--out') out = path.resolve(argv[++i]);
    else throw new Error(`unknown argument ${argv[i]}; usage: import-openstack [--from DIR] [--out DIR]`);
  }
  if (!fs.existsSync(path.join(from, 'openstack-provider-schema.json'))) {
    throw new Error(`${from} holds no openstack-provider-schema.json; pass --from DIR`);
  }
  return { from, out };
}

if (require.main === module) {
  runOpenStackImport(parseArgs(process.argv.slice(2))).then(
    () => console.log('imports/openstack written'),
    (err: unknown) => {
      console.error(err instanceof Error ? err.message : err);
      process.exit(1);
    },
  );
}
