/**
 * Validates objects against a CRD's structural OpenAPI schema the way the API server does,
 * including the part it does silently: a field the schema does not declare is pruned (or, with
 * strict field validation, rejected), so it is reported here as an error.
 *
 * The CRD schema is translated into a JSON Schema for ajv once per CRD version:
 * - objects with `properties` and neither `additionalProperties` nor
 *   `x-kubernetes-preserve-unknown-fields` get `additionalProperties: false`;
 * - `x-kubernetes-int-or-string`, `nullable`, `x-kubernetes-embedded-resource` and the
 *   OpenAPI 3.0 boolean `exclusiveMinimum`/`exclusiveMaximum` get their Kubernetes meaning;
 * - `x-kubernetes-list-type: set|map` are checked for duplicates, as the API server does;
 * - `x-kubernetes-validations` (CEL) are handed to the CEL evaluator (see ./cel.ts);
 * - the ObjectMeta of an embedded resource is checked for unknown fields, as the API server
 *   decodes it as ObjectMeta; a template's `metadata` that the schema keeps open
 *   (`x-kubernetes-preserve-unknown-fields`, as Knative's `spec.template.metadata`) too: the
 *   API server keeps them, but Knative's defaulting webhook prunes them (see rules/metadata.ts).
 *
 * Before validation, `pruneNulls` removes the nulls the API server removes (see there).
 */
import type Ajv from 'ajv';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { OBJECT_META_FIELDS } from '../rules/metadata';
import { Finding } from '../types';
import { fieldPathSuffix } from './cel-keyword';
import { addKubernetesFormats, NUMBER_FORMATS } from './formats';
import { addKubernetesKeywords, GENERATED_CONTEXT } from './keywords';

type Schema = Record<string, any>;

/** What a field the schema does not declare gets: the API server would never store it. */
export const UNKNOWN_FIELD_MESSAGE = 'unknown field: the API server rejects it under strict field validation and otherwise prunes it silently';

const COPIED = [
  'type', 'required', 'enum', 'minimum', 'maximum', 'minLength', 'maxLength', 'pattern',
  'minItems', 'maxItems', 'uniqueItems', 'minProperties', 'maxProperties', 'format', 'multipleOf',
  // Only an annotation for ajv (useDefaults is off); the CEL evaluator applies defaults as the
  // API server does before it runs x-kubernetes-validations.
  'default',
];

/** Translates one node of a CRD's openAPIV3Schema into ajv's JSON Schema dialect. */
export function toJsonSchema(node: Schema, isRoot = false): Schema {
  const out: Schema = {};
  for (const key of COPIED) if (node[key] !== undefined) out[key] = node[key];
  if (node.exclusiveMinimum === true) {
    out.exclusiveMinimum = node.minimum;
    delete out.minimum;
  }
  if (node.exclusiveMaximum === true) {
    out.exclusiveMaximum = node.maximum;
    delete out.maximum;
  }
  if (node['x-kubernetes-int-or-string']) {
    delete out.type;
    out['x-int-or-string'] = true;
  }
  if (node.nullable && typeof out.type === 'string') out.type = [out.type, 'null'];
  if (out.pattern !== undefined && !isUsablePattern(out.pattern)) delete out.pattern;

  const properties: Schema = {};
  for (const [name, child] of Object.entries<Schema>(node.properties ?? {})) {
    properties[name] = toJsonSchema(child);
    if (name === 'metadata' && isOpenObjectMeta(child)) properties[name]['x-object-meta'] = 'webhook';
  }
  if (node['x-kubernetes-embedded-resource'] || isRoot) {
    properties.apiVersion ??= { type: 'string' };
    properties.kind ??= { type: 'string' };
    // ObjectMeta is validated by the API server itself (see rules/metadata.ts); the schema
    // may only constrain name and generateName, and never prunes metadata. The object's own
    // metadata is checked by rules/metadata.ts, an embedded resource's here.
    properties.metadata = { ...(properties.metadata ?? {}), type: 'object' };
    delete properties.metadata.additionalProperties;
    if (isRoot) delete properties.metadata['x-object-meta'];
    else properties.metadata['x-object-meta'] = 'api-server';
  }
  if (Object.keys(properties).length > 0) out.properties = properties;

  const preserve = node['x-kubernetes-preserve-unknown-fields'] === true;
  if (node.additionalProperties !== undefined) {
    out.additionalProperties = typeof node.additionalProperties === 'object'
      ? toJsonSchema(node.additionalProperties) : node.additionalProperties;
  } else if (!preserve && (out.properties || node.type === 'object')) {
    out.additionalProperties = false;
  }
  if (node.items) out.items = toJsonSchema(node.items);
  for (const key of ['allOf', 'anyOf', 'oneOf'] as const) {
    // int-or-string nodes restate their two types as an anyOf; the keyword above covers it.
    if (Array.isArray(node[key]) && !node['x-kubernetes-int-or-string']) out[key] = node[key].map((s: Schema) => toJsonSchema(s));
  }
  if (node.not) out.not = toJsonSchema(node.not);
  if (node['x-kubernetes-list-type'] === 'set' || node['x-kubernetes-list-type'] === 'map') {
    out['x-list-unique'] = node['x-kubernetes-list-type'] === 'map' ? node['x-kubernetes-list-map-keys'] ?? [] : true;
  }
  if (Array.isArray(node['x-kubernetes-validations'])) out['x-kubernetes-validations'] = node['x-kubernetes-validations'];
  return out;
}

