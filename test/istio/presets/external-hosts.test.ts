import { Chart, Testing } from 'cdk8s';
import { ClusterSettings } from '../../../lib/core/cluster-settings';
import { egressEntryName, ExternalHostsEgress, IstioProtocol } from '../../../lib/istio';
import { allErrors, chart, synthErrorsOf } from '../util';

describe('ExternalHostsEgress', () => {
  test('one ServiceEntry per host and a REGISTRY_ONLY Sidecar on a stock (ALLOW_ANY) mesh', () => {
    const c = chart();
    const egress = new ExternalHostsEgress(c, 'egress', { namespace: 'dynafed', hosts: [{ host: 's3.cern.ch' }] });
    egress.addHost({ host: '*.web.cern.ch', port: 80 });
    const out = Testing.synth(c);
    const sidecar = out.find((o: any) => o.kind === 'Sidecar');
    expect(sidecar.metadata).toEqual({ name: 'default', namespace: 'dynafed' });
    expect(sidecar.spec).toEqual({ egress: [{ hosts: ['*/*'] }], outboundTrafficPolicy: { mode: 'REGISTRY_ONLY' } });
    const entries = out.filter((o: any) => o.kind === 'ServiceEntry');
    expect(entries.map((e: any) => e.metadata.name)).toEqual(['egress-s3-cern-ch-443', 'egress-wildcard-web-cern-ch-80']);
    expect(entries[0].spec).toEqual({
      hosts: ['s3.cern.ch'], ports: [{ number: 443, protocol: 'TLS', name: 'tls-443' }],
      location: 'MESH_EXTERNAL', resolution: 'DNS', exportTo: ['.'],
    });
    expect(entries[1].spec).toMatchObject({ ports: [{ number: 80, protocol: 'HTTP' }], resolution: 'NONE' });
    expect(allErrors(c)).toEqual([]);
  });

  test('no Sidecar when the mesh is already REGISTRY_ONLY, unless asked for', () => {
    const app = Testing.app();
    ClusterSettings.apply(app, { istio: { outboundTrafficPolicy: 'REGISTRY_ONLY' } });
    const c = new Chart(app, 'c');
    new ExternalHostsEgress(c, 'egress', { namespace: 'dynafed', hosts: [{ host: 's3.cern.ch', port: 9000, protocol: IstioProtocol.HTTP }] });
    expect(Testing.synth(c).map((o: any) => o.kind)).toEqual(['ServiceEntry']);
    const forced = new Chart(app, 'forced');
    const e = new ExternalHostsEgress(forced, 'egress', { namespace: 'dynafed', restrictOtherHosts: true, meshHosts: ['./*', 'istio-system/*'] });
    expect(e.sidecar).toBeDefined();
    expect(Testing.synth(forced)[0].spec.egress).toEqual([{ hosts: ['./*', 'istio-system/*'] }]);
  });

  test('duplicate hosts are rejected; names are valid DNS labels', () => {
    const c = chart();
    const egress = new ExternalHostsEgress(c, 'egress', { namespace: 'dynafed', hosts: [{ host: 's3.cern.ch' }] });
    expect(egress.addHost({ host: 's3.cern.ch', port: 443 })).toBe(egress.addHost({ host: 's3.cern.ch' }));
    expect(synthErrorsOf(c)).toEqual([
      "[test/egress] hosts[1]: host and port are already allowed for namespace 'dynafed' (value: {\"host\":\"s3.cern.ch\",\"port\":443}; allowed: each host and port once)",
      "[test/egress] hosts[1]: host and port are already allowed for namespace 'dynafed' (value: {\"host\":\"s3.cern.ch\",\"port\":443}; allowed: each host and port once)",
    ]);
    const long = egressEntryName(`${'a'.repeat(70)}.example.org`, 443);
    expect(long.length).toBeLessThanOrEqual(63);
    expect(long).toMatch(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
  });
});
