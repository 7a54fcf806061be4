/**
 * The CRD schemas the validator knows: those generated into imports/schemas by
 * `npm run import`, plus any CRDs registered at run time (the CLI registers the
 * CustomResourceDefinitions it finds in its input files).
 */
import * as fs from 'fs';
import * as path from 'path';
import { ValidateFunction } from 'ajv';
import { KUBERNETES_FORMATS } from './formats';
import { KEYWORD_FUNCTIONS } from './keywords';
import { compileCrdSchema } from './structural';

/** One served version of a CRD. */
export interface CrdVersionSchema {
  readonly name: string;
  readonly served: boolean;
  readonly storage: boolean;
  readonly deprecated?: boolean;
  readonly schema: Record<string, unknown>;
}

/** A CRD reduced to what validation needs. */
export interface CrdSchema {
  readonly group: string;
  readonly kind: string;
  readonly plural: string;
  readonly scope: 'Namespaced' | 'Cluster';
  readonly versions: readonly CrdVersionSchema[];
}

/** What the store answers for an apiVersion and kind. */
export interface CrdLookup {
  readonly crd: CrdSchema;
  /** The served version asked for, or undefined when the CRD does not serve it. */
  readonly version?: CrdVersionSchema;
  /** The compiled schema of that version. */
  readonly validate?: ValidateFunction;
}

/** imports/schemas or imports/validators. */
function packageDir(name: 'schemas' | 'validators'): string | undefined {
  // lib/validation/schema in the source tree, build/lib/validation/schema in the package,
  // .bench/build/lib/validation/schema for the benchmark.
  for (const up of ['../../..', '../../../..', '../../../../..']) {
    const dir = path.resolve(__dirname, up, 'imports', name);
    if (fs.existsSync(dir)) return dir;
  }
  return undefined;
}

const byGroup = new Map<string, Map<string, CrdSchema>>();
const loadedGroups = new Set<string>();
const compiled = new Map<string, ValidateFunction>();
/** The CRDs read from imports/schemas, which the validators generated into imports/validators match. */
const stored = new WeakSet<CrdSchema>();
let generatedIndex: Record<string, string> | undefined;
const generatedModules = new Map<string, ValidateFunction>();

/**
 * The validator generated at build time for a CRD version (`group/version/kind`) as read from
 * imports/schemas (see ./standalone.ts), or undefined when there is none.
 */
export function generatedValidator(key: string): ValidateFunction | undefined {
  const dir = packageDir('validators');
  if (!generatedIndex) {
    const file = dir && path.join(dir, 'index.json');
    generatedIndex = file && fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, string> : {};
  }
  const name = Object.prototype.hasOwnProperty.call(generatedIndex, key) ? generatedIndex[key] : undefined;
  if (!name || !dir) return undefined;
  let fn = generatedModules.get(name);
  if (!fn) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const factory = require(path.join(dir, `${name}.js`)) as (context: unknown) => ValidateFunction;
    fn = factory({ keywords: KEYWORD_FUNCTIONS, formats: KUBERNETES_FORMATS });
    generatedModules.set(name, fn);
  }
  return fn;
}

function groupMap(group: string): Map<string, CrdSchema> {
  if (!loadedGroups.has(group)) {
    loadedGroups.add(group);
    const dir = packageDir('schemas');
    const file = dir && path.join(dir, `${group}.json`);
    if (file && fs.existsSync(file)) {
      const read = JSON.parse(fs.readFileSync(file, 'utf8')) as { crds: CrdSchema[] };
      const map = byGroup.get(group) ?? new Map<string, CrdSchema>();
      for (const crd of read.crds) {
        if (map.has(crd.kind)) continue;
        map.set(crd.kind, crd);
        stored.add(crd);
      }
      byGroup.set(group, map);
    }
  }
  return byGroup.get(group) ?? new Map();
}

/** Splits `serving.knative.dev/v1` into group and version (`v1` alone is the core group). */
export function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const i = apiVersion.lastIndexOf('/');
  return i < 0 ? { group: '', version: apiVersion } : { group: apiVersion.slice(0, i), version: apiVersion.slice(i + 1) };
}

/** Finds the CRD for an apiVersion and kind, or undefined when no CRD of that group and kind is known. */
export function lookupCrd(apiVersion: string, kind: string): CrdLookup | undefined {
  // Asked once per object: the answers are kept until a CRD is registered.
  const memoKey = `${apiVersion}\0${kind}`;
  if (lookups.has(memoKey)) return lookups.get(memoKey);
  const found = findCrd(apiVersion, kind);
  lookups.set(memoKey, found);
  return found;
}

let generation = 0;

/** Changes whenever a CRD is registered: what callers that keep lookupCrd's answers check. */
export function crdGeneration(): number {
  return generation;
}

/** The answers of lookupCrd, by apiVersion and kind; cleared by registerCrd. */
const lookups = new Map<string, CrdLookup | undefined>();

function findCrd(apiVersion: string, kind: string): CrdLookup | undefined {
  const { group, version } = splitApiVersion(apiVersion);
  if (!group) return undefined;
  const crd = groupMap(group).get(kind);
  if (!crd) return undefined;
  const v = crd.versions.find((x) => x.name === version && x.served);
  if (!v) return { crd };
  const key = `${group}/${version}/${kind}`;
  let fn = compiled.get(key);
  if (!fn) {
    fn = (stored.has(crd) ? generatedValidator(key) : undefined) ?? compileCrdSchema(v.schema);
    compiled.set(key, fn);
  }
  return { crd, version: v, validate: fn };
}

/** Reduces a CustomResourceDefinition (as parsed YAML/JSON) to what validation needs. */
export function toCrdSchema(definition: Record<string, unknown>): CrdSchema {
  const spec = definition.spec as Record<string, any>;
  return {
    group: spec.group,
    kind: spec.names.kind,
    plural: spec.names.plural,
    scope: spec.scope,
    versions: (spec.versions ?? []).map((v: any) => ({
      name: v.name,
      served: v.served !== false,
      storage: v.storage === true,
      ...(v.deprecated ? { deprecated: true } : {}),
      schema: v.schema?.openAPIV3Schema ?? { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
    })),
  };
}

/**
 * Makes a CustomResourceDefinition known to the validator, replacing any CRD of the same group
 * and kind. Returns the group/kind registered.
 */
export function registerCrd(definition: Record<string, unknown>): string {
  const crd = toCrdSchema(definition);
  const map = groupMap(crd.group);
  map.set(crd.kind, crd);
  byGroup.set(crd.group, map);
  for (const v of crd.versions) compiled.delete(`${crd.group}/${v.name}/${crd.kind}`);
  lookups.clear();
  generation++;
  return `${crd.group}/${crd.kind}`;
}
