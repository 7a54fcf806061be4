/**
 * Evaluates the CEL rules (x-kubernetes-validations) that CRDs carry and the API server enforces
 * on create, so a manifest that a CRD's CEL would reject is reported at synth time.
 *
 * The evaluator is @bufbuild/cel (CommonJS and ESM builds, RE2 regular expressions, the cel-go
 * `strings` extension). @marcbachmann/cel-js is ESM only: Node 20.19+ can `require()` it, but jest
 * (and every user test suite that loads this library through jest's CommonJS loader) cannot.
 *
 * Kubernetes adds libraries to CEL; those the CRDs use are implemented here as custom functions:
 * URLs (`url`, `isURL`, `getScheme`…), IP addresses and CIDRs (`ip`, `isIP`, `cidr`, `isCIDR`…),
 * quantities (`quantity`, `isQuantity`, `compareTo`…), lists (`isSorted`, `sum`, `min`, `max`,
 * `indexOf`, `lastIndexOf`), regex (`find`, `findAll`) and sets (`sets.contains`, `sets.equivalent`,
 * `sets.intersects`). Values of the opaque Kubernetes types (URL, IP, CIDR, Quantity) are carried
 * as small maps under reserved keys; `type()` of them therefore answers `map`, which no shipped
 * rule depends on.
 *
 * Not supported: optional-type syntax (`self.?field`, `optional.of`), which the parser does not
 * know, and the `format` and `semver` libraries. A rule that does not compile is reported as a
 * warning ("not checked"), never as an error: the API server accepted the CRD, so the rule is valid.
 *
 * Transition rules (those that mention `oldSelf`) do not apply on create and are skipped, unless
 * the rule sets `optionalOldSelf`, in which case `oldSelf` is an empty optional (`hasValue()` is
 * false, `orValue(x)` is x), as on create in the API server.
 */
import { celEnv, celFunc, celMethod, CelScalar, isCelError, isCelMap, isCelUint, listType, parse, plan } from '@bufbuild/cel';
import type { CelEnv, CelFunc, CelList, CelValue } from '@bufbuild/cel';
import { strings } from '@bufbuild/cel/ext';

/** One entry of `x-kubernetes-validations`, as in apiextensions.k8s.io/v1 ValidationRule. */
export interface CelValidationRule {
  readonly rule: string;
  readonly message?: string;
  readonly messageExpression?: string;
  readonly reason?: string;
  readonly fieldPath?: string;
  readonly optionalOldSelf?: boolean;
}

/** The outcome of one rule on one value. */
export interface CelRuleResult {
  /** `true` when the rule holds, `false` when it fails, `'skipped'` for transition rules on create. */
  readonly outcome: boolean | 'skipped' | 'not-compiled';
  /** The message the API server would print, when the rule failed or could not be compiled. */
  readonly message?: string;
}

const S = CelScalar;
const OPAQUE = '\u0000k8s';

// ---------------------------------------------------------------------------------------------
// Opaque Kubernetes values (URL, IP, CIDR, Quantity, optional) as marked maps.

type OpaqueKind = 'url' | 'ip' | 'cidr' | 'quantity' | 'optional';

function opaque(kind: OpaqueKind, value: string | null): Map<string, string | null> {
  return new Map([[OPAQUE, kind], [`${OPAQUE}value`, value]]);
}

function unwrap(v: unknown, kind: OpaqueKind): string {
  if (isCelMap(v) && v.get(OPAQUE) === kind) return v.get(`${OPAQUE}value`) as string;
  throw new Error(`no such overload: expected a ${kind}`);
}

// ---------------------------------------------------------------------------------------------
// URL library (k8s.io/apiserver/pkg/cel/library/urls.go): Go's url.ParseRequestURI semantics.

interface ParsedUrl { scheme: string; host: string; path: string; rawQuery: string; opaque: string }

