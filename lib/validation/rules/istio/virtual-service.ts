/**
 * networking.istio.io VirtualService: istiod's ValidateVirtualService (validation.go,
 * virtualservice.go). Weights: istiod only rejects negative weights and an all-zero total when
 * there are several destinations; it does not require a sum of 100 (it normalizes).
 * Header values get the `%VAR%` syntax check of header_value_validator.go (in ./http), and HTTP
 * matches the prefix-overlap analysis of analyzeUnreachableHTTPRules (a warning).
 */
import { KindRules, RuleContext } from '../../types';
import {
  arr, at, durationErrors, durationMs, exportToErrors, fqdnError, gatewayBoundDomainError, goList, hostSubsetOf, hostsMatch,
  ipSubnetError, isDns1123Label, isValidIp, labelErrors, num, obj, portError, q, str, metadataRejection, wildcardDomainError,
} from './common';
import {
  corsHeaderNameError, destinationErrors, headerNameOrJwtClaimError, headerOperationErrors, isAuthorityHeader,
  isJwtClaimRoute, percentageError, stringMatchError, stringMatchRegexpError, stringRegexpError,
} from './http';

const CORS_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE', '*']);
const RETRY_ON = new Set([
  '5xx', 'gateway-error', 'reset', 'reset-before-request', 'connect-failure', 'retriable-4xx', 'refused-stream',
  'retriable-status-codes', 'retriable-headers', 'envoy-ratelimited', 'http3-post-connect-failure',
  'cancelled', 'deadline-exceeded', 'internal', 'resource-exhausted', 'unavailable',
]);
/** Codes Go's http.StatusText knows. */
const HTTP_STATUS = new Set([
  100, 101, 102, 103, 200, 201, 202, 203, 204, 205, 206, 207, 208, 226, 300, 301, 302, 303, 304, 305, 307, 308,
  400, 401, 402, 403, 404, 405, 406, 407, 408, 409, 410, 411, 412, 413, 414, 415, 416, 417, 418, 421, 422, 423, 424, 425,
  426, 428, 429, 431, 451, 500, 501, 502, 503, 504, 505, 506, 507, 508, 510, 511,
]);
const GRPC_STATUS = new Set([
  'OK', 'CANCELLED', 'UNKNOWN', 'INVALID_ARGUMENT', 'DEADLINE_EXCEEDED', 'NOT_FOUND', 'ALREADY_EXISTS', 'PERMISSION_DENIED',
  'RESOURCE_EXHAUSTED', 'FAILED_PRECONDITION', 'ABORTED', 'OUT_OF_RANGE', 'UNIMPLEMENTED', 'INTERNAL', 'UNAVAILABLE',
  'DATA_LOSS', 'UNAUTHENTICATED',
]);

/** validateGatewayNames, as (field, message, isWarning) triples. */
export function gatewayNameFindings(names: unknown, path: string, gatewaySemantics: boolean): [string, string, boolean][] {
  const out: [string, string, boolean][] = [];
  const list = arr(names);
  for (let i = 0; i < list.length; i++) {
    const name = str(list[i]);
    const f = at(path, i);
    const slash = name.indexOf('/');
    if (slash < 0) {
      if (name.includes('.')) {
        const parts = name.split('.');
        out.push([f, `using legacy gatewayName format ${q(name)}; prefer the <namespace>/<name> format: ${q(`${parts[1]}/${parts[0]}`)}`, true]);
      }
      const e = fqdnError(name);
      if (e) out.push([f, e, false]);
      // istiod stops at the first name without a namespace.
      return out;
    }
    const ns = name.slice(0, slash);
    const gw = name.slice(slash + 1);
    if (!ns || !gw) out.push([f, 'config namespace and gateway name cannot be empty', false]);
    if (!isDns1123Label(ns)) out.push([f, `invalid value for namespace: ${q(ns)}`, false]);
    if (!isDns1123Label(gw) && !gatewaySemantics) out.push([f, `invalid value for gateway name: ${q(gw)}`, false]);
  }
  return out;
}

