import { byRule, findings, variant } from '../../../helpers';
import { runCases } from './helpers';

const WE = {
  apiVersion: 'networking.istio.io/v1', kind: 'WorkloadEntry', metadata: { name: 'vm-1', namespace: 'default' },
  spec: { address: 'vm-1.lab.example.org', ports: { http: 8080 }, labels: { app: 'checksum' }, serviceAccount: 'checksum' },
};

const WG = {
  apiVersion: 'networking.istio.io/v1', kind: 'WorkloadGroup', metadata: { name: 'vms', namespace: 'default' },
  spec: {
    metadata: { labels: { app: 'checksum' } },
    template: { ports: { http: 8080 }, serviceAccount: 'checksum' },
    probe: { periodSeconds: 5, httpGet: { path: '/ready', port: 8080, httpHeaders: [{ name: 'X-Probe', value: '1' }] } },
  },
};

describe('WorkloadEntry (istiod ValidateWorkloadEntry)', () => {
  runCases(WE, [
    { id: 'IWE1', what: 'address neither IP nor FQDN', mutate: (o) => { o.spec.address = 'vm_1.lab'; }, field: 'spec.address', message: 'endpoint address "vm_1.lab" is not a valid FQDN or an IP address' },
    { id: 'IWE1', what: 'empty address without network', mutate: (o) => { o.spec.address = ''; }, field: 'spec.address', message: 'address is required' },
    { id: 'IWE1', what: 'empty address with a network', mutate: (o) => { o.spec.address = ''; o.spec.network = 'lab'; }, field: 'spec.address', message: 'address is unset with network "lab"', severity: 'warning' },
    { id: 'IWE1', what: 'invalid label value', mutate: (o) => { o.spec.labels = { app: 'check sum' }; }, field: 'spec.labels', message: 'invalid tag value: "check sum"' },
    { id: 'IWE2', what: 'dry-run annotation', mutate: (o) => { o.metadata.annotations = { 'istio.io/dry-run': 'true' }; }, field: 'metadata.annotations.istio.io/dry-run', message: 'default/vm-1 has unsupported annotation istio.io/dry-run, please remove the annotation' },
  ]);

  test('an IP address and a unix socket without ports are valid', () => {
    expect(findings(variant(WE, (o) => { o.spec.address = '10.0.0.7'; }))).toEqual([]);
    expect(findings(variant(WE, (o) => { o.spec.address = 'unix:///var/run/app.sock'; delete o.spec.ports; }))).toEqual([]);
  });
});

describe('WorkloadGroup (istiod ValidateWorkloadGroup)', () => {
  runCases(WG, [
    { id: 'IWG1', what: 'no template', mutate: (o) => { delete o.spec.template; }, field: 'spec.template', message: 'template is required' },
    { id: 'IWG1', what: 'invalid metadata label', mutate: (o) => { o.spec.metadata.labels = { 'bad key': 'x' }; }, field: 'spec.metadata.labels', message: 'invalid labels: 1 error occurred:\n\t* invalid tag key: "bad key"\n\n' },
    { id: 'IWG2', what: 'probe header name with an underscore', mutate: (o) => { o.spec.probe.httpGet.httpHeaders[0].name = 'X_Probe'; }, field: 'spec.probe.httpGet.httpHeaders[0]', message: 'header name X_Probe is not a valid header name' },
    { id: 'IWG2', what: 'probe without a method', mutate: (o) => { delete o.spec.probe.httpGet; }, field: 'spec.probe', message: 'unknown health check method <nil>' },
    { id: 'IWG2', what: 'gRPC probe (no case in validateReadinessProbe)', mutate: (o) => { delete o.spec.probe.httpGet; o.spec.probe.grpc = { port: 9090 }; }, field: 'spec.probe.grpc', message: 'unknown health check method *v1alpha3.ReadinessProbe_Grpc' },
    { id: 'IWG3', what: 'always-reject annotation', mutate: (o) => { o.metadata.annotations = { 'internal.istio.io/webhook-always-reject': '' }; }, field: 'metadata.annotations.internal.istio.io/webhook-always-reject', message: '"internal.istio.io/webhook-always-reject" annotation found, rejecting' },
  ]);

  test('tcpSocket and exec probes are valid', () => {
    expect(findings(variant(WG, (o) => { o.spec.probe = { tcpSocket: { port: 8080 } }; }))).toEqual([]);
    expect(findings(variant(WG, (o) => { o.spec.probe = { exec: { command: ['/bin/ready'] } }; }))).toEqual([]);
    expect(byRule(variant(WG, (o) => { delete o.spec.probe; }), 'IWG2')).toEqual([]);
  });
});
