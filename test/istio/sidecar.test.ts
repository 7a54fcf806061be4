import { IstioProtocol, OutboundTrafficPolicyMode, Sidecar } from '../../lib/istio';
import { allErrors, chart, find } from './util';

describe('Sidecar', () => {
  test('defaults to REGISTRY_ONLY', () => {
    const c = chart();
    new Sidecar(c, 'sc', { metadata: { name: 'default' } });
    expect(find(c, 'Sidecar', 'default').spec).toEqual({ outboundTrafficPolicy: { mode: 'REGISTRY_ONLY' } });
    expect(allErrors(c)).toEqual([]);
  });

  test('egress hosts, ports and workload selector; addEgressHosts extends the catch-all listener', () => {
    const c = chart();
    const hosts = ['./*'];
    const sc = new Sidecar(c, 'sc', {
      metadata: { name: 'api' },
      workloadSelector: { app: 'api' },
      egress: [{ hosts }, { hosts: ['istio-system/*'], port: { number: 9090, protocol: IstioProtocol.HTTP } }],
      outboundTrafficPolicy: OutboundTrafficPolicyMode.ALLOW_ANY,
    });
    sc.addEgressHosts('istio-system/*');
    const spec = find(c, 'Sidecar', 'api').spec;
    expect(spec.workloadSelector).toEqual({ labels: { app: 'api' } });
    // The catch-all listener is rendered last, as Istio requires.
    expect(spec.egress).toEqual([
      { hosts: ['istio-system/*'], port: { number: 9090, protocol: 'HTTP', name: 'http-9090' } },
      { hosts: ['./*', 'istio-system/*'] },
    ]);
    expect(hosts).toEqual(['./*']);
    expect(spec.outboundTrafficPolicy).toEqual({ mode: 'ALLOW_ANY' });
    expect(allErrors(c)).toEqual([]);
  });
});
