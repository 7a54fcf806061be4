import { Gateway, IstioProtocol, ServerTlsMode, TlsVersion, VirtualService } from '../../lib/istio';
import { allErrors, chart, find, synthErrorsOf } from './util';

describe('Gateway', () => {
  test('defaults to the istio ingress gateway selector and renders servers', () => {
    const c = chart();
    new Gateway(c, 'gw', {
      metadata: { name: 'public' },
      servers: [{ port: 8080, protocol: IstioProtocol.HTTP, hosts: ['a.example.com'] }],
    });
    const spec = find(c, 'Gateway', 'public').spec;
    expect(spec.selector).toEqual({ istio: 'ingressgateway' });
    expect(spec.servers).toEqual([{ hosts: ['a.example.com'], port: { number: 8080, protocol: 'HTTP', name: 'http-8080' } }]);
    expect(allErrors(c)).toEqual([]);
  });

  test('addHttpsServer after construction adds a TLS 1.2+ SIMPLE server and an HTTP redirect', () => {
    const c = chart();
    const gw = new Gateway(c, 'gw', { metadata: { name: 'public' } });
    gw.addHttpsServer(['shop.example.com'], 'shop-tls');
    const [https, http] = find(c, 'Gateway', 'public').spec.servers;
    expect(https.port).toEqual({ number: 443, protocol: 'HTTPS', name: 'https-443' });
    expect(https.tls).toEqual({ mode: 'SIMPLE', credentialName: 'shop-tls', minProtocolVersion: 'TLSV1_2' });
    expect(http.port.number).toBe(80);
    expect(http.tls).toEqual({ httpsRedirect: true });
    expect(allErrors(c)).toEqual([]);
  });

  test('redirect can be turned off and passthrough servers get no TLS version', () => {
    const c = chart();
    const gw = new Gateway(c, 'gw', { metadata: { name: 'gw' }, selector: { app: 'egress' } });
    gw.addHttpsServer(['a.example.com'], 'a', { redirectHttp: false, minProtocolVersion: TlsVersion.TLSV1_3 });
    gw.addServer({ port: 8443, protocol: IstioProtocol.TLS, hosts: ['b.example.com'], tls: { mode: ServerTlsMode.PASSTHROUGH } });
    const spec = find(c, 'Gateway', 'gw').spec;
    expect(spec.selector).toEqual({ app: 'egress' });
    expect(spec.servers).toHaveLength(2);
    expect(spec.servers[0].tls.minProtocolVersion).toBe('TLSV1_3');
    expect(spec.servers[1].tls).toEqual({ mode: 'PASSTHROUGH' });
  });

  test('gatewayName is namespace-qualified, and references work in VirtualServices', () => {
    const c = chart();
    const gw = new Gateway(c, 'gw', { metadata: { name: 'public' } }).addHttpsServer(['shop.example.com'], 'shop-tls');
    expect(gw.gatewayName).toBe('web/public');
    expect(Gateway.fromGatewayName('knative-serving', 'knative-ingress-gateway').gatewayName).toBe('knative-serving/knative-ingress-gateway');
    expect(Gateway.fromName('shared-gw').gatewayName).toBe('shared-gw');
    new VirtualService(c, 'vs', { metadata: { name: 'vs' }, hosts: ['shop.example.com'], gateways: [gw, Gateway.MESH], http: [{ destinations: [{ host: 'shop' }] }] });
    expect(find(c, 'VirtualService').spec.gateways).toEqual(['web/public', 'mesh']);
  });

  test('an invalid port is a synth error naming the server', () => {
    const c = chart();
    const gw = new Gateway(c, 'gw');
    gw.addServer({ port: 70000, protocol: IstioProtocol.HTTP, hosts: ['*'] });
    expect(synthErrorsOf(c)).toEqual(['[test/gw] servers[0].port: must be a port number (value: 70000; allowed: an integer 1..65535)']);
  });
});
