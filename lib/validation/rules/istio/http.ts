/**
 * The HTTP-level helpers of istiod's validation (validation.go, virtualservice.go): header
 * names and values, string matches, destinations, percentages. Shared by VirtualService and
 * Sidecar rules.
 */
import { isDns1123Label, portError, q, str, wildcardDomainError } from './common';

/**
 * validHeaderNameRegex. istiod writes the class as `[!#$%&'*+-.^_`|~A-Za-z0-9]`, where `+-.` is
 * a range that also takes `,`: a comma is accepted in header names.
 */
const HEADER_NAME = /^[!#$%&'*+,\-.^_`|~A-Za-z0-9]+$/;
/** HTTP/2 pseudo headers a match may name. */
const PSEUDO_HEADERS = new Set([':method', ':scheme', ':authority', ':path', ':status']);

export function corsHeaderNameError(name: string): string | undefined {
  if (name === '') return 'header name cannot be empty';
  return name === '*' || HEADER_NAME.test(name) ? undefined : `header name ${name} is not a valid header name`;
}

/**
 * pkg/jwt ToRoutingClaim(...).Match: a case-insensitive `@request.auth.claims` prefix followed by
 * `.` and at least one character, or by `[...]` with at least one character inside.
 */
export function isJwtClaimRoute(name: string): boolean {
  const prefix = '@request.auth.claims';
  if (!name.toLowerCase().startsWith(prefix)) return false;
  const rest = name.slice(prefix.length);
  return (rest.startsWith('.') && rest.length > 1) || (rest.startsWith('[') && rest.endsWith(']') && rest.length > 2);
}

export function headerNameOrJwtClaimError(name: string): string | undefined {
  if (name === '') return 'header name cannot be empty';
  if (isJwtClaimRoute(name) || PSEUDO_HEADERS.has(name)) return undefined;
  return HEADER_NAME.test(name) ? undefined : `header name ${name} is not a valid header name`;
}

const isInternalHeader = (k: string) => k.startsWith(':') || k.toLowerCase() === 'host';
export const isAuthorityHeader = (k: string) => k.toLowerCase() === ':authority' || k.toLowerCase() === 'host';

/** ValidateHTTPHeaderWithAuthorityOperationName: names of request headers to add or set. */
export function headerAddNameError(name: string): string | undefined {
  if (name === '') return 'header name cannot be empty';
  if (isInternalHeader(name) && !isAuthorityHeader(name)) return `invalid header ${q(name)}: header cannot have ":" prefix`;
  return undefined;
}

/** ValidateHTTPHeaderOperationName: names of headers to remove, and of response headers. */
export function headerOperationNameError(name: string): string | undefined {
  if (name === '') return 'header name cannot be empty';
  if (name.toLowerCase() === 'host') return `invalid header ${q(name)}: cannot set Host header`;
  if (isInternalHeader(name)) return `invalid header ${q(name)}: header cannot have ":" prefix`;
  return undefined;
}

/**
 * validateHeaderValue (header_value_validator.go, a port of Envoy's header_parser.cc): the
 * `%VAR%` / `%VAR(["arg"])%` syntax of header values, `%%` being a literal percent sign. Works
 * on UTF-8 bytes as istiod does.
 */
function headerValueSyntaxError(value: string): string | undefined {
  const b = Buffer.from(value, 'utf8');
  const isSpace = (c: number) => c === 0x20;
  const ch = (c: string) => c.charCodeAt(0);
  type State = 'literal' | 'name' | 'array' | 'string' | 'inString' | 'delimOrEnd' | 'argsEnd' | 'varEnd';
  let state: State = 'literal';
  for (let pos = 0; pos < b.length; pos++) {
    const c = b[pos];
    const hasNext = pos + 1 < b.length;
    switch (state) {
      case 'literal':
        if (c !== ch('%')) break;
        if (!hasNext) return 'invalid header configuration. Un-escaped %';
        if (b[pos + 1] === ch('%')) {
          pos++;
          break;
        }
        state = 'name';
        break;
      case 'name':
        if (c === ch('%')) state = 'literal';
        else if (c === ch('(')) state = 'array';
        break;
      case 'array':
        if (c === ch('[')) state = 'string';
        else if (!isSpace(c)) state = 'inString';
        break;
      case 'delimOrEnd':
        if (c === ch(',')) state = 'string';
        else if (c === ch(']')) state = 'argsEnd';
        else if (!isSpace(c)) return "invalid header configuration. Expecting ',', ']', or whitespace";
        break;
      case 'string':
        if (c === ch('"')) state = 'inString';
        else if (!isSpace(c)) return 'invalid header configuration. Expecting \'"\'';
        break;
      case 'inString':
        if (c === ch('\\')) {
          if (!hasNext) return 'invalid header configuration. Un-terminated backslash in JSON string';
          pos++;
        } else if (c === ch(')')) state = 'varEnd';
        else if (c === ch('"')) state = 'delimOrEnd';
        break;
      case 'argsEnd':
        if (c === ch(')')) state = 'varEnd';
        else if (!isSpace(c)) return "invalid header configuration. Expecting ')' or whitespace after '{}', but found '{}'";
        break;
      case 'varEnd':
        if (c === ch('%')) state = 'literal';
        else if (!isSpace(c)) return "invalid header configuration. Expecting '%' or whitespace after";
        break;
    }
  }
  return state === 'literal' ? undefined : `invalid header configuration. Un-terminated variable expression '${value}'`;
}

/** ValidateHTTPHeaderValue: no control characters except tab, then the `%` syntax. */
export function headerValueError(value: string): string | undefined {
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0008\u000A-\u001F\u007F]/.test(value)) return `header value configuration ${value} is invalid`;
  const e = headerValueSyntaxError(value);
  return e ? `header value configuration: ${e}` : undefined;
}

