import { Chart, Testing } from 'cdk8s';
import { IstioProtocol, ServiceEntry, ServiceEntryLocation, ServiceEntryResolution } from '../../lib/istio';
import { allErrors, chart, find, synthErrorsOf } from './util';

describe('ServiceEntry', () => {
  test('defaults: external, DNS resolution, visible to its own namespace only', () => {
    const c = chart();
    new ServiceEntry(c, 'se', { metadata: { name: 's3' }, hosts: ['s3.cern.ch'], ports: [{ number: 443, protocol: IstioProtocol.TLS }] });
    expect(find(c, 'ServiceEntry', 's3').spec).toEqual({
      hosts: ['s3.cern.ch'],
      ports: [{ number: 443, protocol: 'TLS', name: 'tls-443' }],
      location: 'MESH_EXTERNAL',
      resolution: 'DNS',
      exportTo: ['.'],
    });
    expect(allErrors(c)).toEqual([]);
  });

  test('wildcard hosts get resolution NONE', () => {
    const c = chart();
    new ServiceEntry(c, 'se', { metadata: { name: 'cern' }, hosts: ['*.cern.ch'], ports: [{ number: 443, protocol: IstioProtocol.TLS }] });
    expect(find(c, 'ServiceEntry', 'cern').spec.resolution).toBe('NONE');
    expect(allErrors(c)).toEqual([]);
  });

  test('addHost, addPort and addEndpoint after construction', () => {
    const c = chart();
    const se = new ServiceEntry(c, 'se', {
      metadata: { name: 'api' }, hosts: ['api.example.org'], resolution: ServiceEntryResolution.STATIC,
      location: ServiceEntryLocation.MESH_INTERNAL, exportTo: ['*'],
    });
    se.addHost('api2.example.org').addPort({ number: 8080, protocol: IstioProtocol.HTTP, name: 'http-api' });
    se.addEndpoint({ address: '10.0.0.5', labels: { zone: 'a' } });
    const spec = find(c, 'ServiceEntry', 'api').spec;
    expect(spec.hosts).toEqual(['api.example.org', 'api2.example.org']);
    expect(spec.ports).toEqual([{ number: 8080, protocol: 'HTTP', name: 'http-api' }]);
    expect(spec.endpoints).toEqual([{ address: '10.0.0.5', labels: { zone: 'a' } }]);
    expect(spec.location).toBe('MESH_INTERNAL');
    expect(spec.exportTo).toEqual(['*']);
    expect(allErrors(c)).toEqual([]);
  });

  test('what the CRD forbids is reported at synth with the construct path', () => {
    const app = Testing.app();
    const c = new Chart(app, 'test', { namespace: 'web' });
    new ServiceEntry(c, 'se', { metadata: { name: 'any' }, hosts: ['*'], ports: [{ number: 443, protocol: IstioProtocol.TLS }] });
    expect(() => app.synth()).toThrow(/\[test\/se\/Resource\] ServiceEntry web\/any: spec\.hosts\[0\]: hostname cannot be wildcard/);
  });

  test('istiod rules run on the output: several hosts on a TCP port are rejected', () => {
    const app = Testing.app();
    const c = new Chart(app, 'test', { namespace: 'web' });
    new ServiceEntry(c, 'se', { metadata: { name: 'db' }, hosts: ['a.example.org', 'b.example.org'], ports: [{ number: 5432, protocol: IstioProtocol.TCP }] });
    expect(() => app.synth()).toThrow(/multiple hosts provided with non-HTTP, non-TLS ports \[ISE6\]/);
  });

  test('a bad port is a synth error naming it', () => {
    const c = chart();
    new ServiceEntry(c, 'se', { hosts: ['a.b'], ports: [{ number: 0, protocol: IstioProtocol.TCP }, { number: 80, targetPort: 1.5, protocol: IstioProtocol.HTTP }] });
    expect(synthErrorsOf(c)).toEqual([
      '[test/se] ports[0].number: must be a port number (value: 0; allowed: an integer 1..65535)',
      '[test/se] ports[1].targetPort: must be a port number (value: 1.5; allowed: an integer 1..65535)',
    ]);
  });
});