/** A match as istiod's asJSON compares it: zero values and empty lists left out (omitempty). */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    const keep = (x: unknown) => x !== undefined && x !== null && x !== false && x !== 0 && x !== '' && !(Array.isArray(x) && x.length === 0);
    return `{${Object.keys(v).sort().filter((k) => keep((v as any)[k])).map((k) => `${JSON.stringify(k)}:${canonical((v as any)[k])}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

function routeDestinations(routes: unknown, path: string, gatewaySemantics: boolean, http: boolean, ctx: RuleContext): void {
  const list = arr(routes);
  let total = 0;
  list.forEach((r, i) => {
    const rd = obj(r);
    if (!rd) return;
    const rp = at(path, i);
    if (http) for (const [f, m] of headerOperationErrors(rd.headers, at(rp, 'headers'))) ctx.error('IVS8', f, m);
    if (!gatewaySemantics) for (const [f, m] of destinationErrors(rd.destination)) ctx.error('IVS12', at(at(rp, 'destination'), f), m);
    const w = num(rd.weight);
    if (w < 0) ctx.error('IVS17', at(rp, 'weight'), `weight ${w} < 0`, { value: w });
    total += w;
  });
  if (list.length > 1 && total === 0) ctx.error('IVS17', path, 'total destination weight = 0');
}

function durations(value: unknown, field: string, ctx: RuleContext): void {
  for (const m of durationErrors(value)) ctx.error('IVS18', field, m, { value });
}