/**
 * Subschemas whose JSON is longer than this become functions of their own in the compiled
 * validator (see splitSubschemas).
 */
const SPLIT_ABOVE = 250;

/**
 * `schema` with each large subschema moved to `$defs` and referred to by `$ref` (equal ones
 * share one), for ajv with `inlineRefs` off: each becomes a function of its own. Otherwise ajv
 * inlines the whole schema into one function, 346 KB of code for the Knative Service, far above
 * the size up to which V8 optimizes a function: it would run unoptimized for the whole process.
 * Only properties, additionalProperties and items are moved; what is inside allOf, anyOf, oneOf
 * and not stays inline, so a combinator's errors stay under its schemaPath (see schemaFindings).
 */
export function splitSubschemas(schema: Schema): Schema {
  const defs: Schema = {};
  const names = new Map<string, string>();
  const visit = (node: Schema, movable: boolean): Schema => {
    const out: Schema = { ...node };
    if (node.properties) {
      out.properties = {};
      for (const [name, child] of Object.entries<Schema>(node.properties)) out.properties[name] = visit(child, true);
    }
    if (typeof node.additionalProperties === 'object') out.additionalProperties = visit(node.additionalProperties, true);
    if (node.items) out.items = visit(node.items, true);
    if (!movable) return out;
    const json = JSON.stringify(out);
    if (json.length <= SPLIT_ABOVE) return out;
    let name = names.get(json);
    if (name === undefined) {
      name = `s${names.size}`;
      names.set(json, name);
      defs[name] = out;
    }
    return { $ref: `#/$defs/${name}` };
  };
  const root = visit(schema, false);
  return names.size ? { ...root, $defs: defs } : root;
}

/** What ajv compiles for a CRD version's openAPIV3Schema, at build time (./standalone.ts) and at run time alike. */
export function ajvSchemaOf(openApiV3Schema: Schema): Schema {
  return splitSubschemas(toJsonSchema(openApiV3Schema, true));
}

/** A `metadata` property that keeps unknown fields and declares only ObjectMeta fields. */
function isOpenObjectMeta(node: Schema): boolean {
  if (node['x-kubernetes-preserve-unknown-fields'] !== true || node.type !== 'object') return false;
  const names = Object.keys(node.properties ?? {});
  return names.length > 0 && names.every((n) => OBJECT_META_FIELDS.includes(n));
}

/** Go's RE2 and JavaScript agree on almost every pattern in practice; the rest are skipped. */
function isUsablePattern(pattern: string): boolean {
  try {
    new RegExp(pattern);
    return true;
  } catch {
    return false;
  }
}

let sharedAjv: Ajv | undefined;

/**
 * A new ajv instance with the Kubernetes formats and keywords. `standalone` keeps the generated
 * source and makes it refer to the formats through the generated factory's context, for ajv's standalone code generation
 * (see ./standalone.ts). `code.optimize` is off: ajv's optimisation passes cost more compile time
 * (about 80 ms of the 220 ms the Knative Service schema takes) than they save in validation.
 */
export function newSchemaAjv(standalone = false): Ajv {
  // Loaded here, not at the top: the CRDs with validators generated at build time need no ajv
  // compiler, and loading it costs about 40 ms.
  /* eslint-disable @typescript-eslint/no-require-imports */
  const AjvClass = (require('ajv') as typeof import('ajv')).default;
  const { _, Name } = require('ajv/dist/compile/codegen') as typeof import('ajv/dist/compile/codegen');
  /* eslint-enable @typescript-eslint/no-require-imports */
  const ajv = new AjvClass({
    allErrors: true, strict: false, unicodeRegExp: false, validateSchema: false, logger: false, verbose: true, inlineRefs: false,
    code: standalone
      ? { source: true, optimize: 1, formats: _`${new Name(GENERATED_CONTEXT)}.formats` }
      : { optimize: false },
  });
  addKubernetesFormats(ajv);
  addKubernetesKeywords(ajv);
  return ajv;
}

/** The ajv instance that every schema compiled at run time is compiled with. */
export function schemaAjv(): Ajv {
  return (sharedAjv ??= newSchemaAjv());
}

