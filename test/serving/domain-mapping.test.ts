import { Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { ClusterDomainClaim, DomainMapping, KnativeService } from '../../lib/serving';
import { chart, engineErrors, obj, synthErrorsOf } from './util';

const IMAGE = 'ghcr.io/lab/app:1.0';

describe('DomainMapping', () => {
  test('maps a domain to a KnativeService and claims it', () => {
    const c = chart();
    const svc = new KnativeService(c, 'svc', { metadata: { name: 'coolcoffee-company' }, containers: [{ image: IMAGE }] });
    const dm = new DomainMapping(c, 'dm', { domain: 'coolcoffee.company', ref: svc, createClaim: true });
    const out = obj(c, 'DomainMapping');
    expect(out.apiVersion).toBe('serving.knative.dev/v1beta1');
    expect(out.metadata).toEqual({ name: 'coolcoffee.company', namespace: 'default' });
    expect(out.spec).toEqual({ ref: { apiVersion: 'serving.knative.dev/v1', kind: 'Service', name: 'coolcoffee-company', namespace: 'default' } });
    const claim = obj(c, 'ClusterDomainClaim');
    // Cluster-scoped: the chart's namespace must not leak into the claim.
    expect(claim).toEqual({
      apiVersion: 'networking.internal.knative.dev/v1alpha1',
      kind: 'ClusterDomainClaim',
      metadata: { name: 'coolcoffee.company' },
      spec: { namespace: 'default' },
    });
    expect(dm.claim?.domain).toBe('coolcoffee.company');
    expect(dm.claim?.namespace).toBeUndefined();
    expect(dm.domain).toBe('coolcoffee.company');
    expect(engineErrors(c)).toEqual([]);
  });

  test('takes the namespace of the target when the chart has none', () => {
    const c = chart(null);
    const svc = new KnativeService(c, 'svc', { metadata: { name: 'site', namespace: 'web' }, containers: [{ image: IMAGE }] });
    new DomainMapping(c, 'dm', { domain: 'site.example.org', ref: svc, createClaim: true });
    expect(obj(c, 'DomainMapping').metadata.namespace).toBe('web');
    expect(obj(c, 'ClusterDomainClaim').spec).toEqual({ namespace: 'web' });
  });

  test('accepts a plain reference and a TLS secret', () => {
    const c = chart();
    const tls = kplus.Secret.fromSecretName(c, 'tls', 'site-tls');
    new DomainMapping(c, 'dm', {
      domain: 'api.example.org',
      ref: { apiVersion: 'serving.knative.dev/v1', kind: 'Service', name: 'api' },
      tlsSecret: tls,
      metadata: { labels: { team: 'cloud' } },
    });
    const out = obj(c, 'DomainMapping');
    expect(out.metadata).toEqual({ name: 'api.example.org', namespace: 'default', labels: { team: 'cloud' } });
    expect(out.spec).toEqual({ ref: { apiVersion: 'serving.knative.dev/v1', kind: 'Service', name: 'api' }, tls: { secretName: 'site-tls' } });
    expect(Testing.synth(c).map((o) => o.kind)).toEqual(['DomainMapping']);
    expect(engineErrors(c)).toEqual([]);
  });

  test('createClaim without any namespace is a synth error', () => {
    const c = chart(null);
    const dm = new DomainMapping(c, 'dm', { domain: 'a.example.org', ref: { apiVersion: 'serving.knative.dev/v1', kind: 'Service', name: 'a' }, createClaim: true });
    expect(dm.claim).toBeUndefined();
    expect(synthErrorsOf(c)).toEqual([
      "[test/dm] createClaim: needs a namespace for domain 'a.example.org' to grant the claim to (value: true; allowed: a 'namespace' prop, a namespace on the chart, or a ref with one)",
    ]);
  });

  test('required props missing from a JavaScript caller are TypeErrors', () => {
    expect(() => new DomainMapping(chart(), 'dm', { domain: 'a.example.org' } as never)).toThrow("DomainMapping: the required prop 'ref' is missing");
    expect(() => new ClusterDomainClaim(chart(), 'c', { domain: 'a.example.org' } as never)).toThrow("ClusterDomainClaim: the required prop 'namespace' is missing");
    expect(() => new DomainMapping(chart(), 'dm2', undefined as never)).toThrow('DomainMapping: props are required');
  });

  test('a single-label domain fails the synth (engine rule D1)', () => {
    const c = chart();
    new DomainMapping(c, 'dm', { domain: 'localhost', ref: { apiVersion: 'serving.knative.dev/v1', kind: 'Service', name: 'a' } });
    expect(() => Testing.synth(c)).toThrow(/should be a domain with at least two segments/);
  });
});

describe('ClusterDomainClaim', () => {
  test('stands alone, with no namespace even inside a namespaced chart', () => {
    const c = new Chart(Testing.app(), 'platform', { namespace: 'platform' });
    new ClusterDomainClaim(c, 'claim', { domain: 'checksums.example.org', namespace: 'dynafed', metadata: { labels: { owner: 'cloud' } } });
    expect(Testing.synth(c)).toEqual([{
      apiVersion: 'networking.internal.knative.dev/v1alpha1',
      kind: 'ClusterDomainClaim',
      metadata: { name: 'checksums.example.org', labels: { owner: 'cloud' } },
      spec: { namespace: 'dynafed' },
    }]);
    expect(engineErrors(c)).toEqual([]);
  });
});