function parseRequestUri(s: string): ParsedUrl | undefined {
  if (/[\x00-\x1f\x7f]/.test(s)) return undefined;
  let rest = s;
  let scheme = '';
  const m = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(rest);
  if (m) {
    scheme = m[1].toLowerCase();
    rest = rest.slice(m[0].length);
  } else if (/^[a-zA-Z0-9+.-]*:/.test(rest) && !rest.startsWith('/')) {
    return undefined; // "missing protocol scheme"
  }
  let rawQuery = '';
  const q = rest.indexOf('?');
  if (q >= 0) {
    rawQuery = rest.slice(q + 1);
    rest = rest.slice(0, q);
  }
  if (!rest.startsWith('/')) {
    if (scheme) return { scheme, host: '', path: '', rawQuery, opaque: rest };
    return undefined; // "invalid URI for request"
  }
  let host = '';
  if (scheme && rest.startsWith('//')) {
    const end = rest.indexOf('/', 2);
    let authority = end < 0 ? rest.slice(2) : rest.slice(2, end);
    rest = end < 0 ? '' : rest.slice(end);
    const at = authority.lastIndexOf('@');
    if (at >= 0) authority = authority.slice(at + 1);
    if (!validHost(authority)) return undefined;
    host = authority;
  }
  if (/%(?![0-9a-fA-F]{2})/.test(rest)) return undefined;
  return { scheme, host, path: rest, rawQuery, opaque: '' };
}

function validHost(host: string): boolean {
  if (host.startsWith('[')) return /^\[[0-9a-fA-F:.%a-zA-Z]+\](:\d*)?$/.test(host);
  const colon = host.lastIndexOf(':');
  if (colon >= 0 && !/^:\d*$/.test(host.slice(colon))) return false;
  return !/[\s<>"{}|\\^`]/.test(host);
}

function splitHost(host: string): { hostname: string; port: string } {
  if (host.startsWith('[')) {
    const close = host.indexOf(']');
    return { hostname: host.slice(1, close), port: host.slice(close + 1).replace(/^:/, '') };
  }
  const colon = host.lastIndexOf(':');
  return colon < 0 ? { hostname: host, port: '' } : { hostname: host.slice(0, colon), port: host.slice(colon + 1) };
}

function url(v: unknown): ParsedUrl {
  const p = parseRequestUri(unwrap(v, 'url'));
  if (!p) throw new Error('URL parse error');
  return p;
}

function urlFunctions(): CelFunc[] {
  return [
    celFunc('url', [S.STRING], S.DYN, (s) => {
      if (!parseRequestUri(s)) throw new Error(`URL parse error during conversion from string: ${s}`);
      return opaque('url', s);
    }),
    celFunc('isURL', [S.STRING], S.BOOL, (s) => parseRequestUri(s) !== undefined),
    celMethod('getScheme', S.DYN, [], S.STRING, function () { return url(this).scheme; }),
    celMethod('getHost', S.DYN, [], S.STRING, function () { return url(this).host; }),
    celMethod('getHostname', S.DYN, [], S.STRING, function () { return splitHost(url(this).host).hostname; }),
    celMethod('getPort', S.DYN, [], S.STRING, function () { return splitHost(url(this).host).port; }),
    celMethod('getEscapedPath', S.DYN, [], S.STRING, function () { return url(this).path; }),
    celMethod('getQuery', S.DYN, [], S.DYN, function () {
      const out = new Map<string, string[]>();
      for (const [k, v] of new URLSearchParams(url(this).rawQuery)) out.set(k, [...(out.get(k) ?? []), v]);
      return out;
    }),
  ];
}

// ---------------------------------------------------------------------------------------------
// IP and CIDR library (k8s.io/apiserver/pkg/cel/library/ip.go, cidr.go).

interface Ip { family: 4 | 6; bits: bigint }

function parseIp(s: string): Ip | undefined {
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(s)) {
    const parts = s.split('.');
    // Go's netip rejects leading zeros (ambiguous octal).
    if (parts.some((p) => Number(p) > 255 || (p.length > 1 && p.startsWith('0')))) return undefined;
    return { family: 4, bits: parts.reduce((acc, p) => (acc << 8n) | BigInt(p), 0n) };
  }
  if (!s.includes(':') || s.includes('%')) return undefined;
  let head = s;
  let tailV4: bigint | undefined;
  const v4 = /:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(s);
  if (v4) {
    const p = parseIp(v4[1]);
    if (!p) return undefined;
    tailV4 = p.bits;
    head = s.slice(0, v4.index + 1) + '0:0';
  }
  const halves = head.split('::');
  if (halves.length > 2) return undefined;
  const groups = (h: string) => (h === '' ? [] : h.split(':'));
  const left = groups(halves[0]);
  const right = halves.length === 2 ? groups(halves[1]) : [];
  const all = [...left, ...right];
  if (all.some((g) => !/^[0-9a-fA-F]{1,4}$/.test(g))) return undefined;
  const missing = 8 - all.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
  const full = [...left, ...Array(halves.length === 2 ? missing : 0).fill('0'), ...right];
  let bits = full.reduce((acc, g) => (acc << 16n) | BigInt(parseInt(g, 16)), 0n);
  if (tailV4 !== undefined) bits = (bits & ~0xffffffffn) | tailV4;
  return { family: 6, bits };
}

