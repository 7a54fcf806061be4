/** JavaScript callers that leave out a required prop get a TypeError saying which one. */
import { Duration } from 'cdk8s';
import * as i from '../../lib/istio';
import { chart, synthErrorsOf } from './util';

test.each([
  ['VirtualService', 'hosts', (c: any) => new i.VirtualService(c, 'x', {} as any)],
  ['DestinationRule', 'host', (c: any) => new i.DestinationRule(c, 'x', {} as any)],
  ['ServiceEntry', 'hosts', (c: any) => new i.ServiceEntry(c, 'x', undefined as any)],
  ['KnativeStrictMtls', 'namespace', (c: any) => new i.KnativeStrictMtls(c, 'x', {} as any)],
  ['ExternalHostsEgress', 'namespace', (c: any) => new i.ExternalHostsEgress(c, 'x', {} as any)],
  ['KnativeCustomDomain', 'target', (c: any) => new i.KnativeCustomDomain(c, 'x', { domain: 'a.example.org' } as any)],
])('%s without %s throws a TypeError naming it', (kind, prop, build) => {
  expect(() => build(chart())).toThrow(TypeError);
  expect(() => build(chart())).toThrow(prop);
  expect(() => build(chart())).toThrow(kind);
});

test('durations Istio cannot take are synth errors naming the field', () => {
  const c = chart();
  new i.DestinationRule(c, 'dr', {
    host: 'r',
    trafficPolicy: {
      connectionPool: { connectTimeout: Duration.seconds(NaN), idleTimeout: Duration.days(1e9) },
      loadBalancer: i.LoadBalancer.consistentHashByCookie('c', Duration.seconds(Infinity)),
    },
  });
  expect(synthErrorsOf(c)).toEqual([
    expect.stringMatching(/^\[test\/dr\] trafficPolicy\.connectionPool\.connectTimeout: must be a finite, non-negative duration \(value: .*; allowed: /),
    '[test/dr] trafficPolicy.connectionPool.idleTimeout: is longer than a protobuf Duration can hold (value: "1000000000 days"; allowed: at most 315576000000 seconds (10000 years))',
    expect.stringMatching(/^\[test\/dr\] trafficPolicy\.loadBalancer\.consistentHash\.httpCookie\.ttl: must be a finite, non-negative duration/),
  ]);
});

test('fractions of a second render as protobuf durations', () => {
  const c = chart();
  new i.VirtualService(c, 'vs', { hosts: ['r'], http: [{ destinations: [{ host: 'r' }], timeout: Duration.millis(250), retries: { attempts: 1, backoff: Duration.millis(1500) } }] });
  expect(synthErrorsOf(c)).toEqual([]);
  const vs = c.toJson()[0];
  expect(vs.spec.http[0]).toMatchObject({ timeout: '0.25s', retries: { backoff: '1.5s' } });
});
