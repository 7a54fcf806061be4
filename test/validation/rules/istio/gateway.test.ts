import { byRule, findings, variant } from '../../../helpers';
import { runCases } from './helpers';

const GATEWAY = {
  apiVersion: 'networking.istio.io/v1', kind: 'Gateway', metadata: { name: 'public', namespace: 'istio-ingress' },
  spec: {
    selector: { istio: 'ingressgateway' },
    servers: [
      { port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts: ['*/apps.example.com'], tls: { httpsRedirect: true } },
      { port: { number: 443, name: 'https', protocol: 'HTTPS' }, hosts: ['apps/*.example.com'], tls: { mode: 'SIMPLE', credentialName: 'wildcard-cert' } },
    ],
  },
};

describe('Gateway (istiod ValidateGateway)', () => {
  runCases(GATEWAY, [
    { id: 'IG1', what: 'dotted name', mutate: (o) => { o.metadata.name = 'public.gw'; }, field: 'metadata.name', message: 'invalid gateway name: "public.gw"' },
    { id: 'IG2', what: 'no servers', mutate: (o) => { o.spec.servers = []; }, field: 'spec.servers', message: 'gateway must have at least one server' },
    { id: 'IG3', what: 'empty hosts', mutate: (o) => { o.spec.servers[0].hosts = []; }, field: 'spec.servers[0].hosts', message: 'server config must contain at least one host' },
    { id: 'IG4', what: 'short name host', mutate: (o) => { o.spec.servers[0].hosts = ['*/reviews']; }, field: 'spec.servers[0].hosts[0]', message: 'short names (non FQDN) are not allowed' },
    { id: 'IG4', what: 'partial wildcard', mutate: (o) => { o.spec.servers[0].hosts = ['foo*.example.com']; }, field: 'spec.servers[0].hosts[0]', message: 'partial wildcard "foo*.example.com" not allowed' },
    { id: 'IG4', what: 'bad namespace', mutate: (o) => { o.spec.servers[0].hosts = ['Bad_NS/a.example.com']; }, field: 'spec.servers[0].hosts[0]', message: 'invalid namespace value "Bad_NS" in gateway' },
    { id: 'IG4', what: 'wildcard in the middle', mutate: (o) => { o.spec.servers[0].hosts = ['a.*.example.com']; }, field: 'spec.servers[0].hosts[0]', message: 'domain name "*.example.com" invalid (label "*" invalid)' },
    { id: 'IG5', what: 'unknown protocol', mutate: (o) => { o.spec.servers[0].port.protocol = 'QUIC'; }, field: 'spec.servers[0].port.protocol', message: 'invalid protocol "QUIC", supported protocols are HTTP, HTTP2, GRPC, GRPC-WEB, MONGO, REDIS, MYSQL, TCP' },
    { id: 'IG6', what: 'port 0', mutate: (o) => { o.spec.servers[0].port.number = 0; }, field: 'spec.servers[0].port.number', message: 'port number 0 must be in the range 1..65535' },
    { id: 'IG6', what: 'port 70000', mutate: (o) => { o.spec.servers[0].port.number = 70000; }, field: 'spec.servers[0].port.number', message: 'port number 70000 must be in the range 1..65535' },
    { id: 'IG7', what: 'targetPort', mutate: (o) => { o.spec.servers[0].port.targetPort = 8080; }, field: 'spec.servers[0].port.targetPort', message: 'targetPort has no impact on Gateways' },
    { id: 'IG8', what: 'empty port name', mutate: (o) => { o.spec.servers[0].port.name = ''; }, field: 'spec.servers[0].port.name', message: 'port name must be set: number:80 protocol:"HTTP"' },
    { id: 'IG9', what: 'bind not an IP', mutate: (o) => { o.spec.servers[0].bind = 'localhost'; }, field: 'spec.servers[0].bind', message: 'localhost is not a valid IP' },
    { id: 'IG9', what: 'unix bind with a port', mutate: (o) => { o.spec.servers[0].bind = 'unix:///var/run/gw.sock'; }, field: 'spec.servers[0].bind', message: 'port number must be 0 for unix domain socket: number:80 protocol:"HTTP" name:"http"' },
    { id: 'IG10', what: 'SIMPLE without credentials', mutate: (o) => { delete o.spec.servers[1].tls.credentialName; }, field: 'spec.servers[1].tls', message: 'SIMPLE TLS requires a server certificate' },
    { id: 'IG10', what: 'ISTIO_MUTUAL with credentialName', mutate: (o) => { o.spec.servers[1].tls.mode = 'ISTIO_MUTUAL'; }, field: 'spec.servers[1].tls', message: 'ISTIO_MUTUAL TLS cannot have associated credentialName' },
    { id: 'IG10', what: 'MUTUAL without CA bundle', mutate: (o) => { o.spec.servers[1].tls = { mode: 'MUTUAL', serverCertificate: '/c', privateKey: '/k' }; }, field: 'spec.servers[1].tls', message: 'MUTUAL TLS requires a client CA bundle' },
    { id: 'IG10', what: 'CRL with SIMPLE', mutate: (o) => { o.spec.servers[1].tls = { mode: 'SIMPLE', serverCertificate: '/c', privateKey: '/k', caCrl: '/crl' }; }, field: 'spec.servers[1].tls', message: 'CRL is not supported with SIMPLE TLS' },
    { id: 'IG10', what: 'CRL with credentialName outside SIMPLE/MUTUAL', mutate: (o) => { o.spec.servers[1].tls = { mode: 'PASSTHROUGH', credentialName: 'c', caCrl: '/crl' }; }, field: 'spec.servers[1].tls', message: 'CRL is not supported with credentialName. CRL has to be specified in the credential' },
    { id: 'IG11', what: 'invalid cipher suite', mutate: (o) => { o.spec.servers[1].tls.cipherSuites = ['NOT-A-CIPHER']; }, field: 'spec.servers[1].tls', message: 'ignoring invalid cipher suites: [NOT-A-CIPHER]', severity: 'warning' },
    { id: 'IG11', what: 'TLS 1.0 without ciphers', mutate: (o) => { o.spec.servers[1].tls.minProtocolVersion = 'TLSV1_0'; }, field: 'spec.servers[1].tls', message: 'TLS version below TLSV1_2 require setting compatible ciphers as by default they no longer include compatible ciphers.', severity: 'warning' },
    { id: 'IG12', what: 'HTTPS without tls', mutate: (o) => { delete o.spec.servers[1].tls; }, field: 'spec.servers[1].tls', message: 'server must have TLS settings for HTTPS/TLS protocols' },
    { id: 'IG12', what: 'HTTP with SIMPLE tls', mutate: (o) => { o.spec.servers[0].tls = { mode: 'SIMPLE', credentialName: 'c' }; }, field: 'spec.servers[0].tls', message: 'server cannot have TLS settings for plain text HTTP ports' },
    { id: 'IG12', what: 'TCP with tls', mutate: (o) => { o.spec.servers[0].port.protocol = 'TCP'; }, field: 'spec.servers[0].tls', message: 'server cannot have TLS settings for non HTTPS/TLS ports' },
    { id: 'IG13', what: 'duplicate port names', mutate: (o) => { o.spec.servers[1].port.name = 'http'; }, field: 'spec.servers[1].port.name', message: 'port names in servers must be unique: duplicate name http' },
    { id: 'IG14', what: 'httpsRedirect on HTTPS', mutate: (o) => { o.spec.servers[1].tls.httpsRedirect = true; }, field: 'spec.servers[1].tls.httpsRedirect', message: 'tls.httpsRedirect should only be used with http servers', severity: 'warning' },
    { id: 'IG10', what: 'ISTIO_MUTUAL with credentialNames', mutate: (o) => { o.spec.servers[1].tls = { mode: 'ISTIO_MUTUAL', credentialNames: ['a'] }; }, field: 'spec.servers[1].tls', message: 'ISTIO_MUTUAL TLS cannot have associated credentialNames' },
    { id: 'IG10', what: 'credentialName and certificate files', mutate: (o) => { Object.assign(o.spec.servers[1].tls, { serverCertificate: '/c', privateKey: '/k' }); }, field: 'spec.servers[1].tls', message: 'only one of credential_name, credential_names, server_certificate/private_key, tls_certificates should be specified' },
    { id: 'IG10', what: 'tlsCertificates entry without key', mutate: (o) => { o.spec.servers[1].tls = { mode: 'SIMPLE', tlsCertificates: [{ serverCertificate: '/c' }] }; }, field: 'spec.servers[1].tls', message: 'SIMPLE TLS requires a private key' },
    { id: 'IG15', what: 'dry-run annotation', mutate: (o) => { o.metadata.annotations = { 'istio.io/dry-run': 'true' }; }, field: 'metadata.annotations.istio.io/dry-run', message: 'istio-ingress/public has unsupported annotation istio.io/dry-run, please remove the annotation' },
  ]);
});

