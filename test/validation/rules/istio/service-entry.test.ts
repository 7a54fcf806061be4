import { byRule, findings, variant } from '../../../helpers';
import { runCases } from './helpers';

const SE = {
  apiVersion: 'networking.istio.io/v1', kind: 'ServiceEntry', metadata: { name: 'object-store', namespace: 'default' },
  spec: {
    hosts: ['swift.openstack.example.org'],
    ports: [{ number: 443, name: 'https', protocol: 'TLS' }],
    location: 'MESH_EXTERNAL',
    resolution: 'DNS',
  },
};

const STATIC = {
  apiVersion: 'networking.istio.io/v1', kind: 'ServiceEntry', metadata: { name: 'db', namespace: 'default' },
  spec: {
    hosts: ['db.lab.internal'],
    addresses: ['10.20.0.0/24'],
    ports: [{ number: 5432, name: 'tcp-postgres', protocol: 'TCP' }],
    resolution: 'STATIC',
    endpoints: [{ address: '10.20.0.5', ports: { 'tcp-postgres': 5432 }, labels: { role: 'primary' } }],
  },
};

describe('ServiceEntry (istiod ValidateServiceEntry)', () => {
  runCases(SE, [
    { id: 'ISE1', what: 'wildcard selector label', mutate: (o) => { o.spec.resolution = 'STATIC'; o.spec.workloadSelector = { labels: { app: '*' } }; }, field: 'spec.workloadSelector.labels', message: 'wildcard is not supported in selector: "app=*"' },
    { id: 'ISE1', what: 'selector without labels', mutate: (o) => { o.spec.resolution = 'STATIC'; o.spec.workloadSelector = {}; }, field: 'spec.workloadSelector', message: 'service entry: workload selector specified without labels, will be applied to all services in namespace', severity: 'warning' },
    { id: 'ISE2', what: 'invalid host', mutate: (o) => { o.spec.hosts = ['swift_store.example.org']; }, field: 'spec.hosts[0]', message: 'domain name "swift_store.example.org" invalid (label "swift_store" invalid)' },
    { id: 'ISE2', what: 'partial wildcard', mutate: (o) => { o.spec.hosts = ['*swift.example.org']; o.spec.endpoints = [{ address: 'swift.example.org' }]; }, field: 'spec.hosts[0]', message: 'partial wildcard "*swift.example.org" not allowed', severity: 'warning' },
    { id: 'ISE3', what: 'invalid address', mutate: (o) => { o.spec.addresses = ['10.0.0.300']; }, field: 'spec.addresses[0]', message: '10.0.0.300 is not a valid IP' },
    { id: 'ISE4', what: 'duplicate port name', mutate: (o) => { o.spec.ports.push({ number: 8443, name: 'https', protocol: 'TLS' }); }, field: 'spec.ports[1].name', message: 'service entry port name "https" already defined' },
    { id: 'ISE4', what: 'unknown protocol', mutate: (o) => { o.spec.ports[0].protocol = 'QUIC'; }, field: 'spec.ports[0].protocol', message: 'unsupported protocol: QUIC' },
    { id: 'ISE4', what: 'port out of range', mutate: (o) => { o.spec.ports[0].number = 70000; }, field: 'spec.ports[0].number', message: 'port number 70000 must be in the range 1..65535' },
    { id: 'ISE4', what: 'invalid port name', mutate: (o) => { o.spec.ports[0].name = 'https_443'; }, field: 'spec.ports[0].name', message: 'invalid port name: https_443' },
    { id: 'ISE5', what: 'DNS with a wildcard host and no endpoints', mutate: (o) => { o.spec.hosts = ['*.openstack.example.org']; }, field: 'spec.hosts[0]', message: 'hosts must be FQDN or contain only prefix wildcards if no endpoints are provided for resolution mode DNS, domain name "*.openstack.example.org" invalid (label "*" invalid)' },
    { id: 'ISE5', what: 'DNS endpoint that is not an FQDN', mutate: (o) => { o.spec.endpoints = [{ address: 'swift_1.example.org' }]; }, field: 'spec.endpoints[0].address', message: 'endpoint address "swift_1.example.org" is not a valid FQDN or an IP address' },
    { id: 'ISE5', what: 'endpoint port not defined by the entry', mutate: (o) => { o.spec.endpoints = [{ address: 'a.example.org', ports: { http: 8080 } }]; }, field: 'spec.endpoints[0].ports.http', message: 'endpoint port 8080 is not defined by the service entry' },
    { id: 'ISE6', what: 'several hosts with a TCP port', mutate: (o) => { o.spec.hosts.push('swift2.openstack.example.org'); o.spec.ports[0].protocol = 'TCP'; }, field: 'spec.ports[0].protocol', message: 'multiple hosts provided with non-HTTP, non-TLS ports' },
    { id: 'ISE7', what: '~ with others', mutate: (o) => { o.spec.exportTo = ['~', 'default']; }, field: 'spec.exportTo', message: 'cannot export service entry to no one (~) and someone' },
    { id: 'ISE8', what: 'dry-run annotation', mutate: (o) => { o.metadata.annotations = { 'istio.io/dry-run': 'false' }; }, field: 'metadata.annotations.istio.io/dry-run', message: 'default/object-store has unsupported annotation istio.io/dry-run, please remove the annotation' },
  ]);
});

