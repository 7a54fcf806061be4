/**
 * Every field the Istio constructs model reaches the output under the CRD's JSON name. (The
 * generated L1 classes used to render these objects renamed `jwksUri` to its deprecated alias
 * `jwks_uri` and needed `consecutive5XxErrors`; the constructs now render plain JSON themselves.)
 * Every construct is built with every modelled field set, then: the strict validator accepts the
 * output (a misspelled key is an unknown field, which the API server would prune), and each kind
 * carries the leaf paths listed below (a field the rendering forgets is missing from its list).
 */
import { ApiObject, Chart, Duration, Testing } from 'cdk8s';
import * as i from '../../lib/istio';
import { validateManifests, formatFinding } from '../../lib/validation/engine';
import { chart } from './util';

/** The leaf paths of a JSON value, array indexes dropped: `servers.tls.mode`. */
function leaves(value: unknown, prefix = ''): string[] {
  if (Array.isArray(value)) return value.flatMap((v) => leaves(v, prefix));
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => leaves(v, prefix ? `${prefix}.${k}` : k));
  }
  return [prefix];
}

function buildEverything(c: Chart): void {
  const gw = new i.Gateway(c, 'gw');
  gw.addHttpsServer(['a.example.com'], 'a-tls');
  gw.addServer({ port: 15443, protocol: i.IstioProtocol.TLS, hosts: ['*'], name: 'sni', bind: '0.0.0.0', tls: { mode: i.ServerTlsMode.MUTUAL, credentialName: 'c', maxProtocolVersion: i.TlsVersion.TLSV1_3, subjectAltNames: ['spiffe://x'], cipherSuites: ['ECDHE-RSA-AES256-GCM-SHA384'] } });
  const vs = new i.VirtualService(c, 'vs', { hosts: ['r'], gateways: [gw], exportTo: ['.'] });
  vs.addHttpRoute({
    name: 'all',
    match: [{ name: 'm', uri: i.StringMatch.prefix('/'), scheme: i.StringMatch.exact('https'), method: i.StringMatch.exact('GET'), authority: i.StringMatch.exact('r'), headers: { a: i.StringMatch.exact('1') }, withoutHeaders: { b: i.StringMatch.exact('2') }, queryParams: { q: i.StringMatch.exact('3') }, port: 80, ignoreUriCase: true, sourceLabels: { app: 'x' }, sourceNamespace: 'web' }],
    destinations: [{ host: 'r', subset: 'v1', port: 80, weight: 100, headers: { request: { add: { x: 'y' } } } }],
    timeout: Duration.seconds(1), retries: { attempts: 1, perTryTimeout: Duration.seconds(1), retryOn: ['5xx'], backoff: Duration.millis(10) },
    fault: { delay: Duration.seconds(1), abortHttpStatus: 500 }, mirror: { host: 'm', port: 80 }, mirrorPercentage: 1,
    corsPolicy: { allowOrigins: [i.StringMatch.regex('.*')], allowMethods: ['GET'], allowHeaders: ['a'], exposeHeaders: ['b'], maxAge: Duration.seconds(1), allowCredentials: true },
    rewrite: { uri: '/', authority: 'b' }, headers: { request: { set: { a: 'b' }, add: { c: 'd' }, remove: ['e'] }, response: { set: { f: 'g' } } },
  });
  vs.addTcpRoute({ match: [{ port: 1, destinationSubnets: ['10.0.0.0/8'], sourceLabels: { a: 'b' }, sourceNamespace: 'n' }], destinations: [{ host: 'r', port: 1 }] });
  vs.addTlsRoute({ sniHosts: ['r'], match: { port: 443, destinationSubnets: ['10.0.0.0/8'], sourceLabels: { a: 'b' }, sourceNamespace: 'n' }, destinations: [{ host: 'r', port: 443 }] });
  const policy: i.TrafficPolicyOptions = {
    tls: { mode: i.ClientTlsMode.MUTUAL, credentialName: 'c', sni: 's', subjectAltNames: ['x'], insecureSkipVerify: false },
    connectionPool: { maxConnections: 1, connectTimeout: Duration.seconds(1), http1MaxPendingRequests: 1, http2MaxRequests: 1, maxRequestsPerConnection: 1, maxRetries: 1, idleTimeout: Duration.seconds(1) },
    outlierDetection: { consecutive5xxErrors: 1, consecutiveGatewayErrors: 1, interval: Duration.seconds(1), baseEjectionTime: Duration.seconds(1), maxEjectionPercent: 1, minHealthPercent: 1 },
    loadBalancer: i.LoadBalancer.consistentHashByCookie('c', Duration.seconds(1), '/'),
  };
  new i.DestinationRule(c, 'dr', { host: 'r', exportTo: ['.'], workloadSelector: { app: 'x' }, trafficPolicy: { ...policy, portLevelSettings: { 80: policy } }, subsets: [{ name: 'v1', labels: { v: '1' }, trafficPolicy: { loadBalancer: i.LoadBalancer.consistentHashByHeader('h') } }, { name: 'v2', labels: { v: '2' }, trafficPolicy: { loadBalancer: i.LoadBalancer.consistentHashByQueryParameter('q') } }] });
  new i.ServiceEntry(c, 'se', { hosts: ['e.example.org'], addresses: ['10.1.0.1'], resolution: i.ServiceEntryResolution.STATIC, ports: [{ number: 80, protocol: i.IstioProtocol.HTTP, targetPort: 8080 }], endpoints: [{ address: '10.0.0.1', ports: { 'http-80': 8080 }, labels: { a: 'b' }, network: 'n', locality: 'r/z', weight: 1 }], subjectAltNames: ['x'] });
  new i.ServiceEntry(c, 'se2', { hosts: ['w.example.org'], location: i.ServiceEntryLocation.MESH_INTERNAL, workloadSelector: { app: 'w' } });
  new i.Sidecar(c, 'sc', { workloadSelector: { app: 'x' }, egress: [{ hosts: ['./*'], bind: '127.0.0.1', port: { number: 80, protocol: i.IstioProtocol.HTTP, name: 'http' } }] });
  new i.PeerAuthentication(c, 'pa', { selector: { app: 'x' }, portLevelMtls: { 80: i.MtlsMode.DISABLE } });
  new i.AuthorizationPolicy(c, 'ap', { selector: { app: 'x' }, rules: [{ from: [{ principals: ['a'], notPrincipals: ['b'], namespaces: ['n'], notNamespaces: ['c'], ipBlocks: ['1.1.1.1'], notIpBlocks: ['2.2.2.2'], remoteIpBlocks: ['3.3.3.3'], notRemoteIpBlocks: ['4.4.4.4'], requestPrincipals: ['d'], notRequestPrincipals: ['e'] }], to: [{ hosts: ['h'], notHosts: ['i'], methods: ['GET'], notMethods: ['PUT'], paths: ['/p'], notPaths: ['/q'], ports: [1], notPorts: [2] }], when: [{ key: 'request.headers[x-k]', values: ['v'], notValues: ['w'] }] }] });
  new i.AuthorizationPolicy(c, 'custom', { action: i.AuthorizationAction.CUSTOM, provider: 'p', rules: [{}] });
  new i.RequestAuthentication(c, 'ra', { selector: { app: 'x' }, jwtRules: [{ issuer: 'i', jwksUri: 'https://j', audiences: ['a'], forwardOriginalToken: true, fromHeaders: [{ name: 'h', prefix: 'p' }], fromParams: ['q'], fromCookies: ['c'], outputPayloadToHeader: 'o', outputClaimToHeaders: [{ header: 'x-h', claim: 'c' }], timeout: Duration.seconds(1) }, { issuer: 'j', jwks: '{"keys":[]}' }] });

  // Fields added after the L1 era: file-mounted certificates, keepalive, locality, warmup,
  // redirects, direct responses, delegates, mirrors, ingress listeners, targetRefs.
  new i.Gateway(c, 'gw2', { servers: [{ port: 443, protocol: i.IstioProtocol.HTTPS, hosts: ['b.example.com'], tls: { mode: i.ServerTlsMode.MUTUAL, serverCertificate: '/c', privateKey: '/k', caCertificates: '/ca', caCrl: '/crl' } }, { port: 8443, protocol: i.IstioProtocol.HTTPS, hosts: ['c.example.com'], tls: { mode: i.ServerTlsMode.SIMPLE, tlsCertificates: [{ serverCertificate: '/c', privateKey: '/k', caCertificates: '/ca' }] } }] });
  new i.DestinationRule(c, 'dr2', { host: 'q', trafficPolicy: { tls: { mode: i.ClientTlsMode.MUTUAL, clientCertificate: '/c', privateKey: '/k', caCertificates: '/ca', caCrl: '/crl' }, connectionPool: { tcpKeepalive: { probes: 1, time: Duration.seconds(1), interval: Duration.seconds(1) } }, outlierDetection: { consecutive5xxErrors: 1 }, loadBalancer: i.LoadBalancer.consistentHashBySourceIp(), localityLbSetting: { enabled: true, failover: [{ from: 'a', to: 'b' }], failoverPriority: ['example.org/zone-group'] }, warmup: { duration: Duration.seconds(1), minimumPercent: 1, aggression: 1 } } });
  new i.DestinationRule(c, 'dr3', { host: 'q3', trafficPolicy: { localityLbSetting: { distribute: [{ from: 'a/*', to: { 'a/*': 100 } }] } } });
  new i.VirtualService(c, 'vs2', { hosts: ['s'], http: [
    { match: [{ uri: i.StringMatch.prefix('/a') }], redirect: { uri: '/b', authority: 'x', port: 8080, scheme: 'https', redirectCode: 302 } },
    { match: [{ uri: i.StringMatch.prefix('/c') }], redirect: { derivePort: i.RedirectPortSelection.FROM_REQUEST_PORT } },
    { match: [{ uri: i.StringMatch.prefix('/d') }], directResponse: { status: 200, body: 'ok' } },
    { match: [{ uri: i.StringMatch.prefix('/e') }], directResponse: { status: 200, bodyBase64: 'AA==' } },
    { destinations: [{ host: 's' }], mirrors: [{ destination: { host: 'm', subset: 'v1', port: 80 }, percentage: 1 }] },
  ] });
  new i.VirtualService(c, 'vs3', { hosts: ['t'], http: [{ match: [{ uri: i.StringMatch.prefix('/') }], delegate: { name: 'd', namespace: 'n' } }] });
  new i.Sidecar(c, 'sc2', { workloadSelector: { app: 'y' }, ingress: [{ port: { number: 8443, protocol: i.IstioProtocol.HTTPS, name: 'https' }, bind: '0.0.0.0', captureMode: i.SidecarCaptureMode.NONE, defaultEndpoint: '127.0.0.1:8443', tls: { mode: i.ServerTlsMode.SIMPLE, serverCertificate: '/c', privateKey: '/k' } }] });
  new i.AuthorizationPolicy(c, 'ap2', { targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'w' }] });
}