function validateHttpRoute(http: Record<string, any>, path: string, delegate: boolean, gatewaySemantics: boolean, ctx: RuleContext): void {
  const name = str(http.name);
  // jsonpb decodes `route: []` as nil, so a root route may carry an empty list.
  const hasRoute = arr(http.route).length > 0;
  const routeLen = arr(http.route).length;
  const set = (k: string) => http[k] !== undefined && http[k] !== null;
  // validateHTTPRouteConflict
  if (!delegate && set('delegate')) {
    if (set('redirect')) ctx.error('IVS6', at(path, 'redirect'), `root HTTP route ${name} must not specify redirect`);
    if (hasRoute) ctx.error('IVS6', at(path, 'route'), `root HTTP route ${name} must not specify route`);
  } else {
    if (delegate && set('delegate')) ctx.error('IVS6', at(path, 'delegate'), 'delegate HTTP route cannot contain delegate');
    if (set('redirect')) {
      if (routeLen > 0) ctx.error('IVS6', path, 'HTTP route cannot contain both route and redirect');
      if (set('fault')) ctx.error('IVS6', path, 'HTTP route cannot contain both fault and redirect');
      if (set('rewrite')) ctx.error('IVS6', path, 'HTTP route rule cannot contain both rewrite and redirect');
      if (set('directResponse')) ctx.error('IVS6', path, 'HTTP route rule cannot contain both direct_response and redirect');
    } else if (set('directResponse')) {
      if (routeLen > 0) ctx.error('IVS6', path, 'HTTP route cannot contain both route and direct_response');
      if (set('fault')) ctx.error('IVS6', path, 'HTTP route cannot contain both fault and direct_response');
      if (set('rewrite')) ctx.error('IVS6', path, 'HTTP route rule cannot contain both rewrite and direct_response');
    } else if (routeLen === 0) {
      ctx.error('IVS6', path, 'HTTP route, redirect or direct_response is required');
    }
    if (set('mirror') && arr(http.mirrors).length > 0) ctx.error('IVS6', path, 'HTTP route cannot contain both mirror and mirrors');
  }

  // validateHTTPRouteMatchRequest
  arr(http.match).forEach((m, i) => {
    const match = obj(m);
    if (!match) return;
    const mp = at(at(path, 'match'), i);
    for (const [hn, hv] of Object.entries<unknown>(match.headers ?? {})) {
      const f = at(at(mp, 'headers'), hn);
      if (hv === null) ctx.error('IVS7', f, `header match ${hn} cannot be null`);
      const ne = headerNameOrJwtClaimError(hn);
      if (ne) ctx.error('IVS7', f, ne);
      const se = stringMatchError(hv, 'headers');
      if (se) ctx.error('IVS7', f, se);
    }
    for (const [hn, hv] of Object.entries<unknown>(match.withoutHeaders ?? {})) {
      const f = at(at(mp, 'withoutHeaders'), hn);
      const ne = headerNameOrJwtClaimError(hn);
      if (ne) ctx.error('IVS7', f, ne);
      if (hv && obj(hv)?.regex !== '*') {
        const se = stringMatchError(hv, 'withoutHeaders');
        if (se) ctx.error('IVS7', f, se);
      }
    }
    const uri = stringMatchRegexpError(match.uri, 'uri');
    if (uri) ctx.error('IVS7', at(mp, 'uri'), uri);
    for (const k of ['scheme', 'method', 'authority']) {
      const e = stringMatchError(match[k], k);
      if (e) ctx.error('IVS7', at(mp, k), e);
    }
    for (const [qn, qv] of Object.entries<unknown>(match.queryParams ?? {})) {
      const e = stringMatchError(qv, 'queryParams');
      if (e) ctx.error('IVS7', at(at(mp, 'queryParams'), qn), e);
    }
    if (num(match.port) !== 0) {
      const e = portError(match.port);
      if (e) ctx.error('IVS7', at(mp, 'port'), e, { value: match.port });
    }
    for (const e of labelErrors(match.sourceLabels)) ctx.error('IVS7', at(mp, 'sourceLabels'), e);
    for (const [f, m2, warn] of gatewayNameFindings(match.gateways, at(mp, 'gateways'), false)) {
      if (warn) ctx.warn('IVS23', f, m2);
      else ctx.error('IVS21', f, m2);
    }
    if (str(match.sourceNamespace) !== '' && !isDns1123Label(str(match.sourceNamespace))) {
      ctx.error('IVS7', at(mp, 'sourceNamespace'), `sourceNamespace match ${match.sourceNamespace} is invalid`);
    }
  });

  for (const [f, m] of headerOperationErrors(http.headers, at(path, 'headers'))) ctx.error('IVS8', f, m);

  // validateCORSPolicy
  const cors = obj(http.corsPolicy);
  if (cors) {
    const cp = at(path, 'corsPolicy');
    arr(cors.allowOrigins).forEach((o, i) => {
      const om = obj(o) ?? {};
      const value = 'exact' in om ? str(om.exact) : 'prefix' in om ? str(om.prefix) : 'regex' in om ? str(om.regex) : '';
      const f = at(at(cp, 'allowOrigins'), i);
      if (value === '') ctx.error('IVS9', f, `'${value}' is not a valid match type for CORS allow origins`);
      else {
        const e = stringMatchRegexpError(om, 'corsPolicy.allowOrigins');
        if (e) ctx.error('IVS9', f, e);
      }
    });
    arr(cors.allowMethods).forEach((mth, i) => {
      if (!CORS_METHODS.has(str(mth))) ctx.error('IVS9', at(at(cp, 'allowMethods'), i), `${q(str(mth))} is not a supported HTTP method`, { value: mth });
    });
    for (const k of ['allowHeaders', 'exposeHeaders']) {
      arr(cors[k]).forEach((h, i) => {
        const e = corsHeaderNameError(str(h));
        if (e) ctx.error('IVS9', at(at(cp, k), i), e);
      });
    }
    if (cors.maxAge !== undefined) {
      durations(cors.maxAge, at(cp, 'maxAge'), ctx);
      const ms = durationMs(cors.maxAge);
      if (ms !== undefined && ms % 1000 !== 0) ctx.error('IVS9', at(cp, 'maxAge'), 'max_age duration is accurate only to seconds precision', { value: cors.maxAge });
    }
  }

  // validateHTTPFaultInjection
  const fault = obj(http.fault);
  if (fault) {
    const fp = at(path, 'fault');
    if (!obj(fault.abort) && !obj(fault.delay)) ctx.error('IVS10', fp, 'HTTP fault injection must have an abort and/or a delay');
    const abort = obj(fault.abort);
    if (abort) {
      const pe = percentageError(abort.percentage);
      if (pe) ctx.error('IVS10', at(at(fp, 'abort'), 'percentage'), pe);
      if ('grpcStatus' in abort) {
        if (!GRPC_STATUS.has(str(abort.grpcStatus))) {
          ctx.error('IVS10', at(at(fp, 'abort'), 'grpcStatus'), `gRPC status ${q(str(abort.grpcStatus))} is not supported. See https://github.com/grpc/grpc/blob/master/doc/statuscodes.md for a list of supported codes, for example 'NOT_FOUND'`);
        }
      } else if ('http2Error' in abort) {
        ctx.error('IVS10', at(at(fp, 'abort'), 'http2Error'), 'HTTP/2 abort fault injection not supported yet');
      } else if ('httpStatus' in abort) {
        const s = num(abort.httpStatus);
        if (s < 200 || s > 600) ctx.error('IVS10', at(at(fp, 'abort'), 'httpStatus'), `HTTP status ${s} is not in range 200-599`, { value: s });
      } else {
        ctx.warn('IVS10', at(fp, 'abort'), 'abort configured, but error type not set');
      }
    }
    const delay = obj(fault.delay);
    if (delay) {
      const pe = percentageError(delay.percentage);
      if (pe) ctx.error('IVS10', at(at(fp, 'delay'), 'percentage'), pe);
      if ('fixedDelay' in delay) durations(delay.fixedDelay, at(at(fp, 'delay'), 'fixedDelay'), ctx);
      else if ('exponentialDelay' in delay) {
        durations(delay.exponentialDelay, at(at(fp, 'delay'), 'exponentialDelay'), ctx);
        ctx.error('IVS10', at(at(fp, 'delay'), 'exponentialDelay'), 'exponentialDelay not supported yet');
      }
    }
  }

  // Mirrors
  const mirrorPercent = http.mirrorPercent ?? http.mirror_percent;
  if (mirrorPercent !== undefined && mirrorPercent !== null) {
    const v = num(mirrorPercent);
    if (v > 100) ctx.error('IVS11', at(path, 'mirrorPercent'), `mirror_percent must have a max value of 100 (it has ${v})`, { value: v });
    ctx.warn('IVS23', at(path, 'mirrorPercent'), 'using deprecated setting "mirrorPercent", use "mirrorPercentage" instead');
  }
  if (obj(http.mirrorPercentage)) {
    const v = num(http.mirrorPercentage.value);
    if (v > 100) ctx.error('IVS11', at(path, 'mirrorPercentage'), `mirror_percentage must have a max value of 100 (it has ${v.toFixed(6)})`, { value: v });
    if (v < 0) ctx.error('IVS11', at(path, 'mirrorPercentage'), `mirror_percentage must have a min value of 0 (it has ${v.toFixed(6)})`, { value: v });
  }
  for (const [f, m] of destinationErrors(http.mirror)) ctx.error('IVS12', at(at(path, 'mirror'), f), m);
  arr(http.mirrors).forEach((mi, i) => {
    const mp = at(at(path, 'mirrors'), i);
    const mirror = obj(mi);
    if (!mirror) return;
    for (const [f, m] of destinationErrors(mirror.destination)) ctx.error('IVS12', at(at(mp, 'destination'), f), m);
    if (obj(mirror.percentage)) {
      const v = num(mirror.percentage.value);
      if (v > 100) ctx.error('IVS11', at(mp, 'percentage'), `mirror percentage must have a max value of 100 (it has ${v.toFixed(6)})`, { value: v });
      if (v < 0) ctx.error('IVS11', at(mp, 'percentage'), `mirror percentage must have a min value of 0 (it has ${v.toFixed(6)})`, { value: v });
    }
  });

  // validateHTTPRedirect: istiod returns the first problem only.
  const redirect = obj(http.redirect);
  if (redirect) {
    const rp = at(path, 'redirect');
    const code = num(redirect.redirectCode);
    const port = num(redirect.port);
    const scheme = str(redirect.scheme);
    if (!str(redirect.uri) && !str(redirect.authority) && redirect.port === undefined && redirect.derivePort === undefined && !scheme) {
      ctx.error('IVS13', rp, 'redirect must specify URI, authority, scheme, or port');
    } else if (code !== 0 && (code < 300 || code > 399)) {
      ctx.error('IVS13', at(rp, 'redirectCode'), `${code} is not a valid redirect code, must be 3xx`, { value: code });
    } else if (scheme && scheme !== 'http' && scheme !== 'https') {
      ctx.error('IVS13', at(rp, 'scheme'), 'invalid redirect scheme, must be "http" or "https"', { value: scheme });
    } else if (port > 0 && portError(port)) {
      ctx.error('IVS13', at(rp, 'port'), portError(port)!, { value: port });
    }
  }

  // validateHTTPDirectResponse
  const dr = obj(http.directResponse);
  if (dr) {
    const body = obj(dr.body);
    if (body) {
      const size = 'string' in body ? Buffer.byteLength(str(body.string), 'utf8') : 'bytes' in body ? Buffer.from(str(body.bytes), 'base64').length : 0;
      if (size > 1024 * 1024) ctx.error('IVS14', at(path, 'directResponse.body'), 'large direct_responses may impact control plane performance, must be less than 1MB');
      else if (size > 100 * 1024) ctx.warn('IVS14', at(path, 'directResponse.body'), 'large direct_responses may impact control plane performance');
    }
    const s = num(dr.status);
    if (s < 200 || s > 600) ctx.error('IVS14', at(path, 'directResponse.status'), `HTTP status ${s} is not in range 200-599`, { value: s });
  }

  // validateHTTPRetry
  const retries = obj(http.retries);
  if (retries) {
    const rp = at(path, 'retries');
    const attempts = num(retries.attempts);
    if (attempts < 0) ctx.error('IVS15', at(rp, 'attempts'), 'attempts cannot be negative', { value: attempts });
    if (attempts === 0 && (retries.perTryTimeout !== undefined || str(retries.retryOn) !== '' || (retries.retryRemoteLocalities !== undefined && retries.retryRemoteLocalities !== null))) {
      ctx.error('IVS15', rp, 'http retry policy configured when attempts are set to 0 (disabled)');
    }
    if (retries.perTryTimeout !== undefined) durations(retries.perTryTimeout, at(rp, 'perTryTimeout'), ctx);
    if (retries.backoff !== undefined) durations(retries.backoff, at(rp, 'backoff'), ctx);
    if (str(retries.retryOn) !== '') {
      for (const policy of str(retries.retryOn).split(',')) {
        const code = /^[+-]?\d+$/.test(policy) ? Number(policy) : 0;
        if (!HTTP_STATUS.has(code) && !RETRY_ON.has(policy)) ctx.error('IVS15', at(rp, 'retryOn'), `${q(policy)} is not a valid retryOn policy`, { value: policy });
      }
    }
  }

  // validateHTTPRewrite and validateAuthorityRewrite
  const rewrite = obj(http.rewrite);
  if (rewrite) {
    const rp = at(path, 'rewrite');
    const regex = obj(rewrite.uriRegexRewrite);
    if (str(rewrite.uri) && regex) ctx.error('IVS16', rp, 'rewrite may only contain one of URI or UriRegexRewrite');
    else if (!str(rewrite.uri) && !regex && !str(rewrite.authority)) {
      ctx.error('IVS16', rp, 'rewrite must specify at least one of URI, UriRegexRewrite, or authority. Only one of URI or UriRegexRewrite may be specified');
    } else if (regex) {
      if (!str(regex.match) || !str(regex.rewrite)) {
        ctx.error('IVS16', at(rp, 'uriRegexRewrite'), 'UriRegexRewrite has errors\nUriRegexRewrite requires both Rewrite and Match fields to be specified');
      } else {
        const e = stringRegexpError(str(regex.match), 'HTTPRewrite.UriRegexRewrite.Match');
        if (e) ctx.error('IVS16', at(rp, 'uriRegexRewrite.match'), `UriRegexRewrite has errors\n${e}`);
      }
    }
  }
  let authority = str(rewrite?.authority);
  let authorityDone = false;
  for (const op of ['set', 'add']) {
    for (const [k, v] of Object.entries<unknown>(obj(obj(http.headers)?.request)?.[op] ?? {})) {
      if (authorityDone || !isAuthorityHeader(k)) continue;
      if (authority !== '') {
        ctx.error('IVS16', at(path, `headers.request.${op}.${k}`), `authority header cannot be set multiple times: have ${q(authority)}, attempting to set ${q(str(v))}`);
        authorityDone = true;
        continue;
      }
      authority = str(v);
    }
  }

  routeDestinations(http.route, at(path, 'route'), gatewaySemantics, true, ctx);
  if (http.timeout !== undefined) durations(http.timeout, at(path, 'timeout'), ctx);
}

