/**
 * A checker of synthesized Terraform JSON (cdk.tf.json) against provider schemas in the format of
 * `terraform providers schema -json`: every resource, data source and provider block, every
 * attribute and nested block. Reports unknown attributes, missing required ones, computed-only
 * ones that are set, literal values of the wrong type, block counts, and outputs that expose a
 * sensitive attribute without `sensitive: true`. Terraform references (`${...}`) are not
 * type-checked (their type is only known at plan time).
 *
 * The OpenStack schema is ../shared/terraform/openstack-provider-schema.json. The Helm and
 * Kubernetes schemas are derived from the prebuilt bindings' typings (prebuiltSchema below):
 * attribute names, required/optional and types of what the binding can set, no computed-only
 * attributes and no sensitivity (the typings do not carry them).
 */
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';

/** A Terraform type: "string", "number", "bool", "dynamic", [kind, elem] or ["object", {...}]. */
export type TfType = string | [string, TfType] | ['object', Record<string, TfType>];

/** An attribute of a block. */
export interface SchemaAttribute {
  type?: TfType;
  required?: boolean;
  optional?: boolean;
  computed?: boolean;
  sensitive?: boolean;
}

/** A block of a schema. */
export interface SchemaBlock {
  attributes?: Record<string, SchemaAttribute>;
  block_types?: Record<string, { nesting_mode: string; block: SchemaBlock; min_items?: number; max_items?: number }>;
}

/** One provider's schemas. */
export interface ProviderSchemas {
  provider: { block: SchemaBlock };
  resource_schemas: Record<string, { block: SchemaBlock }>;
  data_source_schemas: Record<string, { block: SchemaBlock }>;
}

const META = new Set(['//', 'depends_on', 'count', 'for_each', 'provider', 'lifecycle', 'provisioner', 'connection']);

function isReference(v: unknown): boolean {
  return typeof v === 'string' && v.includes('${');
}

function typeProblems(where: string, type: TfType | undefined, v: unknown): string[] {
  if (type === undefined || type === 'dynamic' || isReference(v)) return [];
  if (typeof type === 'string') {
    const ok = type === 'string' ? typeof v === 'string' : type === 'number' ? typeof v === 'number' && Number.isFinite(v) : type === 'bool' ? typeof v === 'boolean' : true;
    return ok ? [] : [`${where}: expected ${type}, got ${JSON.stringify(v)}`];
  }
  const [kind, elem] = type;
  if (kind === 'list' || kind === 'set') {
    if (!Array.isArray(v)) return [`${where}: expected ${kind}, got ${JSON.stringify(v)}`];
    return v.flatMap((x, i) => typeProblems(`${where}[${i}]`, elem as TfType, x));
  }
  if (kind === 'map') {
    if (!v || typeof v !== 'object' || Array.isArray(v)) return [`${where}: expected map, got ${JSON.stringify(v)}`];
    return Object.entries(v).flatMap(([k, x]) => typeProblems(`${where}.${k}`, elem as TfType, x));
  }
  if (kind === 'object') {
    if (!v || typeof v !== 'object' || Array.isArray(v)) return [`${where}: expected object, got ${JSON.stringify(v)}`];
    const fields = elem as Record<string, TfType>;
    return Object.entries(v).flatMap(([k, x]) => (k in fields ? typeProblems(`${where}.${k}`, fields[k], x) : [`${where}.${k}: not an attribute of the object`]));
  }
  return [];
}

/** The problems of one block's body against its schema. */
export function checkBlock(where: string, block: SchemaBlock, body: Record<string, unknown>, meta = META): string[] {
  const problems: string[] = [];
  const attrs = block.attributes ?? {};
  const blocks = block.block_types ?? {};
  for (const [k, v] of Object.entries(body)) {
    if (meta.has(k)) continue;
    if (k in attrs) {
      const a = attrs[k];
      if (a.computed && !a.optional && !a.required) problems.push(`${where}.${k}: computed only, cannot be set`);
      problems.push(...typeProblems(`${where}.${k}`, a.type, v));
    } else if (k in blocks) {
      const b = blocks[k];
      const items = Array.isArray(v) ? v : [v];
      if (b.nesting_mode === 'single' && Array.isArray(v)) problems.push(`${where}.${k}: a single block, not a list`);
      if (b.max_items !== undefined && items.length > b.max_items) problems.push(`${where}.${k}: at most ${b.max_items} blocks`);
      if (b.min_items !== undefined && items.length < b.min_items) problems.push(`${where}.${k}: at least ${b.min_items} blocks`);
      items.forEach((item, i) => {
        if (!item || typeof item !== 'object' || Array.isArray(item)) problems.push(`${where}.${k}[${i}]: a block is an object`);
        else problems.push(...checkBlock(`${where}.${k}${items.length > 1 ? `[${i}]` : ''}`, b.block, item as Record<string, unknown>, new Set()));
      });
    } else {
      problems.push(`${where}.${k}: unknown attribute`);
    }
  }
  for (const [k, a] of Object.entries(attrs)) if (a.required && !(k in body)) problems.push(`${where}.${k}: required attribute missing`);
  for (const [k, b] of Object.entries(blocks)) if ((b.min_items ?? 0) > 0 && !(k in body)) problems.push(`${where}.${k}: required block missing`);
  return problems;
}

function providerOf(type: string): string {
  return type.split('_')[0];
}

/**
 * Checks a synthesized cdk.tf.json against the schemas (by provider local name: `openstack`,
 * `helm`, `kubernetes`). `terraform_remote_state` is Terraform's own data source and is skipped.
 * Providers named in `absent` have no schema here (the OpenStack one lives in ../shared): their
 * blocks are skipped, not reported; the caller says so once.
 */