function formatIp(ip: Ip): string {
  if (ip.family === 4) return [24n, 16n, 8n, 0n].map((sh) => String((ip.bits >> sh) & 0xffn)).join('.');
  const g = [...Array(8)].map((_, i) => Number((ip.bits >> BigInt(112 - 16 * i)) & 0xffffn));
  if (g.slice(0, 5).every((x) => x === 0) && g[5] === 0xffff) {
    return `::ffff:${formatIp({ family: 4, bits: ip.bits & 0xffffffffn })}`;
  }
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8;) {
    let j = i;
    while (j < 8 && g[j] === 0) j++;
    if (j - i > bestLen) {
      best = i;
      bestLen = j - i;
    }
    i = j === i ? i + 1 : j;
  }
  const hex = g.map((x) => x.toString(16));
  if (best < 0) return hex.join(':');
  return `${hex.slice(0, best).join(':')}::${hex.slice(best + bestLen).join(':')}`;
}

function ipOf(s: string): Ip {
  // Kubernetes' ip() rejects IPv4-mapped IPv6 and zones.
  const p = parseIp(s);
  if (!p || (p.family === 6 && p.bits >> 32n === 0xffffn)) throw new Error(`IP Address '${s}' parse error during conversion from string`);
  return p;
}

function parseCidr(s: string): { ip: Ip; prefix: number } | undefined {
  const slash = s.indexOf('/');
  if (slash < 0 || !/^\d{1,3}$/.test(s.slice(slash + 1))) return undefined;
  const ip = parseIp(s.slice(0, slash));
  const prefix = Number(s.slice(slash + 1));
  if (!ip || prefix > (ip.family === 4 ? 32 : 128)) return undefined;
  return { ip, prefix };
}

function cidrOf(v: unknown): { ip: Ip; prefix: number } {
  const s = typeof v === 'string' ? v : unwrap(v, 'cidr');
  const c = parseCidr(s);
  if (!c) throw new Error(`network address parse error during conversion from string: ${s}`);
  return c;
}

function maskedBits(ip: Ip, prefix: number): bigint {
  const width = ip.family === 4 ? 32 : 128;
  const hostBits = BigInt(width - prefix);
  return (ip.bits >> hostBits) << hostBits;
}

function ipValue(v: unknown): Ip {
  return ipOf(typeof v === 'string' ? v : unwrap(v, 'ip'));
}

