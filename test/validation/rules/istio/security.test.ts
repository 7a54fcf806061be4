import { byRule, findings, variant } from '../../../helpers';
import { runCases } from './helpers';

const PA = {
  apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication', metadata: { name: 'reviews', namespace: 'default' },
  spec: { selector: { matchLabels: { app: 'reviews' } }, mtls: { mode: 'STRICT' }, portLevelMtls: { 8080: { mode: 'PERMISSIVE' } } },
};

const AP = {
  apiVersion: 'security.istio.io/v1', kind: 'AuthorizationPolicy', metadata: { name: 'reviews', namespace: 'default' },
  spec: {
    selector: { matchLabels: { app: 'reviews' } },
    action: 'ALLOW',
    rules: [{
      from: [{ source: { principals: ['cluster.local/ns/default/sa/productpage'] } }],
      to: [{ operation: { methods: ['GET'], paths: ['/reviews/*'], ports: ['9080'] } }],
      when: [{ key: 'request.headers[x-team]', values: ['lab'] }],
    }],
  },
};

const RA = {
  apiVersion: 'security.istio.io/v1', kind: 'RequestAuthentication', metadata: { name: 'jwt', namespace: 'default' },
  spec: {
    selector: { matchLabels: { app: 'reviews' } },
    jwtRules: [{
      issuer: 'https://keycloak.lab.example.org/realms/lab',
      jwksUri: 'https://keycloak.lab.example.org/realms/lab/protocol/openid-connect/certs',
      audiences: ['reviews'],
      fromHeaders: [{ name: 'Authorization', prefix: 'Bearer ' }],
      outputClaimToHeaders: [{ header: 'x-user', claim: 'sub' }],
    }],
  },
};

const P = 'invalid policy reviews.default:';

describe('PeerAuthentication (istiod ValidatePeerAuthentication)', () => {
  runCases(PA, [
    { id: 'IPA1', what: 'empty portLevelMtls with a selector', mutate: (o) => { o.spec.portLevelMtls = {}; }, field: 'spec.portLevelMtls', message: 'port level mTLS, if defined, must have at least one element' },
    { id: 'IPA2', what: 'wildcard selector value', mutate: (o) => { o.spec.selector.matchLabels = { app: 'rev*' }; }, field: 'spec.selector.matchLabels', message: 'wildcard is not supported in selector: "app=rev*"' },
    { id: 'IPA3', what: 'dry-run annotation', mutate: (o) => { o.metadata.annotations = { 'istio.io/dry-run': 'true' }; }, field: 'metadata.annotations.istio.io/dry-run', message: 'default/reviews has unsupported annotation istio.io/dry-run, please remove the annotation' },
    { id: 'IPA2', what: 'selector without labels', mutate: (o) => { o.spec.selector = {}; delete o.spec.portLevelMtls; }, field: 'spec.selector', message: 'workload selector specified without labels', severity: 'warning' },
  ]);

  test('port-level mTLS without a selector is the CRD CEL rule, reported once', () => {
    const bad = variant(PA, (o) => { delete o.spec.selector; });
    expect(byRule(bad, 'cel')).toEqual([expect.objectContaining({ field: 'spec', message: 'portLevelMtls requires selector' })]);
    expect(byRule(bad, 'IPA1')).toEqual([]);
  });
});

