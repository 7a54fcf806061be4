import { byRule, findings, variant } from '../../../helpers';
import { runCases } from './helpers';

const VS = {
  apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: { name: 'reviews', namespace: 'default' },
  spec: {
    hosts: ['reviews.example.com'],
    gateways: ['istio-ingress/public'],
    http: [
      {
        name: 'canary',
        match: [{ uri: { prefix: '/api' }, headers: { 'x-canary': { exact: 'true' } } }],
        route: [
          { destination: { host: 'reviews.default.svc.cluster.local', subset: 'v2', port: { number: 9080 } }, weight: 10 },
          { destination: { host: 'reviews.default.svc.cluster.local', subset: 'v1', port: { number: 9080 } }, weight: 90 },
        ],
        timeout: '5s',
        retries: { attempts: 3, perTryTimeout: '2s', retryOn: '5xx,reset,503' },
        corsPolicy: { allowOrigins: [{ exact: 'https://example.com' }], allowMethods: ['GET'], maxAge: '24h' },
        headers: { request: { set: { 'x-team': 'lab' } } },
      },
      { name: 'default', route: [{ destination: { host: 'reviews.default.svc.cluster.local' } }] },
    ],
  },
};

const TLS_VS = {
  apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: { name: 'passthrough', namespace: 'default' },
  spec: {
    hosts: ['*.example.com'], gateways: ['istio-ingress/public'],
    tls: [{ match: [{ sniHosts: ['db.example.com'], port: 443 }], route: [{ destination: { host: 'db.default.svc.cluster.local' } }] }],
    tcp: [{ match: [{ port: 5432 }], route: [{ destination: { host: 'db.default.svc.cluster.local', port: { number: 5432 } } }] }],
  },
};

