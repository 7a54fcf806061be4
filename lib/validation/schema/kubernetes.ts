/**
 * Schema checks for built-in Kubernetes kinds (Deployment, Service, ConfigMap, ...), using the
 * validators that the kubernetes-models package compiles from the Kubernetes OpenAPI spec.
 *
 * Those validators check types, required fields and enums but let unknown fields through, which
 * the API server drops (or rejects under strict field validation) as it does for custom
 * resources. So the object is also walked along the known JSON field names of each kind, which
 * `npm run import` writes into imports/schemas/kubernetes-fields.json from the Kubernetes 1.33
 * bindings of cdk8s-plus-33: a field added after 1.33 would be reported until that is updated.
 */
import * as fs from 'fs';
import * as path from 'path';
import { unknownObjectMetaFields } from '../rules/metadata';
import { Finding } from '../types';
import { schemaFindings, UNKNOWN_FIELD_MESSAGE } from './structural';

/** The text structural.ts gives a field a CRD schema does not declare, for the same reason. */

type ValidateFn = ((data: unknown) => boolean) & { errors?: any[] | null };

/** API groups served by the Kubernetes API server itself. */
const BUILTIN_GROUPS = new Set([
  '', 'apps', 'batch', 'autoscaling', 'policy', 'networking.k8s.io', 'rbac.authorization.k8s.io',
  'storage.k8s.io', 'scheduling.k8s.io', 'coordination.k8s.io', 'discovery.k8s.io', 'node.k8s.io',
  'admissionregistration.k8s.io', 'apiextensions.k8s.io', 'apiregistration.k8s.io',
  'certificates.k8s.io', 'events.k8s.io', 'flowcontrol.apiserver.k8s.io',
  'authentication.k8s.io', 'authorization.k8s.io',
  // Only in kubernetes-fields.json: kubernetes-models has no validators for these groups.
  'resource.k8s.io', 'storagemigration.k8s.io', 'internal.apiserver.k8s.io',
]);

const cache = new Map<string, ValidateFn | null>();

/** True when the apiVersion belongs to a group the Kubernetes API server serves itself. */
export function isBuiltinApiVersion(apiVersion: string): boolean {
  const i = apiVersion.lastIndexOf('/');
  return BUILTIN_GROUPS.has(i < 0 ? '' : apiVersion.slice(0, i));
}

function validatorFor(apiVersion: string, kind: string): ValidateFn | null {
  const key = `${apiVersion}/${kind}`;
  if (cache.has(key)) return cache.get(key)!;
  let fn: ValidateFn | null = null;
  if (/^[a-z0-9.]*\/?v[0-9a-z]+$/.test(apiVersion) && /^[A-Z][A-Za-z0-9]*$/.test(kind)) {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const mod = require(`kubernetes-models/${apiVersion}/${kind}`);
      const cls = mod[kind];
      if (cls?.prototype?.validate) {
        fn = ((data: unknown) => {
          try {
            cls.prototype.validate.call(data);
            fn!.errors = null;
            return true;
          } catch (err: any) {
            fn!.errors = err?.errors ?? [{ instancePath: '', keyword: 'schema', message: String(err?.message ?? err), params: {} }];
            return false;
          }
        }) as ValidateFn;
      }
    } catch {
      fn = null;
    }
  }
  cache.set(key, fn);
  return fn;
}

/** How a field's value is walked: a leaf is not, the others hold objects of a known struct. */
const enum Shape { Leaf, Object, List, Map }

/** One struct of kubernetes-fields.json, with its field references resolved once. */
interface FieldStruct {
  readonly fields: Map<string, { shape: Shape; struct?: FieldStruct }>;
  /** The `allowed` text of an unknown-field finding here. */
  readonly allowed: string;
}

let fieldTree: Map<string, FieldStruct> | undefined;

function fieldsFile(): string | undefined {
  // As in crd-store.ts: the source tree, the package (build/lib/...) and the benchmark build.
  for (const up of ['../../..', '../../../..', '../../../../..']) {
    const file = path.resolve(__dirname, up, 'imports', 'schemas', 'kubernetes-fields.json');
    if (fs.existsSync(file)) return file;
  }
  return undefined;
}