function ipFunctions(): CelFunc[] {
  const ipM = (name: string, f: (ip: Ip) => boolean) => celMethod(name, S.DYN, [], S.BOOL, function () { return f(ipValue(this)); });
  const containsCidr = (outer: { ip: Ip; prefix: number }, inner: { ip: Ip; prefix: number }) =>
    outer.ip.family === inner.ip.family && inner.prefix >= outer.prefix
    && maskedBits(inner.ip, outer.prefix) === maskedBits(outer.ip, outer.prefix);
  return [
    celFunc('ip', [S.STRING], S.DYN, (s) => opaque('ip', formatIp(ipOf(s)))),
    celFunc('isIP', [S.STRING], S.BOOL, (s) => {
      try { ipOf(s); return true; } catch { return false; }
    }),
    celFunc('ip.isCanonical', [S.STRING], S.BOOL, (s) => formatIp(ipOf(s)) === s),
    celMethod('family', S.DYN, [], S.INT, function () { return BigInt(ipValue(this).family); }),
    ipM('isUnspecified', (ip) => ip.bits === 0n),
    ipM('isLoopback', (ip) => (ip.family === 4 ? ip.bits >> 24n === 127n : ip.bits === 1n)),
    ipM('isLinkLocalMulticast', (ip) => (ip.family === 4 ? ip.bits >> 8n === 0xe00000n : ip.bits >> 112n === 0xff02n)),
    ipM('isLinkLocalUnicast', (ip) => (ip.family === 4 ? ip.bits >> 16n === 0xa9fen : ip.bits >> 118n === 0x3fan)),
    ipM('isGlobalUnicast', (ip) => (ip.family === 4
      ? ip.bits !== 0xffffffffn && ip.bits !== 0n && ip.bits >> 24n !== 127n && ip.bits >> 28n !== 0xen && ip.bits >> 16n !== 0xa9fen
      : ip.bits !== 0n && ip.bits !== 1n && ip.bits >> 120n !== 0xffn && ip.bits >> 118n !== 0x3fan)),
    celFunc('cidr', [S.STRING], S.DYN, (s) => {
      cidrOf(s);
      return opaque('cidr', s);
    }),
    celFunc('isCIDR', [S.STRING], S.BOOL, (s) => parseCidr(s) !== undefined),
    celMethod('containsIP', S.DYN, [S.DYN], S.BOOL, function (other) {
      const c = cidrOf(this);
      const ip = ipValue(other);
      return ip.family === c.ip.family && maskedBits(ip, c.prefix) === maskedBits(c.ip, c.prefix);
    }),
    celMethod('containsCIDR', S.DYN, [S.DYN], S.BOOL, function (other) { return containsCidr(cidrOf(this), cidrOf(other)); }),
    celMethod('prefixLength', S.DYN, [], S.INT, function () { return BigInt(cidrOf(this).prefix); }),
    celMethod('ip', S.DYN, [], S.DYN, function () { return opaque('ip', formatIp(cidrOf(this).ip)); }),
    celMethod('masked', S.DYN, [], S.DYN, function () {
      const c = cidrOf(this);
      return opaque('cidr', `${formatIp({ family: c.ip.family, bits: maskedBits(c.ip, c.prefix) })}/${c.prefix}`);
    }),
  ];
}

// ---------------------------------------------------------------------------------------------
// Quantity library (k8s.io/apiserver/pkg/cel/library/quantity.go), exact rational arithmetic.

interface Rational { num: bigint; den: bigint }

const SUFFIX: Record<string, Rational> = {
  n: { num: 1n, den: 10n ** 9n }, u: { num: 1n, den: 10n ** 6n }, m: { num: 1n, den: 1000n }, '': { num: 1n, den: 1n },
  k: { num: 10n ** 3n, den: 1n }, M: { num: 10n ** 6n, den: 1n }, G: { num: 10n ** 9n, den: 1n },
  T: { num: 10n ** 12n, den: 1n }, P: { num: 10n ** 15n, den: 1n }, E: { num: 10n ** 18n, den: 1n },
  Ki: { num: 2n ** 10n, den: 1n }, Mi: { num: 2n ** 20n, den: 1n }, Gi: { num: 2n ** 30n, den: 1n },
  Ti: { num: 2n ** 40n, den: 1n }, Pi: { num: 2n ** 50n, den: 1n }, Ei: { num: 2n ** 60n, den: 1n },
};

function parseQuantity(s: string): Rational | undefined {
  const m = /^([+-]?)(\d+(?:\.\d*)?|\.\d+)(?:(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE])|[eE]([+-]?\d+))?$/.exec(s);
  if (!m) return undefined;
  const [int, frac = ''] = m[2].split('.');
  let num = BigInt((int || '0') + frac) * (m[1] === '-' ? -1n : 1n);
  let den = 10n ** BigInt(frac.length);
  if (m[4] !== undefined) {
    const e = Number(m[4]);
    if (Math.abs(e) > 100) return undefined;
    if (e >= 0) num *= 10n ** BigInt(e);
    else den *= 10n ** BigInt(-e);
  } else {
    const f = SUFFIX[m[3] ?? ''];
    num *= f.num;
    den *= f.den;
  }
  return { num, den };
}

