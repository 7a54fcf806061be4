/** Fuzz targets of the Istio constructs and presets (see harness.ts for what a case must end in). */
import { Duration } from 'cdk8s';
import fc from 'fast-check';
import * as i from '../../lib/istio';
import { arb, fuzz } from './harness';

const opt = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined });
// Nasty values are drawn rarely enough that many cases still produce output to check.
const num = (): fc.Arbitrary<number> => fc.oneof({ weight: 15, arbitrary: fc.integer({ min: 1, max: 100 }) }, { weight: 1, arbitrary: arb.number() });
const port = (): fc.Arbitrary<number> => fc.oneof({ weight: 20, arbitrary: fc.integer({ min: 1, max: 65535 }) }, { weight: 1, arbitrary: arb.number() });
const pct = (): fc.Arbitrary<number> => fc.oneof({ weight: 15, arbitrary: fc.double({ min: 0, max: 100, noNaN: true }) }, { weight: 1, arbitrary: arb.number() });
const dur = (): fc.Arbitrary<Duration> => fc.oneof(
  { weight: 20, arbitrary: fc.integer({ min: 1, max: 3_600_000 }).map((ms) => Duration.millis(ms)) },
  { weight: 1, arbitrary: fc.constantFrom(Duration.seconds(NaN), Duration.seconds(Infinity), Duration.millis(0.5), Duration.seconds(1e12), Duration.millis(1.5)) },
);
const host = (): fc.Arbitrary<string> => fc.oneof(
  { weight: 16, arbitrary: fc.constantFrom('reviews', 'reviews.fuzz.svc.cluster.local', 'api.example.org', '*.example.com', 's3.cern.ch') },
  { weight: 2, arbitrary: arb.name() },
  { weight: 1, arbitrary: fc.constantFrom('', '*', 'UPPER.example.com', 'a..b', `${'x'.repeat(300)}.com`, '10.0.0.1') },
  { weight: 1, arbitrary: fc.string({ maxLength: 20 }) },
);
const str = (): fc.Arbitrary<string> => fc.oneof({ weight: 12, arbitrary: fc.stringMatching(/^[a-z]([a-z0-9-]{0,10}[a-z0-9])?$/) }, { weight: 1, arbitrary: fc.string({ maxLength: 30 }) });
const labels = () => fc.dictionary(fc.oneof({ weight: 12, arbitrary: fc.stringMatching(/^[a-z]{1,8}$/) }, { weight: 1, arbitrary: fc.string({ maxLength: 10 }) }), str(), { minKeys: 1, maxKeys: 3, noNullPrototype: true });
const list = <T>(a: fc.Arbitrary<T>, maxLength = 3) => fc.array(a, { maxLength });
const rec = <T extends object>(model: { [K in keyof T]: fc.Arbitrary<T[K]> }, requiredKeys: (keyof T)[] = []) =>
  fc.record(model, { requiredKeys, noNullPrototype: true } as never) as unknown as fc.Arbitrary<T>;
const metadata = () => opt(rec<{ name?: string }>({ name: arb.name() }));
const stringMatch = () => fc.tuple(fc.constantFrom('exact', 'prefix', 'regex'), fc.oneof(str(), fc.constantFrom('/api', '(', '.*', ''))).map(([k, v]) => i.StringMatch[k as 'exact'](v));
const enumOf = <E extends Record<string, string>>(e: E) => fc.constantFrom(...(Object.values(e) as E[keyof E][]));

const destination = () => rec<i.RouteDestination>({
  host: host(), subset: opt(arb.name()), port: port(), weight: num(),
  headers: rec<i.HeadersPolicy>({ request: rec<i.HeaderOperations>({ set: labels(), add: labels(), remove: list(str()) }) }),
}, ['host']);

