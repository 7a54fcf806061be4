/** Upstream features beyond the basics, and the way out of every default the library adds. */
import { Duration, Testing } from 'cdk8s';
import * as i from '../../lib/istio';
import { allErrors, chart, find, synthErrorsOf } from './util';

describe('Gateway', () => {
  test('file-mounted certificates and several certificates per server', () => {
    const c = chart();
    new i.Gateway(c, 'gw', {
      metadata: { name: 'gw' },
      servers: [
        { port: 443, protocol: i.IstioProtocol.HTTPS, hosts: ['a.example.com'], tls: { mode: i.ServerTlsMode.MUTUAL, serverCertificate: '/etc/certs/tls.crt', privateKey: '/etc/certs/tls.key', caCertificates: '/etc/certs/ca.crt', caCrl: '/etc/certs/ca.crl' } },
        { port: 8443, protocol: i.IstioProtocol.HTTPS, hosts: ['b.example.com'], tls: { mode: i.ServerTlsMode.SIMPLE, tlsCertificates: [{ serverCertificate: '/etc/rsa/tls.crt', privateKey: '/etc/rsa/tls.key' }, { serverCertificate: '/etc/ec/tls.crt', privateKey: '/etc/ec/tls.key' }] } },
      ],
    });
    const servers = find(c, 'Gateway').spec.servers;
    expect(servers[0].tls).toEqual({ mode: 'MUTUAL', serverCertificate: '/etc/certs/tls.crt', privateKey: '/etc/certs/tls.key', caCertificates: '/etc/certs/ca.crt', caCrl: '/etc/certs/ca.crl', minProtocolVersion: 'TLSV1_2' });
    expect(servers[1].tls.tlsCertificates).toEqual([{ serverCertificate: '/etc/rsa/tls.crt', privateKey: '/etc/rsa/tls.key' }, { serverCertificate: '/etc/ec/tls.crt', privateKey: '/etc/ec/tls.key' }]);
    expect(allErrors(c)).toEqual([]);
  });

  test("upstream's defaults on request: no selector, no minimum TLS version, TLS_AUTO", () => {
    const c = chart();
    const gw = new i.Gateway(c, 'gw', { selector: {} });
    gw.addServer({ port: 443, protocol: i.IstioProtocol.HTTPS, hosts: ['a.example.com'], tls: { mode: i.ServerTlsMode.SIMPLE, credentialName: 'a', minProtocolVersion: i.TlsVersion.NOT_SET } });
    gw.addHttpsServer(['b.example.com'], 'b', { port: 8443, redirectHttp: false, minProtocolVersion: i.TlsVersion.TLS_AUTO });
    const spec = find(c, 'Gateway').spec;
    expect(spec.selector).toBeUndefined();
    expect(spec.servers.map((s: any) => s.tls.minProtocolVersion)).toEqual([undefined, 'TLS_AUTO']);
    expect(spec.servers).toHaveLength(2);
    expect(allErrors(c)).toEqual([]);
  });

  test('KnativeIngressGateway takes a minimum TLS version', () => {
    const c = chart();
    new i.KnativeIngressGateway(c, 'kig', { credentialName: 'wild', minProtocolVersion: i.TlsVersion.TLSV1_3 });
    expect(find(c, 'Gateway').spec.servers[1].tls).toEqual({ mode: 'SIMPLE', credentialName: 'wild', minProtocolVersion: 'TLSV1_3' });
  });
});