describe('AuthorizationPolicy (istiod ValidateAuthorizationPolicy)', () => {
  runCases(AP, [
    { id: 'IAP1', what: 'selector and targetRefs', mutate: (o) => { o.spec.targetRefs = [{ kind: 'Gateway', group: 'gateway.networking.k8s.io', name: 'public' }]; }, field: 'spec', message: `${P} only one of targetRefs or workloadSelector can be set` },
    { id: 'IAP2', what: 'empty selector key', mutate: (o) => { o.spec.selector.matchLabels = { '': 'x' }; }, field: 'spec.selector.matchLabels', message: `${P} empty key is not supported in selector: "=x"` },
    { id: 'IAP3', what: 'cross-namespace targetRef', mutate: (o) => { delete o.spec.selector; o.spec.targetRef = { kind: 'Gateway', group: 'gateway.networking.k8s.io', name: 'public', namespace: 'istio-ingress' }; }, field: 'spec.targetRef.namespace', message: `${P} targetRef namespace must not be set; cross namespace referencing is not supported` },
    { id: 'IAP4', what: 'CUSTOM without provider', mutate: (o) => { o.spec.action = 'CUSTOM'; o.spec.rules = [{ to: [{ operation: { paths: ['/admin'] } }] }]; }, field: 'spec.provider.name', message: `${P} \`provider.name\` must not be empty` },
    { id: 'IAP4', what: 'CUSTOM without rules', mutate: (o) => { o.spec.action = 'CUSTOM'; o.spec.provider = { name: 'oauth2-proxy' }; delete o.spec.rules; }, field: 'spec.rules', message: `${P} CUSTOM action without \`rules\` is meaningless as it will never be triggered, add an empty rule \`{}\` if you want it be triggered for every request` },
    { id: 'IAP5', what: 'CUSTOM with a source.serviceAccount condition', mutate: (o) => { o.spec.action = 'CUSTOM'; o.spec.provider = { name: 'oauth2-proxy' }; o.spec.rules = [{ when: [{ key: 'source.serviceAccount', values: ['default/bookinfo'] }] }]; }, field: 'spec.rules[0].when[0].key', message: `${P} source.serviceAccount is currently not supported with CUSTOM action` },
    { id: 'IAP5', what: 'CUSTOM with principals', mutate: (o) => { o.spec.action = 'CUSTOM'; o.spec.provider = { name: 'oauth2-proxy' }; }, field: 'spec.rules[0].from[0].source.principals', message: `${P} From.Principals is currently not supported with CUSTOM action` },
    { id: 'IAP6', what: 'provider with ALLOW', mutate: (o) => { o.spec.provider = { name: 'oauth2-proxy' }; }, field: 'spec.provider', message: `${P} \`provider\` must not be with non CUSTOM action, found ALLOW` },
    { id: 'IAP7', what: 'DENY without rules', mutate: (o) => { o.spec.action = 'DENY'; delete o.spec.rules; }, field: 'spec.rules', message: `${P} DENY action without \`rules\` is meaningless as it will never be triggered, add an empty rule \`{}\` if you want it be triggered for every request` },
    { id: 'IAP8', what: 'empty source', mutate: (o) => { o.spec.rules[0].from = [{ source: {} }]; }, field: 'spec.rules[0].from[0].source', message: `${P} \`from.source\` must not be empty, found at rule 0` },
    { id: 'IAP8', what: 'missing operation', mutate: (o) => { o.spec.rules[0].to = [{}]; }, field: 'spec.rules[0].to[0].operation', message: `${P} \`to.operation\` must not be nil, found at rule 0` },
    { id: 'IAP9', what: 'bad IP block', mutate: (o) => { o.spec.rules[0].from[0].source.ipBlocks = ['10.0.0.256']; }, field: 'spec.rules[0].from[0].source.ipBlocks', message: `${P} bad IP address (10.0.0.256)` },
    { id: 'IAP9', what: 'port out of range', mutate: (o) => { o.spec.rules[0].to[0].operation.ports = ['70000']; }, field: 'spec.rules[0].to[0].operation.ports', message: `${P} bad port (70000): <nil>` },
    { id: 'IAP9', what: 'empty principal', mutate: (o) => { o.spec.rules[0].from[0].source.principals = ['']; }, field: 'spec.rules[0].from[0].source.principals', message: `${P} empty value not allowed, found in Principals` },
    { id: 'IAP9', what: 'unsupported path template', mutate: (o) => { o.spec.rules[0].to[0].operation.paths = ['/{*}/reviews/{id}']; }, field: 'spec.rules[0].to[0].operation.paths', message: `${P} invalid or unsupported path {*}/reviews/{id}, found in Paths. Contains '{' or '}' beyond a supported path template` },
    { id: 'IAP9', what: '{**} not last', mutate: (o) => { o.spec.rules[0].to[0].operation.notPaths = ['/api/{**}/{*}']; }, field: 'spec.rules[0].to[0].operation.notPaths', message: `${P} invalid or unsupported path api/{**}/{*}, found in NotPaths. {**} is not the last operator` },
    { id: 'IAP9', what: 'template path with a bad literal', mutate: (o) => { o.spec.rules[0].to[0].operation.paths = ['/{*}/re views']; }, field: 'spec.rules[0].to[0].operation.paths', message: `${P} invalid or unsupported path {*}/re views, found in Paths. Contains segment re views with invalid string literal` },
    { id: 'IAP9', what: 'trust domain with a slash', mutate: (o) => { o.spec.rules[0].from[0].source = { trustDomains: ['cluster.local/ns'] }; }, field: 'spec.rules[0].from[0].source.trustDomains', message: `${P} trust domain must not contain '/', found in TrustDomains: "cluster.local/ns"` },
    { id: 'IAP9', what: 'trust domain with an inner wildcard', mutate: (o) => { o.spec.rules[0].from[0].source = { notTrustDomains: ['a.*.local'] }; }, field: 'spec.rules[0].from[0].source.notTrustDomains', message: `${P} wildcard is only allowed at the start or end, found in NotTrustDomains: "a.*.local"` },
    { id: 'IAP9', what: 'service account with two slashes', mutate: (o) => { o.spec.rules[0].from[0].source = { serviceAccounts: ['default/sa/x'] }; }, field: 'spec.rules[0].from[0].source.serviceAccounts', message: `${P} expected format 'serviceAccount' or 'namespace/serviceAccount', found "default/sa/x" in ServiceAccounts` },
    { id: 'IAP9', what: 'service account wildcard', mutate: (o) => { o.spec.rules[0].from[0].source = { notServiceAccounts: ['default/*'] }; }, field: 'spec.rules[0].from[0].source.notServiceAccounts', message: `${P} wildcard not allowed, found in NotServiceAccounts` },
    { id: 'IAP10', what: 'source.serviceAccount with an empty namespace', mutate: (o) => { o.spec.rules[0].when = [{ key: 'source.serviceAccount', values: ['/sa'] }]; }, field: 'spec.rules[0].when[0].values', message: `${P} invalid \`value\` for \`key\` source.serviceAccount: expected format 'serviceAccount' or 'namespace/serviceAccount', found empty namespace "/sa" in source.serviceAccount` },
    { id: 'IAP10', what: 'source.trustDomain with two wildcards', mutate: (o) => { o.spec.rules[0].when = [{ key: 'source.trustDomain', notValues: ['*.lab.*'] }]; }, field: 'spec.rules[0].when[0].notValues', message: `${P} invalid \`notValue\` for \`key\` source.trustDomain: at most one wildcard is allowed, found in source.trustDomain: "*.lab.*"` },
    { id: 'IAP10', what: 'source.ip that is not an IP', mutate: (o) => { o.spec.rules[0].when = [{ key: 'source.ip', values: ['10.0.0.1', 'lab'] }]; }, field: 'spec.rules[0].when[0].values', message: `${P} invalid \`value\` for \`key\` source.ip: 1 error occurred:\n\t* bad IP address (lab)\n\n` },
    { id: 'IAP10', what: 'an unknown experimental key', mutate: (o) => { o.spec.rules[0].when = [{ key: 'request.experimental.inline.headers[x]', values: ['a'] }]; }, field: 'spec.rules[0].when[0].values', message: `${P} invalid \`value\` for \`key\` request.experimental.inline.headers[x]: unknown attribute: request.experimental.inline.headers[x]` },
    { id: 'IAP5', what: 'CUSTOM with trustDomains', mutate: (o) => { o.spec.action = 'CUSTOM'; o.spec.provider = { name: 'oauth2-proxy' }; o.spec.rules[0].from[0].source = { trustDomains: ['cluster.local'] }; }, field: 'spec.rules[0].from[0].source.trustDomains', message: `${P} From.TrustDomains is currently not supported with CUSTOM action` },
    { id: 'IAP5', what: 'CUSTOM with a source.trustDomain condition', mutate: (o) => { o.spec.action = 'CUSTOM'; o.spec.provider = { name: 'oauth2-proxy' }; o.spec.rules = [{ when: [{ key: 'source.trustDomain', values: ['cluster.local'] }] }]; }, field: 'spec.rules[0].when[0].key', message: `${P} source.trustDomain is currently not supported with CUSTOM action` },
    { id: 'IAP7', what: 'DENY with rules: [] (jsonpb decodes it as no rules)', mutate: (o) => { o.spec.action = 'DENY'; o.spec.rules = []; }, field: 'spec.rules', message: `${P} DENY action without \`rules\` is meaningless as it will never be triggered, add an empty rule \`{}\` if you want it be triggered for every request` },
    { id: 'IAP3', what: 'targetRef to a Deployment', mutate: (o) => { delete o.spec.selector; o.spec.targetRefs = [{ group: 'apps', kind: 'Deployment', name: 'reviews' }]; }, field: 'spec.targetRefs[0].kind', message: `${P} targetRef must be to one of [core/v1/Service networking.istio.io/v1/ServiceEntry gateway.networking.k8s.io/v1/Gateway gateway.networking.k8s.io/v1/GatewayClass] but was apps/Deployment` },
    { id: 'IAP10', what: 'unknown condition key', mutate: (o) => { o.spec.rules[0].when = [{ key: 'request.body', values: ['x'] }]; }, field: 'spec.rules[0].when[0].values', message: `${P} invalid \`value\` for \`key\` request.body: unknown attribute: request.body` },
    { id: 'IAP10', what: 'condition without values', mutate: (o) => { o.spec.rules[0].when = [{ key: 'source.ip' }]; }, field: 'spec.rules[0].when[0]', message: `${P} at least one of \`values\` or \`notValues\` must be set for key source.ip` },
    { id: 'IAP10', what: 'header key without brackets', mutate: (o) => { o.spec.rules[0].when = [{ key: 'request.headers', values: ['x'] }]; }, field: 'spec.rules[0].when[0].values', message: `${P} invalid \`value\` for \`key\` request.headers: bad key (request.headers): should have format a[b]` },
    { id: 'IAP11', what: 'DENY on HTTP attributes only', mutate: (o) => { o.spec.action = 'DENY'; o.spec.rules = [{ to: [{ operation: { methods: ['DELETE'] } }] }]; }, field: 'spec.rules[0]', message: 'configured AuthorizationPolicy will deny all traffic to TCP ports under its scope due to the use of only HTTP attributes in a DENY rule; it is recommended to explicitly specify the port', severity: 'warning' },
    { id: 'IAP12', what: 'dry-run on a CUSTOM policy', mutate: (o) => { o.metadata.annotations = { 'istio.io/dry-run': 'true' }; o.spec.action = 'CUSTOM'; o.spec.provider = { name: 'x' }; o.spec.rules = [{}]; }, field: 'metadata.annotations.istio.io/dry-run', message: 'the annotation istio.io/dry-run currently only supports action ALLOW/DENY, found action CUSTOM in default/reviews' },
    { id: 'IAP12', what: 'dry-run not a bool', mutate: (o) => { o.metadata.annotations = { 'istio.io/dry-run': 'yes' }; }, field: 'metadata.annotations.istio.io/dry-run', message: 'default/reviews has annotation istio.io/dry-run with invalid value (yes): strconv.ParseBool: parsing "yes": invalid syntax' },
  ]);
});