const httpRoute = () => fc.tuple(httpRouteBase(), fc.oneof(
  { weight: 6, arbitrary: fc.record({ destinations: fc.array(destination(), { minLength: 1, maxLength: 3 }) }) },
  { weight: 1, arbitrary: fc.record({ redirect: rec<i.HttpRedirect>({ uri: str(), authority: host(), port: port(), derivePort: enumOf(i.RedirectPortSelection), scheme: fc.constantFrom('http', 'https', 'ftp'), redirectCode: fc.oneof(fc.constantFrom(301, 302, 308), arb.number()) }) }) },
  { weight: 1, arbitrary: fc.record({ directResponse: rec<i.HttpDirectResponse>({ status: fc.oneof(fc.constantFrom(200, 404, 503), arb.number()), body: fc.string(), bodyBase64: fc.constantFrom('AAE=', 'not base64!') }, ['status']) }) },
  { weight: 1, arbitrary: fc.record({ delegate: rec<i.HttpDelegate>({ name: arb.name(), namespace: arb.name() }, ['name']) }) },
  { weight: 1, arbitrary: rec<i.HttpRouteOptions>({ destinations: list(destination()), redirect: fc.constant({ uri: '/x' }), delegate: fc.constant({ name: 'd' }) }) },
)).map(([base, target]): i.HttpRouteOptions => ({ ...base, ...target }));

const httpRouteBase = () => rec<i.HttpRouteOptions>({
  name: str(),
  match: list(rec<i.HttpMatch>({ uri: stringMatch(), method: stringMatch(), headers: fc.dictionary(fc.stringMatching(/^[a-z-]{1,10}$/), stringMatch(), { maxKeys: 2, noNullPrototype: true }), port: port(), ignoreUriCase: fc.boolean(), sourceLabels: labels() }), 2),
  timeout: dur(),
  retries: rec<i.RetryPolicy>({ attempts: num(), perTryTimeout: dur(), retryOn: list(fc.constantFrom('5xx', 'gateway-error', 'connect-failure', 'bogus', '503')), backoff: dur() }, ['attempts']),
  fault: rec<i.FaultInjection>({ delay: dur(), delayPercentage: pct(), abortHttpStatus: fc.oneof(fc.constantFrom(500, 503), arb.number()), abortPercentage: pct() }),
  mirrors: list(rec<i.HttpMirror>({ destination: destination(), percentage: pct() }, ['destination']), 2),
  corsPolicy: rec<i.CorsPolicy>({ allowOrigins: list(stringMatch()), allowMethods: list(fc.constantFrom('GET', 'POST', 'get')), maxAge: fc.oneof({ weight: 5, arbitrary: fc.integer({ min: 0, max: 86400 }).map((n) => Duration.seconds(n)) }, { weight: 1, arbitrary: dur() }), allowCredentials: fc.boolean() }, ['allowOrigins']),
  rewrite: rec<i.RewriteOptions>({ uri: str(), authority: host() }),
});

const l4 = () => rec<i.L4Match>({ port: port(), destinationSubnets: list(fc.constantFrom('10.0.0.0/8', '1.2.3.4', 'bad')), sourceLabels: labels(), sourceNamespace: arb.name() });

fuzz({
  name: 'VirtualService',
  arbitrary: fc.record({
    metadata: metadata(),
    hosts: list(host()),
    gateways: opt(list(fc.constantFrom(i.Gateway.MESH, i.Gateway.fromName('gw'), i.Gateway.fromGatewayName('istio-system', 'ingress'), i.Gateway.fromName('')))),
    http: opt(list(httpRoute(), 2)),
    tcp: fc.option(list(rec<i.TcpRouteOptions>({ match: list(l4(), 2), destinations: list(destination()) }, ['destinations']), 2), { nil: undefined, freq: 4 }),
    tls: fc.option(list(rec<i.TlsRouteOptions>({ sniHosts: list(host()), match: l4(), destinations: list(destination()) }, ['sniHosts', 'destinations']), 2), { nil: undefined, freq: 4 }),
    exportTo: opt(list(fc.constantFrom('.', '*', 'other', 'BAD'))),
    canary: opt(rec<i.CanaryRouteOptions>({ host: host(), stableSubset: arb.name(), canarySubset: arb.name(), canaryWeight: fc.oneof({ weight: 10, arbitrary: fc.integer({ min: 0, max: 100 }) }, { weight: 1, arbitrary: arb.number() }), port: port(), timeout: dur() }, ['host', 'stableSubset', 'canarySubset'])),
  }, { noNullPrototype: true }),
  build(chart, { canary, ...props }) {
    const vs = new i.VirtualService(chart, 'vs', props);
    if (canary) vs.addCanaryRoute(canary);
  },
});

