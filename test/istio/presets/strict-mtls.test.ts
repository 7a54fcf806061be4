import { Testing } from 'cdk8s';
import { KnativeServingPermissiveMtls, KnativeStrictMtls } from '../../../lib/istio';
import { allErrors, chart, synthErrorsOf } from '../util';

function objects(c: ReturnType<typeof chart>): any[] {
  return Testing.synth(c);
}

describe('KnativeStrictMtls', () => {
  test('STRICT PeerAuthentication and an allow-list with the Knative exceptions', () => {
    const c = chart();
    new KnativeStrictMtls(c, 'lock', { namespace: 'dynafed' });
    const [pa, ap] = objects(c);
    expect(pa).toMatchObject({ kind: 'PeerAuthentication', metadata: { name: 'default', namespace: 'dynafed' }, spec: { mtls: { mode: 'STRICT' } } });
    expect(pa.spec.selector).toBeUndefined();
    expect(ap.kind).toBe('AuthorizationPolicy');
    expect(ap.metadata).toEqual({ name: 'knative-allowlist', namespace: 'dynafed' });
    expect(ap.spec).toEqual({
      action: 'ALLOW',
      rules: [
        // own namespace, the activator/autoscaler, the ingress gateways
        { from: [{ source: { namespaces: ['dynafed', 'knative-serving', 'istio-system'] } }] },
        // knative.dev: probes and metrics scraping by system pods
        { to: [{ operation: { paths: ['/metrics', '/healthz'] } }] },
      ],
    });
    expect(allErrors(c)).toEqual([]);
  });

  test('allowed namespaces and principals, including ones added after construction', () => {
    const c = chart();
    const lock = new KnativeStrictMtls(c, 'lock', {
      namespace: 'dynafed', allowKnativeEventing: true, allowedNamespaces: ['monitoring', 'knative-serving'],
    });
    lock.addAllowedNamespace('frontend').addAllowedPrincipal('cluster.local/ns/ci/sa/tester').addAllowedPrincipal('cluster.local/ns/ci/sa/tester');
    const ap = objects(c).find((o) => o.kind === 'AuthorizationPolicy');
    expect(ap.spec.rules[0].from[0].source.namespaces).toEqual(['dynafed', 'knative-serving', 'knative-eventing', 'istio-system', 'monitoring', 'frontend']);
    expect(ap.spec.rules[2]).toEqual({ from: [{ source: { principals: ['cluster.local/ns/ci/sa/tester'] } }] });
    expect(allErrors(c)).toEqual([]);
  });

  test('no principal rule without principals (an empty source would match anyone)', () => {
    const c = chart();
    new KnativeStrictMtls(c, 'lock', { namespace: 'dynafed', allowSameNamespace: false, allowIngressGateway: false, allowKnativeProbePaths: false });
    const ap = objects(c).find((o) => o.kind === 'AuthorizationPolicy');
    expect(ap.spec.rules).toEqual([{ from: [{ source: { namespaces: ['knative-serving'] } }] }]);
  });

  test('plaintext ports (webhooks) get a workload PERMISSIVE port and an ALLOW rule for it', () => {
    const c = chart();
    const lock = new KnativeStrictMtls(c, 'lock', { namespace: 'dynafed' });
    lock.allowPlaintextPort({ app: 'my-webhook' }, 9443);
    const pa = objects(c).find((o) => o.kind === 'PeerAuthentication' && o.metadata.name === 'plaintext-9443');
    const ap = objects(c).find((o) => o.kind === 'AuthorizationPolicy' && o.metadata.name === 'plaintext-9443');
    expect(pa.spec).toEqual({ selector: { matchLabels: { app: 'my-webhook' } }, mtls: { mode: 'STRICT' }, portLevelMtls: { 9443: { mode: 'PERMISSIVE' } } });
    expect(ap.spec).toEqual({ selector: { matchLabels: { app: 'my-webhook' } }, action: 'ALLOW', rules: [{ to: [{ operation: { ports: ['9443'] } }] }] });
    expect(synthErrorsOf(c)).toEqual([]);
    expect(allErrors(c)).toEqual([]);
    lock.allowPlaintextPort({ app: 'other' }, 9443);
    expect(synthErrorsOf(c)).toEqual([
      "[test/lock] plaintextPorts[1].port: is already allowed in namespace 'dynafed' (value: 9443; allowed: each port once (list every selector of one port in a single exception))",
    ]);
  });
});

describe('KnativeServingPermissiveMtls', () => {
  test('PERMISSIVE default policy in knative-serving', () => {
    const c = chart();
    new KnativeServingPermissiveMtls(c, 'serving');
    expect(objects(c)).toEqual([expect.objectContaining({
      kind: 'PeerAuthentication', metadata: { name: 'default', namespace: 'knative-serving' }, spec: { mtls: { mode: 'PERMISSIVE' } },
    })]);
    expect(allErrors(c)).toEqual([]);
  });
});
