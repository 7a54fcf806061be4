/** Rendering helpers shared by the Istio constructs (not part of the public API). */

/** Plain JSON as the L1 objects receive it before their own key mapping. */
export type Json = Record<string, unknown>;

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