describe('VirtualService (istiod ValidateVirtualService)', () => {
  runCases(VS, [
    { id: 'IVS1', what: 'delegate with gateways', mutate: (o) => { o.spec.hosts = []; }, field: 'spec.gateways', message: 'delegate virtual service must have no gateways specified' },
    { id: 'IVS2', what: 'JWT claim routing on the mesh', mutate: (o) => { o.spec.gateways = ['mesh']; o.spec.http[0].match[0].headers = { '@request.auth.claims.group': { exact: 'admin' } }; }, field: 'spec.http[0].match[0].headers.@request.auth.claims.group', message: 'JWT claim based routing (key: @request.auth.claims.group) is only supported for gateway, found no gateways: [mesh]' },
    { id: 'IVS3', what: 'invalid host', mutate: (o) => { o.spec.hosts = ['reviews_svc.example.com']; }, field: 'spec.hosts[0]', message: 'domain name "reviews_svc.example.com" invalid (label "reviews_svc" invalid)' },
    { id: 'IVS3', what: '* on the mesh', mutate: (o) => { delete o.spec.gateways; o.spec.hosts = ['*']; }, field: 'spec.hosts[0]', message: 'wildcard host * is not allowed for virtual services bound to the mesh gateway' },
    { id: 'IVS4', what: 'overlapping hosts', mutate: (o) => { o.spec.hosts = ['*.example.com', 'reviews.example.com']; }, field: 'spec.hosts[1]', message: 'duplicate hosts in virtual service: *.example.com & reviews.example.com' },
    { id: 'IVS5', what: 'no routes', mutate: (o) => { delete o.spec.http; }, field: 'spec', message: 'http, tcp or tls must be provided in virtual service' },
    { id: 'IVS6', what: 'route and redirect', mutate: (o) => { o.spec.http[1].redirect = { uri: '/v2' }; }, field: 'spec.http[1]', message: 'HTTP route cannot contain both route and redirect' },
    { id: 'IVS6', what: 'nothing to do', mutate: (o) => { delete o.spec.http[1].route; o.spec.http[1].fault = { abort: { httpStatus: 503 } }; }, field: 'spec.http[1]', message: 'HTTP route, redirect or direct_response is required' },
    { id: 'IVS6', what: 'direct response and fault', mutate: (o) => { delete o.spec.http[1].route; o.spec.http[1].directResponse = { status: 503 }; o.spec.http[1].fault = { abort: { httpStatus: 503 } }; }, field: 'spec.http[1]', message: 'HTTP route cannot contain both fault and direct_response' },
    { id: 'IVS7', what: 'bad header name', mutate: (o) => { o.spec.http[0].match[0].headers = { 'x canary': { exact: 'true' } }; }, field: 'spec.http[0].match[0].headers.x canary', message: 'header name x canary is not a valid header name' },
    { id: 'IVS7', what: 'empty prefix on a header', mutate: (o) => { o.spec.http[0].match[0].headers['x-canary'] = { prefix: '' }; }, field: 'spec.http[0].match[0].headers.x-canary', message: '"headers": prefix string match should not be empty' },
    { id: 'IVS7', what: 'regex with a lookahead', mutate: (o) => { o.spec.http[0].match[0].uri = { regex: '/api(?=v1)' }; }, field: 'spec.http[0].match[0].uri', message: '"uri": error parsing regexp: invalid or unsupported Perl syntax: `(?=`; Istio uses RE2 style regex-based match (https://github.com/google/re2/wiki/Syntax)' },
    { id: 'IVS7', what: 'bad source namespace', mutate: (o) => { o.spec.http[0].match[0].sourceNamespace = 'my_ns'; }, field: 'spec.http[0].match[0].sourceNamespace', message: 'sourceNamespace match my_ns is invalid' },
    { id: 'IVS8', what: 'setting a pseudo header', mutate: (o) => { o.spec.http[0].headers.request.set = { ':path': '/x' }; }, field: 'spec.http[0].headers.request.set.:path', message: 'invalid header ":path": header cannot have ":" prefix' },
    { id: 'IVS8', what: 'header value with an un-escaped %', mutate: (o) => { o.spec.http[0].headers.request.set['x-team'] = '%START_TIME%%'; }, field: 'spec.http[0].headers.request.set.x-team', message: 'header value configuration: invalid header configuration. Un-escaped %' },
    { id: 'IVS8', what: 'header value with an unterminated variable', mutate: (o) => { o.spec.http[0].headers.request.set['x-team'] = 'abc%123'; }, field: 'spec.http[0].headers.request.set.x-team', message: "header value configuration: invalid header configuration. Un-terminated variable expression 'abc%123'" },
    { id: 'IVS8', what: 'destination response header with bad array arguments', mutate: (o) => { o.spec.http[0].route[0].headers = { response: { add: { 'x-md': '%DYNAMIC_METADATA(["a" x])%' } } }; }, field: 'spec.http[0].route[0].headers.response.add.x-md', message: "header value configuration: invalid header configuration. Expecting ',', ']', or whitespace" },
    { id: 'IVS8', what: 'removing Host', mutate: (o) => { o.spec.http[0].headers.request.remove = ['Host']; }, field: 'spec.http[0].headers.request.remove[0]', message: 'invalid header "Host": cannot set Host header' },
    { id: 'IVS9', what: 'unsupported CORS method', mutate: (o) => { o.spec.http[0].corsPolicy.allowMethods = ['FETCH']; }, field: 'spec.http[0].corsPolicy.allowMethods[0]', message: '"FETCH" is not a supported HTTP method' },
    { id: 'IVS9', what: 'sub-second maxAge', mutate: (o) => { o.spec.http[0].corsPolicy.maxAge = '1500ms'; }, field: 'spec.http[0].corsPolicy.maxAge', message: 'max_age duration is accurate only to seconds precision' },
    { id: 'IVS10', what: 'empty fault', mutate: (o) => { o.spec.http[0].fault = {}; }, field: 'spec.http[0].fault', message: 'HTTP fault injection must have an abort and/or a delay' },
    { id: 'IVS10', what: 'abort status out of range', mutate: (o) => { o.spec.http[0].fault = { abort: { httpStatus: 700 } }; }, field: 'spec.http[0].fault.abort.httpStatus', message: 'HTTP status 700 is not in range 200-599' },
    { id: 'IVS10', what: 'percentage out of range', mutate: (o) => { o.spec.http[0].fault = { delay: { fixedDelay: '1s', percentage: { value: 150 } } }; }, field: 'spec.http[0].fault.delay.percentage', message: 'percentage 150 is neither 0.0, nor in range [0.0001, 100.0]' },
    { id: 'IVS10', what: 'unknown gRPC status', mutate: (o) => { o.spec.http[0].fault = { abort: { grpcStatus: 'BROKEN' } }; }, field: 'spec.http[0].fault.abort.grpcStatus', message: 'gRPC status "BROKEN" is not supported. See https://github.com/grpc/grpc/blob/master/doc/statuscodes.md for a list of supported codes, for example \'NOT_FOUND\'' },
    { id: 'IVS11', what: 'mirror percentage over 100', mutate: (o) => { o.spec.http[0].mirror = { host: 'shadow.default.svc.cluster.local' }; o.spec.http[0].mirrorPercentage = { value: 120 }; }, field: 'spec.http[0].mirrorPercentage', message: 'mirror_percentage must have a max value of 100 (it has 120.000000)' },
    { id: 'IVS12', what: 'wildcard destination', mutate: (o) => { o.spec.http[1].route[0].destination.host = '*'; }, field: 'spec.http[1].route[0].destination.host', message: 'invalid destination host *' },
    { id: 'IVS12', what: 'bad subset name', mutate: (o) => { o.spec.http[0].route[0].destination.subset = 'v2_beta'; }, field: 'spec.http[0].route[0].destination.subset', message: 'subset name is invalid: v2_beta' },
    { id: 'IVS12', what: 'destination port 0', mutate: (o) => { o.spec.http[0].route[0].destination.port = {}; }, field: 'spec.http[0].route[0].destination.port.number', message: 'port number 0 must be in the range 1..65535' },
    { id: 'IVS13', what: 'empty redirect', mutate: (o) => { delete o.spec.http[1].route; o.spec.http[1].redirect = {}; }, field: 'spec.http[1].redirect', message: 'redirect must specify URI, authority, scheme, or port' },
    { id: 'IVS13', what: 'non-3xx redirect code', mutate: (o) => { delete o.spec.http[1].route; o.spec.http[1].redirect = { uri: '/new', redirectCode: 200 }; }, field: 'spec.http[1].redirect.redirectCode', message: '200 is not a valid redirect code, must be 3xx' },
    { id: 'IVS14', what: 'direct response status', mutate: (o) => { delete o.spec.http[1].route; o.spec.http[1].directResponse = { status: 100 }; }, field: 'spec.http[1].directResponse.status', message: 'HTTP status 100 is not in range 200-599' },
    { id: 'IVS15', what: 'retry policy with 0 attempts', mutate: (o) => { o.spec.http[0].retries.attempts = 0; }, field: 'spec.http[0].retries', message: 'http retry policy configured when attempts are set to 0 (disabled)' },
    { id: 'IVS15', what: 'unknown retryOn policy', mutate: (o) => { o.spec.http[0].retries.retryOn = '5xx,sometimes'; }, field: 'spec.http[0].retries.retryOn', message: '"sometimes" is not a valid retryOn policy' },
    { id: 'IVS16', what: 'empty rewrite', mutate: (o) => { o.spec.http[0].rewrite = {}; }, field: 'spec.http[0].rewrite', message: 'rewrite must specify at least one of URI, UriRegexRewrite, or authority. Only one of URI or UriRegexRewrite may be specified' },
    { id: 'IVS16', what: 'authority set twice', mutate: (o) => { o.spec.http[0].rewrite = { authority: 'a.example.com' }; o.spec.http[0].headers.request.set = { ':authority': 'b.example.com' }; }, field: 'spec.http[0].headers.request.set.:authority', message: 'authority header cannot be set multiple times: have "a.example.com", attempting to set "b.example.com"' },
    { id: 'IVS17', what: 'negative weight', mutate: (o) => { o.spec.http[0].route[0].weight = -10; }, field: 'spec.http[0].route[0].weight', message: 'weight -10 < 0' },
    { id: 'IVS17', what: 'all weights zero', mutate: (o) => { o.spec.http[0].route[0].weight = 0; o.spec.http[0].route[1].weight = 0; }, field: 'spec.http[0].route', message: 'total destination weight = 0' },
    { id: 'IVS18', what: 'timeout under 1ms', mutate: (o) => { o.spec.http[0].timeout = '500us'; }, field: 'spec.http[0].timeout', message: 'duration must be greater than 1ms' },
    { id: 'IVS18', what: 'sub-millisecond precision', mutate: (o) => { o.spec.http[0].retries.perTryTimeout = '1.0005s'; }, field: 'spec.http[0].retries.perTryTimeout', message: 'only durations to ms precision are supported' },
    { id: 'IVS21', what: 'bad gateway namespace', mutate: (o) => { o.spec.gateways = ['Istio_Ingress/public']; }, field: 'spec.gateways[0]', message: 'invalid value for namespace: "Istio_Ingress"' },
    { id: 'IVS22', what: 'duplicate exportTo', mutate: (o) => { o.spec.exportTo = ['default', '.']; }, field: 'spec.exportTo', message: 'duplicate entries in exportTo: . and current namespace default' },
    { id: 'IVS22', what: '~ outside a ServiceEntry', mutate: (o) => { o.spec.exportTo = ['~']; }, field: 'spec.exportTo', message: 'exportTo ~ (none) is not allowed for Istio configuration objects' },
    { id: 'IVS22', what: 'exportTo entry that is not a namespace', mutate: (o) => { o.spec.exportTo = ['team_a']; }, field: 'spec.exportTo', message: 'only .,*, or a valid DNS 1123 label is allowed as exportTo entry' },
    { id: 'IVS22', what: '* with others', mutate: (o) => { o.spec.exportTo = ['*', 'team-a']; }, field: 'spec.exportTo', message: 'cannot have both public (*) and non-public exportTo values for a resource' },
    { id: 'IVS23', what: 'catch-all rule not last', mutate: (o) => { o.spec.http.push({ route: [{ destination: { host: 'other.default.svc.cluster.local' } }] }); }, field: 'spec.http[2]', message: 'virtualService rule #2 not used (only the last rule can have no matches)', severity: 'warning' },
    { id: 'IVS23', what: 'duplicate match', mutate: (o) => { o.spec.http.splice(1, 0, { name: 'again', match: [{ name: 'x', uri: { prefix: '/api' }, headers: { 'x-canary': { exact: 'true' } } }], route: [{ destination: { host: 'b.default.svc.cluster.local' } }] }); }, field: 'spec.http[1]', message: 'virtualService rule "again" not used (all matches used by prior rules)', severity: 'warning' },
    { id: 'IVS23', what: 'matches after a catch-all rule', mutate: (o) => { o.spec.http.reverse(); }, field: 'spec.http[1]', message: 'virtualService rule "canary" not used (route without matches defined before)', severity: 'warning' },
    { id: 'IVS18', what: 'retry backoff under 1ms', mutate: (o) => { o.spec.http[0].retries.backoff = '0s'; }, field: 'spec.http[0].retries.backoff', message: 'duration must be greater than 1ms' },
    { id: 'IVS24', what: 'dry-run annotation', mutate: (o) => { o.metadata.annotations = { 'istio.io/dry-run': 'true' }; }, field: 'metadata.annotations.istio.io/dry-run', message: 'default/reviews has unsupported annotation istio.io/dry-run, please remove the annotation' },
    { id: 'IVS23', what: 'legacy gateway name', mutate: (o) => { o.spec.gateways = ['public.istio-ingress']; }, field: 'spec.gateways[0]', message: 'using legacy gatewayName format "public.istio-ingress"; prefer the <namespace>/<name> format: "istio-ingress/public"', severity: 'warning' },
  ]);
});