test('IG4: the ~ namespace only in gateways converted from the Gateway API', () => {
  const tilde = variant(GATEWAY, (o) => { o.spec.servers[0].hosts = ['~/apps.example.com']; });
  expect(byRule(tilde, 'IG4').map((f) => f.message)).toEqual(['invalid namespace value "~" in gateway']);
  const converted = variant(tilde, (o) => { o.metadata.annotations = { 'internal.istio.io/gateway-semantics': 'gateway' }; });
  expect(byRule(converted, 'IG4')).toEqual([]);
});

test.each([
  ['internal.istio.io/webhook-always-reject', '"internal.istio.io/webhook-always-reject" annotation found, rejecting'],
  ['internal.istio.io/parent-namespace', '"internal.istio.io/parent-namespace" annotation found, this may not be set by users'],
  ['internal.istio.io/parents', '"internal.istio.io/parents" annotation found, this may not be set by users'],
])('IG15: the internal annotation %s is refused, and nothing else is checked', (name, message) => {
  const bad = variant(GATEWAY, (o) => { o.metadata.annotations = { [name]: 'x' }; o.spec.servers = []; });
  expect(findings(bad).filter((f) => f.rule !== 'schema' && f.rule !== 'cel')).toEqual([expect.objectContaining({ rule: 'IG15', field: `metadata.annotations.${name}`, message })]);
});