const clientTls = () => fc.tuple(rec<i.ClientTlsOptions>({
  mode: enumOf(i.ClientTlsMode), credentialName: arb.name(), clientCertificate: fc.constantFrom('/etc/certs/c.pem', ''), privateKey: fc.constantFrom('/etc/certs/k.pem'),
  caCertificates: fc.constantFrom('/etc/certs/ca.pem'), caCrl: fc.constantFrom('/etc/certs/crl.pem'), sni: host(), subjectAltNames: list(str()), insecureSkipVerify: fc.boolean(),
}, ['mode']), fc.integer({ min: 0, max: 9 })).map(([t, n]) => {
  // Mostly either a credential or files, as Istio wants (IDR7); sometimes both.
  const { credentialName, clientCertificate, privateKey, caCertificates, caCrl, ...rest } = t;
  if (n === 0) return t;
  return n % 2 ? { ...rest, credentialName } : { ...rest, clientCertificate, privateKey, caCertificates, caCrl };
});
const loadBalancer = () => fc.oneof(
  enumOf(i.LoadBalancerAlgorithm).map((a) => i.LoadBalancer.simple(a)),
  str().map((h) => i.LoadBalancer.consistentHashByHeader(h)),
  fc.tuple(str(), opt(dur()), opt(str())).map(([n, t, p]) => i.LoadBalancer.consistentHashByCookie(n, t, p)),
  fc.constant(i.LoadBalancer.consistentHashBySourceIp()),
  str().map((q) => i.LoadBalancer.consistentHashByQueryParameter(q)),
);
const portPolicy = () => rec<i.PortTrafficPolicyOptions>({
  tls: clientTls(),
  connectionPool: rec<i.ConnectionPoolOptions>({
    maxConnections: num(), connectTimeout: dur(), http1MaxPendingRequests: num(), http2MaxRequests: num(),
    maxRequestsPerConnection: num(), maxRetries: num(), idleTimeout: dur(),
    tcpKeepalive: rec<i.TcpKeepaliveOptions>({ probes: num(), time: dur(), interval: dur() }),
  }),
  outlierDetection: rec<i.OutlierDetectionOptions>({ consecutive5xxErrors: num(), consecutiveGatewayErrors: num(), interval: dur(), baseEjectionTime: dur(), maxEjectionPercent: fc.oneof({ weight: 10, arbitrary: fc.integer({ min: 0, max: 100 }) }, { weight: 1, arbitrary: pct() }), minHealthPercent: fc.oneof({ weight: 10, arbitrary: fc.integer({ min: 0, max: 100 }) }, { weight: 1, arbitrary: pct() }) }),
  loadBalancer: loadBalancer(),
  localityLbSetting: fc.oneof(
    fc.record({ enabled: fc.boolean() }),
    rec<i.LocalityLbSetting>({ distribute: fc.array(rec<i.LocalityDistribution>({ from: fc.constantFrom('us-west/*', 'a/b/c'), to: fc.constantFrom<Record<string, number>>({ 'us-west/zone1/*': 100 }, { 'us-west/zone1/*': 60, 'us-east/*': 40 }) }, ['from', 'to']), { minLength: 1, maxLength: 2 }) }),
    rec<i.LocalityLbSetting>({ failover: fc.array(rec<i.LocalityFailover>({ from: fc.constantFrom('us-west', 'eu'), to: fc.constantFrom('us-east', 'ap') }, ['from', 'to']), { minLength: 1, maxLength: 1 }) }),
    rec<i.LocalityLbSetting>({
    enabled: fc.boolean(),
    distribute: list(rec<i.LocalityDistribution>({ from: fc.constantFrom('us-west/*', 'a/b/c', ''), to: fc.dictionary(fc.constantFrom('us-west/zone1/*', 'us-east/*'), num(), { maxKeys: 2, noNullPrototype: true }) }, ['from', 'to']), 2),
    failover: list(rec<i.LocalityFailover>({ from: fc.constantFrom('us-west', 'eu'), to: fc.constantFrom('us-east', 'eu', '') }, ['from', 'to']), 2),
    failoverPriority: list(fc.constantFrom('topology.kubernetes.io/region', 'example.org/group', '')),
  })),
  warmup: rec<i.WarmupOptions>({ duration: dur(), minimumPercent: pct(), aggression: num() }, ['duration']),
});