describe('VirtualService TLS and TCP routes', () => {
  runCases(TLS_VS, [
    { id: 'IVS19', what: 'SNI host outside the hosts', mutate: (o) => { o.spec.tls[0].match[0].sniHosts = ['db.other.org']; }, field: 'spec.tls[0].match[0].sniHosts[0]', message: 'SNI host "db.other.org" is not a compatible subset of any of the virtual service hosts: [*.example.com]' },
    { id: 'IVS19', what: 'no SNI hosts', mutate: (o) => { o.spec.tls[0].match[0].sniHosts = []; }, field: 'spec.tls[0].match[0].sniHosts', message: 'TLS match must have at least one SNI host' },
    { id: 'IVS19', what: 'no route', mutate: (o) => { o.spec.tls[0].route = []; }, field: 'spec.tls[0].route', message: 'TLS route is required' },
    { id: 'IVS19', what: 'SNI host that is an IP', mutate: (o) => { o.spec.tls[0].match[0].sniHosts = ['10.0.0.1']; }, field: 'spec.tls[0].match[0].sniHosts[0]', message: 'using an IP address ("10.0.0.1") goes against SNI spec and most clients do not support this', severity: 'warning' },
    { id: 'IVS19', what: 'auto-generated SNI name without a port', mutate: (o) => { o.spec.hosts = ['*']; o.spec.tls[0].match[0].sniHosts = ['outbound_.x_._.db.example.com']; }, field: 'spec.tls[0].match[0].sniHosts[0]', message: 'domain name "outbound_.x_._.db.example.com" invalid (label "x" invalid). should follow outbound_.<PORT>_._.<HOSTNAME> format' },
    { id: 'IVS19', what: 'auto-generated SNI name with too few parts', mutate: (o) => { o.spec.hosts = ['*']; o.spec.tls[0].match[0].sniHosts = ['outbound_.5432_.db']; }, field: 'spec.tls[0].match[0].sniHosts[0]', message: "domain name outbound_.5432_.db invalid, should follow 'outbound_.<PORT>_._.<HOSTNAME>' format" },
    { id: 'IVS20', what: 'no TCP route', mutate: (o) => { o.spec.tcp[0].route = []; }, field: 'spec.tcp[0].route', message: 'TCP route is required' },
    { id: 'IVS20', what: 'bad destination subnet', mutate: (o) => { o.spec.tcp[0].match[0].destinationSubnets = ['10.0.0.0/33']; }, field: 'spec.tcp[0].match[0].destinationSubnets[0]', message: '10.0.0.0/33 is not a valid CIDR block' },
  ]);
});