function isGatewayBound(gateways: unknown): boolean {
  return !arr(gateways).includes('mesh');
}

/** OverlappingMatchValidationForHTTPRoute: what genMatchHTTPRoutes keeps of a URI-prefix match. */
interface PrefixMatch {
  readonly field: string;
  readonly route: string;
  readonly match: string;
  readonly prefix: string;
  readonly port: number;
  readonly method: string;
  readonly authority: string;
  readonly headers: Map<string, string>;
  readonly queryParams: Map<string, string>;
  readonly withoutHeaders: Map<string, string>;
}

/** assignExactOrPrefix: `exact:x`, `prefix:x`, or '' (regex and empty matches). */
function exactOrPrefix(sm: unknown): string {
  const m = obj(sm);
  if (str(m?.exact) !== '') return `exact:${m!.exact}`;
  if (str(m?.prefix) !== '') return `prefix:${m!.prefix}`;
  return '';
}

function genPrefixMatch(match: Record<string, any>, field: string, route: string, matchName: string): PrefixMatch | undefined {
  const prefix = str(obj(match.uri)?.prefix);
  if (!obj(match.uri) || prefix === '') return undefined;
  const map = (v: unknown) => new Map(Object.entries<unknown>(obj(v) ?? {}).map(([k, sm]) => [k, exactOrPrefix(sm)]));
  return {
    field, route, match: matchName, prefix, port: num(match.port),
    method: exactOrPrefix(match.method) || 'exact:GET',
    authority: exactOrPrefix(match.authority),
    headers: map(match.headers), queryParams: map(match.queryParams), withoutHeaders: map(match.withoutHeaders),
  };
}