fuzz({
  name: 'DestinationRule',
  arbitrary: fc.record({
    metadata: metadata(),
    host: host(),
    trafficPolicy: opt(fc.tuple(portPolicy(), opt(fc.dictionary(port().map(String), portPolicy(), { maxKeys: 2, noNullPrototype: true }))).map(([p, ports]) => ({ ...p, ...(ports ? { portLevelSettings: ports as unknown as Record<number, i.PortTrafficPolicyOptions> } : {}) }))),
    subsets: opt(list(rec<i.SubsetOptions>({ name: arb.name(), labels: labels(), trafficPolicy: portPolicy() }, ['name', 'labels']))),
    exportTo: opt(fc.constantFrom<string[]>(['.'], ['*'], ['other'], ['.', 'other'], ['*', '.'])),
    workloadSelector: opt(labels()),
    portPolicy: opt(fc.tuple(port(), portPolicy())),
  }, { noNullPrototype: true }),
  build(chart, { portPolicy: pp, ...props }) {
    const dr = new i.DestinationRule(chart, 'dr', props);
    if (pp) dr.addPortPolicy(pp[0], pp[1]);
  },
});

const source = () => rec<i.AuthorizationSource>({
  principals: list(fc.constantFrom('cluster.local/ns/a/sa/b', '*', '')), notPrincipals: list(str()), namespaces: list(arb.name()), notNamespaces: list(arb.name()),
  ipBlocks: list(fc.constantFrom('10.0.0.0/8', '1.2.3.4', 'bad', '::1')), notIpBlocks: list(fc.constantFrom('10.0.0.0/8')), remoteIpBlocks: list(fc.constantFrom('192.168.0.0/16', 'x')),
  requestPrincipals: list(fc.constantFrom('iss/sub', '*')),
});
const operation = () => rec<i.AuthorizationOperation>({
  hosts: list(host()), methods: list(fc.constantFrom('GET', 'POST', 'get', '')), paths: list(fc.constantFrom('/a', '/a*', '*', '', '/{*}')), notPaths: list(fc.constantFrom('/b')),
  ports: list(num()), notPorts: list(port()),
});