/** Leaf paths under `spec` per object id; map keys (labels, header names) appear as path parts. */
const EXPECTED: Record<string, string[]> = {
  gw: [
    'selector.istio', 'servers.bind', 'servers.hosts', 'servers.name', 'servers.port.name',
    'servers.port.number', 'servers.port.protocol', 'servers.tls.cipherSuites',
    'servers.tls.credentialName', 'servers.tls.httpsRedirect', 'servers.tls.maxProtocolVersion',
    'servers.tls.minProtocolVersion', 'servers.tls.mode', 'servers.tls.subjectAltNames',
  ],
  vs: [
    'exportTo', 'gateways', 'hosts', 'http.corsPolicy.allowCredentials',
    'http.corsPolicy.allowHeaders', 'http.corsPolicy.allowMethods',
    'http.corsPolicy.allowOrigins.regex', 'http.corsPolicy.exposeHeaders', 'http.corsPolicy.maxAge',
    'http.fault.abort.httpStatus', 'http.fault.abort.percentage.value',
    'http.fault.delay.fixedDelay', 'http.fault.delay.percentage.value',
    'http.headers.request.add.c', 'http.headers.request.remove', 'http.headers.request.set.a',
    'http.headers.response.set.f', 'http.match.authority.exact', 'http.match.headers.a.exact',
    'http.match.ignoreUriCase', 'http.match.method.exact', 'http.match.name', 'http.match.port',
    'http.match.queryParams.q.exact', 'http.match.scheme.exact', 'http.match.sourceLabels.app',
    'http.match.sourceNamespace', 'http.match.uri.prefix', 'http.match.withoutHeaders.b.exact',
    'http.mirror.host', 'http.mirror.port.number', 'http.mirrorPercentage.value', 'http.name',
    'http.retries.attempts', 'http.retries.backoff', 'http.retries.perTryTimeout',
    'http.retries.retryOn', 'http.rewrite.authority', 'http.rewrite.uri',
    'http.route.destination.host', 'http.route.destination.port.number',
    'http.route.destination.subset', 'http.route.headers.request.add.x', 'http.route.weight',
    'http.timeout', 'tcp.match.destinationSubnets', 'tcp.match.port', 'tcp.match.sourceLabels.a',
    'tcp.match.sourceNamespace', 'tcp.route.destination.host', 'tcp.route.destination.port.number',
    'tls.match.destinationSubnets', 'tls.match.port', 'tls.match.sniHosts',
    'tls.match.sourceLabels.a', 'tls.match.sourceNamespace', 'tls.route.destination.host',
    'tls.route.destination.port.number',
  ],
  dr: [
    'exportTo', 'host', 'subsets.labels.v', 'subsets.name',
    'subsets.trafficPolicy.loadBalancer.consistentHash.httpHeaderName',
    'subsets.trafficPolicy.loadBalancer.consistentHash.httpQueryParameterName',
    'trafficPolicy.connectionPool.http.http1MaxPendingRequests',
    'trafficPolicy.connectionPool.http.http2MaxRequests',
    'trafficPolicy.connectionPool.http.idleTimeout',
    'trafficPolicy.connectionPool.http.maxRequestsPerConnection',
    'trafficPolicy.connectionPool.http.maxRetries',
    'trafficPolicy.connectionPool.tcp.connectTimeout',
    'trafficPolicy.connectionPool.tcp.maxConnections',
    'trafficPolicy.loadBalancer.consistentHash.httpCookie.name',
    'trafficPolicy.loadBalancer.consistentHash.httpCookie.path',
    'trafficPolicy.loadBalancer.consistentHash.httpCookie.ttl',
    'trafficPolicy.outlierDetection.baseEjectionTime',
    'trafficPolicy.outlierDetection.consecutive5xxErrors',
    'trafficPolicy.outlierDetection.consecutiveGatewayErrors',
    'trafficPolicy.outlierDetection.interval', 'trafficPolicy.outlierDetection.maxEjectionPercent',
    'trafficPolicy.outlierDetection.minHealthPercent',
    'trafficPolicy.portLevelSettings.connectionPool.http.http1MaxPendingRequests',
    'trafficPolicy.portLevelSettings.connectionPool.http.http2MaxRequests',
    'trafficPolicy.portLevelSettings.connectionPool.http.idleTimeout',
    'trafficPolicy.portLevelSettings.connectionPool.http.maxRequestsPerConnection',
    'trafficPolicy.portLevelSettings.connectionPool.http.maxRetries',
    'trafficPolicy.portLevelSettings.connectionPool.tcp.connectTimeout',
    'trafficPolicy.portLevelSettings.connectionPool.tcp.maxConnections',
    'trafficPolicy.portLevelSettings.loadBalancer.consistentHash.httpCookie.name',
    'trafficPolicy.portLevelSettings.loadBalancer.consistentHash.httpCookie.path',
    'trafficPolicy.portLevelSettings.loadBalancer.consistentHash.httpCookie.ttl',
    'trafficPolicy.portLevelSettings.outlierDetection.baseEjectionTime',
    'trafficPolicy.portLevelSettings.outlierDetection.consecutive5xxErrors',
    'trafficPolicy.portLevelSettings.outlierDetection.consecutiveGatewayErrors',
    'trafficPolicy.portLevelSettings.outlierDetection.interval',
    'trafficPolicy.portLevelSettings.outlierDetection.maxEjectionPercent',
    'trafficPolicy.portLevelSettings.outlierDetection.minHealthPercent',
    'trafficPolicy.portLevelSettings.port.number',
    'trafficPolicy.portLevelSettings.tls.credentialName',
    'trafficPolicy.portLevelSettings.tls.insecureSkipVerify',
    'trafficPolicy.portLevelSettings.tls.mode', 'trafficPolicy.portLevelSettings.tls.sni',
    'trafficPolicy.portLevelSettings.tls.subjectAltNames', 'trafficPolicy.tls.credentialName',
    'trafficPolicy.tls.insecureSkipVerify', 'trafficPolicy.tls.mode', 'trafficPolicy.tls.sni',
    'trafficPolicy.tls.subjectAltNames', 'workloadSelector.matchLabels.app',
  ],
  se: [
    'addresses', 'endpoints.address', 'endpoints.labels.a', 'endpoints.locality',
    'endpoints.network', 'endpoints.ports.http-80', 'endpoints.weight', 'exportTo', 'hosts',
    'location', 'ports.name', 'ports.number', 'ports.protocol', 'ports.targetPort', 'resolution',
    'subjectAltNames',
  ],
  se2: [
    'exportTo', 'hosts', 'location', 'resolution', 'workloadSelector.labels.app',
  ],
  sc: [
    'egress.bind', 'egress.hosts', 'egress.port.name', 'egress.port.number', 'egress.port.protocol',
    'outboundTrafficPolicy.mode', 'workloadSelector.labels.app',
  ],
  pa: [
    'mtls.mode', 'portLevelMtls.80.mode', 'selector.matchLabels.app',
  ],
  ap: [
    'action', 'rules.from.source.ipBlocks', 'rules.from.source.namespaces',
    'rules.from.source.notIpBlocks', 'rules.from.source.notNamespaces',
    'rules.from.source.notPrincipals', 'rules.from.source.notRemoteIpBlocks',
    'rules.from.source.notRequestPrincipals', 'rules.from.source.principals',
    'rules.from.source.remoteIpBlocks', 'rules.from.source.requestPrincipals',
    'rules.to.operation.hosts', 'rules.to.operation.methods', 'rules.to.operation.notHosts',
    'rules.to.operation.notMethods', 'rules.to.operation.notPaths', 'rules.to.operation.notPorts',
    'rules.to.operation.paths', 'rules.to.operation.ports', 'rules.when.key',
    'rules.when.notValues', 'rules.when.values', 'selector.matchLabels.app',
  ],
  custom: [
    'action', 'provider.name',
  ],
  ra: [
    'jwtRules.audiences', 'jwtRules.forwardOriginalToken', 'jwtRules.fromCookies',
    'jwtRules.fromHeaders.name', 'jwtRules.fromHeaders.prefix', 'jwtRules.fromParams',
    'jwtRules.issuer', 'jwtRules.jwks', 'jwtRules.jwksUri', 'jwtRules.outputClaimToHeaders.claim',
    'jwtRules.outputClaimToHeaders.header', 'jwtRules.outputPayloadToHeader', 'jwtRules.timeout',
    'selector.matchLabels.app',
  ],
  gw2: [
    'selector.istio', 'servers.hosts', 'servers.port.name', 'servers.port.number',
    'servers.port.protocol', 'servers.tls.caCertificates', 'servers.tls.caCrl',
    'servers.tls.minProtocolVersion', 'servers.tls.mode', 'servers.tls.privateKey',
    'servers.tls.serverCertificate', 'servers.tls.tlsCertificates.caCertificates',
    'servers.tls.tlsCertificates.privateKey', 'servers.tls.tlsCertificates.serverCertificate',
  ],
  dr2: [
    'host', 'trafficPolicy.connectionPool.tcp.tcpKeepalive.interval',
    'trafficPolicy.connectionPool.tcp.tcpKeepalive.probes',
    'trafficPolicy.connectionPool.tcp.tcpKeepalive.time',
    'trafficPolicy.loadBalancer.consistentHash.useSourceIp',
    'trafficPolicy.loadBalancer.localityLbSetting.enabled',
    'trafficPolicy.loadBalancer.localityLbSetting.failover.from',
    'trafficPolicy.loadBalancer.localityLbSetting.failover.to',
    'trafficPolicy.loadBalancer.localityLbSetting.failoverPriority',
    'trafficPolicy.loadBalancer.warmup.aggression', 'trafficPolicy.loadBalancer.warmup.duration',
    'trafficPolicy.loadBalancer.warmup.minimumPercent',
    'trafficPolicy.outlierDetection.consecutive5xxErrors', 'trafficPolicy.tls.caCertificates',
    'trafficPolicy.tls.caCrl', 'trafficPolicy.tls.clientCertificate', 'trafficPolicy.tls.mode',
    'trafficPolicy.tls.privateKey',
  ],
  dr3: [
    'host', 'trafficPolicy.loadBalancer.localityLbSetting.distribute.from',
    'trafficPolicy.loadBalancer.localityLbSetting.distribute.to.a/*',
  ],
  vs2: [
    'hosts', 'http.directResponse.body.bytes', 'http.directResponse.body.string',
    'http.directResponse.status', 'http.match.uri.prefix', 'http.mirrors.destination.host',
    'http.mirrors.destination.port.number', 'http.mirrors.destination.subset',
    'http.mirrors.percentage.value', 'http.redirect.authority', 'http.redirect.derivePort',
    'http.redirect.port', 'http.redirect.redirectCode', 'http.redirect.scheme', 'http.redirect.uri',
    'http.route.destination.host',
  ],
  vs3: [
    'hosts', 'http.delegate.name', 'http.delegate.namespace', 'http.match.uri.prefix',
  ],
  sc2: [
    'ingress.bind', 'ingress.captureMode', 'ingress.defaultEndpoint', 'ingress.port.name',
    'ingress.port.number', 'ingress.port.protocol', 'ingress.tls.minProtocolVersion',
    'ingress.tls.mode', 'ingress.tls.privateKey', 'ingress.tls.serverCertificate',
    'outboundTrafficPolicy.mode', 'workloadSelector.labels.app',
  ],
  ap2: [
    'action', 'targetRefs.group', 'targetRefs.kind', 'targetRefs.name',
  ],
};

test('every modelled field reaches the output under its upstream JSON name', () => {
  const c = chart();
  buildEverything(c);
  const objects = c.node.findAll().filter((x): x is ApiObject => ApiObject.isApiObject(x));
  const docs = Testing.synth(c);
  const report = validateManifests(docs, { strict: true });
  expect(report.results.flatMap((r) => r.findings.filter((f) => f.severity === 'error').map((f) => `${r.label}: ${formatFinding(f)}`))).toEqual([]);
  const got = Object.fromEntries(objects.map((o) => [o.node.scope!.node.id, [...new Set(leaves(o.toJson().spec))].sort()]));
  expect(got).toEqual(EXPECTED);
  // The two names the generated L1 got wrong.
  const dr = docs.find((d: any) => d.kind === 'DestinationRule');
  expect(dr.spec.trafficPolicy.outlierDetection.consecutive5xxErrors).toBe(1);
  const ra = docs.find((d: any) => d.kind === 'RequestAuthentication');
  expect(ra.spec.jwtRules[0]).toMatchObject({ jwksUri: 'https://j' });
  expect(ra.spec.jwtRules[0].jwks_uri).toBeUndefined();
});
