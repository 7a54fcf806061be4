/** Rendering helpers shared by the Istio constructs (not part of the public API). */
import { ApiObject, ApiObjectMetadata, Duration, GroupVersionKind, Lazy } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { checkedMillis, toProtoDuration } from '../core/duration';
import { reportError } from '../core/report';
import { memoizeForSynth, validateOnSynth } from '../validation/construct';

/** Plain manifest JSON, with the CRD's field names. */
export type Json = Record<string, unknown>;

/**
 * The object of an Istio construct: a plain ApiObject with the kind's GVK whose spec is rendered
 * straight to JSON by `produce` (as lib/serving does), validated at synth. The generated L1
 * classes in imports/ are not used for rendering: their converters rebuild every object key by
 * key, and renamed or dropped fields of the import (`consecutive5xxErrors`, `jwksUri`) would
 * reach the cluster under the wrong name.
 */
export function renderedObject(scope: Construct, gvk: GroupVersionKind, metadata: ApiObjectMetadata | undefined, produce: () => Json): ApiObject {
  const obj = new ApiObject(scope, 'Resource', { ...gvk, metadata, spec: Lazy.any({ produce }) });
  validateOnSynth(obj);
  return obj;
}

/** Drops undefined values and empty arrays/maps, so defaults do not show up in the output. */
export function compact<T extends Json>(obj: T): T {
  const out: Json = {};
  for (const [k, v] of Object.entries(obj)) {
    if (v === undefined) continue;
    if (Array.isArray(v) && v.length === 0) continue;
    if (v !== null && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 0) continue;
    out[k] = v;
  }
  return out as T;
}

/** A label selector in Istio's `WorkloadSelector` form, or undefined when there are no labels. */
export function matchLabels(labels: Record<string, string> | undefined): { matchLabels: Record<string, string> } | undefined {
  return labels && Object.keys(labels).length ? { matchLabels: { ...labels } } : undefined;
}

/** Istio's `Percent` message. */
export function percent(value: number | undefined): { value: number } | undefined {
  return value === undefined ? undefined : { value };
}

/**
 * Reports a synth error on `scope` for a percentage outside [0, 100] (NaN included), or a
 * fraction where the CRD takes an integer (`whole`).
 */
export function checkPercent(scope: IConstruct, prop: string, value: number | undefined, whole = false): void {
  if (value !== undefined && (!(value >= 0) || !(value <= 100) || (whole && !Number.isInteger(value)))) {
    reportError(scope, prop, `must be a ${whole ? 'whole ' : ''}percentage between 0 and 100`, { value, allowed: whole ? 'an integer 0..100' : '0..100 (fractions allowed)' });
  }
}

/** Reports a synth error on `scope` for a port that is not an integer in [1, 65535]. */
export function checkPort(scope: IConstruct, prop: string, value: number | undefined): void {
  if (value !== undefined && (!Number.isInteger(value) || value < 1 || value > 65535)) {
    reportError(scope, prop, 'must be a port number', { value, allowed: 'an integer 1..65535' });
  }
}

/**
 * Reports a synth error on `scope` for an optional Duration that is NaN, infinite or negative.
 * Istio takes protobuf durations, so fractions of a second (and of a millisecond) are fine.
 */
export function checkDuration(scope: IConstruct, prop: string, d: Duration | undefined): void {
  if (d === undefined) return;
  const ms = checkedMillis(scope, prop, d);
  if (ms !== undefined && ms > MAX_PROTO_DURATION_MS) {
    reportError(scope, prop, 'is longer than a protobuf Duration can hold', { value: d.toHumanString(), allowed: 'at most 315576000000 seconds (10000 years)' });
  }
}

/** google.protobuf.Duration's range: +-315,576,000,000 seconds. */
const MAX_PROTO_DURATION_MS = 315_576_000_000_000;

/**
 * A Duration as a protobuf JSON duration (`1.5s`, `0.0005s`), as Istio expects. Only called on
 * durations `checkDuration` accepted (an object with a reported error is not rendered).
 */
export function protoDuration(d: Duration | undefined): string | undefined {
  return d === undefined ? undefined : toProtoDuration(d);
}

/** The host and subset names a DestinationRule declares, as VirtualServices check them at synth. */
export interface DeclaredSubsets {
  readonly host: string;
  readonly namespace: string | undefined;
  readonly subsets: readonly string[];
}

const SUBSETS = new WeakMap<ApiObject, () => DeclaredSubsets>();

/** Lets VirtualServices see a DestinationRule construct's subsets without rendering it. */
export function registerSubsets(obj: ApiObject, declared: () => DeclaredSubsets): void {
  SUBSETS.set(obj, declared);
}

/** The subsets the DestinationRules of an app declare, indexed by the host they cover. */
export interface SubsetIndex {
  /** The subsets declared for `host` (a qualified host, see qualifiedHost), wildcard rules included. */
  subsetsFor(host: string): string[];
}

/**
 * The DestinationRules in the app of `scope`, indexed by host: the constructs' declared subsets,
 * and the spec of any other ApiObject of kind DestinationRule (imported L1s, plain objects,
 * includes). Built once per synth call, so an app of n VirtualServices stays linear.
 */
export function destinationRulesOf(scope: IConstruct): SubsetIndex {
  const root = scope.node.root;
  return memoizeForSynth(root, 'istio.destination-rule-subsets', () => indexSubsets(root));
}

function indexSubsets(root: IConstruct): SubsetIndex {
  const exact = new Map<string, string[]>();
  const wildcards: [string, string[]][] = [];
  for (const c of root.node.findAll()) {
    if (!ApiObject.isApiObject(c) || c.kind !== 'DestinationRule' || !c.apiVersion.startsWith('networking.istio.io/')) continue;
    const rule = SUBSETS.get(c)?.() ?? renderedRule(c);
    if (!rule) continue;
    const host = qualifiedHost(rule.host, rule.namespace);
    if (host === '*' || host.startsWith('*.')) wildcards.push([host, [...rule.subsets]]);
    else exact.set(host, [...(exact.get(host) ?? []), ...rule.subsets]);
  }
  return {
    subsetsFor: (host) => [...(exact.get(host) ?? []), ...wildcards.filter(([w]) => hostCovers(w, host)).flatMap(([, s]) => s)],
  };
}

function renderedRule(c: ApiObject): DeclaredSubsets | undefined {
  try {
    const spec = (c.toJson() as { spec?: { host?: unknown; subsets?: { name?: unknown }[] } }).spec;
    if (typeof spec?.host !== 'string') return undefined;
    const subsets = Array.isArray(spec.subsets) ? spec.subsets.map((x) => x?.name).filter((n): n is string => typeof n === 'string') : [];
    return { host: spec.host, namespace: c.metadata.namespace, subsets };
  } catch {
    // An object that cannot render reports that itself.
    return undefined;
  }
}

/**
 * A host as Istio resolves it in `namespace`: short names (no dot) become
 * `<name>.<namespace>.svc.cluster.local`, everything else is taken as written.
 */
export function qualifiedHost(host: string, namespace: string | undefined): string {
  return host.includes('.') ? host.toLowerCase() : `${host.toLowerCase()}.${namespace ?? 'default'}.svc.cluster.local`;
}

/** Whether a DestinationRule host (possibly a `*.` wildcard) covers a route's host. */
export function hostCovers(ruleHost: string, host: string): boolean {
  if (ruleHost === host || ruleHost === '*') return true;
  return ruleHost.startsWith('*.') && host.endsWith(ruleHost.slice(1));
}