function quantityOf(v: unknown): Rational {
  const s = typeof v === 'string' ? v : unwrap(v, 'quantity');
  const q = parseQuantity(s);
  if (!q) throw new Error(`quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$': ${s}`);
  return q;
}

function compare(a: Rational, b: Rational): bigint {
  const d = a.num * b.den - b.num * a.den;
  return d > 0n ? 1n : d < 0n ? -1n : 0n;
}

function rationalString(r: Rational): string {
  if (r.num % r.den === 0n) return String(r.num / r.den);
  // Exact decimal when the denominator divides a power of ten, else an approximation in nano units.
  for (let digits = 1; digits <= 30; digits++) {
    const scale = 10n ** BigInt(digits);
    if ((r.num * scale) % r.den === 0n) {
      const v = (r.num * scale) / r.den;
      const neg = v < 0n;
      const abs = (neg ? -v : v).toString().padStart(digits + 1, '0');
      return `${neg ? '-' : ''}${abs.slice(0, -digits)}.${abs.slice(-digits)}`;
    }
  }
  return `${(r.num * 1000000000n) / r.den}n`;
}

function quantityFunctions(): CelFunc[] {
  // The int overload comes first: the dyn one would also accept an int.
  const arith = (name: string, sign: 1n | -1n) => [
    celMethod(name, S.DYN, [S.INT], S.DYN, function (other) {
      const a = quantityOf(this);
      return opaque('quantity', rationalString({ num: a.num + sign * other * a.den, den: a.den }));
    }),
    celMethod(name, S.DYN, [S.DYN], S.DYN, function (other) {
      const a = quantityOf(this);
      const b = quantityOf(other);
      return opaque('quantity', rationalString({ num: a.num * b.den + sign * b.num * a.den, den: a.den * b.den }));
    }),
  ];
  return [
    celFunc('quantity', [S.STRING], S.DYN, (s) => {
      quantityOf(s);
      return opaque('quantity', s);
    }),
    celFunc('isQuantity', [S.STRING], S.BOOL, (s) => parseQuantity(s) !== undefined),
    celMethod('isInteger', S.DYN, [], S.BOOL, function () {
      const q = quantityOf(this);
      return q.num % q.den === 0n && q.num / q.den <= 2n ** 63n - 1n && q.num / q.den >= -(2n ** 63n);
    }),
    celMethod('asInteger', S.DYN, [], S.INT, function () {
      const q = quantityOf(this);
      if (q.num % q.den !== 0n) throw new Error('cannot convert value to integer');
      return q.num / q.den;
    }),
    celMethod('asApproximateFloat', S.DYN, [], S.DOUBLE, function () {
      const q = quantityOf(this);
      return Number(q.num) / Number(q.den);
    }),
    celMethod('sign', S.DYN, [], S.INT, function () { return compare(quantityOf(this), { num: 0n, den: 1n }); }),
    celMethod('compareTo', S.DYN, [S.DYN], S.INT, function (o) { return compare(quantityOf(this), quantityOf(o)); }),
    celMethod('isGreaterThan', S.DYN, [S.DYN], S.BOOL, function (o) { return compare(quantityOf(this), quantityOf(o)) > 0n; }),
    celMethod('isLessThan', S.DYN, [S.DYN], S.BOOL, function (o) { return compare(quantityOf(this), quantityOf(o)) < 0n; }),
    ...arith('add', 1n),
    ...arith('sub', -1n),
  ];
}

// ---------------------------------------------------------------------------------------------
// Lists and regex libraries (k8s.io/apiserver/pkg/cel/library/lists.go, regex.go).

function items(l: CelList): CelValue[] {
  return [...l];
}