describe('DestinationRule', () => {
  test('client TLS with file certificates, TCP keepalive, locality load balancing and warmup', () => {
    const c = chart();
    new i.DestinationRule(c, 'dr', {
      host: 'api.example.org',
      trafficPolicy: {
        tls: { mode: i.ClientTlsMode.MUTUAL, clientCertificate: '/etc/certs/client.pem', privateKey: '/etc/certs/key.pem', caCertificates: '/etc/certs/ca.pem', caCrl: '/etc/certs/ca.crl', sni: 'api.example.org' },
        connectionPool: { tcpKeepalive: { probes: 3, time: Duration.minutes(5), interval: Duration.seconds(30) } },
        outlierDetection: { consecutive5xxErrors: 3 },
        loadBalancer: i.LoadBalancer.simple(i.LoadBalancerAlgorithm.ROUND_ROBIN),
        localityLbSetting: { enabled: true, failover: [{ from: 'eu-west', to: 'eu-central' }] },
        warmup: { duration: Duration.seconds(90), minimumPercent: 20, aggression: 2 },
      },
    });
    const tp = find(c, 'DestinationRule').spec.trafficPolicy;
    expect(tp.tls).toEqual({ mode: 'MUTUAL', clientCertificate: '/etc/certs/client.pem', privateKey: '/etc/certs/key.pem', caCertificates: '/etc/certs/ca.pem', caCrl: '/etc/certs/ca.crl', sni: 'api.example.org' });
    expect(tp.connectionPool.tcp.tcpKeepalive).toEqual({ probes: 3, time: '300s', interval: '30s' });
    expect(tp.loadBalancer).toEqual({
      simple: 'ROUND_ROBIN',
      localityLbSetting: { enabled: true, failover: [{ from: 'eu-west', to: 'eu-central' }] },
      warmup: { duration: '90s', minimumPercent: 20, aggression: 2 },
    });
    expect(allErrors(c)).toEqual([]);
  });

  test('locality distribution without another load balancer setting; gateway credentials', () => {
    const c = chart();
    new i.DestinationRule(c, 'dr', {
      host: 'reviews',
      trafficPolicy: {
        tls: { mode: i.ClientTlsMode.SIMPLE, credentialName: 'upstream-ca' },
        localityLbSetting: { distribute: [{ from: 'us-west/zone1/*', to: { 'us-west/zone1/*': 80, 'us-west/zone2/*': 20 } }] },
      },
    });
    const tp = find(c, 'DestinationRule').spec.trafficPolicy;
    expect(tp.tls).toEqual({ mode: 'SIMPLE', credentialName: 'upstream-ca' });
    expect(tp.loadBalancer).toEqual({ localityLbSetting: { distribute: [{ from: 'us-west/zone1/*', to: { 'us-west/zone1/*': 80, 'us-west/zone2/*': 20 } }] } });
    expect(allErrors(c)).toEqual([]);
  });
});

describe('VirtualService', () => {
  test('redirect, direct response, delegate and several mirrors', () => {
    const c = chart();
    const vs = new i.VirtualService(c, 'vs', { metadata: { name: 'vs' }, hosts: ['shop.example.com'] });
    vs.addHttpRoute({ match: [{ uri: i.StringMatch.prefix('/old') }], redirect: { uri: '/new', scheme: 'https', derivePort: i.RedirectPortSelection.FROM_PROTOCOL_DEFAULT, redirectCode: 308 } });
    vs.addHttpRoute({ match: [{ uri: i.StringMatch.exact('/healthz') }], directResponse: { status: 200, body: 'ok' } });
    vs.addHttpRoute({ match: [{ uri: i.StringMatch.exact('/blob') }], directResponse: { status: 503, bodyBase64: 'AAE=' } });
    vs.addHttpRoute({
      destinations: [{ host: 'shop' }],
      mirrors: [{ destination: { host: 'shop-shadow', port: 8080 }, percentage: 5 }, { destination: { host: 'shop-audit' } }],
    });
    const http = find(c, 'VirtualService').spec.http;
    expect(http[0].redirect).toEqual({ uri: '/new', scheme: 'https', derivePort: 'FROM_PROTOCOL_DEFAULT', redirectCode: 308 });
    expect(http[0].route).toBeUndefined();
    expect(http[1].directResponse).toEqual({ status: 200, body: { string: 'ok' } });
    expect(http[2].directResponse).toEqual({ status: 503, body: { bytes: 'AAE=' } });
    expect(http[3].mirrors).toEqual([{ destination: { host: 'shop-shadow', port: { number: 8080 } }, percentage: { value: 5 } }, { destination: { host: 'shop-audit' } }]);
    expect(allErrors(c)).toEqual([]);

    const d = chart();
    new i.VirtualService(d, 'root', { hosts: ['shop.example.com'], http: [{ match: [{ uri: i.StringMatch.prefix('/api') }], delegate: { name: 'api-routes', namespace: 'api' } }] });
    expect(find(d, 'VirtualService').spec.http[0]).toEqual({ match: [{ uri: { prefix: '/api' } }], delegate: { name: 'api-routes', namespace: 'api' } });
    expect(allErrors(d)).toEqual([]);
  });

  test('a route without a target is refused by the istiod rule, with the field', () => {
    const c = chart();
    new i.VirtualService(c, 'vs', { hosts: ['a'], http: [{ name: 'empty' }] });
    expect(synthErrorsOf(c)).toEqual(['[test/vs/Resource] VirtualService web/test-vs-c87dc83e: spec.http[0]: HTTP route, redirect or direct_response is required [IVS6]']);
  });
});

