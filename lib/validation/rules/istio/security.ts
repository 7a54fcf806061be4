/**
 * security.istio.io PeerAuthentication, AuthorizationPolicy and RequestAuthentication:
 * istiod's ValidatePeerAuthentication, ValidateAuthorizationPolicy and
 * ValidateRequestAuthentication (validation.go, pkg/config/security), Istio 1.30.3.
 *
 * Left to the CRD's CEL: PeerAuthentication port ranges and "portLevelMtls requires selector",
 * serviceAccounts mixed with principals/namespaces, RequestAuthentication jwksUri scheme and
 * jwks/jwksUri exclusivity.
 *
 * Empty JSON lists: istiod decodes the spec with jsonpb, which leaves a repeated field nil for
 * `[]`. So `rules: []` is "without rules" (CUSTOM and DENY reject it), while `from: []` and
 * `to: []` are as if unset, and an empty list does not make a rule a TCP rule.
 */
import { KindRules } from '../../types';
import {
  arr, at, durationErrors, internalAnnotationRejection, isValidIp, isValidPrefix, metadataRejection, obj, str, workloadSelectorFindings,
} from './common';

type Report = (field: string, message: string) => void;

/** allowedTargetRefs, as istiod prints them (canonical group/version/kind). */
const TARGET_REF_KINDS: readonly (readonly [string, string, string])[] = [
  ['core', 'v1', 'Service'],
  ['networking.istio.io', 'v1', 'ServiceEntry'],
  ['gateway.networking.k8s.io', 'v1', 'Gateway'],
  ['gateway.networking.k8s.io', 'v1', 'GatewayClass'],
];

/** A repeated field as istiod sees it after jsonpb: `[]` is the same as unset. */
const nonEmpty = (v: unknown) => Array.isArray(v) && v.length > 0;

/** hashicorp/go-multierror's Error(), which istiod prints inside some messages. */
function multiError(errs: string[]): string {
  if (errs.length === 1) return `1 error occurred:\n\t* ${errs[0]}\n\n`;
  return `${errs.length} errors occurred:\n\t${errs.map((e) => `* ${e}`).join('\n\t')}\n\n`;
}

function selectorAndTargets(spec: Record<string, any>, report: { oneOf: Report; selector: Report; selectorWarn: Report; target: Report }): void {
  const set = (spec.selector ? 1 : 0) + (spec.targetRef ? 1 : 0) + (arr(spec.targetRefs).length > 0 ? 1 : 0);
  if (set > 1) report.oneOf('spec', 'only one of targetRefs or workloadSelector can be set');
  const ws = workloadSelectorFindings(spec.selector);
  for (const m of ws.errors) report.selector('spec.selector.matchLabels', m);
  for (const m of ws.warnings) report.selectorWarn('spec.selector', m);
  const refs: [string, unknown][] = [['spec.targetRef', spec.targetRef], ...arr(spec.targetRefs).map((r, i): [string, unknown] => [`spec.targetRefs[${i}]`, r])];
  for (const [path, r] of refs) {
    const ref = obj(r);
    if (!ref) continue;
    if (str(ref.name) === '') report.target(at(path, 'name'), 'targetRef name must be set');
    if (str(ref.namespace) !== '') report.target(at(path, 'namespace'), 'targetRef namespace must not be set; cross namespace referencing is not supported');
    const group = str(ref.group) === '' ? 'core' : str(ref.group);
    if (!TARGET_REF_KINDS.some(([g, , k]) => g === group && k === str(ref.kind))) {
      report.target(at(path, 'kind'), `targetRef must be to one of [${TARGET_REF_KINDS.map((t) => t.join('/')).join(' ')}] but was ${str(ref.group)}/${str(ref.kind)}`);
    }
  }
}

export const PEER_AUTHENTICATION_RULES: KindRules = {
  group: 'security.istio.io',
  kinds: ['PeerAuthentication'],
  validate(o, ctx) {
    const rejected = metadataRejection(o);
    if (rejected) {
      ctx.error('IPA3', rejected.field, rejected.message);
      return;
    }
    const spec = obj(o.spec) ?? {};
    const labels = obj(obj(spec.selector)?.matchLabels) ?? {};
    // With an empty selector the CRD's CEL ("portLevelMtls requires selector") rejects first.
    if (Object.keys(labels).length > 0 && obj(spec.portLevelMtls) && Object.keys(spec.portLevelMtls).length === 0) {
      ctx.error('IPA1', 'spec.portLevelMtls', 'port level mTLS, if defined, must have at least one element');
    }
    const ws = workloadSelectorFindings(spec.selector);
    for (const m of ws.errors) ctx.error('IPA2', 'spec.selector.matchLabels', m);
    for (const m of ws.warnings) ctx.warn('IPA2', 'spec.selector', m);
  },
};