/** coveredValidation: whether the earlier match `a` takes every request of the later `b`. */
function covers(a: PrefixMatch, b: PrefixMatch): boolean {
  if (!b.prefix.startsWith(a.prefix) || a.port !== b.port) return false;
  if (a.method !== b.method && !a.method.startsWith(b.method)) return false;
  if (a.authority !== b.authority && !a.authority.startsWith(b.authority)) return false;
  for (const k of ['headers', 'queryParams', 'withoutHeaders'] as const) {
    if (a[k].size !== b[k].size) return false;
    for (const [key, av] of a[k]) {
      const bv = b[k].get(key);
      if (bv === undefined) return false;
      if (av !== bv && !av.startsWith(bv)) return false;
    }
  }
  return true;
}

function unreachableWarnings(routes: unknown, path: string, http: boolean, ctx: RuleContext): void {
  const prefixMatches: PrefixMatch[] = [];
  const seen = new Map<string, number>();
  let emptySeen = -1;
  const list = arr(routes);
  const routeName = (r: any, n: number) => (http && str(r?.name) ? q(str(r.name)) : `#${n}`);
  list.forEach((r, n) => {
    const route = obj(r);
    if (!route) return;
    const matches = arr(route.match);
    if (matches.length === 0) {
      if (emptySeen >= 0) ctx.warn('IVS23', at(path, n), `virtualService rule ${routeName(route, n)} not used (only the last rule can have no matches)`);
      emptySeen = n;
      return;
    }
    let dups = 0;
    matches.forEach((m, mn) => {
      if (emptySeen >= 0) {
        ctx.warn('IVS23', at(path, n), `virtualService rule ${routeName(route, n)} not used (route without matches defined before)`);
        return;
      }
      const copy = { ...(obj(m) ?? {}) };
      const matchName = http && str(copy.name) ? q(str(copy.name)) : `#${mn}`;
      delete copy.name;
      const key = canonical(copy);
      const prior = seen.get(key);
      if (prior !== undefined) {
        ctx.warn('IVS23', at(at(at(path, n), 'match'), mn), `virtualService rule ${routeName(route, n)} match ${matchName} is not used (duplicate/overlapping match in rule ${routeName(list[prior], prior)})`);
        dups++;
        return;
      }
      seen.set(key, n);
      const pm = http && obj(m) ? genPrefixMatch(obj(m)!, at(at(at(path, n), 'match'), mn), routeName(route, n), matchName) : undefined;
      if (pm) prefixMatches.push(pm);
    });
    if (dups === matches.length) ctx.warn('IVS23', at(path, n), `virtualService rule ${routeName(route, n)} not used (all matches used by prior rules)`);
  });
  for (let i = 0; i < prefixMatches.length; i++) {
    const a = prefixMatches[i];
    for (let j = i + 1; j < prefixMatches.length; j++) {
      const b = prefixMatches[j];
      if (b.prefix === a.prefix || !covers(a, b)) continue;
      ctx.warn('IVS23', b.field, `virtualService rule ${b.route} match ${b.match} of prefix ${b.prefix} is not used (duplicate/overlapping match in rule ${a.match} of prefix ${a.prefix} on ${a.route})`);
    }
  }
}

