import { Duration } from 'cdk8s';
import { StringMatch, VirtualService } from '../../lib/istio';
import { allErrors, chart, find, synthErrorsOf } from './util';

describe('VirtualService', () => {
  test('renders typed matches, durations as protobuf strings, faults, mirroring, CORS, rewrite and headers', () => {
    const c = chart();
    new VirtualService(c, 'vs', {
      metadata: { name: 'reviews' },
      hosts: ['reviews'],
      http: [{
        name: 'api',
        match: [{
          uri: StringMatch.prefix('/api'),
          method: StringMatch.exact('GET'),
          headers: { 'x-canary': StringMatch.regex('^(yes|true)$') },
          queryParams: { debug: StringMatch.exact('1') },
        }],
        destinations: [{ host: 'reviews', subset: 'v1', port: 9080 }],
        timeout: Duration.millis(1500),
        retries: { attempts: 3, perTryTimeout: Duration.millis(500), retryOn: ['5xx', 'reset'], backoff: Duration.millis(25) },
        fault: { delay: Duration.seconds(2), delayPercentage: 10, abortHttpStatus: 503, abortPercentage: 0.5 },
        mirror: { host: 'reviews', subset: 'v2' },
        mirrorPercentage: 5,
        corsPolicy: { allowOrigins: [StringMatch.exact('https://shop.example.com')], allowMethods: ['GET'], maxAge: Duration.hours(24) },
        rewrite: { uri: '/' },
        headers: { request: { set: { 'x-env': 'prod' } }, response: { remove: ['server'] } },
      }],
    });
    const [route] = find(c, 'VirtualService', 'reviews').spec.http;
    expect(route.match).toEqual([{
      uri: { prefix: '/api' }, method: { exact: 'GET' },
      headers: { 'x-canary': { regex: '^(yes|true)$' } }, queryParams: { debug: { exact: '1' } },
    }]);
    expect(route.route).toEqual([{ destination: { host: 'reviews', subset: 'v1', port: { number: 9080 } } }]);
    expect(route.timeout).toBe('1.5s');
    expect(route.retries).toEqual({ attempts: 3, perTryTimeout: '0.5s', retryOn: '5xx,reset', backoff: '0.025s' });
    expect(route.fault).toEqual({
      delay: { fixedDelay: '2s', percentage: { value: 10 } },
      abort: { httpStatus: 503, percentage: { value: 0.5 } },
    });
    expect(route.mirror).toEqual({ host: 'reviews', subset: 'v2' });
    expect(route.mirrorPercentage).toEqual({ value: 5 });
    expect(route.corsPolicy).toEqual({ allowOrigins: [{ exact: 'https://shop.example.com' }], allowMethods: ['GET'], maxAge: '86400s' });
    expect(route.rewrite).toEqual({ uri: '/' });
    expect(route.headers).toEqual({ request: { set: { 'x-env': 'prod' } }, response: { remove: ['server'] } });
    expect(allErrors(c)).toEqual([]);
  });

  test('addCanaryRoute splits 90/10 by default, added after construction', () => {
    const c = chart();
    const vs = new VirtualService(c, 'vs', { metadata: { name: 'reviews' }, hosts: ['reviews'] });
    vs.addCanaryRoute({ host: 'reviews', stableSubset: 'v1', canarySubset: 'v2' });
    const spec = find(c, 'VirtualService', 'reviews').spec;
    expect(spec.gateways).toBeUndefined();
    expect(spec.http[0].route).toEqual([
      { destination: { host: 'reviews', subset: 'v1' }, weight: 90 },
      { destination: { host: 'reviews', subset: 'v2' }, weight: 10 },
    ]);
    expect(allErrors(c)).toEqual([]);
  });

  test('addCanaryRoute: a weight above 100 is a synth error', () => {
    const c = chart();
    const vs = new VirtualService(c, 'vs', { hosts: ['reviews'] });
    vs.addCanaryRoute({ host: 'reviews', stableSubset: 'v1', canarySubset: 'v2', canaryWeight: 120 });
    expect(synthErrorsOf(c)).toEqual([
      '[test/vs] canaryWeight: must be a whole percentage: the stable subset gets 100 - canaryWeight (value: 120; allowed: an integer 0..100)',
    ]);
  });

  test('bad percentages, ports and durations are synth errors naming the route', () => {
    const c = chart();
    const vs = new VirtualService(c, 'vs', { hosts: ['reviews'] });
    vs.addHttpRoute({ destinations: [{ host: 'reviews' }], mirror: { host: 'x', port: -1 }, mirrorPercentage: 150 });
    vs.addHttpRoute({ destinations: [{ host: 'reviews', port: 1e6 }], timeout: Duration.seconds(Infinity), retries: { attempts: 1, perTryTimeout: Duration.seconds(NaN) } });
    expect(synthErrorsOf(c)).toEqual([
      '[test/vs] http[0].mirrorPercentage: must be a percentage between 0 and 100 (value: 150; allowed: 0..100 (fractions allowed))',
      '[test/vs] http[0].mirror.port: must be a port number (value: -1; allowed: an integer 1..65535)',
      expect.stringMatching(/^\[test\/vs\] http\[1\]\.timeout: must be a finite, non-negative duration/),
      expect.stringMatching(/^\[test\/vs\] http\[1\]\.retries\.perTryTimeout: must be a finite, non-negative duration/),
      '[test/vs] http[1].destinations[0].port: must be a port number (value: 1000000; allowed: an integer 1..65535)',
    ]);
  });

  test('renders TCP and TLS routes and hosts/gateways added later', () => {
    const c = chart();
    const vs = new VirtualService(c, 'vs', { metadata: { name: 'db' }, hosts: ['db'] });
    vs.addHost('db.web.svc.cluster.local');
    vs.addTcpRoute({ match: [{ port: 5432, sourceLabels: { app: 'api' } }], destinations: [{ host: 'db', port: 5432 }] });
    vs.addTlsRoute({ sniHosts: ['db'], match: { port: 443 }, destinations: [{ host: 'db', port: 443, weight: 100 }] });
    const spec = find(c, 'VirtualService', 'db').spec;
    expect(spec.hosts).toEqual(['db', 'db.web.svc.cluster.local']);
    expect(spec.tcp).toEqual([{ match: [{ port: 5432, sourceLabels: { app: 'api' } }], route: [{ destination: { host: 'db', port: { number: 5432 } } }] }]);
    expect(spec.tls).toEqual([{ match: [{ sniHosts: ['db'], port: 443 }], route: [{ destination: { host: 'db', port: { number: 443 } }, weight: 100 }] }]);
    expect(allErrors(c)).toEqual([]);
  });

  test('TCP and TLS route destinations render without headers (the CRD has none there)', () => {
    const c = chart();
    const headers = { request: { set: { a: 'b' } } };
    new VirtualService(c, 'vs', {
      hosts: ['db.example.org'],
      tcp: [{ destinations: [{ host: 'db', port: 5432, headers }] }],
      tls: [{ sniHosts: ['db.example.org'], destinations: [{ host: 'db', port: 443, weight: 100, headers }] }],
    });
    const spec = find(c, 'VirtualService').spec;
    expect(spec.tcp[0].route).toEqual([{ destination: { host: 'db', port: { number: 5432 } } }]);
    expect(spec.tls[0].route).toEqual([{ destination: { host: 'db', port: { number: 443 } }, weight: 100 }]);
    expect(allErrors(c)).toEqual([]);
  });
});