/** Compiles a CRD version's schema. */
export function compileCrdSchema(openApiV3Schema: Schema): ValidateFunction {
  return schemaAjv().compile(ajvSchemaOf(openApiV3Schema));
}

/** Turns a JSON pointer into the dotted path Kubernetes prints (`spec.traffic[0].percent`). */
export function pointerToPath(pointer: string): string {
  if (!pointer) return '';
  let out = '';
  for (const raw of pointer.split('/').slice(1)) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    out += /^\d+$/.test(seg) ? `[${seg}]` : out ? `.${seg}` : seg;
  }
  return out;
}

function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

function valueAt(root: unknown, pointer: string): unknown {
  let cur: any = root;
  for (const raw of pointer.split('/').slice(1)) {
    if (cur === undefined || cur === null) return undefined;
    cur = cur[raw.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return cur;
}

/** The fields that must be set alone, when a oneOf is the usual "at most one of" idiom. */
function exclusiveFields(branches: Schema[] | undefined): string[] | undefined {
  if (!branches) return undefined;
  const names: string[] = [];
  for (const b of branches) {
    if (Array.isArray(b.required) && b.required.length === 1 && Object.keys(b).length === 1) names.push(b.required[0]);
    else if (!b.not) return undefined;
  }
  return names.length ? names : undefined;
}

/**
 * Translates ajv's errors into findings with Kubernetes wording. Errors inside a failed
 * oneOf/anyOf are folded into the one finding for the combinator.
 */
export function schemaFindings(errors: ErrorObject[] | null | undefined, data: unknown): Finding[] {
  if (!errors) return [];
  const combinators = errors.filter((e) => e.keyword === 'oneOf' || e.keyword === 'anyOf');
  // Under the combinator's schemaPath and at or below its data: the data, because schemaPaths
  // start again at each function of splitSubschemas.
  const inside = (e: ErrorObject) => combinators.some((c) => c !== e && e.schemaPath.startsWith(c.schemaPath + '/')
    && (e.instancePath === c.instancePath || e.instancePath.startsWith(c.instancePath + '/')));
  const findings: Finding[] = [];
  const seen = new Set<string>();
  for (const e of errors) {
    if (inside(e)) continue;
    const path = pointerToPath(e.instancePath);
    const value = valueAt(data, e.instancePath);
    let f: Finding;
    switch (e.keyword) {
      case 'additionalProperties': {
        const known = Object.keys((e.parentSchema as Schema)?.properties ?? {});
        f = {
          severity: 'error', rule: 'schema', field: join(path, e.params.additionalProperty),
          message: UNKNOWN_FIELD_MESSAGE,
          allowed: known.length ? `known fields here: ${known.join(', ')}` : 'no fields here',
        };
        break;
      }
      case 'required':
        f = { severity: 'error', rule: 'schema', field: join(path, e.params.missingProperty), message: 'Required value' };
        break;
      case 'enum':
        f = {
          severity: 'error', rule: 'schema', field: path, value,
          message: 'Unsupported value', allowed: (e.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', '),
        };
        break;
      case 'type':
        f = { severity: 'error', rule: 'schema', field: path, value, message: `must be of type ${e.params.type}` };
        break;
      case 'oneOf':
      case 'anyOf': {
        const fields = exclusiveFields((e.parentSchema as Schema)?.[e.keyword]);
        f = fields
          ? { severity: 'error', rule: 'schema', field: path, message: 'more than one of mutually exclusive fields is set', allowed: `at most one of: ${fields.join(', ')}` }
          : { severity: 'error', rule: 'schema', field: path, value, message: `must match ${e.keyword === 'oneOf' ? 'exactly one' : 'at least one'} of the schema's alternatives` };
        break;
      }
      case 'format':
        f = NUMBER_FORMATS[e.params.format] && typeof value === 'number'
          ? { severity: 'error', rule: 'schema', field: path, value, message: `must be of type ${e.params.format}` }
          : { severity: 'error', rule: 'schema', field: path, value, message: e.message ?? 'invalid format' };
        break;
      case 'x-object-meta':
        f = {
          severity: 'error', rule: 'metadata', field: join(path, e.params.field),
          message: e.message!, allowed: e.params.allowed,
        };
        break;
      case 'x-kubernetes-validations': {
        // The API server reports a CEL failure at the rule's node, or at node + fieldPath.
        const suffix = fieldPathSuffix(e.params?.fieldPath);
        const severity = e.params?.severity === 'warning' ? 'warning' : 'error';
        f = {
          severity, rule: 'cel', field: suffix ? join(path, suffix) : path, message: e.message ?? 'failed a CEL validation rule',
          ...(severity === 'error' && e.params?.rule ? { allowed: `a value for which \`${e.params.rule}\` holds` } : {}),
        };
        break;
      }
      default:
        f = { severity: 'error', rule: 'schema', field: path, value, message: e.message ?? e.keyword };
    }
    const key = `${f.field}\u0000${f.message}`;
    if (!seen.has(key)) {
      seen.add(key);
      findings.push(f);
    }
  }
  return findings;
}

/**
 * The object as the API server validates it: a `null` on a field that is not `nullable` is
 * dropped, or replaced by the field's `default` when it has one (apiextensions-apiserver's
 * structural defaulting, PruneNonNullableNullsWithoutDefaults and Default, for properties and
 * additionalProperties alike). Nulls in lists stay (and fail the item's type), as they do there.
 * Returns `value` itself when there is nothing to remove, otherwise a copy.
 */
export function pruneNulls(value: unknown, node: Schema | undefined): unknown {
  if (!node || typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    const items = node.items;
    if (!items || typeof items !== 'object') return value;
    let out: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const v = pruneNulls(value[i], items);
      if (v !== value[i]) (out ??= value.slice())[i] = v;
    }
    return out ?? value;
  }
  const obj = value as Record<string, unknown>;
  const props: Record<string, Schema> | undefined = node.properties;
  const extra: Schema | undefined = typeof node.additionalProperties === 'object' ? node.additionalProperties : undefined;
  if (!props && !extra) return value;
  let out: Record<string, unknown> | undefined;
  for (const key of Object.keys(obj)) {
    const child = props && Object.prototype.hasOwnProperty.call(props, key) ? props[key] : extra;
    if (!child) continue;
    const v = obj[key];
    if (v === null) {
      if (child.nullable === true) continue;
      out ??= { ...obj };
      if (child.default !== undefined) out[key] = JSON.parse(JSON.stringify(child.default));
      else delete out[key];
      continue;
    }
    const pruned = pruneNulls(v, child);
    if (pruned !== v) (out ??= { ...obj })[key] = pruned;
  }
  return out ?? value;
}

/** What scanValues finds. */
export interface ValueScan {
  /** The NaN and Infinity values, with their paths. */
  readonly nonFinite: { field: string; value: number }[];
  /** Whether the value holds a null anywhere. */
  readonly hasNull: boolean;
  /** A deep copy of the value, when asked for. */
  readonly copy?: unknown;
}

/**
 * One walk over an object: the numbers JSON cannot carry (NaN, Infinity), with their paths
 * (cdk8s writes them as YAML `.nan`/`.inf`, which kubectl cannot convert to JSON, so no API
 * server ever accepts them), whether it holds any null (else `pruneNulls` has nothing to do),
 * and with `copy`, a deep copy of it made in the same walk.
 */
export function scanValues(value: unknown, copy = false): ValueScan {
  const state: ScanState = { nonFinite: [], hasNull: false, hasNonFinite: false, path: [] };
  if (!copy) {
    scanOnly(value, state);
    return { nonFinite: state.nonFinite, hasNull: state.hasNull };
  }
  const out = scanCopy(value, state);
  // The copy only notes that there is a NaN or Infinity; their paths take a second walk.
  if (state.hasNonFinite) scanOnly(value, state);
  return { nonFinite: state.nonFinite, hasNull: state.hasNull, copy: out };
}

interface ScanState {
  nonFinite: { field: string; value: number }[];
  hasNull: boolean;
  hasNonFinite: boolean;
  readonly path: (string | number)[];
}

function nonFiniteAt(state: ScanState, v: number): void {
  state.nonFinite.push({ field: state.path.reduce<string>((acc, seg) => (typeof seg === 'number' ? `${acc}[${seg}]` : acc ? `${acc}.${seg}` : seg), ''), value: v });
}

function scanOnly(v: unknown, state: ScanState): void {
  if (typeof v !== 'object') {
    if (typeof v === 'number' && !Number.isFinite(v)) nonFiniteAt(state, v);
  } else if (v === null) {
    state.hasNull = true;
  } else if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      state.path.push(i);
      scanOnly(v[i], state);
      state.path.pop();
    }
  } else {
    for (const key in v) {
      if (!Object.prototype.hasOwnProperty.call(v, key)) continue;
      state.path.push(key);
      scanOnly((v as Record<string, unknown>)[key], state);
      state.path.pop();
    }
  }
}

function scanCopy(v: unknown, state: ScanState): unknown {
  if (typeof v !== 'object') {
    if (typeof v === 'number' && !Number.isFinite(v)) state.hasNonFinite = true;
    return v;
  }
  if (v === null) {
    state.hasNull = true;
    return v;
  }
  if (Array.isArray(v)) {
    const out = new Array<unknown>(v.length);
    for (let i = 0; i < v.length; i++) out[i] = scanCopy(v[i], state);
    return out;
  }
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(v)) out[key] = scanCopy((v as Record<string, unknown>)[key], state);
  return out;
}
