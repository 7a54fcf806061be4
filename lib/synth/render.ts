/**
 * Renders the library's ApiObjects to JSON: what `ApiObject.toJson()` returns, in one pass.
 *
 * cdk8s resolves an object by offering every value, down to each string, to every resolver of
 * the app (with a context object and a key path per value), then copies it again to sort keys
 * and drop nulls, and does both twice for the metadata. The library's constructs render plain
 * JSON from their typed props (Lazy values at the top), which the default resolvers leave as it
 * is, so one copy that produces the Lazy values, sorts keys and drops nulls gives the same JSON.
 * Anything else goes through cdk8s: an app with resolvers of its own, or a value that is not
 * plain JSON (a token, a class instance), which cdk8s resolves or rejects with its own message.
 */
import { ApiObject, App, ImplicitTokenResolver, JsonPatch, Lazy, LazyResolver, NumberStringUnionResolver } from 'cdk8s';

/** A value the one-pass renderer leaves to cdk8s. */
const NOT_PLAIN = new Error('not plain JSON');

interface SanitizeOptions {
  readonly sortKeys: boolean;
  /** Drop empty mappings and sequences (the metadata's rule). */
  readonly filterEmpty: boolean;
}

/** cdk8s's resolve + sanitizeValue for plain JSON with Lazy values; throws NOT_PLAIN otherwise. */
function plain(value: unknown, options: SanitizeOptions): unknown {
  if (value === null || value === undefined) return undefined;
  if (typeof value !== 'object') {
    if (typeof value === 'function' || typeof value === 'symbol') throw NOT_PLAIN;
    return value;
  }
  if (Array.isArray(value)) {
    if (options.filterEmpty && value.length === 0) return undefined;
    return value.map((v) => plain(v, options));
  }
  if (value instanceof Lazy) return plain(value.produce(), options);
  if (Object.getPrototypeOf(value) !== Object.prototype) throw NOT_PLAIN;
  const source = value as Record<string, unknown>;
  const keys = options.sortKeys ? Object.keys(source).sort() : Object.keys(source);
  const out: Record<string, unknown> = {};
  let any = false;
  for (const key of keys) {
    const v = plain(source[key], options);
    if (v !== null && v !== undefined) {
      out[key] = v;
      any = true;
    }
  }
  return options.filterEmpty && !any ? undefined : out;
}

/** The fields of cdk8s's ApiObjectMetadataDefinition that its toJson reads. */
interface MetadataFields {
  readonly _additionalAttributes?: Record<string, unknown>;
  readonly name?: string;
  readonly namespace?: string;
  readonly annotations?: unknown;
  readonly finalizers?: unknown;
  readonly ownerReferences?: unknown;
  readonly labels?: unknown;
}

const DEFAULT_RESOLVERS = [LazyResolver, ImplicitTokenResolver, NumberStringUnionResolver];

/** Whether the app resolves with cdk8s's resolvers only (which leave plain JSON as it is). */
function defaultResolvers(apiObject: ApiObject): boolean {
  const resolvers = App.of(apiObject).resolvers;
  return resolvers.length === DEFAULT_RESOLVERS.length && resolvers.every((r, i) => r.constructor === DEFAULT_RESOLVERS[i]);
}

/**
 * `apiObject.toJson()` as cdk8s computes it, in one pass where the object is plain JSON;
 * `original` (the object's own toJson) otherwise.
 */
export function renderApiObject(apiObject: ApiObject, original: () => unknown): unknown {
  const internals = apiObject as unknown as { props?: Record<string, unknown>; patches?: JsonPatch[] };
  const meta = apiObject.metadata as unknown as MetadataFields;
  if (!internals.props || !Array.isArray(internals.patches) || !meta._additionalAttributes || !defaultResolvers(apiObject)) return original();
  let json: Record<string, unknown>;
  try {
    const metadata = plain({
      ...meta._additionalAttributes,
      name: meta.name,
      namespace: meta.namespace,
      annotations: meta.annotations,
      finalizers: meta.finalizers,
      ownerReferences: meta.ownerReferences,
      labels: meta.labels,
    }, { sortKeys: true, filterEmpty: true });
    json = plain({ ...internals.props, metadata }, { sortKeys: !process.env.CDK8S_DISABLE_SORT, filterEmpty: false }) as Record<string, unknown>;
  } catch {
    // Not plain JSON, or a Lazy value that throws: cdk8s resolves it, or fails with its message.
    return original();
  }
  const patched = internals.patches.length ? JsonPatch.apply(json, ...internals.patches) as Record<string, unknown> : json;
  const result: Record<string, unknown> = {};
  for (const key of ['apiVersion', 'kind', 'metadata', ...Object.keys(patched)]) {
    if (key in patched) result[key] = patched[key];
  }
  return result;
}