function cmp(a: CelValue, b: CelValue): number {
  const x = isCelUint(a) ? a.value : a;
  const y = isCelUint(b) ? b.value : b;
  if ((typeof x === 'bigint' || typeof x === 'number') && (typeof y === 'bigint' || typeof y === 'number')) {
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (typeof x === 'string' && typeof y === 'string') return x < y ? -1 : x > y ? 1 : 0;
  if (typeof x === 'boolean' && typeof y === 'boolean') return Number(x) - Number(y);
  throw new Error('no such overload: list elements are not comparable');
}

function sameValue(a: CelValue, b: CelValue): boolean {
  try {
    return cmp(a, b) === 0;
  } catch {
    return JSON.stringify(a, (_k, v) => (typeof v === 'bigint' ? String(v) : v)) === JSON.stringify(b, (_k, v) => (typeof v === 'bigint' ? String(v) : v));
  }
}

function listFunctions(): CelFunc[] {
  const L = listType(S.DYN);
  const extreme = (name: string, sign: number) => celMethod(name, L, [], S.DYN, function () {
    const all = items(this as CelList);
    if (!all.length) throw new Error(`${name}(list) argument must not be empty`);
    return all.reduce((best, x) => (cmp(x, best) * sign > 0 ? x : best));
  });
  return [
    celMethod('isSorted', L, [], S.BOOL, function () {
      const all = items(this as CelList);
      return all.every((x, i) => i === 0 || cmp(all[i - 1], x) <= 0);
    }),
    celMethod('sum', L, [], S.DYN, function () {
      const all = items(this as CelList);
      if (all.length && typeof all[0] === 'number') return all.reduce((a: number, b) => a + (b as number), 0);
      return all.reduce((a: bigint, b) => a + (b as bigint), 0n);
    }),
    extreme('min', -1),
    extreme('max', 1),
    celMethod('indexOf', L, [S.DYN], S.INT, function (v) { return BigInt(items(this as CelList).findIndex((x) => sameValue(x, v))); }),
    celMethod('lastIndexOf', L, [S.DYN], S.INT, function (v) {
      const all = items(this as CelList);
      for (let i = all.length - 1; i >= 0; i--) if (sameValue(all[i], v)) return BigInt(i);
      return -1n;
    }),
    celMethod('find', S.STRING, [S.STRING], S.STRING, function (re) { return new RegExp(re).exec(this as string)?.[0] ?? ''; }),
    celMethod('findAll', S.STRING, [S.STRING], L, function (re) { return [...(this as string).matchAll(new RegExp(re, 'g'))].map((m) => m[0]); }),
    celMethod('findAll', S.STRING, [S.STRING, S.INT], L, function (re, n) {
      const all = [...(this as string).matchAll(new RegExp(re, 'g'))].map((m) => m[0]);
      return n < 0n ? all : all.slice(0, Number(n));
    }),
  ];
}

// The cel-go `sets` extension Kubernetes enables (sets.contains, sets.equivalent, sets.intersects).
function setFunctions(): CelFunc[] {
  const L = listType(S.DYN);
  const has = (list: CelValue[], v: CelValue) => list.some((x) => sameValue(x, v));
  return [
    celFunc('sets.contains', [L, L], S.BOOL, (a, b) => {
      const all = items(a as CelList);
      return items(b as CelList).every((v) => has(all, v));
    }),
    celFunc('sets.equivalent', [L, L], S.BOOL, (a, b) => {
      const x = items(a as CelList);
      const y = items(b as CelList);
      return x.every((v) => has(y, v)) && y.every((v) => has(x, v));
    }),
    celFunc('sets.intersects', [L, L], S.BOOL, (a, b) => {
      const x = items(a as CelList);
      return items(b as CelList).some((v) => has(x, v));
    }),
  ];
}

// Optional values, enough for `optionalOldSelf` rules on create: oldSelf is always empty.
function optionalFunctions(): CelFunc[] {
  return [
    celMethod('hasValue', S.DYN, [], S.BOOL, function () { return unwrap(this, 'optional') !== null; }),
    celMethod('orValue', S.DYN, [S.DYN], S.DYN, function (v) {
      unwrap(this, 'optional');
      return v;
    }),
    celMethod('value', S.DYN, [], S.DYN, function () {
      unwrap(this, 'optional');
      throw new Error('optional.none() dereference');
    }),
  ];
}

// ---------------------------------------------------------------------------------------------
// Environment, compilation cache and evaluation.

let sharedEnv: CelEnv | undefined;

function env(): CelEnv {
  sharedEnv ??= celEnv({
    funcs: [...strings, ...urlFunctions(), ...ipFunctions(), ...quantityFunctions(), ...listFunctions(), ...setFunctions(), ...optionalFunctions()],
    variables: { self: S.DYN, oldSelf: S.DYN },
  });
  return sharedEnv;
}

type Program = (bindings: Record<string, unknown>) => unknown;

/** A compiled expression, or why it could not be compiled. */
export interface CompiledCel {
  readonly program?: Program;
  readonly error?: string;
  readonly usesOldSelf: boolean;
}

const cache = new Map<string, CompiledCel>();

/** Operators and macros the evaluator handles itself rather than through its function table. */
const BUILTIN_CALLS = new Set(['_&&_', '_||_', '_?_:_', '_[_]', '@not_strictly_false', 'not_strictly_false', '@in']);

/** The function calls of a parsed expression that the environment has no overload for. */
function unknownCalls(expr: any, e: CelEnv, out: string[] = []): string[] {
  if (!expr || typeof expr !== 'object') return out;
  if (expr.exprKind?.case === 'callExpr') {
    const call = expr.exprKind.value;
    if (!BUILTIN_CALLS.has(call.function)) {
      const group = e.funcs.find(call.function);
      const hasTarget = call.target !== undefined;
      const fits = group && [...group].some((f) => (f.target !== undefined) === hasTarget && f.arguments.length === call.args.length);
      // Namespaced functions (`ip.isCanonical(x)`) parse as a method on the identifier `ip`.
      const qualified = hasTarget && call.target.exprKind?.case === 'identExpr'
        && e.funcs.find(`${call.target.exprKind.value.name}.${call.function}`);
      if (!fits && !qualified) out.push(`${hasTarget ? '<target>.' : ''}${call.function}/${call.args.length}`);
    }
  }
  for (const v of Object.values(expr)) {
    if (Array.isArray(v)) v.forEach((x) => unknownCalls(x, e, out));
    else if (v && typeof v === 'object') unknownCalls(v, e, out);
  }
  return out;
}

function mentions(expr: any, name: string): boolean {
  if (!expr || typeof expr !== 'object') return false;
  if (expr.exprKind?.case === 'identExpr' && expr.exprKind.value.name === name) return true;
  return Object.values(expr).some((v) => (Array.isArray(v) ? v.some((x) => mentions(x, name)) : v && typeof v === 'object' && mentions(v, name)));
}

/** Rewrites `ns.fn(args)` calls on an identifier that is not a variable into the function `ns.fn`. */
function qualify(expr: any, e: CelEnv): void {
  if (!expr || typeof expr !== 'object') return;
  if (expr.exprKind?.case === 'callExpr') {
    const call = expr.exprKind.value;
    const t = call.target;
    if (t?.exprKind?.case === 'identExpr' && !['self', 'oldSelf'].includes(t.exprKind.value.name)) {
      const name = `${t.exprKind.value.name}.${call.function}`;
      if (e.funcs.find(name)) {
        call.function = name;
        call.target = undefined;
      }
    }
  }
  for (const v of Object.values(expr)) {
    if (Array.isArray(v)) v.forEach((x) => qualify(x, e));
    else if (v && typeof v === 'object') qualify(v, e);
  }
}

/**
 * Compiles a CEL expression once: parses it, checks that every function it calls exists, and
 * plans it. Cached by expression text, since the same rule appears in many CRD versions.
 */
export function compileCel(expression: string): CompiledCel {
  let c = cache.get(expression);
  if (c) return c;
  try {
    const e = env();
    const parsed = parse(expression);
    qualify(parsed.expr, e);
    const missing = unknownCalls(parsed.expr, e);
    c = missing.length
      ? { error: `undeclared reference to ${missing.join(', ')}`, usesOldSelf: mentions(parsed.expr, 'oldSelf') }
      : { program: plan(e, parsed) as unknown as Program, usesOldSelf: mentions(parsed.expr, 'oldSelf') };
  } catch (err) {
    c = { error: err instanceof Error ? err.message : String(err), usesOldSelf: /\boldSelf\b/.test(expression) };
  }
  cache.set(expression, c);
  return c;
}

/** Evaluates a compiled expression; evaluation errors (and thrown exceptions) come back as Error. */
function run(c: CompiledCel, self: unknown, oldSelf: unknown): unknown {
  try {
    const r = c.program!({ self, oldSelf });
    if (isCelError(r)) return new Error(r.message);
    return r;
  } catch (err) {
    return err instanceof Error ? err : new Error(String(err));
  }
}

export type SchemaNode = Record<string, any>;

function typeOf(schema: SchemaNode | undefined): string | undefined {
  const t = schema?.type;
  return Array.isArray(t) ? t.find((x: string) => x !== 'null') : t;
}

/**
 * Converts a JSON value to the CEL value the API server would bind, guided by the schema:
 * objects become maps, integers become CEL `int` unless the schema says `number`, and absent
 * properties with a schema `default` are filled in, since the API server defaults before it
 * validates (a Flux Bucket without `provider` is seen by its rules as provider 'generic').
 */
export function toCel(value: unknown, schema?: SchemaNode): unknown {
  if (Array.isArray(value)) return value.map((v) => toCel(v, schema?.items));
  if (value !== null && typeof value === 'object') {
    const m = new Map<string, unknown>();
    const props = schema?.properties;
    const extra = typeof schema?.additionalProperties === 'object' ? schema.additionalProperties : undefined;
    for (const [k, v] of Object.entries(value)) m.set(k, toCel(v, props?.[k] ?? extra));
    if (props) {
      for (const [k, p] of Object.entries<SchemaNode>(props)) {
        if (!m.has(k) && p && p.default !== undefined) m.set(k, toCel(p.default, p));
      }
    }
    return m;
  }
  if (typeof value === 'number' && Number.isInteger(value) && typeOf(schema) !== 'number' && Number.isSafeInteger(value)) return BigInt(value);
  return value;
}

export function matchesType(value: unknown, schema: SchemaNode): boolean {
  switch (typeOf(schema)) {
    case 'object': return value !== null && typeof value === 'object' && !Array.isArray(value);
    case 'array': return Array.isArray(value);
    case 'string': return typeof value === 'string';
    case 'integer': return typeof value === 'number' && Number.isInteger(value);
    case 'number': return typeof value === 'number';
    case 'boolean': return typeof value === 'boolean';
    default: return true;
  }
}

function ruleLabel(r: CelValidationRule): string {
  return r.message?.trim() ? r.message : `failed rule: ${r.rule.trim()}`;
}

/**
 * Evaluates one rule with `self` bound to a value (already converted with {@link toCel}), and
 * words a failure as the API server does: the messageExpression result, else the message, else
 * `failed rule: <rule>`; an evaluation error is the rule failing, with the error appended.
 */
export function evaluateCelRule(r: CelValidationRule, self: unknown): CelRuleResult {
  const c = compileCel(r.rule);
  if (c.usesOldSelf && !r.optionalOldSelf) return { outcome: 'skipped' };
  if (!c.program) return { outcome: 'not-compiled', message: `CEL rule \`${r.rule}\` is not supported by this validator and was not checked: ${c.error}` };
  const oldSelf = r.optionalOldSelf ? opaque('optional', null) : undefined;
  const result = run(c, self, oldSelf);
  if (result === true) return { outcome: true };
  if (result instanceof Error) return { outcome: false, message: `${ruleLabel(r)}: ${result.message}` };
  if (result !== false) return { outcome: false, message: `${ruleLabel(r)}: rule did not evaluate to a bool` };
  if (r.messageExpression) {
    const mc = compileCel(r.messageExpression);
    if (mc.program) {
      const msg = run(mc, self, oldSelf);
      if (typeof msg === 'string' && msg.trim() && !/[\r\n]/.test(msg)) return { outcome: false, message: msg };
    }
  }
  return { outcome: false, message: ruleLabel(r) };
}

/** The problems that keep a rule from compiling here (empty when it compiles). */
export function celCompileProblems(expression: string): string[] {
  const c = compileCel(expression);
  return c.error ? [c.error] : [];
}