describe('AuthorizationPolicy: what istiod 1.30 accepts', () => {
  test.each([
    ['targetRefs to a Gateway, a Service and a ServiceEntry', (o: any) => { delete o.spec.selector; o.spec.targetRefs = [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'gw' }, { kind: 'Service', name: 'reviews' }, { group: 'networking.istio.io', kind: 'ServiceEntry', name: 'se' }]; }],
    ['trust domains with a prefix or suffix wildcard', (o: any) => { o.spec.rules[0].from[0].source = { trustDomains: ['*.local', 'cluster.*', '*'] }; }],
    ['from: [] and to: [] (jsonpb decodes them as unset)', (o: any) => { o.spec.rules = [{ from: [], to: [], when: [{ key: 'source.namespace', values: ['default'] }] }]; }],
    ['a template path with valid literals', (o: any) => { o.spec.rules[0].to[0].operation.paths = ['/api/{*}/reviews/{**}']; }],
    ['service accounts with and without a namespace', (o: any) => { o.spec.rules[0].from[0].source = { serviceAccounts: ['default/productpage', 'ratings'] }; }],
  ])('%s', (_what, mutate) => {
    expect(findings(variant(AP, mutate))).toEqual([]);
  });

  test('an empty principals list does not make a DENY rule a TCP rule', () => {
    const deny = variant(AP, (o) => { o.spec.action = 'DENY'; o.spec.rules = [{ from: [{ source: { principals: [], requestPrincipals: ['*'] } }] }]; });
    expect(byRule(deny, 'IAP11')).toHaveLength(1);
  });
});

