import { byRule, findings, variant } from '../../../helpers';
import { runCases } from './helpers';

const DR = {
  apiVersion: 'networking.istio.io/v1', kind: 'DestinationRule', metadata: { name: 'reviews', namespace: 'default' },
  spec: {
    host: 'reviews.default.svc.cluster.local',
    trafficPolicy: {
      connectionPool: { tcp: { maxConnections: 100, connectTimeout: '30ms' }, http: { http1MaxPendingRequests: 10, idleTimeout: '60s' } },
      outlierDetection: { consecutive5xxErrors: 5, interval: '10s', baseEjectionTime: '30s', maxEjectionPercent: 50 },
      loadBalancer: { simple: 'LEAST_REQUEST' },
      tls: { mode: 'ISTIO_MUTUAL' },
    },
    subsets: [
      { name: 'v1', labels: { version: 'v1' } },
      { name: 'v2', labels: { version: 'v2' }, trafficPolicy: { loadBalancer: { simple: 'ROUND_ROBIN' } } },
    ],
  },
};

test('a session cookie (no ttl) with distinct attributes is valid, as in istiod 1.30', () => {
  const ok = variant(DR, (o) => { o.spec.trafficPolicy.loadBalancer = { consistentHash: { httpCookie: { name: 'session', path: '/', attributes: [{ name: 'SameSite', value: 'Strict' }, { name: 'Secure' }] } } }; });
  expect(findings(ok)).toEqual([]);
});

describe('IDR7: configmap:// credential names (agent.ValidateTLS)', () => {
  const withCredential = (name: string) => variant(DR, (o) => { o.spec.trafficPolicy.tls = { mode: 'SIMPLE', credentialName: name }; });
  test.each([
    ['configmap://ca-bundle', 'invalid configmap:// credentialName: invalid resource name "configmap://ca-bundle". Expected namespace and name'],
    ['configmap:///ca-bundle', 'invalid configmap:// credentialName: invalid resource name "configmap:///ca-bundle". Expected namespace'],
    ['configmap://default/', 'invalid configmap:// credentialName: invalid resource name "configmap://default/". Expected name'],
    ['configmap://istio-system/ca-bundle', 'invalid configmap:// credentialName: namespace must match the configuration namespace "default"'],
  ])('%s', (name, message) => {
    expect(byRule(withCredential(name), 'IDR7')).toEqual([expect.objectContaining({ field: 'spec.trafficPolicy.tls', message })]);
  });

  test('a ConfigMap of the rule\'s own namespace, and a Secret of another, are accepted', () => {
    expect(byRule(withCredential('configmap://default/ca-bundle'), 'IDR7')).toEqual([]);
    expect(byRule(withCredential('istio-system/client-cert'), 'IDR7')).toEqual([]);
  });
});

describe('empty lists, as istiod decodes them (jsonpb leaves [] nil)', () => {
  test('IDR2: a traffic policy with only portLevelSettings: [] has no field', () => {
    const bad = variant(DR, (o) => { o.spec.subsets[1].trafficPolicy = { portLevelSettings: [] }; });
    expect(byRule(bad, 'IDR2')).toEqual([expect.objectContaining({ field: 'spec.subsets[1].trafficPolicy', message: 'traffic policy must have at least one field' })]);
  });

  test('IDR7: subjectAltNames: [] with insecureSkipVerify is accepted', () => {
    const ok = variant(DR, (o) => { o.spec.trafficPolicy.tls = { mode: 'SIMPLE', insecureSkipVerify: true, subjectAltNames: [] }; });
    expect(byRule(ok, 'IDR7')).toEqual([]);
    const bad = variant(DR, (o) => { o.spec.trafficPolicy.tls = { mode: 'SIMPLE', insecureSkipVerify: true, subjectAltNames: ['reviews'] }; });
    expect(byRule(bad, 'IDR7').map((f) => f.message)).toEqual(['cannot specify CaCertificates or CredentialName or SubjectAltNames when InsecureSkipVerify is set true']);
  });

  test('IDR2: a retry budget alone is a traffic policy field', () => {
    const ok = variant(DR, (o) => { o.spec.subsets[1].trafficPolicy = { retryBudget: { percent: 20 } }; });
    expect(byRule(ok, 'IDR2')).toEqual([]);
  });
});

