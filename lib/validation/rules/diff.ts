/**
 * Comparing the previous and the new version of an object for the update-only webhook rules,
 * which refuse changes to immutable fields with a `(-old +new)` diff (knative.dev/pkg kmp.ShortDiff).
 *
 * Equality follows the Go structs the webhooks compare rather than the JSON: an absent field,
 * `null`, `""` and an empty list or map all decode to the same zero value, so changing one into
 * another is not a change. (Numbers and booleans are kept: many are pointers upstream, where
 * absent and 0 differ.)
 */

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isZero(v: unknown): boolean {
  return v === undefined || v === null || v === ''
    || (Array.isArray(v) && v.length === 0)
    || (isPlainObject(v) && Object.keys(v).length === 0);
}

function render(v: unknown): string {
  return isZero(v) ? '<unset>' : JSON.stringify(v);
}

function collect(a: unknown, b: unknown, path: string, out: string[]): void {
  if (isZero(a) && isZero(b)) return;
  if (isPlainObject(a) && isPlainObject(b)) {
    for (const key of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) {
      collect(a[key], b[key], path ? `${path}.${key}` : key, out);
    }
    return;
  }
  if (Array.isArray(a) && Array.isArray(b) && a.length === b.length) {
    a.forEach((item, i) => collect(item, b[i], `${path}[${i}]`, out));
    return;
  }
  if (JSON.stringify(a) !== JSON.stringify(b)) out.push(`${path || '(value)'}: -${render(a)} +${render(b)}`);
}

/** How many changed fields a diff lists before it abbreviates. */
const MAX_LINES = 5;

/**
 * The changed fields between two values, one `path: -old +new` per changed leaf, joined with
 * `; `, or undefined when they are equal. `ignore` lists top-level keys that may change.
 *
 * @example shortDiff({ config: { name: 'a' } }, { config: { name: 'b' } }, 'spec')
 * // 'spec.config.name: -"a" +"b"'
 */
export function shortDiff(previous: unknown, current: unknown, path: string, ignore: readonly string[] = []): string | undefined {
  const strip = (v: unknown) => {
    if (!isPlainObject(v) || ignore.length === 0) return v;
    const out: Record<string, unknown> = { ...v };
    for (const key of ignore) delete out[key];
    return out;
  };
  const lines: string[] = [];
  collect(strip(previous), strip(current), path, lines);
  if (lines.length === 0) return undefined;
  const shown = lines.slice(0, MAX_LINES).join('; ');
  return lines.length > MAX_LINES ? `${shown}; and ${lines.length - MAX_LINES} more` : shown;
}
