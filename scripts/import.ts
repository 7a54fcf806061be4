/**
 * Regenerates everything under imports/ from upstream CustomResourceDefinitions:
 *
 * - imports/<group>.ts: L1 bindings written by `cdk8s import` (one module per API group);
 * - imports/schemas/<group>.json: the OpenAPI schema of every served version of every CRD,
 *   which the validation engine reads at run time (so users never need the CRD files);
 * - imports/validators/: the ajv standalone validators of the CRDs of the binding groups (see
 *   lib/validation/schema/standalone.ts), generated from imports/schemas;
 * - imports/schemas/kubernetes-fields.json: the JSON field names of every built-in kind
 *   (Deployment, Service, ...), read from the jsii assembly of the pinned cdk8s-plus-33 (Kubernetes
 *   1.33), so the engine can report fields the API server would prune (see writeKubernetesFields).
 *
 * Usage:
 *   npm run import                       # reads ../shared/crds (the default)
 *   npm run import -- --from DIR         # reads another local folder laid out like ../shared/crds
 *   npm run import -- --release          # downloads the pinned upstream release manifests instead
 *   npm run import -- --out DIR          # writes somewhere else (the drift test uses this)
 *
 * The output depends only on the CRD text and the pinned cdk8s-cli (and the cdk8s-plus-33 it
 * depends on), so rerunning it on the same input gives byte-identical files.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as zlib from 'zlib';
import { parseAllDocuments } from 'yaml';
import { CrdSchema, toCrdSchema } from '../lib/validation/schema/crd-store';
import { standaloneValidators } from '../lib/validation/schema/standalone';

/** CRD folders (relative to --from) whose kinds get TypeScript bindings. */
export const BINDING_SOURCES = ['knative-serving', 'knative-eventing', 'knative-extensions', 'istio'];

/** CRD folders whose schemas the validator knows. A superset of the binding sources. */
export const SCHEMA_SOURCES = [...BINDING_SOURCES, 'knative-operator', 'cert-manager', 'flux', 'argocd'];

/**
 * Upstream release manifests equivalent to ../shared/crds (see its SOURCES.md). Documents that
 * are not CustomResourceDefinitions are ignored, so full release manifests can be used.
 */
export const RELEASE_URLS: Record<string, string[]> = {
  'knative-serving': ['https://github.com/knative/serving/releases/download/knative-v1.23.0/serving-crds.yaml'],
  'knative-eventing': [
    'https://github.com/knative/eventing/releases/download/knative-v1.22.2/eventing-crds.yaml',
    'https://github.com/knative/eventing/releases/download/knative-v1.22.2/in-memory-channel.yaml',
  ],
  'knative-extensions': [
    'https://github.com/knative-extensions/eventing-github/releases/download/knative-v1.21.0/github.yaml',
    'https://github.com/knative-extensions/eventing-gitlab/releases/download/knative-v1.22.1/gitlab.yaml',
    'https://github.com/knative-extensions/eventing-kafka-broker/releases/download/knative-v1.22.0/eventing-kafka-source.yaml',
    'https://github.com/knative-extensions/eventing-kafka-broker/releases/download/knative-v1.22.0/eventing-kafka-sink.yaml',
    'https://github.com/knative-extensions/eventing-kafka-broker/releases/download/knative-v1.22.0/eventing-kafka-channel.yaml',
    'https://github.com/knative-extensions/eventing-rabbitmq/releases/download/knative-v1.22.0/rabbitmq-source.yaml',
  ],
  'istio': ['https://raw.githubusercontent.com/istio/istio/1.30.3/manifests/charts/base/files/crd-all.gen.yaml'],
  'knative-operator': ['https://github.com/knative/operator/releases/download/knative-v1.23.0/operator.yaml'],
  'cert-manager': ['https://github.com/cert-manager/cert-manager/releases/download/v1.19.1/cert-manager.crds.yaml'],
  'flux': ['https://github.com/fluxcd/flux2/releases/download/v2.7.3/install.yaml'],
  'argocd': ['https://raw.githubusercontent.com/argoproj/argo-cd/v3.2.0/manifests/crds/application-crd.yaml',
    'https://raw.githubusercontent.com/argoproj/argo-cd/v3.2.0/manifests/crds/applicationset-crd.yaml',
    'https://raw.githubusercontent.com/argoproj/argo-cd/v3.2.0/manifests/crds/appproject-crd.yaml'],
};