export const VIRTUAL_SERVICE_RULES: KindRules = {
  group: 'networking.istio.io',
  kinds: ['VirtualService'],
  validate(o, ctx) {
    const rejected = metadataRejection(o);
    if (rejected) {
      ctx.error('IVS24', rejected.field, rejected.message);
      return;
    }
    const spec = obj(o.spec) ?? {};
    const hosts = arr(spec.hosts).map(str);
    const gateways = arr(spec.gateways).map(str);
    const tlsRoutes = arr(spec.tls);
    const tcpRoutes = arr(spec.tcp);
    const httpRoutes = arr(spec.http);
    if (hosts.length === 0) {
      if (gateways.length) ctx.error('IVS1', 'spec.gateways', 'delegate virtual service must have no gateways specified');
      if (tlsRoutes.length) ctx.error('IVS1', 'spec.tls', 'delegate virtual service must have no tls route specified');
      if (tcpRoutes.length) ctx.error('IVS1', 'spec.tcp', 'delegate virtual service must have no tcp route specified');
    }
    const gatewaySemantics = o.metadata?.annotations?.['internal.istio.io/route-semantics'] === 'gateway';
    const appliesToGateway = gateways.length > 0 && isGatewayBound(gateways);
    if (gateways.length > 0) {
      for (const [f, m, warn] of gatewayNameFindings(gateways, 'spec.gateways', gatewaySemantics)) {
        if (warn) ctx.warn('IVS23', f, m);
        else ctx.error('IVS21', f, m);
      }
    }
    if (!appliesToGateway) {
      httpRoutes.forEach((h, i) => arr(obj(h)?.match).forEach((m, mi) => {
        for (const k of ['headers', 'withoutHeaders']) {
          for (const key of Object.keys(obj(obj(m)?.[k]) ?? {})) {
            if (isJwtClaimRoute(key)) {
              ctx.error('IVS2', `spec.http[${i}].match[${mi}].${k}.${key}`, `JWT claim based routing (key: ${key}) is only supported for gateway, found no gateways: ${goList(gateways)}`);
            }
          }
        }
      }));
    }

    const sni = tlsRoutes.some((t) => arr(obj(t)?.match).some((m) => arr(obj(m)?.sniHosts).length > 0));
    let allValid = true;
    hosts.forEach((h, i) => {
      const err = appliesToGateway ? gatewayBoundDomainError(sni, h) : wildcardDomainError(h);
      if (err) {
        if (!isValidIp(h)) {
          ctx.error('IVS3', `spec.hosts[${i}]`, err, { value: h });
          allValid = false;
        }
      } else if (!appliesToGateway && h === '*') {
        ctx.error('IVS3', `spec.hosts[${i}]`, 'wildcard host * is not allowed for virtual services bound to the mesh gateway', { value: h });
        allValid = false;
      }
    });
    if (allValid) {
      for (let i = 0; i < hosts.length; i++) {
        for (let j = i + 1; j < hosts.length; j++) {
          if (hostsMatch(hosts[i], hosts[j])) ctx.error('IVS4', `spec.hosts[${j}]`, `duplicate hosts in virtual service: ${hosts[i]} & ${hosts[j]}`);
        }
      }
    }

    if (!httpRoutes.length && !tcpRoutes.length && !tlsRoutes.length) ctx.error('IVS5', 'spec', 'http, tcp or tls must be provided in virtual service');
    httpRoutes.forEach((h, i) => {
      if (obj(h)) validateHttpRoute(h, `spec.http[${i}]`, hosts.length === 0, gatewaySemantics, ctx);
    });

    tlsRoutes.forEach((t, i) => {
      const tls = obj(t);
      if (!tls) return;
      const tp = `spec.tls[${i}]`;
      const matches = arr(tls.match);
      if (matches.length === 0) ctx.error('IVS19', at(tp, 'match'), 'TLS route must have at least one match condition');
      matches.forEach((m, mi) => {
        const match = obj(m) ?? {};
        const mp = at(at(tp, 'match'), mi);
        const snis = arr(match.sniHosts).map(str);
        if (snis.length === 0) ctx.error('IVS19', at(mp, 'sniHosts'), 'TLS match must have at least one SNI host');
        snis.forEach((s, si) => {
          const f = at(at(mp, 'sniHosts'), si);
          const err = isGatewayBound(gateways) ? gatewayBoundDomainError(true, s) : wildcardDomainError(s);
          if (err) {
            if (isValidIp(s)) ctx.warn('IVS19', f, `using an IP address (${q(s)}) goes against SNI spec and most clients do not support this`);
            else ctx.error('IVS19', f, err, { value: s });
            return;
          }
          if (!hosts.some((h) => hostSubsetOf(s, h))) {
            ctx.error('IVS19', f, `SNI host ${q(s)} is not a compatible subset of any of the virtual service hosts: [${hosts.join(', ')}]`, { value: s });
          }
        });
        l4Match(match, mp, 'IVS19', ctx);
      });
      if (arr(tls.route).length === 0) ctx.error('IVS19', at(tp, 'route'), 'TLS route is required');
      routeDestinations(tls.route, at(tp, 'route'), gatewaySemantics, false, ctx);
    });

    tcpRoutes.forEach((t, i) => {
      const tcp = obj(t);
      if (!tcp) return;
      const tp = `spec.tcp[${i}]`;
      arr(tcp.match).forEach((m, mi) => l4Match(obj(m) ?? {}, at(at(tp, 'match'), mi), 'IVS20', ctx));
      if (arr(tcp.route).length === 0) ctx.error('IVS20', at(tp, 'route'), 'TCP route is required');
      routeDestinations(tcp.route, at(tp, 'route'), gatewaySemantics, false, ctx);
    });

    for (const m of exportToErrors(o.metadata?.namespace, spec.exportTo, false, false)) ctx.error('IVS22', 'spec.exportTo', m);

    unreachableWarnings(spec.http, 'spec.http', true, ctx);
    unreachableWarnings(spec.tcp, 'spec.tcp', false, ctx);
    unreachableWarnings(spec.tls, 'spec.tls', false, ctx);
  },
};

function l4Match(match: Record<string, any>, mp: string, id: 'IVS19' | 'IVS20', ctx: RuleContext): void {
  arr(match.destinationSubnets).forEach((s, si) => {
    const e = ipSubnetError(str(s));
    if (e) {
      if (id === 'IVS19') ctx.error('IVS19', at(at(mp, 'destinationSubnets'), si), e, { value: s });
      else ctx.error('IVS20', at(at(mp, 'destinationSubnets'), si), e, { value: s });
    }
  });
  if (num(match.port) !== 0) {
    const e = portError(match.port);
    if (e) {
      if (id === 'IVS19') ctx.error('IVS19', at(mp, 'port'), e, { value: match.port });
      else ctx.error('IVS20', at(mp, 'port'), e, { value: match.port });
    }
  }
  for (const e of labelErrors(match.sourceLabels)) {
    if (id === 'IVS19') ctx.error('IVS19', at(mp, 'sourceLabels'), e);
    else ctx.error('IVS20', at(mp, 'sourceLabels'), e);
  }
  for (const [f, m, warn] of gatewayNameFindings(match.gateways, at(mp, 'gateways'), false)) {
    if (warn) ctx.warn('IVS23', f, m);
    else ctx.error('IVS21', f, m);
  }
}