const DYNAMIC = {
  apiVersion: 'networking.istio.io/v1', kind: 'ServiceEntry', metadata: { name: 'any-object-store', namespace: 'default' },
  spec: {
    hosts: ['*.object-store.example.org', '*.s3.example.org'],
    ports: [{ number: 443, name: 'tls', protocol: 'TLS' }, { number: 80, name: 'http', protocol: 'HTTP' }],
    location: 'MESH_EXTERNAL',
    resolution: 'DYNAMIC_DNS',
  },
};

describe('ServiceEntry with DYNAMIC_DNS resolution', () => {
  runCases(DYNAMIC, [
    { id: 'ISE9', what: 'host that is not a wildcard', mutate: (o) => { o.spec.hosts[1] = 's3.example.org'; }, field: 'spec.hosts[1]', message: 'host must be wildcarded for resolution mode DYNAMIC_DNS' },
    { id: 'ISE9', what: 'addresses', mutate: (o) => { o.spec.addresses = ['192.0.2.10']; }, field: 'spec.addresses', message: 'addresses cannot be set for resolution type DYNAMIC_DNS. HTTP route domains will only be generatedfrom the hosts field values' },
    { id: 'ISE9', what: 'endpoints', mutate: (o) => { o.spec.endpoints = [{ address: 'store.example.org' }]; }, field: 'spec.endpoints', message: 'endpoints cannot be set for resolution type DYNAMIC_DNS. Destination IP address determined from hostsfield values' },
    { id: 'ISE9', what: 'HTTPS port', mutate: (o) => { o.spec.ports[0].protocol = 'HTTPS'; }, field: 'spec.ports[0].protocol', message: 'only HTTP, TLS, GRPC, and HTTP2 protocols are supported for resolution type DYNAMIC_DNS' },
    { id: 'ISE9', what: 'port without protocol', mutate: (o) => { delete o.spec.ports[1].protocol; }, field: 'spec.ports[1].protocol', message: 'only HTTP, TLS, GRPC, and HTTP2 protocols are supported for resolution type DYNAMIC_DNS' },
    { id: 'ISE9', what: 'MESH_INTERNAL with a waypoint', mutate: (o) => { o.spec.location = 'MESH_INTERNAL'; o.metadata.labels = { 'istio.io/use-waypoint': 'egress-waypoint' }; }, field: 'spec.location', message: 'location MESH_INTERNAL with resolution type DYNAMIC_DNS is not supported when using waypoints' },
  ]);

  test.each([
    ['GRPC and HTTP2 ports', (o: any) => { o.spec.ports = [{ number: 8080, name: 'grpc', protocol: 'grpc' }, { number: 8443, name: 'h2', protocol: 'HTTP2' }]; }],
    ['MESH_INTERNAL without a waypoint', (o: any) => { o.spec.location = 'MESH_INTERNAL'; o.metadata.labels = { 'istio.io/use-waypoint': 'None' }; }],
    ['no location (MESH_EXTERNAL)', (o: any) => { delete o.spec.location; }],
  ])('accepts %s', (_what, mutate) => {
    expect(findings(variant(DYNAMIC, mutate))).toEqual([]);
  });

  test('partial wildcards are not even a warning for DYNAMIC_DNS', () => {
    expect(findings(variant(DYNAMIC, (o) => { o.spec.hosts = ['*store.example.org']; }))).toEqual([]);
  });

  test('several ISE9 problems are all reported', () => {
    const bad = variant(DYNAMIC, (o) => { o.spec.hosts = ['a.example.org', 'b.example.org']; o.spec.ports[0].protocol = 'TCP'; });
    expect(byRule(bad, 'ISE9').map((f) => f.field)).toEqual(['spec.hosts[0]', 'spec.hosts[1]', 'spec.ports[0].protocol']);
  });
});

