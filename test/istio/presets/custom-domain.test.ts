import { Chart, Testing } from 'cdk8s';
import { ClusterSettings } from '../../../lib/core/cluster-settings';
import { KnativeCustomDomain, KnativeIngressGateway } from '../../../lib/istio';
import { KnativeService } from '../../../lib/serving';
import { allErrors, chart, synthErrorsOf } from '../util';

describe('KnativeCustomDomain', () => {
  test('DomainMapping with the TLS secret, HTTP redirected, and a ClusterDomainClaim; no Gateway or VirtualService', () => {
    const c = chart('dynafed');
    const svc = new KnativeService(c, 'svc', { metadata: { name: 'checksum' }, containers: [{ image: 'registry.example.org/checksum:1' }] });
    new KnativeCustomDomain(c, 'domain', { domain: 'checksum.example.org', target: svc, tlsSecret: 'checksum-tls' });
    const out = Testing.synth(c);
    expect(out.map((o: any) => o.kind).sort()).toEqual(['ClusterDomainClaim', 'DomainMapping', 'Service']);
    const dm = out.find((o: any) => o.kind === 'DomainMapping');
    expect(dm.metadata).toEqual({ name: 'checksum.example.org', namespace: 'dynafed', annotations: { 'networking.knative.dev/http-protocol': 'redirected' } });
    expect(dm.spec).toEqual({
      ref: { apiVersion: 'serving.knative.dev/v1', kind: 'Service', name: 'checksum', namespace: 'dynafed' },
      tls: { secretName: 'checksum-tls' },
    });
    const claim = out.find((o: any) => o.kind === 'ClusterDomainClaim');
    expect(claim).toMatchObject({ metadata: { name: 'checksum.example.org' }, spec: { namespace: 'dynafed' } });
    expect(claim.metadata.namespace).toBeUndefined();
    expect(allErrors(c)).toEqual([]);
  });

  test('a certificate is required unless plain HTTP is asked for', () => {
    const target = { apiVersion: 'serving.knative.dev/v1', kind: 'Service', name: 'checksum', namespace: 'dynafed' };
    const bad = chart();
    new KnativeCustomDomain(bad, 'd', { domain: 'a.example.org', target });
    expect(synthErrorsOf(bad)).toEqual([
      "[test/d] tlsSecret: is required for domain 'a.example.org': a custom domain is served over TLS (value: undefined; allowed: a kubernetes.io/tls Secret (or its name) in the DomainMapping's namespace, or allowPlainHttp: true to serve plain HTTP)",
    ]);
    const c = chart('dynafed');
    new KnativeCustomDomain(c, 'd', { domain: 'a.example.org', target, allowPlainHttp: true });
    const dm = Testing.synth(c).find((o: any) => o.kind === 'DomainMapping');
    expect(dm.metadata.annotations).toBeUndefined();
    expect(dm.spec.tls).toBeUndefined();
  });

  test('no claim when Knative autocreates claims', () => {
    const app = Testing.app();
    ClusterSettings.apply(app, { serving: { network: { autocreateClusterDomainClaims: true } } });
    const c = new Chart(app, 'c', { namespace: 'dynafed' });
    new KnativeCustomDomain(c, 'd', { domain: 'a.example.org', target: { apiVersion: 'serving.knative.dev/v1', kind: 'Service', name: 's' }, tlsSecret: 't' });
    expect(Testing.synth(c).map((o: any) => o.kind)).toEqual(['DomainMapping']);
  });
});

describe('KnativeIngressGateway', () => {
  test('the shared gateway as net-istio ships it, plus an HTTPS server with credentialName', () => {
    const c = chart();
    new KnativeIngressGateway(c, 'gw', { credentialName: 'wildcard-example-org', tlsHosts: ['*.example.org'] });
    const [gw] = Testing.synth(c);
    expect(gw.metadata).toEqual({ name: 'knative-ingress-gateway', namespace: 'knative-serving' });
    expect(gw.spec).toEqual({
      selector: { istio: 'ingressgateway' },
      servers: [
        { hosts: ['*'], port: { name: 'http', number: 80, protocol: 'HTTP' } },
        { hosts: ['*.example.org'], port: { name: 'https', number: 443, protocol: 'HTTPS' }, tls: { mode: 'SIMPLE', credentialName: 'wildcard-example-org', minProtocolVersion: 'TLSV1_2' } },
      ],
    });
    expect(allErrors(c)).toEqual([]);
  });

  test('without a certificate it is the plain HTTP gateway', () => {
    const c = chart();
    new KnativeIngressGateway(c, 'gw');
    expect(Testing.synth(c)[0].spec.servers).toHaveLength(1);
  });
});