test('RequestAuthentication: public inline keys have no warning', () => {
  const ok = variant(RA, (o) => { delete o.spec.jwtRules[0].jwksUri; o.spec.jwtRules[0].jwks = JSON.stringify({ keys: [{ kty: 'EC', crv: 'P-256', x: 'AQAB', y: 'AQAB' }] }); });
  expect(findings(ok)).toEqual([]);
});

describe('RequestAuthentication (istiod ValidateRequestAuthentication)', () => {
  runCases(RA, [
    { id: 'IRA1', what: 'selector and targetRef', mutate: (o) => { o.spec.targetRef = { kind: 'Gateway', group: 'gateway.networking.k8s.io', name: 'public' }; }, field: 'spec', message: 'only one of targetRefs or workloadSelector can be set' },
    { id: 'IRA2', what: 'selector without labels', mutate: (o) => { o.spec.selector = {}; }, field: 'spec.selector', message: 'workload selector specified without labels', severity: 'warning' },
    { id: 'IRA3', what: 'targetRef without name', mutate: (o) => { delete o.spec.selector; o.spec.targetRefs = [{ kind: 'Gateway', group: 'gateway.networking.k8s.io', name: '' }]; }, field: 'spec.targetRefs[0].name', message: 'targetRef name must be set' },
    { id: 'IRA4', what: 'neither issuer nor jwksUri', mutate: (o) => { delete o.spec.jwtRules[0].issuer; delete o.spec.jwtRules[0].jwksUri; o.spec.jwtRules[0].jwks = '{"keys":[]}'; }, field: 'spec.jwtRules[0].issuer', message: 'issuer or jwksUri must be non-empty string' },
    { id: 'IRA10', what: 'dry-run annotation', mutate: (o) => { o.metadata.annotations = { 'istio.io/dry-run': 'true' }; }, field: 'metadata.annotations.istio.io/dry-run', message: 'default/jwt has unsupported annotation istio.io/dry-run, please remove the annotation' },
    { id: 'IRA11', what: 'inline jwks with a private RSA key', mutate: (o) => { delete o.spec.jwtRules[0].jwksUri; o.spec.jwtRules[0].jwks = JSON.stringify({ keys: [{ kty: 'RSA', n: 'AQAB', e: 'AQAB' }, { kty: 'RSA', n: 'AQAB', e: 'AQAB', d: 'AQAB' }] }); }, field: 'spec.jwtRules[0].jwks', message: 'jwks key at index 1 contains private key material; only public keys are used for verification', severity: 'warning' },
    { id: 'IRA11', what: 'inline jwks with a symmetric key', mutate: (o) => { delete o.spec.jwtRules[0].jwksUri; o.spec.jwtRules[0].jwks = JSON.stringify({ kty: 'oct', k: 'c2VjcmV0' }); }, field: 'spec.jwtRules[0].jwks', message: 'jwks key at index 0 contains private key material; only public keys are used for verification', severity: 'warning' },
    { id: 'IRA3', what: 'targetRef to a Pod', mutate: (o) => { delete o.spec.selector; o.spec.targetRef = { kind: 'Pod', name: 'reviews' }; }, field: 'spec.targetRef.kind', message: 'targetRef must be to one of [core/v1/Service networking.istio.io/v1/ServiceEntry gateway.networking.k8s.io/v1/Gateway gateway.networking.k8s.io/v1/GatewayClass] but was /Pod' },
    { id: 'IRA5', what: 'empty audience', mutate: (o) => { o.spec.jwtRules[0].audiences = ['']; }, field: 'spec.jwtRules[0].audiences[0]', message: 'audience must be non-empty string' },
    { id: 'IRA6', what: 'inline jwks that is not JSON', mutate: (o) => { delete o.spec.jwtRules[0].jwksUri; o.spec.jwtRules[0].jwks = 'not-json'; }, field: 'spec.jwtRules[0].jwks', message: expect.stringMatching(/^jwks parse error: /) as unknown as string },
    { id: 'IRA7', what: 'empty header location', mutate: (o) => { o.spec.jwtRules[0].fromHeaders = [{ name: '' }]; }, field: 'spec.jwtRules[0].fromHeaders[0]', message: 'location header name must be non-empty string' },
    { id: 'IRA7', what: 'empty query location', mutate: (o) => { o.spec.jwtRules[0].fromParams = ['']; }, field: 'spec.jwtRules[0].fromParams[0]', message: 'location query must be non-empty string' },
    { id: 'IRA8', what: 'empty claim', mutate: (o) => { o.spec.jwtRules[0].outputClaimToHeaders = [{ header: 'x-user', claim: '' }]; }, field: 'spec.jwtRules[0].outputClaimToHeaders[0]', message: 'outputClaimToHeaders header and claim value must be non-empty string' },
    { id: 'IRA9', what: 'timeout under 1ms', mutate: (o) => { o.spec.jwtRules[0].timeout = '0s'; }, field: 'spec.jwtRules[0].timeout', message: 'duration must be greater than 1ms' },
  ]);
});