fuzz({
  name: 'AuthorizationPolicy',
  arbitrary: rec<i.AuthorizationPolicyProps>({
    metadata: metadata(),
    selector: labels(),
    targetRefs: fc.array(rec<i.PolicyTargetReference>({ group: fc.constantFrom('', 'gateway.networking.k8s.io', 'bad'), kind: fc.constantFrom('Gateway', 'Service', 'Pod'), name: arb.name() }, ['kind', 'name']), { maxLength: 2, depthIdentifier: 'refs' }),
    action: enumOf(i.AuthorizationAction),
    provider: str(),
    rules: list(rec<i.AuthorizationRule>({
      from: list(source(), 2), to: list(operation(), 2),
      when: list(rec<i.AuthorizationCondition>({ key: fc.constantFrom('request.auth.claims[groups]', 'source.ip', 'bogus', ''), values: list(str()), notValues: list(str()) }, ['key']), 2),
    })),
  }),
  // Mostly one of selector/targetRefs, and a provider only with CUSTOM, so that most cases reach the rules.
  build: (chart, { selector, targetRefs, provider, ...props }) => {
    const both = selector !== undefined && (targetRefs?.length ?? 0) > 0;
    const keepBoth = both && Object.keys(selector).length === 3;
    new i.AuthorizationPolicy(chart, 'ap', {
      ...props,
      ...(both && !keepBoth ? { selector } : { selector, targetRefs }),
      provider: props.action === i.AuthorizationAction.CUSTOM || (provider ?? '').length % 5 === 0 ? provider : undefined,
    });
  },
});

const serverTls = () => rec<i.ServerTlsOptions>({
  mode: enumOf(i.ServerTlsMode), credentialName: arb.name(), serverCertificate: fc.constantFrom('/etc/certs/tls.crt', ''), privateKey: fc.constantFrom('/etc/certs/tls.key'),
  caCertificates: fc.constantFrom('/etc/certs/ca.crt'), caCrl: fc.constantFrom('/etc/certs/ca.crl'),
  tlsCertificates: list(rec<i.ServerTlsCertificate>({ serverCertificate: fc.constantFrom('/a.crt', ''), privateKey: fc.constantFrom('/a.key'), caCertificates: fc.constantFrom('/ca.crt') }, ['serverCertificate', 'privateKey']), 2),
  httpsRedirect: fc.boolean(), minProtocolVersion: enumOf(i.TlsVersion), maxProtocolVersion: enumOf(i.TlsVersion), subjectAltNames: list(str()), cipherSuites: list(fc.constantFrom('ECDHE-RSA-AES256-GCM-SHA384', 'bogus')),
});

fuzz({
  name: 'Gateway',
  arbitrary: fc.record({
    props: rec<i.GatewayProps>({
      metadata: metadata(),
      selector: labels(),
      servers: list(rec<i.GatewayServerOptions>({ port: port(), protocol: enumOf(i.IstioProtocol), portName: str(), hosts: list(host()), tls: serverTls(), name: str(), bind: fc.constantFrom('0.0.0.0', 'unix:///s', 'x') }, ['port', 'protocol', 'hosts'])),
    }),
    https: opt(fc.tuple(list(host()), arb.name(), rec<i.HttpsServerOptions>({ port: port(), redirectHttp: fc.boolean(), minProtocolVersion: enumOf(i.TlsVersion) }))),
  }, { noNullPrototype: true }),
  build(chart, { props, https }) {
    const gw = new i.Gateway(chart, 'gw', props);
    if (https) gw.addHttpsServer(...https);
  },
});

fuzz({
  name: 'ServiceEntry',
  arbitrary: rec<i.ServiceEntryProps>({
    metadata: metadata(),
    hosts: list(host()),
    ports: list(rec<i.ServiceEntryPort>({ number: port(), protocol: enumOf(i.IstioProtocol), name: str(), targetPort: port() }, ['number', 'protocol'])),
    location: enumOf(i.ServiceEntryLocation),
    resolution: enumOf(i.ServiceEntryResolution),
    addresses: list(fc.constantFrom('10.0.0.1', '10.0.0.0/24', 'bad')),
    endpoints: list(rec<i.ServiceEntryEndpoint>({ address: fc.constantFrom('10.0.0.2', 'backend.example.org', 'unix:///var/run/s.sock', ''), ports: fc.dictionary(str(), port(), { maxKeys: 2, noNullPrototype: true }), labels: labels(), network: str(), locality: fc.constantFrom('r/z', 'r/z/s'), weight: num() }, ['address']), 2),
    exportTo: list(fc.constantFrom('.', '*', 'other')),
    workloadSelector: labels(),
    subjectAltNames: list(str()),
  }, ['hosts']),
  build: (chart, props) => { new i.ServiceEntry(chart, 'se', props); },
});

