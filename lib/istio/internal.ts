/** Rendering helpers shared by the Istio constructs (not part of the public API). */
import { ApiObject, ApiObjectMetadata, GroupVersionKind, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { validateOnSynth } from '../validation/construct';

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

/** Throws the early error for a percentage outside [0, 100]. */
export function checkPercent(prop: string, value: number | undefined): void {
  if (value !== undefined && (!(value >= 0) || value > 100)) {
    throw new Error(`'${prop}' (${value}) must be between 0 and 100`);
  }
}

/** Throws the early error for a port outside [1, 65535]. */
export function checkPort(prop: string, value: number | undefined): void {
  if (value !== undefined && (!Number.isInteger(value) || value < 1 || value > 65535)) {
    throw new Error(`'${prop}' (${value}) must be an integer between 1 and 65535`);
  }
}