test('IAP12: internal annotations are refused on AuthorizationPolicy too', () => {
  const bad = variant(AP, (o) => { o.metadata.annotations = { 'internal.istio.io/parents': 'x' }; });
  expect(byRule(bad, 'IAP12')).toEqual([expect.objectContaining({ field: 'metadata.annotations.internal.istio.io/parents', message: '"internal.istio.io/parents" annotation found, this may not be set by users' })]);
});

test.each([
  ['10.0.0.0/33', 'prefix length out of range'],
  ['10.0.0.0/08', 'bad bits after slash: "08"'],
  ['10.0.0.0/', 'bad bits after slash: ""'],
  ['10.0.0.0/99999999999999999999', 'bad bits after slash: "99999999999999999999"'],
  ['10.0.0.256/24', 'ParseAddr("10.0.0.256"): IPv4 field has value >255'],
  ['10.0.0/24', 'ParseAddr("10.0.0"): IPv4 address too short'],
  ['10.0..0/24', 'ParseAddr("10.0..0"): IPv4 field must have at least one digit (at ".0")'],
  ['10.01.0.0/16', 'ParseAddr("10.01.0.0"): IPv4 field has octet with leading zero'],
  ['lab/24', 'ParseAddr("lab"): unable to parse IP'],
  ['fe80::1%eth0/64', 'IPv6 zones cannot be present in a prefix'],
])('IAP9: ipBlocks %s gets netip.ParsePrefix\'s reason', (block, reason) => {
  const bad = variant(AP, (o) => { o.spec.rules[0].from[0].source.ipBlocks = [block]; });
  expect(byRule(bad, 'IAP9').map((f) => f.message)).toEqual([`${P} bad CIDR range (${block}): netip.ParsePrefix(${JSON.stringify(block)}): ${reason}`]);
});