fuzz({
  name: 'Sidecar',
  arbitrary: fc.record({
    props: rec<i.SidecarProps>({
      metadata: metadata(),
      workloadSelector: labels(),
      egress: list(rec<i.SidecarEgress>({ hosts: list(fc.constantFrom('./*', 'istio-system/*', '*/*', '~/*', 'bad', '*/api.example.org', '')), port: rec<i.SidecarEgressPort>({ number: port(), protocol: enumOf(i.IstioProtocol), name: str() }, ['number', 'protocol']), bind: fc.constantFrom('127.0.0.1', 'unix:///s') }, ['hosts'])),
      outboundTrafficPolicy: enumOf(i.OutboundTrafficPolicyMode),
      ingress: list(rec<i.SidecarIngress>({ port: rec<i.SidecarIngressPort>({ number: port(), protocol: enumOf(i.IstioProtocol), name: str() }, ['number', 'protocol']), bind: fc.constantFrom('0.0.0.0', 'x'), captureMode: enumOf(i.SidecarCaptureMode), defaultEndpoint: fc.constantFrom('127.0.0.1:8080', '0.0.0.0:80', 'unix:///s', 'bad'), tls: serverTls() }, ['port']), 2),
    }),
    extraHosts: list(fc.constantFrom('./*', 'istio-system/*', 'bad')),
  }, { noNullPrototype: true }),
  build(chart, { props, extraHosts }) {
    const sc = new i.Sidecar(chart, 'sc', props);
    if (extraHosts.length) sc.addEgressHosts(...extraHosts);
  },
});

fuzz({
  name: 'PeerAuthentication',
  arbitrary: rec<i.PeerAuthenticationProps>({
    metadata: metadata(),
    selector: labels(),
    mode: enumOf(i.MtlsMode),
    portLevelMtls: fc.dictionary(port().map(String), enumOf(i.MtlsMode), { maxKeys: 3, noNullPrototype: true }) as unknown as fc.Arbitrary<Record<number, i.MtlsMode>>,
  }),
  build: (chart, props) => { new i.PeerAuthentication(chart, 'pa', props); },
});

fuzz({
  name: 'RequestAuthentication',
  arbitrary: rec<i.RequestAuthenticationProps>({
    metadata: metadata(),
    selector: labels(),
    jwtRules: list(rec<i.JwtRule>({
      issuer: fc.constantFrom('https://auth.example.org', '', 'not a url'), jwksUri: fc.constantFrom('https://auth.example.org/jwks', 'ftp://x', ''), jwks: fc.constantFrom('{"keys":[]}', 'not json'),
      audiences: list(str()), forwardOriginalToken: fc.boolean(), fromHeaders: list(rec<i.JwtHeaderLocation>({ name: str(), prefix: fc.constantFrom('Bearer ', '') }, ['name']), 2),
      fromParams: list(str()), fromCookies: list(str()), outputPayloadToHeader: str(),
      outputClaimToHeaders: list(rec<i.JwtClaimToHeader>({ header: fc.constantFrom('x-sub', 'Bad Header', ''), claim: fc.constantFrom('sub', 'a.b', '') }, ['header', 'claim']), 2), timeout: dur(),
    }, ['issuer']), 2),
  }),
  build: (chart, props) => { new i.RequestAuthentication(chart, 'ra', props); },
});