/** What `runImport` reads and where it writes. */
export interface ImportOptions {
  /** A folder laid out like ../shared/crds (one subfolder per source); ignored with `release`. */
  readonly from: string;
  /** Download the pinned upstream release manifests (RELEASE_URLS) instead of reading `from`. */
  readonly release: boolean;
  /** The folder to write: imports/ of the repo, or a temporary folder to compare with it. */
  readonly out: string;
}

function parseArgs(argv: string[]): ImportOptions {
  const root = path.resolve(__dirname, '..');
  let from = path.resolve(root, '..', 'shared', 'crds');
  let out = path.join(root, 'imports');
  let release = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--from') from = path.resolve(argv[++i]);
    else if (arg === '--out') out = path.resolve(argv[++i]);
    else if (arg === '--release') release = true;
    else throw new Error(`unknown argument ${arg}; see the comment at the top of scripts/import.ts`);
  }
  return { from, release, out };
}

function yamlFilesBelow(dir: string): string[] {
  const found: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...yamlFilesBelow(full));
    else if (/\.ya?ml$/.test(entry.name)) found.push(full);
  }
  return found;
}

async function readSource(source: string, opts: ImportOptions): Promise<string[]> {
  if (opts.release) {
    const texts: string[] = [];
    for (const url of RELEASE_URLS[source]) {
      const res = await fetch(url);
      if (!res.ok) throw new Error(`GET ${url}: ${res.status}`);
      texts.push(await res.text());
    }
    return texts;
  }
  const dir = path.join(opts.from, source);
  if (!fs.existsSync(dir)) {
    throw new Error(`${dir} does not exist: pass --from with a folder laid out like ../shared/crds, or --release`);
  }
  return yamlFilesBelow(dir).map((f) => fs.readFileSync(f, 'utf8'));
}

/** The CustomResourceDefinition documents of some YAML texts. */
export function crdDocuments(texts: string[]): Record<string, any>[] {
  const crds: Record<string, any>[] = [];
  for (const text of texts) {
    for (const doc of parseAllDocuments(text)) {
      const value = doc.toJS();
      if (value && value.kind === 'CustomResourceDefinition') crds.push(value);
    }
  }
  return crds;
}