describe('IVS23: overlapping URI prefixes (analyzeUnreachableHTTPRules)', () => {
  const routes = (matches: any[]) => variant(VS, (o) => {
    o.spec.http = matches.map((m, i) => ({ name: `r${i}`, match: [m], route: [{ destination: { host: 'reviews.default.svc.cluster.local' } }] }));
  });

  test('a shorter prefix before a longer one with the same conditions', () => {
    const vs = routes([{ uri: { prefix: '/api' } }, { name: 'v2', uri: { prefix: '/api/v2' } }]);
    expect(byRule(vs, 'IVS23')).toEqual([expect.objectContaining({
      severity: 'warning', field: 'spec.http[1].match[0]',
      message: 'virtualService rule "r1" match "v2" of prefix /api/v2 is not used (duplicate/overlapping match in rule #0 of prefix /api on "r0")',
    })]);
  });

  test.each([
    ['the longer prefix first', [{ uri: { prefix: '/api/v2' } }, { uri: { prefix: '/api' } }]],
    ['different header conditions', [{ uri: { prefix: '/api' } }, { uri: { prefix: '/api/v2' }, headers: { 'x-canary': { exact: 'true' } } }]],
    ['different ports', [{ uri: { prefix: '/api' }, port: 80 }, { uri: { prefix: '/api/v2' }, port: 8080 }]],
    ['a narrower method first', [{ uri: { prefix: '/api' }, method: { exact: 'POST' } }, { uri: { prefix: '/api/v2' } }]],
  ])('no warning for %s', (_what, matches) => {
    expect(byRule(routes(matches), 'IVS23')).toEqual([]);
  });

  test('zero values do not make two matches different', () => {
    const vs = routes([{ uri: { prefix: '/api' } }, { uri: { prefix: '/api' }, ignoreUriCase: false, port: 0 }]);
    expect(byRule(vs, 'IVS23').map((f) => f.message)).toContain('virtualService rule "r1" match #0 is not used (duplicate/overlapping match in rule "r0")');
  });
});