describe('DestinationRule (istiod ValidateDestinationRule)', () => {
  runCases(DR, [
    { id: 'IDR1', what: 'invalid host', mutate: (o) => { o.spec.host = 'reviews..svc'; }, field: 'spec.host', message: 'domain name ".svc" invalid (label "" invalid)' },
    { id: 'IDR2', what: 'empty traffic policy', mutate: (o) => { o.spec.subsets[1].trafficPolicy = {}; }, field: 'spec.subsets[1].trafficPolicy', message: 'traffic policy must have at least one field' },
    { id: 'IDR2', what: 'tunnel and proxyProtocol', mutate: (o) => { o.spec.trafficPolicy.tunnel = { targetHost: 'egress.example.com', targetPort: 443 }; o.spec.trafficPolicy.proxyProtocol = { version: 'V1' }; }, field: 'spec.trafficPolicy', message: 'tunnel and proxyProtocol must not be set together' },
    { id: 'IDR3', what: 'sub-ms ejection time', mutate: (o) => { o.spec.trafficPolicy.outlierDetection.baseEjectionTime = '30.0001s'; }, field: 'spec.trafficPolicy.outlierDetection.baseEjectionTime', message: 'only durations to ms precision are supported' },
    { id: 'IDR3', what: 'local origin failures without split', mutate: (o) => { o.spec.trafficPolicy.outlierDetection.consecutiveLocalOriginFailures = 3; }, field: 'spec.trafficPolicy.outlierDetection.consecutiveLocalOriginFailures', message: 'outlier detection consecutive local origin failures is specified, but split external local origin errors is set to false' },
    { id: 'IDR3', what: 'max ejection percent over 100', mutate: (o) => { o.spec.trafficPolicy.outlierDetection.maxEjectionPercent = 150; }, field: 'spec.trafficPolicy.outlierDetection.maxEjectionPercent', message: 'percentage 150 is not in range 0..100' },
    { id: 'IDR4', what: 'empty connection pool', mutate: (o) => { o.spec.trafficPolicy.connectionPool = {}; }, field: 'spec.trafficPolicy.connectionPool', message: 'connection pool must have at least one field' },
    { id: 'IDR4', what: 'negative max connections', mutate: (o) => { o.spec.trafficPolicy.connectionPool.tcp.maxConnections = -1; }, field: 'spec.trafficPolicy.connectionPool.tcp.maxConnections', message: 'max connections must be non-negative' },
    { id: 'IDR4', what: 'tcp idleTimeout with sub-ms precision (no CEL there)', mutate: (o) => { o.spec.trafficPolicy.connectionPool.tcp.idleTimeout = '1.5ms'; }, field: 'spec.trafficPolicy.connectionPool.tcp.idleTimeout', message: 'only durations to ms precision are supported' },
    { id: 'IDR4', what: 'UPGRADE with client protocol', mutate: (o) => { Object.assign(o.spec.trafficPolicy.connectionPool.http, { h2UpgradePolicy: 'UPGRADE', useClientProtocol: true }); }, field: 'spec.trafficPolicy.connectionPool.http', message: 'use client protocol must not be true when H2UpgradePolicy is UPGRADE' },
    { id: 'IDR5', what: 'maglev table size not prime', mutate: (o) => { o.spec.trafficPolicy.loadBalancer = { consistentHash: { httpHeaderName: 'x-user', maglev: { tableSize: 65536 } } }; }, field: 'spec.trafficPolicy.loadBalancer.consistentHash.maglev.tableSize', message: 'tableSize must be a prime number for maglev' },
    { id: 'IDR5', what: 'empty cookie name', mutate: (o) => { o.spec.trafficPolicy.loadBalancer = { consistentHash: { httpCookie: { name: '', ttl: '10s' } } }; }, field: 'spec.trafficPolicy.loadBalancer.consistentHash.httpCookie.name', message: 'name required for HttpCookie' },
    { id: 'IDR5', what: 'empty cookie attribute name', mutate: (o) => { o.spec.trafficPolicy.loadBalancer = { consistentHash: { httpCookie: { name: 'session', attributes: [{ name: 'SameSite', value: 'Strict' }, { name: '', value: 'x' }] } } }; }, field: 'spec.trafficPolicy.loadBalancer.consistentHash.httpCookie.attributes[1].name', message: 'cookie attribute name cannot be empty' },
    { id: 'IDR5', what: 'duplicate cookie attribute name', mutate: (o) => { o.spec.trafficPolicy.loadBalancer = { consistentHash: { httpCookie: { name: 'session', ttl: '0s', attributes: [{ name: 'SameSite', value: 'Strict' }, { name: 'SameSite', value: 'Lax' }] } } }; }, field: 'spec.trafficPolicy.loadBalancer.consistentHash.httpCookie.attributes[1].name', message: 'duplicate cookie attribute name: SameSite' },
    { id: 'IDR5', what: 'deprecated minimumRingSize', mutate: (o) => { o.spec.trafficPolicy.loadBalancer = { consistentHash: { useSourceIp: true, minimumRingSize: 1024 } }; }, field: 'spec.trafficPolicy.loadBalancer.consistentHash.minimumRingSize', message: "consistent hash MinimumRingSize is deprecated, use ConsistentHashLB's RingHash configuration instead", severity: 'warning' },
    { id: 'IDR6', what: 'distribute weights not 100', mutate: (o) => { o.spec.trafficPolicy.loadBalancer.localityLbSetting = { distribute: [{ from: 'region1/*', to: { 'region1/*': 60, 'region2/*': 30 } }] }; }, field: 'spec.trafficPolicy.loadBalancer.localityLbSetting.distribute[0]', message: 'total locality weight 90 != 100' },
    { id: 'IDR6', what: 'failover to the same region', mutate: (o) => { o.spec.trafficPolicy.loadBalancer.localityLbSetting = { failover: [{ from: 'us-east', to: 'us-east' }] }; }, field: 'spec.trafficPolicy.loadBalancer.localityLbSetting.failover[0]', message: 'locality lb failover settings must specify different regions' },
    { id: 'IDR6', what: 'failover without outlier detection', mutate: (o) => { delete o.spec.trafficPolicy.outlierDetection; o.spec.trafficPolicy.loadBalancer.localityLbSetting = { failover: [{ from: 'us-east', to: 'us-west' }] }; }, field: 'spec.trafficPolicy.loadBalancer.localityLbSetting', message: 'outlier detection policy must be provided for failover', severity: 'warning' },
    { id: 'IDR7', what: 'MUTUAL without client certificate', mutate: (o) => { o.spec.trafficPolicy.tls = { mode: 'MUTUAL', privateKey: '/k' }; }, field: 'spec.trafficPolicy.tls', message: 'client certificate required for mutual tls' },
    { id: 'IDR7', what: 'credentialName with certificates', mutate: (o) => { o.spec.trafficPolicy.tls = { mode: 'SIMPLE', credentialName: 'c', caCertificates: '/ca' }; }, field: 'spec.trafficPolicy.tls', message: 'cannot specify client certificates or CA certificate or CA CRL If credentialName is set' },
    { id: 'IDR8', what: 'empty port traffic policy', mutate: (o) => { o.spec.trafficPolicy.portLevelSettings = [{ port: { number: 80 } }]; }, field: 'spec.trafficPolicy.portLevelSettings[0]', message: 'port traffic policy must have at least one field' },
    { id: 'IDR8', what: 'port traffic policy without port', mutate: (o) => { o.spec.trafficPolicy.portLevelSettings = [{ loadBalancer: { simple: 'RANDOM' } }]; }, field: 'spec.trafficPolicy.portLevelSettings[0].port', message: 'portTrafficPolicy must have valid port' },
    { id: 'IDR9', what: 'tunnel to a bad host and port', mutate: (o) => { o.spec.trafficPolicy.tunnel = { targetHost: 'bad_host', targetPort: 0 }; }, field: 'spec.trafficPolicy.tunnel.targetPort', message: 'tunnel target port is invalid: port number 0 must be in the range 1..65535' },
    { id: 'IDR9', what: 'tunnel protocol', mutate: (o) => { o.spec.trafficPolicy.tunnel = { protocol: 'GET', targetHost: '10.0.0.1', targetPort: 443 }; }, field: 'spec.trafficPolicy.tunnel.protocol', message: 'tunnel protocol must be "CONNECT" or "POST"' },
    { id: 'IDR10', what: 'duplicate subset names', mutate: (o) => { o.spec.subsets[1].name = 'v1'; }, field: 'spec.subsets[1].name', message: 'duplicate subset names: v1' },
    { id: 'IDR10', what: 'invalid subset name', mutate: (o) => { o.spec.subsets[0].name = 'v1.0'; }, field: 'spec.subsets[0].name', message: 'subset name is invalid: v1.0' },
    { id: 'IDR10', what: 'invalid label value', mutate: (o) => { o.spec.subsets[0].labels = { version: 'v1 beta' }; }, field: 'spec.subsets[0].labels', message: 'invalid tag value: "v1 beta"' },
    { id: 'IDR11', what: 'selector with exportTo elsewhere', mutate: (o) => { o.spec.workloadSelector = { matchLabels: { app: 'reviews' } }; o.spec.exportTo = ['other']; }, field: 'spec.exportTo', message: 'destination rule with workload selector cannot have exportTo beyond current namespace' },
    { id: 'IDR12', what: 'wildcard in selector', mutate: (o) => { o.spec.workloadSelector = { matchLabels: { app: 'rev*' } }; }, field: 'spec.workloadSelector.matchLabels', message: 'wildcard is not supported in selector: "app=rev*"' },
    { id: 'IDR12', what: 'selector without labels', mutate: (o) => { o.spec.workloadSelector = {}; }, field: 'spec.workloadSelector', message: 'workload selector specified without labels', severity: 'warning' },
    { id: 'IDR5', what: 'warmup aggression under 1', mutate: (o) => { o.spec.trafficPolicy.loadBalancer.warmup = { duration: '60s', aggression: 0.5 }; }, field: 'spec.trafficPolicy.loadBalancer.warmup.aggression', message: 'aggression should be greater than or equal to 1' },
    { id: 'IDR13', what: 'dry-run annotation', mutate: (o) => { o.metadata.annotations = { 'istio.io/dry-run': 'true' }; }, field: 'metadata.annotations.istio.io/dry-run', message: 'default/reviews has unsupported annotation istio.io/dry-run, please remove the annotation' },
  ]);
});