/** The kinds of kubernetes-fields.json, read and linked on first use. */
function kindFields(): Map<string, FieldStruct> {
  if (fieldTree) return fieldTree;
  fieldTree = new Map();
  const file = fieldsFile();
  if (!file) return fieldTree;
  const stored = JSON.parse(fs.readFileSync(file, 'utf8')) as {
    kinds: Record<string, string>;
    structs: Record<string, Record<string, string | 0>>;
  };
  const structs = new Map<string, FieldStruct>();
  const structFor = (id: string): FieldStruct | undefined => {
    let s = structs.get(id);
    if (s || !stored.structs[id]) return s;
    const names = Object.keys(stored.structs[id]);
    s = { fields: new Map(), allowed: names.length ? `known fields here: ${names.join(', ')}` : 'no fields here' };
    // Registered before its fields are linked: structs refer to themselves (JSONSchemaProps-like).
    structs.set(id, s);
    for (const [name, ref] of Object.entries(stored.structs[id])) {
      if (ref === 0) {
        s.fields.set(name, { shape: Shape.Leaf });
        continue;
      }
      const shape = ref.startsWith('[]') ? Shape.List : ref.startsWith('{}') ? Shape.Map : Shape.Object;
      const struct = structFor(shape === Shape.Object ? ref : ref.slice(2));
      s.fields.set(name, struct ? { shape, struct } : { shape: Shape.Leaf });
    }
    return s;
  };
  for (const [kind, id] of Object.entries(stored.kinds)) {
    const s = structFor(id);
    if (s) fieldTree.set(kind, s);
  }
  return fieldTree;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Reports every field of `obj` that `struct` does not declare, descending into known structs.
 * Values of the wrong type are left alone: kubernetes-models already reports them.
 */
function unknownFields(obj: Record<string, unknown>, struct: FieldStruct, at: string, out: Finding[]): void {
  for (const key of Object.keys(obj)) {
    const field = struct.fields.get(key);
    const where = at ? `${at}.${key}` : key;
    if (!field) {
      out.push({ severity: 'error', rule: 'schema', field: where, message: UNKNOWN_FIELD_MESSAGE, allowed: struct.allowed });
      continue;
    }
    const value = obj[key];
    if (field.shape === Shape.Leaf) {
      // ObjectMeta is not walked through kubernetes-fields.json; a nested one (a pod template's
      // metadata) is decoded as ObjectMeta, so an unknown field there is pruned or refused like
      // anywhere else. The object's own metadata is checked by rules/metadata.ts.
      if (key === 'metadata' && at) out.push(...unknownObjectMetaFields(value, where));
      continue;
    }
    if (field.shape === Shape.Object) {
      if (isPlainObject(value)) unknownFields(value, field.struct!, where, out);
    } else if (field.shape === Shape.List) {
      if (Array.isArray(value)) {
        value.forEach((item, i) => {
          if (isPlainObject(item)) unknownFields(item, field.struct!, `${where}[${i}]`, out);
        });
      }
    } else if (isPlainObject(value)) {
      for (const [k, item] of Object.entries(value)) if (isPlainObject(item)) unknownFields(item, field.struct!, `${where}.${k}`, out);
    }
  }
}

/**
 * Checks a built-in object against the Kubernetes schema. Returns undefined when the kind is
 * not known for that apiVersion (for example a removed beta API).
 */
export function validateBuiltin(obj: Record<string, unknown>): Finding[] | undefined {
  const fn = validatorFor(String(obj.apiVersion), String(obj.kind));
  const struct = kindFields().get(`${obj.apiVersion}/${obj.kind}`);
  if (!fn && !struct) return undefined;
  const findings = !fn || fn(obj) ? [] : schemaFindings(fn.errors, obj);
  if (struct) unknownFields(obj, struct, '', findings);
  return findings;
}