fuzz({
  name: 'KnativeStrictMtls',
  arbitrary: fc.record({
    props: rec<i.KnativeStrictMtlsProps>({
      namespace: arb.name(), allowSameNamespace: fc.boolean(), allowIngressGateway: fc.boolean(), ingressGatewayNamespace: arb.name(), knativeServingNamespace: arb.name(),
      allowKnativeEventing: fc.boolean(), knativeEventingNamespace: arb.name(), allowKnativeProbePaths: fc.boolean(), allowedNamespaces: list(arb.name()),
      allowedPrincipals: list(fc.constantFrom('cluster.local/ns/a/sa/b', '', '*')),
      plaintextPorts: list(rec<i.PlaintextPortException>({ selector: labels(), port: port() }, ['selector', 'port']), 2),
    }, ['namespace']),
    later: list(fc.oneof(arb.name().map((n) => ({ ns: n })), fc.constantFrom({ principal: 'cluster.local/ns/x/sa/y' }))),
  }, { noNullPrototype: true }),
  build(chart, { props, later }) {
    const lock = new i.KnativeStrictMtls(chart, 'lock', props);
    for (const l of later) 'ns' in l ? lock.addAllowedNamespace(l.ns) : lock.addAllowedPrincipal(l.principal);
  },
});

fuzz({
  name: 'KnativeServingPermissiveMtls',
  arbitrary: rec<i.KnativeServingPermissiveMtlsProps>({ namespace: arb.name() }),
  build: (chart, props) => { new i.KnativeServingPermissiveMtls(chart, 'perm', props); },
});

fuzz({
  name: 'ExternalHostsEgress',
  arbitrary: rec<i.ExternalHostsEgressProps>({
    namespace: arb.name(),
    hosts: list(rec<i.ExternalHost>({ host: host(), port: port(), protocol: enumOf(i.IstioProtocol) }, ['host'])),
    restrictOtherHosts: fc.boolean(),
    meshHosts: list(fc.constantFrom('./*', 'istio-system/*', '*/*', 'bad')),
    exportTo: list(fc.constantFrom('.', '*', 'other')),
  }, ['namespace']),
  build: (chart, props) => { new i.ExternalHostsEgress(chart, 'egress', props); },
});

fuzz({
  name: 'KnativeCustomDomain',
  arbitrary: rec<i.KnativeCustomDomainProps>({
    domain: host(),
    target: fc.record({ apiVersion: fc.constantFrom('serving.knative.dev/v1'), kind: fc.constantFrom('Service', 'Route', 'Pod'), name: arb.name(), namespace: opt(arb.name()) }, { noNullPrototype: true, requiredKeys: ['apiVersion', 'kind', 'name'] }) as never,
    namespace: arb.name(),
    tlsSecret: arb.name(),
    allowPlainHttp: fc.boolean(),
    redirectHttp: fc.boolean(),
    createDomainClaim: fc.boolean(),
  }, ['domain', 'target']),
  build: (chart, props) => { new i.KnativeCustomDomain(chart, 'domain', props); },
});

fuzz({
  name: 'KnativeIngressGateway',
  arbitrary: rec<i.KnativeIngressGatewayProps>({
    namespace: arb.name(), selector: labels(), credentialName: arb.name(), tlsHosts: list(host()), httpsRedirect: fc.boolean(), minProtocolVersion: enumOf(i.TlsVersion),
  }),
  build: (chart, props) => { new i.KnativeIngressGateway(chart, 'kig', props); },
});

