/**
 * The Istio rules on numbers JSON cannot carry or int32/uint32 cannot hold (NaN, Infinity, 2^31,
 * 2^32, 1e300, negative and fractional values): none throws (a throw becomes an `internal`
 * finding), and every finding names a field.
 */
import { findings } from '../../../helpers';

const NASTY = [Number.NaN, Infinity, -Infinity, 2 ** 31, 2 ** 32, 2 ** 53 + 2, 1e300, -1, 0.5, -0];

const MANIFESTS: Record<string, (n: number) => unknown> = {
  Gateway: (n) => ({
    apiVersion: 'networking.istio.io/v1', kind: 'Gateway', metadata: { name: 'gw', namespace: 'istio-ingress' },
    spec: { servers: [{ port: { number: n, name: 'http', protocol: 'HTTP', targetPort: n }, hosts: ['*/a.example.com'] }] },
  }),
  VirtualService: (n) => ({
    apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: { name: 'vs', namespace: 'default' },
    spec: {
      hosts: ['a.example.com'], gateways: ['istio-ingress/gw'],
      http: [{
        match: [{ port: n, uri: { prefix: '/a' } }, { port: n, uri: { prefix: '/a/b' } }],
        route: [{ destination: { host: 'a.default.svc.cluster.local', port: { number: n } }, weight: n }, { destination: { host: 'b' }, weight: n }],
        retries: { attempts: n },
        fault: { abort: { httpStatus: n, percentage: { value: n } }, delay: { fixedDelay: '1s', percentage: { value: n } } },
        mirror: { host: 'm', port: { number: n } }, mirrorPercentage: { value: n }, mirrorPercent: n,
        mirrors: [{ destination: { host: 'm' }, percentage: { value: n } }],
      }, {
        redirect: { uri: '/x', redirectCode: n, port: n },
      }, {
        directResponse: { status: n, body: { string: 'x' } },
      }],
      tcp: [{ match: [{ port: n }], route: [{ destination: { host: 'a' }, weight: n }] }],
    },
  }),
  DestinationRule: (n) => ({
    apiVersion: 'networking.istio.io/v1', kind: 'DestinationRule', metadata: { name: 'dr', namespace: 'default' },
    spec: {
      host: 'a.default.svc.cluster.local',
      trafficPolicy: {
        connectionPool: {
          tcp: { maxConnections: n },
          http: { http1MaxPendingRequests: n, http2MaxRequests: n, maxRequestsPerConnection: n, maxRetries: n, maxConcurrentStreams: n },
        },
        outlierDetection: { consecutiveErrors: n, consecutiveLocalOriginFailures: n, maxEjectionPercent: n, minHealthPercent: n },
        loadBalancer: {
          consistentHash: { httpHeaderName: 'x', minimumRingSize: n, maglev: { tableSize: n } },
          localityLbSetting: { distribute: [{ from: 'r/z/*', to: { 'r/z2/*': n } }] },
          warmup: { duration: '10s', aggression: n, minimumPercent: n },
        },
        portLevelSettings: [{ port: { number: n }, loadBalancer: { simple: 'LEAST_REQUEST' } }],
        tunnel: { protocol: 'CONNECT', targetHost: 'proxy.example.com', targetPort: n },
      },
      subsets: [{ name: 'v1', labels: { v: '1' }, trafficPolicy: { proxyProtocol: { version: 'V1' }, loadBalancer: { consistentHash: { ringHash: { minimumRingSize: n } } } } }],
    },
  }),
  ServiceEntry: (n) => ({
    apiVersion: 'networking.istio.io/v1', kind: 'ServiceEntry', metadata: { name: 'se', namespace: 'default' },
    spec: {
      hosts: ['a.example.com'], resolution: 'DNS', location: 'MESH_EXTERNAL',
      ports: [{ number: n, name: 'http', protocol: 'HTTP', targetPort: n }],
      endpoints: [{ address: 'a.example.com', ports: { http: n }, weight: n }],
    },
  }),
  Sidecar: (n) => ({
    apiVersion: 'networking.istio.io/v1', kind: 'Sidecar', metadata: { name: 'sc', namespace: 'default' },
    spec: {
      ingress: [{ port: { number: n, name: 'http', protocol: 'HTTP', targetPort: n }, defaultEndpoint: `127.0.0.1:${n}`, connectionPool: { tcp: { maxConnections: n } } }],
      egress: [{ port: { number: n, name: 'tcp', protocol: 'TCP' }, hosts: ['./*'] }],
      outboundTrafficPolicy: { mode: 'ALLOW_ANY', egressProxy: { host: 'proxy.example.com', port: { number: n } } },
    },
  }),
  PeerAuthentication: (n) => ({
    apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication', metadata: { name: 'pa', namespace: 'default' },
    spec: { selector: { matchLabels: { app: 'a' } }, portLevelMtls: { [String(n)]: { mode: 'STRICT' } } },
  }),
  AuthorizationPolicy: (n) => ({
    apiVersion: 'security.istio.io/v1', kind: 'AuthorizationPolicy', metadata: { name: 'ap', namespace: 'default' },
    spec: {
      rules: [{
        to: [{ operation: { ports: [String(n)], notPorts: [String(n)] } }],
        when: [{ key: 'destination.port', values: [String(n)] }],
      }],
    },
  }),
  WorkloadEntry: (n) => ({
    apiVersion: 'networking.istio.io/v1', kind: 'WorkloadEntry', metadata: { name: 'we', namespace: 'default' },
    spec: { address: '10.0.0.1', ports: { http: n }, weight: n },
  }),
  WorkloadGroup: (n) => ({
    apiVersion: 'networking.istio.io/v1', kind: 'WorkloadGroup', metadata: { name: 'wg', namespace: 'default' },
    spec: { template: { ports: { http: n } }, probe: { periodSeconds: n, failureThreshold: n, httpGet: { port: n } } },
  }),
  RequestAuthentication: (n) => ({
    apiVersion: 'security.istio.io/v1', kind: 'RequestAuthentication', metadata: { name: 'ra', namespace: 'default' },
    spec: { jwtRules: [{ issuer: 'https://a.example.com', jwks: JSON.stringify({ keys: [{ kty: 'oct', k: n }] }) }] },
  }),
};

describe.each(Object.keys(MANIFESTS))('%s rules on nasty numbers', (kind) => {
  test.each(NASTY.map((n) => [String(n), n] as const))('%s: no internal finding, every finding names a field', (_label, n) => {
    const found = findings(MANIFESTS[kind](n));
    expect(found.filter((f) => f.rule === 'internal')).toEqual([]);
    for (const f of found) expect(f.field).not.toBe('');
  });
});

test('a prime maglev table size far beyond uint32 (2^53 - 111) is reported without a long primality loop', () => {
  const started = Date.now();
  const found = findings(MANIFESTS.DestinationRule(9007199254740881)).filter((f) => f.rule === 'IDR5' && f.field.endsWith('maglev.tableSize'));
  expect(found.map((f) => f.message)).toEqual(expect.arrayContaining(['tableSize must be less than 5000011 for maglev']));
  expect(Date.now() - started).toBeLessThan(2000);
});

test.each([
  [4294967311, true], [4294967297, false], [9007199254740881, true], [9007199254740883, false], [65537, true], [5000011, true], [1, true],
])('IDR5 maglev primality of %d matches trial division (prime: %s)', (size, prime) => {
  const messages = findings(MANIFESTS.DestinationRule(size)).filter((f) => f.rule === 'IDR5').map((f) => f.message);
  expect(messages.includes('tableSize must be a prime number for maglev')).toBe(!prime);
});