describe('Sidecar', () => {
  test('ingress listeners, and the mesh default outbound policy on request', () => {
    const c = chart();
    new i.Sidecar(c, 'sc', {
      workloadSelector: { app: 'api' },
      outboundTrafficPolicy: i.OutboundTrafficPolicyMode.MESH_DEFAULT,
      ingress: [{ port: { number: 9080, protocol: i.IstioProtocol.HTTP }, defaultEndpoint: '127.0.0.1:8080', captureMode: i.SidecarCaptureMode.DEFAULT }],
    }).addIngress({ port: { number: 8443, protocol: i.IstioProtocol.HTTPS, name: 'https' }, defaultEndpoint: '127.0.0.1:8443', tls: { mode: i.ServerTlsMode.SIMPLE, serverCertificate: '/etc/certs/tls.crt', privateKey: '/etc/certs/tls.key' } });
    const spec = find(c, 'Sidecar').spec;
    expect(spec.outboundTrafficPolicy).toBeUndefined();
    expect(spec.ingress).toEqual([
      { port: { number: 9080, protocol: 'HTTP', name: 'http-9080' }, defaultEndpoint: '127.0.0.1:8080', captureMode: 'DEFAULT' },
      { port: { number: 8443, protocol: 'HTTPS', name: 'https' }, defaultEndpoint: '127.0.0.1:8443', tls: { mode: 'SIMPLE', serverCertificate: '/etc/certs/tls.crt', privateKey: '/etc/certs/tls.key', minProtocolVersion: 'TLSV1_2' } },
    ]);
    expect(allErrors(c)).toEqual([]);
  });
});

describe('security', () => {
  test('AuthorizationPolicy targetRefs instead of a selector', () => {
    const c = chart();
    new i.AuthorizationPolicy(c, 'ap', { targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'waypoint' }, { kind: 'Service', name: 'reviews' }], rules: [{ to: [{ methods: ['GET'] }] }] });
    expect(find(c, 'AuthorizationPolicy').spec).toEqual({
      targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'waypoint' }, { group: '', kind: 'Service', name: 'reviews' }],
      action: 'ALLOW',
      rules: [{ to: [{ operation: { methods: ['GET'] } }] }],
    });
    expect(allErrors(c)).toEqual([]);
  });

  test("PeerAuthentication UNSET inherits, as upstream's default", () => {
    const c = chart();
    new i.PeerAuthentication(c, 'pa', { mode: i.MtlsMode.UNSET });
    expect(find(c, 'PeerAuthentication').spec).toEqual({ mtls: { mode: 'UNSET' } });
  });
});

describe('ServiceEntry and ExternalHostsEgress', () => {
  test('workloadSelector gets STATIC resolution; exportTo can be every namespace', () => {
    const c = chart();
    new i.ServiceEntry(c, 'se', { hosts: ['vm.example.internal'], location: i.ServiceEntryLocation.MESH_INTERNAL, workloadSelector: { app: 'vm' }, exportTo: ['*'], ports: [{ number: 80, protocol: i.IstioProtocol.HTTP }] });
    expect(find(c, 'ServiceEntry').spec).toMatchObject({ resolution: 'STATIC', exportTo: ['*'] });
    expect(Testing.synth(c)).toHaveLength(1);
    expect(allErrors(c)).toEqual([]);

    const e = chart();
    new i.ExternalHostsEgress(e, 'eg', { namespace: 'web', hosts: [{ host: 's3.example.org' }], exportTo: ['*'] });
    expect(find(e, 'ServiceEntry').spec.exportTo).toEqual(['*']);
  });
});