/**
 * The reason Go's netip.ParsePrefix gives for an invalid prefix. IPv4 address errors and the
 * bits errors follow netip; for an invalid IPv6 address a generic reason is given.
 */
function prefixReason(v: string): string {
  const slash = v.lastIndexOf('/');
  const ip = v.slice(0, slash);
  const bits = v.slice(slash + 1);
  const addr = (msg: string, rest?: string) => `ParseAddr(${JSON.stringify(ip)}): ${msg}${rest !== undefined ? ` (at ${JSON.stringify(rest)})` : ''}`;
  const first = [...ip].findIndex((c) => c === '.' || c === ':' || c === '%');
  if (first < 0) return addr('unable to parse IP');
  if (ip[first] === '%') return addr('missing IPv6 address');
  if (ip[first] === '.') {
    let val = 0;
    let digits = 0;
    let pos = 0;
    for (let i = 0; i < ip.length; i++) {
      const c = ip[i];
      if (c >= '0' && c <= '9') {
        if (digits === 1 && val === 0) return addr('IPv4 field has octet with leading zero');
        val = val * 10 + Number(c);
        digits++;
        if (val > 255) return addr('IPv4 field has value >255');
      } else if (c === '.') {
        if (i === 0 || i === ip.length - 1 || ip[i - 1] === '.') return addr('IPv4 field must have at least one digit', ip.slice(i));
        if (pos === 3) return addr('IPv4 address too long');
        pos++;
        val = 0;
        digits = 0;
      } else {
        return addr('unexpected character', ip.slice(i));
      }
    }
    if (pos < 3) return addr('IPv4 address too short');
  } else if (!isValidIp(ip)) {
    return 'invalid IPv6 address';
  } else if (ip.includes('%')) {
    return 'IPv6 zones cannot be present in a prefix';
  }
  const atoiFails = !/^[+-]?\d+$/.test(bits) || BigInt(bits) > 9223372036854775807n;
  if ((bits.length > 1 && (bits[0] < '1' || bits[0] > '9')) || atoiFails) return `bad bits after slash: ${JSON.stringify(bits)}`;
  return 'prefix length out of range';
}

function ipErrors(values: string[]): string[] {
  const out: string[] = [];
  for (const v of values) {
    if (v.includes('/')) {
      if (!isValidPrefix(v)) out.push(`bad CIDR range (${v}): netip.ParsePrefix(${JSON.stringify(v)}): ${prefixReason(v)}`);
    } else if (!isValidIp(v)) {
      out.push(`bad IP address (${v})`);
    }
  }
  return out;
}

function portErrors(values: string[]): string[] {
  const out: string[] = [];
  for (const p of values) {
    if (!/^\d+$/.test(p)) out.push(`bad port (${p}): strconv.ParseUint: parsing ${JSON.stringify(p)}: invalid syntax`);
    else if (BigInt(p) > 4294967295n) out.push(`bad port (${p}): strconv.ParseUint: parsing ${JSON.stringify(p)}: value out of range`);
    else if (Number(p) > 65535) out.push(`bad port (${p}): <nil>`);
  }
  return out;
}

function emptyValueError(key: string, values: string[]): string | undefined {
  return values.some((v) => v === '') ? `empty value not allowed, found in ${key}` : undefined;
}