/** Header manipulation (`headers.request/response.add/set/remove`), as (field, message) pairs. */
export function headerOperationErrors(headers: unknown, path: string): [string, string][] {
  const out: [string, string][] = [];
  const h = headers && typeof headers === 'object' ? (headers as Record<string, any>) : undefined;
  if (!h) return out;
  for (const side of ['request', 'response'] as const) {
    const ops = h[side];
    if (!ops || typeof ops !== 'object') continue;
    for (const op of ['add', 'set'] as const) {
      for (const [name, val] of Object.entries<unknown>(ops[op] ?? {})) {
        const f = `${path}.${side}.${op}.${name}`;
        const ne = side === 'request' ? headerAddNameError(name) : headerOperationNameError(name);
        if (ne) out.push([f, ne]);
        const ve = headerValueError(str(val));
        if (ve) out.push([f, ve]);
      }
    }
    (Array.isArray(ops.remove) ? ops.remove : []).forEach((name: unknown, i: number) => {
      const ne = headerOperationNameError(str(name));
      if (ne) out.push([`${path}.${side}.remove[${i}]`, ne]);
    });
  }
  return out;
}

/** RE2 rejects what JavaScript accepts in these forms; anything JavaScript rejects fails too. */
function re2Error(re: string): string | undefined {
  if (/\(\?<?[=!]/.test(re)) return 'error parsing regexp: invalid or unsupported Perl syntax: `(?=`';
  if (/\\[1-9]/.test(re)) return 'error parsing regexp: invalid escape sequence';
  try {
    new RegExp(re);
    return undefined;
  } catch (e) {
    return `error parsing regexp: ${(e as Error).message}`;
  }
}

export function stringRegexpError(re: string, where: string): string | undefined {
  if (re.length > 1024) return `${q(where)}: regex is too large, max length allowed is 1024`;
  const err = re2Error(re);
  return err ? `${q(where)}: ${err}; Istio uses RE2 style regex-based match (https://github.com/google/re2/wiki/Syntax)` : undefined;
}

/** validateStringMatchRegexp: only regex matches are checked. */
export function stringMatchRegexpError(sm: unknown, where: string): string | undefined {
  const m = sm && typeof sm === 'object' ? (sm as Record<string, unknown>) : undefined;
  if (!m || !('regex' in m)) return undefined;
  const re = str(m.regex);
  if (re === '') return `${q(where)}: regex string match should not be empty`;
  return stringRegexpError(re, where);
}

/** validateStringMatch: an empty prefix is an error too (except for uri). */
export function stringMatchError(sm: unknown, where: string): string | undefined {
  const m = sm && typeof sm === 'object' ? (sm as Record<string, unknown>) : undefined;
  if (!m) return undefined;
  if ('prefix' in m && !('exact' in m) && !('regex' in m)) return str(m.prefix) === '' ? `${q(where)}: prefix string match should not be empty` : undefined;
  return stringMatchRegexpError(m, where);
}

export function subsetNameError(name: string): string | undefined {
  if (name.length === 0) return 'subset name cannot be empty';
  return isDns1123Label(name) ? undefined : `subset name is invalid: ${name}`;
}

/** validateDestination, as (field suffix, message) pairs. */
export function destinationErrors(dest: unknown): [string, string][] {
  const d = dest && typeof dest === 'object' ? (dest as Record<string, any>) : undefined;
  if (!d) return [];
  const out: [string, string][] = [];
  const host = str(d.host);
  if (host === '*') out.push(['host', `invalid destination host ${host}`]);
  else {
    const e = wildcardDomainError(host);
    if (e) out.push(['host', e]);
  }
  if (str(d.subset) !== '') {
    const e = subsetNameError(str(d.subset));
    if (e) out.push(['subset', e]);
  }
  if (d.port && typeof d.port === 'object') {
    const e = portError(d.port.number);
    if (e) out.push(['port.number', e]);
  }
  return out;
}

/** Go's %v of a float64 (shortest representation, exponent from 1e21 or below 1e-4). */
export function goFloat(x: number): string {
  if (x === 0 || !Number.isFinite(x)) return String(x);
  const e = Math.floor(Math.log10(Math.abs(x)));
  if (e < -4 || e >= 21) {
    const [m, exp] = x.toExponential().split('e');
    const n = Number(exp);
    return `${m}e${n < 0 ? '-' : '+'}${String(Math.abs(n)).padStart(2, '0')}`;
  }
  return String(x);
}

/** validatePercentage (fault injection). */
export function percentageError(p: unknown): string | undefined {
  const v = p && typeof p === 'object' ? (p as Record<string, unknown>).value : undefined;
  if (p === undefined || p === null) return undefined;
  const value = typeof v === 'number' ? v : 0;
  if (value < 0 || value > 100 || (value > 0 && value < 0.0001)) return `percentage ${goFloat(value)} is neither 0.0, nor in range [0.0001, 100.0]`;
  return undefined;
}
