import { Duration } from 'cdk8s';
import { StringMatch, VirtualService } from '../../lib/istio';
import { allErrors, chart, find } from './util';

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

  test('addCanaryRoute rejects a weight above 100', () => {
    const vs = new VirtualService(chart(), 'vs', { hosts: ['reviews'] });
    expect(() => vs.addCanaryRoute({ host: 'reviews', stableSubset: 'v1', canarySubset: 'v2', canaryWeight: 120 }))
      .toThrow("'canaryWeight' (120) must be an integer between 0 and 100");
  });

  test('rejects a mirror percentage outside 0-100', () => {
    const vs = new VirtualService(chart(), 'vs', { hosts: ['reviews'] });
    expect(() => vs.addHttpRoute({ destinations: [{ host: 'reviews' }], mirror: { host: 'x' }, mirrorPercentage: 150 }))
      .toThrow("'mirrorPercentage' (150) must be between 0 and 100");
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
});