// Well-formed prop sets, so that the valid-output path of the two biggest constructs is exercised
// as often as the error path (the targets above end mostly in some error).
const goodDest = () => rec<i.RouteDestination>({ host: fc.constantFrom('reviews', 'ratings.fuzz.svc.cluster.local'), subset: fc.constantFrom('v1', 'v2'), port: fc.integer({ min: 1, max: 65535 }), weight: fc.integer({ min: 1, max: 100 }) }, ['host']);
fuzz({
  name: 'VirtualService (well-formed)',
  arbitrary: fc.array(rec<i.HttpRouteOptions>({
    name: fc.stringMatching(/^[a-z]{1,10}$/),
    match: fc.array(rec<i.HttpMatch>({ uri: fc.constantFrom(i.StringMatch.prefix('/api'), i.StringMatch.exact('/'), i.StringMatch.regex('/v[0-9]+/.*')), ignoreUriCase: fc.boolean(), port: fc.integer({ min: 1, max: 65535 }) }), { maxLength: 2 }),
    destinations: fc.array(goodDest(), { minLength: 1, maxLength: 3 }),
    timeout: fc.integer({ min: 1, max: 600_000 }).map((ms) => Duration.millis(ms)),
    retries: rec<i.RetryPolicy>({ attempts: fc.integer({ min: 0, max: 10 }), perTryTimeout: fc.integer({ min: 1, max: 60_000 }).map((ms) => Duration.millis(ms)), retryOn: fc.subarray(['5xx', 'gateway-error', 'connect-failure', 'reset']) }, ['attempts']),
    mirrors: fc.array(rec<i.HttpMirror>({ destination: goodDest(), percentage: fc.double({ min: 0, max: 100, noNaN: true }) }, ['destination']), { maxLength: 2 }),
    headers: rec<i.HeadersPolicy>({ request: rec<i.HeaderOperations>({ set: fc.constant({ 'x-a': 'b' }), remove: fc.constant(['x-b']) }) }),
  }, ['destinations']), { minLength: 1, maxLength: 3 }),
  build(chart, http) {
    new i.DestinationRule(chart, 'reviews', { host: 'reviews', subsets: [{ name: 'v1', labels: { version: 'v1' } }, { name: 'v2', labels: { version: 'v2' } }] });
    new i.VirtualService(chart, 'vs', { hosts: ['reviews'], http });
  },
});

fuzz({
  name: 'DestinationRule (well-formed)',
  arbitrary: rec<i.TrafficPolicyOptions>({
    connectionPool: rec<i.ConnectionPoolOptions>({ maxConnections: fc.integer({ min: 1, max: 2 ** 31 - 1 }), connectTimeout: fc.integer({ min: 1, max: 60_000 }).map((ms) => Duration.millis(ms)), http1MaxPendingRequests: fc.integer({ min: 1, max: 10_000 }), tcpKeepalive: rec<i.TcpKeepaliveOptions>({ probes: fc.integer({ min: 1, max: 9 }), time: fc.integer({ min: 1, max: 7200 }).map((n) => Duration.seconds(n)) }) }),
    outlierDetection: rec<i.OutlierDetectionOptions>({ consecutive5xxErrors: fc.integer({ min: 0, max: 100 }), interval: fc.integer({ min: 1, max: 600 }).map((n) => Duration.seconds(n)), maxEjectionPercent: fc.integer({ min: 0, max: 100 }), minHealthPercent: fc.integer({ min: 0, max: 100 }) }),
    loadBalancer: fc.constantFrom(i.LoadBalancer.simple(i.LoadBalancerAlgorithm.ROUND_ROBIN), i.LoadBalancer.consistentHashByHeader('x-user'), i.LoadBalancer.consistentHashByCookie('session', Duration.minutes(30))),
    localityLbSetting: fc.constantFrom<i.LocalityLbSetting>({ enabled: true }, { failover: [{ from: 'eu-west', to: 'eu-central' }] }),
    warmup: rec<i.WarmupOptions>({ duration: fc.integer({ min: 1, max: 600 }).map((n) => Duration.seconds(n)), minimumPercent: fc.integer({ min: 0, max: 100 }), aggression: fc.integer({ min: 1, max: 5 }) }, ['duration']),
    tls: fc.constantFrom<i.ClientTlsOptions>({ mode: i.ClientTlsMode.ISTIO_MUTUAL }, { mode: i.ClientTlsMode.SIMPLE, sni: 'reviews.example.org' }, { mode: i.ClientTlsMode.MUTUAL, clientCertificate: '/c.pem', privateKey: '/k.pem', caCertificates: '/ca.pem' }),
  }),
  build(chart, trafficPolicy) {
    new i.DestinationRule(chart, 'dr', { host: 'reviews', trafficPolicy, subsets: [{ name: 'v1', labels: { version: 'v1' }, trafficPolicy }] });
  },
});
