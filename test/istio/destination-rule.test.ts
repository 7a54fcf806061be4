import { Duration } from 'cdk8s';
import { ClientTlsMode, DestinationRule, LoadBalancer, LoadBalancerAlgorithm, VirtualService } from '../../lib/istio';
import { allErrors, chart, find, synthErrorsOf } from './util';

describe('DestinationRule', () => {
  test('renders subsets and a full traffic policy with protobuf durations', () => {
    const c = chart();
    new DestinationRule(c, 'dr', {
      metadata: { name: 'reviews' },
      host: 'reviews',
      subsets: [{ name: 'v1', labels: { version: 'v1' } }],
      trafficPolicy: {
        tls: { mode: ClientTlsMode.ISTIO_MUTUAL },
        connectionPool: { maxConnections: 100, connectTimeout: Duration.millis(250), http1MaxPendingRequests: 10, idleTimeout: Duration.minutes(5) },
        outlierDetection: { consecutive5xxErrors: 3, interval: Duration.seconds(10), baseEjectionTime: Duration.seconds(30), maxEjectionPercent: 50 },
        loadBalancer: LoadBalancer.consistentHashByCookie('session', Duration.minutes(30)),
        portLevelSettings: { 9080: { loadBalancer: LoadBalancer.simple(LoadBalancerAlgorithm.ROUND_ROBIN) } },
      },
    });
    const spec = find(c, 'DestinationRule', 'reviews').spec;
    expect(spec.host).toBe('reviews');
    expect(spec.subsets).toEqual([{ name: 'v1', labels: { version: 'v1' } }]);
    expect(spec.trafficPolicy).toEqual({
      tls: { mode: 'ISTIO_MUTUAL' },
      connectionPool: { tcp: { maxConnections: 100, connectTimeout: '0.25s' }, http: { http1MaxPendingRequests: 10, idleTimeout: '300s' } },
      outlierDetection: { consecutive5xxErrors: 3, interval: '10s', baseEjectionTime: '30s', maxEjectionPercent: 50 },
      loadBalancer: { consistentHash: { httpCookie: { name: 'session', ttl: '1800s' } } },
      portLevelSettings: [{ port: { number: 9080 }, loadBalancer: { simple: 'ROUND_ROBIN' } }],
    });
    expect(allErrors(c)).toEqual([]);
  });

  test('addSubset and addPortPolicy after construction reach the output', () => {
    const c = chart();
    const dr = new DestinationRule(c, 'dr', { metadata: { name: 'reviews' }, host: 'reviews' });
    dr.addSubset('v1', { version: 'v1' }).addSubset('v2', { version: 'v2' }, { loadBalancer: LoadBalancer.consistentHashBySourceIp() });
    dr.addPortPolicy(443, { tls: { mode: ClientTlsMode.SIMPLE, sni: 'reviews.example.com' } });
    const spec = find(c, 'DestinationRule', 'reviews').spec;
    expect(spec.subsets.map((s: any) => s.name)).toEqual(['v1', 'v2']);
    expect(spec.subsets[1].trafficPolicy).toEqual({ loadBalancer: { consistentHash: { useSourceIp: true } } });
    expect(spec.trafficPolicy).toEqual({ portLevelSettings: [{ port: { number: 443 }, tls: { mode: 'SIMPLE', sni: 'reviews.example.com' } }] });
    expect(allErrors(c)).toEqual([]);
  });

  test('without a policy renders no trafficPolicy (Istio auto mTLS applies)', () => {
    const c = chart();
    new DestinationRule(c, 'dr', { metadata: { name: 'reviews' }, host: 'reviews' });
    expect(find(c, 'DestinationRule', 'reviews').spec).toEqual({ host: 'reviews' });
  });

  test('destination() refers to declared subsets only, for VirtualService routes', () => {
    const c = chart();
    const dr = new DestinationRule(c, 'dr', { host: 'reviews', subsets: [{ name: 'v1', labels: { version: 'v1' } }] });
    const vs = new VirtualService(c, 'vs', { metadata: { name: 'vs' }, hosts: ['reviews'] });
    vs.addHttpRoute({ destinations: [dr.destination('v1', { port: 9080 })] });
    expect(find(c, 'VirtualService').spec.http[0].route[0].destination).toEqual({ host: 'reviews', subset: 'v1', port: { number: 9080 } });
    expect(synthErrorsOf(c)).toEqual([]);
    vs.addHttpRoute({ destinations: [dr.destination('v3')] });
    expect(synthErrorsOf(c)).toEqual([
      "[test/dr] destination(subset): subset is not defined on the DestinationRule for 'reviews'; add it with addSubset first (value: \"v3\"; allowed: v1)",
    ]);
  });

  test('rejects duplicate subsets and bad percentages early', () => {
    const c = chart();
    const dr = new DestinationRule(c, 'dr', { host: 'reviews', subsets: [{ name: 'v1', labels: { version: 'v1' } }] });
    dr.addSubset('v1', { version: 'x' });
    new DestinationRule(c, 'bad', { host: 'r', trafficPolicy: { outlierDetection: { maxEjectionPercent: 101 }, portLevelSettings: { 0: { outlierDetection: { minHealthPercent: NaN } } } } });
    dr.addPortPolicy(65536, {});
    expect(synthErrorsOf(c)).toEqual([
      "[test/dr] subsets[1].name: subset is already defined on the DestinationRule for 'reviews' (value: \"v1\"; allowed: a name not used by another subset of this rule)",
      '[test/dr] portLevelSettings[65536]: must be a port number (value: 65536; allowed: an integer 1..65535)',
      '[test/bad] trafficPolicy.outlierDetection.maxEjectionPercent: must be a whole percentage between 0 and 100 (value: 101; allowed: an integer 0..100)',
      '[test/bad] trafficPolicy.portLevelSettings[0]: must be a port number (value: 0; allowed: an integer 1..65535)',
      '[test/bad] trafficPolicy.portLevelSettings[0].outlierDetection.minHealthPercent: must be a whole percentage between 0 and 100 (value: NaN; allowed: an integer 0..100)',
    ]);
  });
});