function writeSchemas(crds: Record<string, any>[], outDir: string): void {
  const byGroup = new Map<string, CrdSchema[]>();
  for (const crd of crds) {
    const stored = toCrdSchema(crd);
    const list = byGroup.get(stored.group) ?? [];
    if (!list.some((c) => c.kind === stored.kind)) list.push(stored);
    byGroup.set(stored.group, list);
  }
  fs.mkdirSync(outDir, { recursive: true });
  for (const [group, list] of [...byGroup.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    list.sort((a, b) => a.kind.localeCompare(b.kind));
    fs.writeFileSync(path.join(outDir, `${group}.json`), JSON.stringify({ group, crds: list }) + '\n');
  }
}

/**
 * The kinds the platform install writes, whose validators are prebuilt too: compiling the Argo CD
 * Application schema alone takes about a second in every process that validates one. Argo CD's
 * ApplicationSet is left out (13.6 MB of validator code for a kind the library only writes through
 * Terraform); kinds without a prebuilt validator are compiled on first use, as before.
 */
export const PLATFORM_VALIDATOR_KINDS: Record<string, readonly string[]> = {
  'argoproj.io': ['AppProject', 'Application'],
  'helm.toolkit.fluxcd.io': ['HelmRelease'],
  'kustomize.toolkit.fluxcd.io': ['Kustomization'],
  'operator.knative.dev': ['KnativeEventing', 'KnativeServing'],
  'source.toolkit.fluxcd.io': ['GitRepository', 'HelmRepository', 'OCIRepository'],
};

/**
 * Writes imports/validators: the ajv standalone validators of the CRDs of these groups (all
 * their kinds) and of PLATFORM_VALIDATOR_KINDS, read back from the schemas just written (see
 * lib/validation/schema/standalone.ts).
 */
export function writeValidators(schemasDir: string, groups: readonly string[], outDir: string): void {
  const read = (g: string) => (JSON.parse(fs.readFileSync(path.join(schemasDir, `${g}.json`), 'utf8')) as { crds: CrdSchema[] }).crds;
  const crds = [
    ...[...new Set(groups)].flatMap((g) => read(g)),
    ...Object.entries(PLATFORM_VALIDATOR_KINDS).filter(([g]) => !groups.includes(g)).flatMap(([g, kinds]) => read(g).filter((c) => kinds.includes(c.kind))),
  ].sort((a, b) => (a.group < b.group ? -1 : a.group > b.group ? 1 : 0));
  fs.rmSync(outDir, { recursive: true, force: true });
  fs.mkdirSync(outDir, { recursive: true });
  for (const [name, text] of Object.entries(standaloneValidators(crds))) fs.writeFileSync(path.join(outDir, name), text);
}

function writeBindings(crds: Record<string, any>[], outDir: string): void {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-import-'));
  try {
    const input = path.join(tmp, 'crds.yaml');
    // cdk8s import writes one module per API group, so every CRD goes into a single run;
    // several runs would overwrite each other's modules for shared groups.
    fs.writeFileSync(input, crds.map((c) => JSON.stringify(c)).join('\n---\n') + '\n');
    const cli = path.join(path.dirname(require.resolve('cdk8s-cli/package.json')), 'bin', 'cdk8s');
    execFileSync(process.execPath, [cli, 'import', input, '--output', tmp + '/out', '--language', 'typescript'], {
      stdio: ['ignore', 'ignore', 'inherit'],
      // Run outside the repo: next to a cdk8s.yaml, `cdk8s import` appends its input to `imports:`.
      cwd: tmp,
      env: { ...process.env, CDK8S_CHECK_UPGRADE: 'false' },
    });
    fs.mkdirSync(outDir, { recursive: true });
    for (const file of fs.readdirSync(path.join(tmp, 'out')).sort()) {
      fs.copyFileSync(path.join(tmp, 'out', file), path.join(outDir, file));
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/** The jsii type reference of a struct property: a primitive, a named type or a collection. */
interface JsiiTypeRef {
  readonly primitive?: string;
  readonly fqn?: string;
  readonly collection?: { readonly kind: 'array' | 'map'; readonly elementtype: JsiiTypeRef };
}

interface JsiiProperty {
  readonly name: string;
  readonly type: JsiiTypeRef;
  readonly docs?: { readonly custom?: { readonly schema?: string } };
}

interface JsiiType {
  readonly kind: 'class' | 'interface' | 'enum';
  readonly name: string;
  readonly namespace?: string;
  readonly properties?: JsiiProperty[];
  readonly initializer?: { readonly parameters?: { readonly name: string; readonly type: JsiiTypeRef }[] };
  readonly docs?: { readonly custom?: { readonly schema?: string } };
}

/**
 * The file written by writeKubernetesFields: `kinds` maps `apiVersion/kind` to a struct id;
 * `structs` maps a struct id to its JSON field names, each either 0 (a leaf: not descended into)
 * or the struct id of its value, prefixed with `[]` for a list of them or `{}` for a map of them.
 */
export interface KubernetesFields {
  readonly kinds: Record<string, string>;
  readonly structs: Record<string, Record<string, string | 0>>;
}

/**
 * Structs whose content is not checked: ObjectMeta is validated by the API server itself (see
 * lib/validation/rules/metadata.ts), and CRD schemas (JSONSchemaProps) are open-ended JSON.
 */
const LEAF_SCHEMAS = new Set([
  'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta',
  'io.k8s.apimachinery.pkg.apis.meta.v1.ListMeta',
  'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaProps',
]);

/** The directory of the cdk8s-plus-33 package, wherever npm placed it next to cdk8s-cli. */
function cdk8sPlusDir(): string {
  const cli = path.dirname(require.resolve('cdk8s-cli/package.json'));
  return path.dirname(require.resolve('cdk8s-plus-33/package.json', { paths: [cli] }));
}

/** Reads a jsii assembly, following the redirect jsii writes when it compresses the assembly. */
function readAssembly(dir: string): { types: Record<string, JsiiType> } {
  const assembly = JSON.parse(fs.readFileSync(path.join(dir, '.jsii'), 'utf8'));
  if (assembly.schema === 'jsii/file-redirect') {
    const data = fs.readFileSync(path.join(dir, assembly.filename));
    return JSON.parse((assembly.compression === 'gzip' ? zlib.gunzipSync(data) : data).toString('utf8'));
  }
  return assembly;
}

function sortedRecord<T>(entries: [string, T][]): Record<string, T> {
  return Object.fromEntries(entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/**
 * The known JSON field names of every built-in kind served by Kubernetes 1.33, from the L1
 * bindings (`k8s` namespace) of cdk8s-plus-33: each struct property's docs carry the original
 * OpenAPI name (`io.k8s.api.core.v1.PodSpec#hostIPC`), which is not always the TypeScript name
 * (`hostIpc`). The apiVersion/kind of each `Kube*` class comes from its `GVK`, its fields from
 * the props struct its constructor takes. `*List` kinds are left out: they are never applied.
 */
export function kubernetesFields(): KubernetesFields {
  const dir = cdk8sPlusDir();
  const { types } = readAssembly(dir);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const k8s: Record<string, { GVK?: { apiVersion: string; kind: string } }> = require(dir).k8s;
  const structs = new Map<string, Record<string, string | 0>>();

  const isStruct = (fqn: string) => types[fqn]?.kind === 'interface' && types[fqn].namespace === 'k8s';
  const schemaOf = (t: JsiiType) => t.docs?.custom?.schema;

  function ref(t: JsiiTypeRef): string | 0 {
    if (t.fqn && isStruct(t.fqn)) return visit(t.fqn);
    if (t.collection) {
      const element = t.collection.elementtype;
      if (element.fqn && isStruct(element.fqn)) {
        const id = visit(element.fqn);
        return id ? (t.collection.kind === 'array' ? '[]' : '{}') + id : 0;
      }
    }
    // Primitives, `any` (RawExtension, FieldsV1, ...), IntOrString, Quantity, enums, lists and
    // maps of those: values, not checked for fields.
    return 0;
  }

  function visit(fqn: string): string | 0 {
    const t = types[fqn];
    if (LEAF_SCHEMAS.has(schemaOf(t) ?? '')) return 0;
    const id = t.name;
    if (structs.has(id)) return id;
    const fields: [string, string | 0][] = [];
    structs.set(id, {}); // placeholder, for recursive structs
    for (const p of t.properties ?? []) {
      const schema = p.docs?.custom?.schema;
      const hash = schema?.lastIndexOf('#') ?? -1;
      if (!schema || hash < 0) throw new Error(`${fqn}.${p.name}: no custom.schema with the JSON field name`);
      fields.push([schema.slice(hash + 1), ref(p.type)]);
    }
    // The props structs of top-level kinds leave out what the ApiObject writes or the API server
    // owns; a kind embedded in another (StatefulSet volumeClaimTemplates) may carry them too.
    if (/^Kube.*Props$/.test(t.name)) {
      for (const name of ['apiVersion', 'kind', 'status']) {
        if (!fields.some(([f]) => f === name)) fields.push([name, 0]);
      }
    }
    structs.set(id, sortedRecord(fields));
    return id;
  }

  const kinds: [string, string][] = [];
  for (const t of Object.values(types)) {
    if (t.namespace !== 'k8s' || t.kind !== 'class' || !t.name.startsWith('Kube')) continue;
    const gvk = k8s[t.name]?.GVK;
    const props = t.initializer?.parameters?.find((p) => p.name === 'props')?.type.fqn;
    if (!gvk || !props || !isStruct(props) || gvk.kind.endsWith('List')) continue;
    const id = visit(props);
    const key = `${gvk.apiVersion}/${gvk.kind}`;
    if (id && !kinds.some(([k]) => k === key)) kinds.push([key, id]);
  }
  return { kinds: sortedRecord(kinds), structs: sortedRecord([...structs.entries()]) };
}

function writeKubernetesFields(outDir: string): void {
  fs.mkdirSync(outDir, { recursive: true });
  fs.writeFileSync(path.join(outDir, 'kubernetes-fields.json'), JSON.stringify(kubernetesFields()) + '\n');
}

/**
 * Regenerates the bindings and schemas into `opts.out`: removes the *.ts modules and schemas/
 * there, then writes them anew (other files in `out` are left alone).
 */
export async function runImport(opts: ImportOptions): Promise<void> {
  const bySource = new Map<string, Record<string, any>[]>();
  for (const source of SCHEMA_SOURCES) bySource.set(source, crdDocuments(await readSource(source, opts)));
  const all = SCHEMA_SOURCES.flatMap((s) => bySource.get(s)!);
  const forBindings = BINDING_SOURCES.flatMap((s) => bySource.get(s)!);
  for (const f of fs.existsSync(opts.out) ? fs.readdirSync(opts.out) : []) {
    if (f.endsWith('.ts')) fs.rmSync(path.join(opts.out, f));
  }
  fs.rmSync(path.join(opts.out, 'schemas'), { recursive: true, force: true });
  writeBindings(forBindings, opts.out);
  writeSchemas(all, path.join(opts.out, 'schemas'));
  writeKubernetesFields(path.join(opts.out, 'schemas'));
  writeValidators(path.join(opts.out, 'schemas'), forBindings.map((c) => toCrdSchema(c).group), path.join(opts.out, 'validators'));
}

if (require.main === module) {
  runImport(parseArgs(process.argv.slice(2))).catch((err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