/** RFC 3986 pchar, as security.IsValidLiteral. */
const VALID_LITERAL = /^[a-zA-Z0-9\-._~%!$&'()+,;:@=]+$/;

/** security.CheckValidPathTemplate. */
function pathTemplateError(key: string, paths: string[]): string | undefined {
  for (const original of paths) {
    const hasTemplate = original.includes('{*}') || original.includes('{**}');
    let anySeen = false;
    const path = original.replace(/^\/+|\/+$/g, '');
    for (const glob of path.split('/')) {
      if (glob === '{*}' && !anySeen) continue;
      if (glob === '{**}' && !anySeen) {
        anySeen = true;
        continue;
      }
      if ((glob === '{**}' || glob === '{*}') && anySeen) return `invalid or unsupported path ${path}, found in ${key}. {**} is not the last operator`;
      if (/[{}]/.test(glob)) return `invalid or unsupported path ${path}, found in ${key}. Contains '{' or '}' beyond a supported path template`;
      if (hasTemplate && !VALID_LITERAL.test(glob)) return `invalid or unsupported path ${path}, found in ${key}. Contains segment ${glob} with invalid string literal`;
    }
  }
  return undefined;
}

/** security.CheckWildcardValues. */
function wildcardValuesError(key: string, values: string[]): string | undefined {
  const empty = emptyValueError(key, values);
  if (empty) return empty;
  for (const v of values) {
    const count = v.split('*').length - 1;
    if (count > 1) return `at most one wildcard is allowed, found in ${key}: ${JSON.stringify(v)}`;
    if (count === 1 && v !== '*' && !v.startsWith('*') && !v.endsWith('*')) return `wildcard is only allowed at the start or end, found in ${key}: ${JSON.stringify(v)}`;
  }
  return undefined;
}

/** security.CheckTrustDomainValues. */
function trustDomainValuesError(key: string, values: string[]): string | undefined {
  const e = wildcardValuesError(key, values);
  if (e) return e;
  const bad = values.find((v) => v.includes('/'));
  return bad !== undefined ? `trust domain must not contain '/', found in ${key}: ${JSON.stringify(bad)}` : undefined;
}

/** security.CheckServiceAccount (lengths in UTF-8 bytes, as Go). */
function serviceAccountError(key: string, values: string[]): string | undefined {
  if (values.length > 16) return 'may not have more than 16 values';
  const format = "expected format 'serviceAccount' or 'namespace/serviceAccount'";
  for (const v of values) {
    if (v === '') return `empty value not allowed, found in ${key}`;
    if (v.includes('*')) return `wildcard not allowed, found in ${key}`;
    const slashes = v.split('/').length - 1;
    if (slashes !== 0 && slashes !== 1) return `${format}, found ${JSON.stringify(v)} in ${key}`;
    if (Buffer.byteLength(v, 'utf8') > 320) return `value cannot exceed 320 characters, found ${JSON.stringify(v)} in ${key}`;
    if (slashes === 1) {
      const [ns, sa] = v.split('/');
      if (ns === '') return `${format}, found empty namespace ${JSON.stringify(v)} in ${key}`;
      if (sa === '') return `${format}, found empty serviceAccount ${JSON.stringify(v)} in ${key}`;
    }
  }
  return undefined;
}

function mapKeyError(key: string): string | undefined {
  const open = key.indexOf('[');
  return key.endsWith(']') && open > 0 && open < key.length - 2 ? undefined : `bad key (${key}): should have format a[b]`;
}

/** security.ValidateAttribute. */
function attributeError(key: string, values: string[]): string | undefined {
  const empty = emptyValueError(key, values);
  if (empty) return empty;
  if (key.startsWith('request.headers')) return mapKeyError(key);
  if (key === 'source.ip' || key === 'remote.ip' || key === 'destination.ip') return ipErrors(values).length ? multiError(ipErrors(values)) : undefined;
  if (key === 'source.serviceAccount') return serviceAccountError(key, values);
  if (key === 'source.trustDomain') return wildcardValuesError(key, values);
  if (['source.namespace', 'source.principal', 'request.auth.principal', 'request.auth.audiences', 'request.auth.presenter', 'connection.sni'].includes(key)) return undefined;
  if (key.startsWith('request.auth.claims')) return mapKeyError(key);
  if (key === 'destination.port') return portErrors(values).length ? multiError(portErrors(values)) : undefined;
  if (key.startsWith('experimental.envoy.filters.')) return mapKeyError(key);
  if (key === 'destination.namespace') return `attribute ${key} is replaced by the metadata.namespace`;
  if (key.startsWith('destination.labels')) return `attribute ${key} is replaced by the workload selector`;
  if (key === 'destination.name' || key === 'destination.user') return `deprecated attribute ${key}: only supported in v1alpha1`;
  return `unknown attribute: ${key}`;
}

const strings = (v: unknown) => arr(v).map((x) => (typeof x === 'string' ? x : String(x)));

const SOURCE_FIELDS = [
  'principals', 'requestPrincipals', 'namespaces', 'ipBlocks', 'remoteIpBlocks', 'notPrincipals', 'notRequestPrincipals',
  'notNamespaces', 'notIpBlocks', 'notRemoteIpBlocks', 'serviceAccounts', 'notServiceAccounts', 'trustDomains', 'notTrustDomains',
];
/** The value checks of a source, in istiod's order. */
const SOURCE_VALUE_CHECKS: readonly [string, (key: string, values: string[]) => string | undefined][] = [
  ['principals', emptyValueError], ['requestPrincipals', emptyValueError], ['namespaces', emptyValueError],
  ['serviceAccounts', serviceAccountError], ['trustDomains', trustDomainValuesError], ['ipBlocks', emptyValueError],
  ['remoteIpBlocks', emptyValueError], ['notPrincipals', emptyValueError], ['notRequestPrincipals', emptyValueError],
  ['notNamespaces', emptyValueError], ['notServiceAccounts', serviceAccountError], ['notTrustDomains', trustDomainValuesError],
  ['notIpBlocks', emptyValueError], ['notRemoteIpBlocks', emptyValueError],
];
const OPERATION_FIELDS = ['ports', 'methods', 'paths', 'hosts', 'notPorts', 'notMethods', 'notPaths', 'notHosts'];
const upper = (k: string) => k.charAt(0).toUpperCase() + k.slice(1);

export const AUTHORIZATION_POLICY_RULES: KindRules = {
  group: 'security.istio.io',
  kinds: ['AuthorizationPolicy'],
  validate(o, ctx) {
    const spec = obj(o.spec) ?? {};
    const prefix = `invalid policy ${str(o.metadata?.name)}.${str(o.metadata?.namespace)}:`;
    const action = str(spec.action) || 'ALLOW';

    // validateMetadata: the dry-run annotation (checked before everything else).
    const dryRun = o.metadata?.annotations?.['istio.io/dry-run'];
    if (dryRun !== undefined) {
      const ns = str(o.metadata?.namespace);
      const name = str(o.metadata?.name);
      if (action === 'ALLOW' || action === 'DENY') {
        if (!['1', 't', 'T', 'TRUE', 'true', 'True', '0', 'f', 'F', 'FALSE', 'false', 'False'].includes(String(dryRun))) {
          ctx.error('IAP12', 'metadata.annotations.istio.io/dry-run', `${ns}/${name} has annotation istio.io/dry-run with invalid value (${dryRun}): strconv.ParseBool: parsing ${JSON.stringify(String(dryRun))}: invalid syntax`, { value: dryRun });
          return;
        }
      } else {
        ctx.error('IAP12', 'metadata.annotations.istio.io/dry-run', `the annotation istio.io/dry-run currently only supports action ALLOW/DENY, found action ${action} in ${ns}/${name}`);
        return;
      }
    }

    const internal = internalAnnotationRejection(o);
    if (internal) {
      ctx.error('IAP12', internal.field, internal.message);
      return;
    }

    const fail = (id: string, field: string, message: string) => ctx.error(id, field, `${prefix} ${message}`);

    selectorAndTargets(spec, {
      oneOf: (f, m) => fail('IAP1', f, m),
      selector: (f, m) => fail('IAP2', f, m),
      selectorWarn: (f, m) => ctx.warn('IAP2', f, m),
      target: (f, m) => fail('IAP3', f, m),
    });

    const rules = arr(spec.rules);
    if (action === 'CUSTOM') {
      if (!nonEmpty(spec.rules)) {
        fail('IAP4', 'spec.rules', 'CUSTOM action without `rules` is meaningless as it will never be triggered, add an empty rule `{}` if you want it be triggered for every request');
      } else if (str(obj(spec.provider)?.name) === '') {
        fail('IAP4', 'spec.provider.name', '`provider.name` must not be empty');
      }
      rules.forEach((r, i) => {
        const rule = obj(r) ?? {};
        arr(rule.from).forEach((f, fi) => {
          const src = obj(obj(f)?.source);
          if (!src) return;
          for (const k of ['namespaces', 'notNamespaces', 'serviceAccounts', 'notServiceAccounts', 'trustDomains', 'notTrustDomains', 'principals', 'notPrincipals', 'requestPrincipals', 'notRequestPrincipals']) {
            if (arr(src[k]).length) fail('IAP5', `spec.rules[${i}].from[${fi}].source.${k}`, `From.${upper(k)} is currently not supported with CUSTOM action`);
          }
        });
        arr(rule.when).forEach((w, wi) => {
          const key = str(obj(w)?.key);
          if (key === 'source.namespace' || key === 'source.serviceAccount' || key === 'source.trustDomain' || key === 'source.principal' || key.startsWith('request.auth.')) {
            fail('IAP5', `spec.rules[${i}].when[${wi}].key`, `${key} is currently not supported with CUSTOM action`);
          }
        });
      });
    }
    if (spec.provider !== undefined && spec.provider !== null && action !== 'CUSTOM') {
      fail('IAP6', 'spec.provider', `\`provider\` must not be with non CUSTOM action, found ${action}`);
    }
    if (action === 'DENY' && !nonEmpty(spec.rules)) {
      fail('IAP7', 'spec.rules', 'DENY action without `rules` is meaningless as it will never be triggered, add an empty rule `{}` if you want it be triggered for every request');
    }

    rules.forEach((r, i) => {
      const rule = obj(r);
      const rp = `spec.rules[${i}]`;
      if (!rule) return;
      let tcpFrom = false;
      let tcpTo = false;
      let fromExists = false;
      let toExists = false;
      arr(rule.from).forEach((f, fi) => {
        const fp = at(at(rp, 'from'), fi);
        const src = obj(obj(f)?.source);
        if (!src) {
          fail('IAP8', at(fp, 'source'), `\`from.source\` must not be nil, found at rule ${i}`);
          return;
        }
        fromExists = true;
        if (!SOURCE_FIELDS.some((k) => arr(src[k]).length > 0)) fail('IAP8', at(fp, 'source'), `\`from.source\` must not be empty, found at rule ${i}`);
        for (const k of ['ipBlocks', 'notIpBlocks', 'remoteIpBlocks', 'notRemoteIpBlocks']) {
          for (const m of ipErrors(strings(src[k]))) fail('IAP9', at(at(fp, 'source'), k), m);
        }
        for (const [k, check] of SOURCE_VALUE_CHECKS) {
          const e = check(upper(k), strings(src[k]));
          if (e) fail('IAP9', at(at(fp, 'source'), k), e);
        }
        if (['notPrincipals', 'principals', 'ipBlocks', 'notIpBlocks', 'namespaces', 'notNamespaces', 'remoteIpBlocks', 'notRemoteIpBlocks', 'serviceAccounts', 'notServiceAccounts'].some((k) => nonEmpty(src[k]))) tcpFrom = true;
      });
      arr(rule.to).forEach((t, ti) => {
        const tp = at(at(rp, 'to'), ti);
        const op = obj(obj(t)?.operation);
        if (!op) {
          fail('IAP8', at(tp, 'operation'), `\`to.operation\` must not be nil, found at rule ${i}`);
          return;
        }
        toExists = true;
        if (!OPERATION_FIELDS.some((k) => arr(op[k]).length > 0)) fail('IAP8', at(tp, 'operation'), `\`to.operation\` must not be empty, found at rule ${i}`);
        for (const k of ['ports', 'notPorts']) for (const m of portErrors(strings(op[k]))) fail('IAP9', at(at(tp, 'operation'), k), m);
        for (const k of OPERATION_FIELDS) {
          const e = emptyValueError(upper(k), strings(op[k]));
          if (e) fail('IAP9', at(at(tp, 'operation'), k), e);
        }
        for (const k of ['paths', 'notPaths']) {
          const e = pathTemplateError(upper(k), strings(op[k]));
          if (e) fail('IAP9', at(at(tp, 'operation'), k), e);
        }
        if (nonEmpty(op.ports) || nonEmpty(op.notPorts)) tcpTo = true;
      });
      arr(rule.when).forEach((w, wi) => {
        const cond = obj(w) ?? {};
        const wp = at(at(rp, 'when'), wi);
        const key = str(cond.key);
        if (key === '') {
          fail('IAP10', at(wp, 'key'), '`key` must not be empty');
          return;
        }
        const values = strings(cond.values);
        const notValues = strings(cond.notValues);
        if (!values.length && !notValues.length) {
          fail('IAP10', wp, `at least one of \`values\` or \`notValues\` must be set for key ${key}`);
          return;
        }
        const ve = attributeError(key, values);
        if (ve) fail('IAP10', at(wp, 'values'), `invalid \`value\` for \`key\` ${key}: ${ve}`);
        const ne = attributeError(key, notValues);
        if (ne) fail('IAP10', at(wp, 'notValues'), `invalid \`notValue\` for \`key\` ${key}: ${ne}`);
      });
      if (((fromExists && !toExists && !tcpFrom) || (toExists && !tcpTo)) && action === 'DENY') {
        ctx.warn('IAP11', rp, 'configured AuthorizationPolicy will deny all traffic to TCP ports under its scope due to the use of only HTTP attributes in a DENY rule; it is recommended to explicitly specify the port');
      }
    });
  },
};

/** A JWKS document as jwk.Parse accepts it: a key set (`keys`) or a single key (`kty`). */
function jwksError(jwks: string): string | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(jwks);
  } catch (e) {
    return `jwks parse error: ${(e as Error).message}`;
  }
  const o = obj(parsed);
  if (!o || (!Array.isArray(o.keys) && typeof o.kty !== 'string')) return 'jwks parse error: failed to parse jwks: neither a key set nor a key';
  return undefined;
}

