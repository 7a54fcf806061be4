/**
 * The L1 classes map their props to the CRD's field names in `toJson()` and silently drop keys
 * they do not know. This renders every construct with every modelled field and checks that no
 * key produced by the L2 is lost on the way.
 */
import { ApiObject, Duration, Testing } from 'cdk8s';
import * as i from '../../lib/istio';
import { chart } from './util';

function paths(value: unknown, prefix = ''): string[] {
  if (Array.isArray(value)) return value.flatMap((v, n) => paths(v, `${prefix}[${n}]`));
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => [`${prefix}.${k}`, ...paths(v, `${prefix}.${k}`)]);
  }
  return [];
}

/** The CRD's spelling of the cdk8s import's renamed keys. */
const RENAMED: Record<string, string> = { consecutive5XxErrors: 'consecutive5xxErrors', jwksUri: 'jwks_uri' };

test('no L2 field is dropped by the L1 key mapping', () => {
  const c = chart();
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
  new i.AuthorizationPolicy(c, 'ap', { selector: { app: 'x' }, rules: [{ from: [{ principals: ['a'], notPrincipals: ['b'], notNamespaces: ['c'], ipBlocks: ['1.1.1.1'], notIpBlocks: ['2.2.2.2'], remoteIpBlocks: ['3.3.3.3'], notRemoteIpBlocks: ['4.4.4.4'], requestPrincipals: ['d'], notRequestPrincipals: ['e'] }], to: [{ hosts: ['h'], notHosts: ['i'], methods: ['GET'], notMethods: ['PUT'], paths: ['/p'], notPaths: ['/q'], ports: [1], notPorts: [2] }], when: [{ key: 'request.headers[x-k]', values: ['v'], notValues: ['w'] }] }] });
  new i.AuthorizationPolicy(c, 'custom', { action: i.AuthorizationAction.CUSTOM, provider: 'p', rules: [{}] });
  new i.RequestAuthentication(c, 'ra', { selector: { app: 'x' }, jwtRules: [{ issuer: 'i', jwksUri: 'https://j', audiences: ['a'], forwardOriginalToken: true, fromHeaders: [{ name: 'h', prefix: 'p' }], fromParams: ['q'], fromCookies: ['c'], outputPayloadToHeader: 'o', outputClaimToHeaders: [{ header: 'x-h', claim: 'c' }], timeout: Duration.seconds(1) }, { issuer: 'j', jwks: '{"keys":[]}' }] });

  const objects = c.node.findAll().filter((x): x is ApiObject => ApiObject.isApiObject(x));
  expect(objects.length).toBe(10);
  for (const obj of objects) {
    // ApiObject.prototype.toJson resolves the L2's lazy spec without the L1's key mapping.
    const raw = ApiObject.prototype.toJson.call(obj);
    const mapped = obj.toJson();
    const have = new Set(paths(mapped.spec));
    const lost = paths(raw.spec)
      .map((p) => p.replace(/\.(\w+)(?=\.|\[|$)/g, (m, k) => (RENAMED[k] ? `.${RENAMED[k]}` : m)))
      .filter((p) => !have.has(p));
    expect({ kind: obj.kind, lost }).toEqual({ kind: obj.kind, lost: [] });
  }
  expect(() => Testing.synth(c)).not.toThrow();
});