export function checkTerraformJson(json: Record<string, any>, schemas: Record<string, ProviderSchemas>, absent: readonly string[] = []): string[] {
  const problems: string[] = [];
  const skipped = (type: string) => absent.includes(providerOf(type));
  const schemaOf = (kind: 'resource_schemas' | 'data_source_schemas', type: string) => schemas[providerOf(type)]?.[kind][type];
  for (const [kind, key] of [['resource', 'resource_schemas'], ['data', 'data_source_schemas']] as const) {
    for (const [type, instances] of Object.entries((json[kind] ?? {}) as Record<string, Record<string, Record<string, unknown>>>)) {
      if ((kind === 'data' && type === 'terraform_remote_state') || skipped(type)) continue;
      const s = schemaOf(key, type);
      if (!s) { problems.push(`${kind}.${type}: no schema for it`); continue; }
      for (const [name, body] of Object.entries(instances)) problems.push(...checkBlock(`${kind}.${type}.${name}`, s.block, body));
    }
  }
  for (const [name, configs] of Object.entries((json.provider ?? {}) as Record<string, Record<string, unknown>[]>)) {
    if (absent.includes(name)) continue;
    const s = schemas[name];
    if (!s) { problems.push(`provider.${name}: no schema for it`); continue; }
    for (const body of configs) problems.push(...checkBlock(`provider.${name}`, s.provider.block, body, new Set(['alias'])));
  }
  // An output exposing a sensitive attribute must be sensitive itself (Terraform refuses the plan otherwise).
  for (const [name, out] of Object.entries((json.output ?? {}) as Record<string, { value: unknown; sensitive?: boolean }>)) {
    const text = JSON.stringify(out.value);
    for (const m of text.matchAll(/\$\{(data\.)?([a-z0-9_]+)\.[A-Za-z0-9_-]+\.([a-z0-9_]+)/g)) {
      const s = schemaOf(m[1] ? 'data_source_schemas' : 'resource_schemas', m[2]);
      if (s?.block.attributes?.[m[3]]?.sensitive && !out.sensitive) problems.push(`output.${name}: exposes the sensitive ${m[2]}.${m[3]} without sensitive = true`);
    }
  }
  return problems;
}

/** The OpenStack provider schemas from a `terraform providers schema -json` file. */
export function loadOpenStackSchemas(file: string): ProviderSchemas {
  const json = JSON.parse(fs.readFileSync(file, 'utf8'));
  return json.provider_schemas['registry.terraform.io/terraform-provider-openstack/openstack'];
}

const snake = (s: string) => s.replace(/([A-Z])/g, '_$1').toLowerCase();

/**
 * A schema derived from a prebuilt cdktf binding's typings: the `<Name>Config` interface of
 * `lib/<dir>/index.d.ts` and the interfaces it nests (blocks). Attributes only carry names,
 * required/optional and the type as far as the TypeScript type says it.
 */
export function prebuiltBlock(packageDir: string, dir: string, configInterface: string): SchemaBlock {
  const file = path.join(packageDir, 'lib', dir, 'index.d.ts');
  const sf = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
  const interfaces = new Map<string, ts.InterfaceDeclaration>();
  sf.forEachChild((n) => { if (ts.isInterfaceDeclaration(n)) interfaces.set(n.name.text, n); });
  const build = (name: string, seen: Set<string>): SchemaBlock => {
    const decl = interfaces.get(name);
    if (!decl) throw new Error(`${file}: no interface ${name}`);
    const block: SchemaBlock = { attributes: {}, block_types: {} };
    for (const m of decl.members) {
      if (!ts.isPropertySignature(m) || !m.type || !ts.isIdentifier(m.name)) continue;
      const key = snake(m.name.text);
      const optional = !!m.questionToken;
      const typeText = m.type.getText(sf).replace(/\s+/g, ' ');
      const nested = [...interfaces.keys()].find((i) => new RegExp(`^${i}(\\[\\])?( \\| cdktf\\.IResolvable)?$`).test(typeText));
      if (nested && !seen.has(nested)) {
        const list = typeText.includes('[]');
        block.block_types![key] = { nesting_mode: list ? 'list' : 'single', block: build(nested, new Set([...seen, nested])), ...(optional ? {} : { min_items: 1 }) };
        continue;
      }
      const type: TfType | undefined = /^string$/.test(typeText) ? 'string'
        : /^number$/.test(typeText) ? 'number'
          : /^boolean( \| cdktf\.IResolvable)?$/.test(typeText) ? 'bool'
            : /^string\[\]$/.test(typeText) ? ['list', 'string']
              : /^\{ \[key: string\]: string; ?\}$/.test(typeText) ? ['map', 'string'] : undefined;
      block.attributes![key] = { type, ...(optional ? { optional: true } : { required: true }) };
    }
    return block;
  };
  return build(configInterface, new Set([configInterface]));
}

/** The Helm and Kubernetes schemas of what lib/openstack uses, from the prebuilt packages. */
export function prebuiltSchemas(root: string): Record<string, ProviderSchemas> {
  const helm = path.join(root, 'node_modules', '@cdktf', 'provider-helm');
  const k8s = path.join(root, 'node_modules', '@cdktf', 'provider-kubernetes');
  return {
    helm: {
      provider: { block: prebuiltBlock(helm, 'provider', 'HelmProviderConfig') },
      resource_schemas: { helm_release: { block: prebuiltBlock(helm, 'release', 'ReleaseConfig') } },
      data_source_schemas: {},
    },
    kubernetes: {
      provider: { block: prebuiltBlock(k8s, 'provider', 'KubernetesProviderConfig') },
      resource_schemas: { kubernetes_secret_v1: { block: prebuiltBlock(k8s, 'secret-v1', 'SecretV1Config') } },
      data_source_schemas: {},
    },
  };
}