/**
 * warnPrivateJwksKeys (istiod 1.30.3): the indexes of keys that carry private material, as
 * lestrrat-go/jwx types them (RSA, EC and OKP keys with `d`, and every `oct` key). A document
 * jwx would not parse gets no warning; here that is a key of another or no `kty`.
 */
function privateJwksKeys(jwks: string): number[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(jwks);
  } catch {
    return [];
  }
  const o = obj(parsed);
  const keys = Array.isArray(o?.keys) ? o!.keys.map(obj) : typeof o?.kty === 'string' ? [o] : [];
  if (keys.some((k) => !k || !['RSA', 'EC', 'OKP', 'oct'].includes(str(k.kty)))) return [];
  return keys.flatMap((k, i) => (k!.kty === 'oct' || k!.d !== undefined ? [i] : []));
}

export const REQUEST_AUTHENTICATION_RULES: KindRules = {
  group: 'security.istio.io',
  kinds: ['RequestAuthentication'],
  validate(o, ctx) {
    const rejected = metadataRejection(o);
    if (rejected) {
      ctx.error('IRA10', rejected.field, rejected.message);
      return;
    }
    const spec = obj(o.spec) ?? {};
    selectorAndTargets(spec, {
      oneOf: (f, m) => ctx.error('IRA1', f, m),
      selector: (f, m) => ctx.error('IRA2', f, m),
      selectorWarn: (f, m) => ctx.warn('IRA2', f, m),
      target: (f, m) => ctx.error('IRA3', f, m),
    });
    arr(spec.jwtRules).forEach((r, i) => {
      const rule = obj(r);
      if (!rule) return;
      const rp = `spec.jwtRules[${i}]`;
      if (str(rule.issuer) === '' && str(rule.jwksUri) === '') ctx.error('IRA4', at(rp, 'issuer'), 'issuer or jwksUri must be non-empty string');
      arr(rule.audiences).forEach((a, ai) => {
        if (str(a) === '') ctx.error('IRA5', at(at(rp, 'audiences'), ai), 'audience must be non-empty string');
      });
      if (str(rule.jwks) !== '') {
        const e = jwksError(str(rule.jwks));
        if (e) ctx.error('IRA6', at(rp, 'jwks'), e);
        else {
          for (const k of privateJwksKeys(str(rule.jwks))) {
            ctx.warn('IRA11', at(rp, 'jwks'), `jwks key at index ${k} contains private key material; only public keys are used for verification`);
          }
        }
      }
      arr(rule.fromHeaders).forEach((h, hi) => {
        if (str(obj(h)?.name) === '') ctx.error('IRA7', at(at(rp, 'fromHeaders'), hi), 'location header name must be non-empty string');
      });
      arr(rule.fromParams).forEach((p, pi) => {
        if (str(p) === '') ctx.error('IRA7', at(at(rp, 'fromParams'), pi), 'location query must be non-empty string');
      });
      arr(rule.fromCookies).forEach((c, ci) => {
        if (str(c) === '') ctx.error('IRA7', at(at(rp, 'fromCookies'), ci), 'cookie name must be non-empty string');
      });
      arr(rule.outputClaimToHeaders).forEach((c, ci) => {
        const ch = obj(c) ?? {};
        const f = at(at(rp, 'outputClaimToHeaders'), ci);
        // The header name pattern is the CRD's; istiod's stricter check repeats it.
        if (str(ch.claim) === '' || str(ch.header) === '') ctx.error('IRA8', f, 'outputClaimToHeaders header and claim value must be non-empty string');
      });
      if (rule.timeout !== undefined) for (const m of durationErrors(rule.timeout)) ctx.error('IRA9', at(rp, 'timeout'), m, { value: rule.timeout });
    });
  },
};
