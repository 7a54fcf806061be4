/**
 * Small helpers the serving rules share: knative.dev/pkg `apis.FieldError` message templates,
 * Go-style number parsing and "is this field set" in Go's zero-value sense.
 */

/** A JSON object as the rules see it. */
export type Obj = Record<string, any>;

export function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The array at `v`, or an empty one: absent lists behave like Go's nil slices. */
export function arr(v: unknown): any[] {
  return Array.isArray(v) ? v : [];
}

/** The string map at `v` (annotations, labels), or an empty one. */
export function strMap(v: unknown): Record<string, string> {
  return isObj(v) ? (v as Record<string, string>) : {};
}

/**
 * Whether a field counts as set for `apis.CheckDisallowedFields`: Go compares against the zero
 * value with apimachinery's semantic equality, where nil and empty slices/maps are equal, and
 * false, 0 and "" are zero. A present object (a non-nil pointer to a struct) is set.
 */
export function isSet(v: unknown): boolean {
  if (v === undefined || v === null || v === false || v === 0 || v === '') return false;
  if (Array.isArray(v)) return v.length > 0;
  return true;
}

/** `apis.ErrMissingField`. */
export const MISSING = 'missing field(s)';
/** `apis.ErrDisallowedFields`. */
export const DISALLOWED = 'must not set the field(s)';
/** `apis.ErrMultipleOneOf`. */
export const BOTH = 'expected exactly one, got both';
/** `apis.ErrMissingOneOf`. */
export const NEITHER = 'expected exactly one, got neither';

/** `apis.ErrInvalidValue`. */
export function invalidValue(v: unknown): string {
  return `invalid value: ${v}`;
}

/** `apis.ErrOutOfBoundsValue`. */
export function outOfBounds(v: unknown, lo: unknown, hi: unknown): string {
  return `expected ${lo} <= ${v} <= ${hi}`;
}

/**
 * A knative FieldError's message with its details: Knative prints them on a second line; a
 * finding has one message, so they follow after a colon.
 */
export function withDetails(message: string, details: string): string {
  return `${message}: ${details}`;
}

/** Several paths of one error, sorted and joined as knative.dev/pkg prints them. */
export function paths(...p: string[]): string {
  return [...p].sort().join(', ');
}

const GO_INT = /^[+-]?\d+$/;
const INT32_MAX = 2147483647;

/** strconv.ParseInt(v, 10, 32): the number, 'range' when it overflows int32, or undefined. */
export function parseInt32(v: string): number | 'range' | undefined {
  if (!GO_INT.test(v)) return undefined;
  const n = Number(v);
  if (n > INT32_MAX || n < -INT32_MAX - 1) return 'range';
  return n;
}

/** strconv.Atoi: a 64-bit base-10 integer (sign allowed), else undefined. */
export function parseGoInt(v: string): number | undefined {
  return GO_INT.test(v) ? Number(v) : undefined;
}

/** The common case, `50` or `0.7`: what GO_FLOAT takes and Number reads alike. */
const PLAIN_DECIMAL = /^[+-]?\d+(?:\.\d+)?$/;
const GO_FLOAT = /^[+-]?(?:(?:\d[\d_]*(?:\.[\d_]*)?|\.\d[\d_]*)(?:[eE][+-]?\d+)?|0[xX](?:[\da-fA-F_]+(?:\.[\da-fA-F_]*)?|\.[\da-fA-F_]+)[pP][+-]?\d+|inf|infinity|nan)$/i;

/**
 * strconv.ParseFloat(v, 64): decimal and hex floats, `Inf`/`NaN` (any case); underscores only
 * between digits of a prefixed literal in Go, accepted loosely here for decimal too. Undefined
 * when Go would fail.
 */
export function parseGoFloat(v: string): number | undefined {
  if (PLAIN_DECIMAL.test(v)) return Number(v);
  if (!GO_FLOAT.test(v)) return undefined;
  const lower = v.toLowerCase().replace(/^[+]/, '');
  if (lower.endsWith('inf') || lower.endsWith('infinity')) return lower.startsWith('-') ? -Infinity : Infinity;
  if (lower.endsWith('nan')) return NaN;
  if (/^-?0x/.test(lower)) {
    const neg = lower.startsWith('-');
    const [mant, exp] = lower.replace(/^-?0x/, '').replace(/_/g, '').split('p');
    const [ip, fp = ''] = mant.split('.');
    let m = parseInt(ip || '0', 16);
    for (let i = 0; i < fp.length; i++) m += parseInt(fp[i], 16) / 16 ** (i + 1);
    const r = m * 2 ** Number(exp);
    return neg ? -r : r;
  }
  if (v.includes('_')) return undefined;
  return Number(v);
}

/** Go's %v of a float64: integers print without a decimal point. */
export function goFloat(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (n === Infinity) return '+Inf';
  if (n === -Infinity) return '-Inf';
  return String(n);
}

/** Go's path.Clean for slash-separated paths. */
export function cleanPath(p: string): string {
  if (p === '') return '.';
  const rooted = p.startsWith('/');
  const out: string[] = [];
  for (const part of p.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (out.length && out[out.length - 1] !== '..') out.pop();
      else if (!rooted) out.push('..');
    } else out.push(part);
  }
  const s = (rooted ? '/' : '') + out.join('/');
  return s === '' ? (rooted ? '/' : '.') : s;
}