test('IVS22/IDR11: "." is valid when the manifest has no namespace (kubectl sets it)', () => {
  const noNs = variant(VS, (o) => { delete o.metadata.namespace; o.spec.exportTo = ['.']; });
  expect(byRule(noNs, 'IVS22')).toEqual([]);
  const dr = {
    apiVersion: 'networking.istio.io/v1', kind: 'DestinationRule', metadata: { name: 'r' },
    spec: { host: 'reviews', workloadSelector: { matchLabels: { app: 'x' } }, exportTo: ['.'] },
  };
  expect(byRule(dr, 'IDR11')).toEqual([]);
});

test('IVS6: a root route with route: [] is accepted (jsonpb decodes it as unset)', () => {
  const root = variant(VS, (o) => { o.spec.http = [{ delegate: { name: 'reviews-api', namespace: 'default' }, route: [] }]; });
  expect(byRule(root, 'IVS6')).toEqual([]);
  const bad = variant(VS, (o) => { o.spec.http = [{ delegate: { name: 'reviews-api', namespace: 'default' }, route: [{ destination: { host: 'a.default.svc.cluster.local' } }] }]; });
  expect(byRule(bad, 'IVS6').map((f) => f.message)).toEqual(['root HTTP route  must not specify route']);
});

describe('what istiod accepts is not reported', () => {
  test.each([
    ['a pseudo header in a match', (o: any) => { o.spec.http[0].match[0].headers = { ':authority': { exact: 'a.example.com' } }; }],
    ['a token header name with a dot', (o: any) => { o.spec.http[0].match[0].headers = { 'x.team': { exact: 'lab' } }; }],
    ['JWT claim routes as pkg/jwt matches them (any case, nested, bracketed)', (o: any) => { o.spec.http[0].match[0].headers = { '@Request.Auth.Claims.groups..x': { exact: 'a' }, '@request.auth.claims[a][b.c]': { exact: 'b' } }; }],
    ['a comma in a header name (the +-. range of istiod\'s class)', (o: any) => { o.spec.http[0].match[0].headers = { 'x,team': { exact: 'lab' } }; o.spec.http[0].corsPolicy.allowHeaders = ['x,y']; }],
    ['a CORS wildcard method', (o: any) => { o.spec.http[0].corsPolicy.allowMethods = ['*']; }],
    ['weights that do not sum to 100 (istiod normalizes)', (o: any) => { o.spec.http[0].route[0].weight = 30; o.spec.http[0].route[1].weight = 30; }],
    ['header values with %VAR%, %% and %VAR(args)%', (o: any) => {
      o.spec.http[0].headers.request.set = { a: '%HOSTNAME%', b: '100%%', c: 'prefix %HOSTNAME% suffix', d: '%DOWNSTREAM_PEER_CERT_V_END(%b %d %H:%M:%S %Y %Z)%', e: '%DYNAMIC_METADATA(com.test.my_filter)%', f: '%REQ(["x-a", "x\\"b"])%' };
    }],
    ['an IP address as host', (o: any) => { o.spec.hosts = ['10.1.2.3']; }],
  ])('%s', (_what, mutate) => {
    expect(findings(variant(VS, mutate))).toEqual([]);
  });
});

test('IVS19: a well-formed auto-generated SNI name is accepted on a gateway', () => {
  const ok = variant(TLS_VS, (o) => { o.spec.hosts = ['*']; o.spec.tls[0].match[0].sniHosts = ['outbound_.5432_._.db.default.svc.cluster.local']; });
  expect(byRule(ok, 'IVS19')).toEqual([]);
});