test('DNS with a workload selector has no warning (istiod warns for NONE only)', () => {
  const dns = variant(SE, (o) => { o.spec.workloadSelector = { labels: { app: 'swift' } }; });
  expect(findings(dns)).toEqual([]);
  const none = variant(SE, (o) => { o.spec.workloadSelector = { labels: { app: 'swift' } }; o.spec.resolution = 'NONE'; });
  expect(byRule(none, 'ISE5')).toEqual([expect.objectContaining({ severity: 'warning', message: 'workloadSelector should not be set when resolution mode is NONE' })]);
});

describe('ISE4: the TCP address warning (stock PILOT_ENABLE_IP_AUTOALLOCATE=true)', () => {
  const tcp = variant(SE, (o) => { o.spec.ports = [{ number: 5432, name: 'tcp-pg', protocol: 'TCP' }, { number: 6379, name: 'redis' }]; });
  const warning = 'addresses are required for ports serving TCP (or unset) protocol when IP Autoallocation is not enabled';

  test('DNS resolution is auto-allocated: no warning', () => {
    expect(byRule(tcp, 'ISE4')).toEqual([]);
  });

  test('NONE resolution, or the opt-out label, warns for each TCP or unset port', () => {
    const none = variant(tcp, (o) => { o.spec.resolution = 'NONE'; });
    expect(byRule(none, 'ISE4')).toEqual([
      expect.objectContaining({ severity: 'warning', field: 'spec.ports[0]', message: warning }),
      expect.objectContaining({ severity: 'warning', field: 'spec.ports[1]', message: warning }),
    ]);
    const optOut = variant(tcp, (o) => { o.metadata.labels = { 'networking.istio.io/enable-autoallocate-ip': 'False' }; });
    expect(byRule(optOut, 'ISE4')).toHaveLength(2);
  });

  test('addresses, or a protocol other than "TCP" as written, silence it', () => {
    expect(byRule(variant(tcp, (o) => { o.spec.resolution = 'NONE'; o.spec.addresses = ['192.0.2.1']; }), 'ISE4')).toEqual([]);
    expect(byRule(variant(tcp, (o) => { o.spec.resolution = 'NONE'; o.spec.ports = [{ number: 5432, name: 'tcp-pg', protocol: 'tcp' }]; }), 'ISE4')).toEqual([]);
  });
});

describe('ServiceEntry with STATIC resolution', () => {
  runCases(STATIC, [
    { id: 'ISE5', what: 'endpoint address that is a host name', mutate: (o) => { o.spec.endpoints[0].address = 'db1.lab.internal'; }, field: 'spec.endpoints[0].address', message: 'endpoint address "db1.lab.internal" is not a valid IP address' },
    { id: 'ISE5', what: 'empty endpoint address', mutate: (o) => { o.spec.endpoints[0].address = ''; }, field: 'spec.endpoints[0].address', message: 'address is required' },
    { id: 'ISE5', what: 'invalid endpoint label', mutate: (o) => { o.spec.endpoints[0].labels = { 'bad key!': 'x' }; }, field: 'spec.endpoints[0].labels', message: 'invalid tag key: "bad key!"' },
  ]);

  test('CEL, not the webhook, rejects a CIDR address with DNS resolution', () => {
    const bad = variant(STATIC, (o) => { o.spec.resolution = 'DNS'; delete o.spec.endpoints; });
    expect(byRule(bad, 'cel').map((f) => f.message)).toContain('CIDR addresses are allowed only for NONE/STATIC resolution types');
  });
});

test('ISE2: host length is counted in UTF-8 bytes, as Go does', () => {
  const host = `${'é'.repeat(130)}.example.org`;
  const bad = variant(SE, (o) => { o.spec.hosts = [host]; });
  expect(byRule(bad, 'ISE2').map((f) => f.message)).toEqual([`domain name ${JSON.stringify(host)} too long (max 255)`]);
});
