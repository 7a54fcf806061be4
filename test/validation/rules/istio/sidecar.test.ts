import { runCases } from './helpers';

const SIDECAR = {
  apiVersion: 'networking.istio.io/v1', kind: 'Sidecar', metadata: { name: 'default', namespace: 'team-a' },
  spec: {
    ingress: [{ port: { number: 9080, protocol: 'HTTP', name: 'http' }, defaultEndpoint: '127.0.0.1:8080' }],
    egress: [{ hosts: ['./*', 'istio-system/*'] }],
    outboundTrafficPolicy: { mode: 'REGISTRY_ONLY' },
  },
};

describe('Sidecar (istiod ValidateSidecar)', () => {
  runCases(SIDECAR, [
    { id: 'ISC1', what: 'empty selector key', mutate: (o) => { o.spec.workloadSelector = { labels: { '': 'x' } }; }, field: 'spec.workloadSelector.labels', message: 'empty key is not supported in selector: "=x"' },
    { id: 'ISC1', what: 'selector without labels', mutate: (o) => { o.spec.workloadSelector = {}; }, field: 'spec.workloadSelector', message: 'sidecar: workload selector specified without labels, will be applied to all services in namespace', severity: 'warning' },
    { id: 'ISC2', what: 'empty sidecar', mutate: (o) => { o.spec = {}; }, field: 'spec', message: 'sidecar: empty configuration provided' },
    { id: 'ISC3', what: 'defaultEndpoint on another host', mutate: (o) => { o.spec.ingress[0].defaultEndpoint = '10.0.0.1:8080'; }, field: 'spec.ingress[0].defaultEndpoint', message: 'sidecar: defaultEndpoint must be of form 127.0.0.1:<port>,0.0.0.0:<port>,[::1]:port,[::]:port,unix://filepath or unset' },
    { id: 'ISC3', what: 'defaultEndpoint without port', mutate: (o) => { o.spec.ingress[0].defaultEndpoint = '127.0.0.1'; }, field: 'spec.ingress[0].defaultEndpoint', message: 'address 127.0.0.1: missing port in address' },
    { id: 'ISC3', what: 'ingress targetPort', mutate: (o) => { o.spec.ingress[0].port.targetPort = 8080; }, field: 'spec.ingress[0].port.targetPort', message: 'targetPort has no impact on Sidecars' },
    { id: 'ISC3', what: 'ingress tls ISTIO_MUTUAL', mutate: (o) => { o.spec.ingress[0].tls = { mode: 'ISTIO_MUTUAL' }; }, field: 'spec.ingress[0].tls.mode', message: 'configuration is invalid: cannot set mode to ISTIO_MUTUAL in sidecar ingress tls' },
    { id: 'ISC3', what: 'egress port 0 without a unix bind', mutate: (o) => { o.spec.egress[0].port = { number: 0, protocol: 'HTTP', name: 'uds' }; }, field: 'spec.egress[0].bind', message: 'sidecar: ports with 0 value must have a unix domain socket bind address' },
    { id: 'ISC3', what: 'egress bind not an IP', mutate: (o) => { o.spec.egress[0].port = { number: 8080, protocol: 'HTTP', name: 'http' }; o.spec.egress[0].bind = 'localhost'; }, field: 'spec.egress[0].bind', message: 'localhost is not a valid IP' },
    { id: 'ISC4', what: 'duplicate ingress ports', mutate: (o) => { o.spec.ingress.push({ port: { number: 9080, protocol: 'HTTP', name: 'http2' } }); }, field: 'spec.ingress[1].port.number', message: 'sidecar: ports on IP bound listeners must be unique' },
    { id: 'ISC5', what: 'catch-all egress listener not last', mutate: (o) => { o.spec.egress.push({ port: { number: 8080, protocol: 'HTTP', name: 'http' }, hosts: ['*/*'] }); }, field: 'spec.egress[0]', message: 'sidecar: the egress listener with empty port should be the last listener in the list' },
    { id: 'ISC6', what: 'host without namespace', mutate: (o) => { o.spec.egress[0].hosts = ['reviews.default.svc.cluster.local']; }, field: 'spec.egress[0].hosts[0]', message: 'host must be of form namespace/dnsName' },
    { id: 'ISC6', what: 'short name', mutate: (o) => { o.spec.egress[0].hosts = ['default/reviews']; }, field: 'spec.egress[0].hosts[0]', message: 'short names (non FQDN) are not allowed' },
    { id: 'ISC6', what: 'duplicated host', mutate: (o) => { o.spec.egress[0].hosts = ['istio-system/*', 'istio-system/a.example.com']; }, field: 'spec.egress[0].hosts[1]', message: 'duplicated egress host: istio-system/a.example.com', severity: 'warning' },
    { id: 'ISC6', what: 'no hosts', mutate: (o) => { o.spec.egress[0].hosts = []; }, field: 'spec.egress[0].hosts', message: 'sidecar: egress listener must contain at least one host' },
    { id: 'ISC7', what: 'negative pending requests', mutate: (o) => { o.spec.inboundConnectionPool = { http: { http1MaxPendingRequests: -1 } }; }, field: 'spec.inboundConnectionPool.http.http1MaxPendingRequests', message: 'http1 max pending requests must be non-negative' },
    { id: 'ISC7', what: 'HTTP pool on a TCP port', mutate: (o) => { o.spec.ingress[0].port.protocol = 'TCP'; o.spec.ingress[0].connectionPool = { http: { maxRetries: 3 } }; }, field: 'spec.ingress[0].connectionPool.http', message: 'sidecar: HTTP connection pool settings are configured for port 9080 ("http") but its protocol is not HTTP (TCP); only TCP settings will apply', severity: 'warning' },
    { id: 'ISC8', what: 'egress proxy with REGISTRY_ONLY', mutate: (o) => { o.spec.outboundTrafficPolicy.egressProxy = { host: 'proxy.example.com', port: { number: 3128 } }; }, field: 'spec.outboundTrafficPolicy.egressProxy', message: 'sidecar: egress_proxy must be set only with ALLOW_ANY outbound_traffic_policy mode' },
    { id: 'ISC8', what: 'egress proxy without port', mutate: (o) => { o.spec.outboundTrafficPolicy = { mode: 'ALLOW_ANY', egressProxy: { host: 'proxy.example.com' } }; }, field: 'spec.outboundTrafficPolicy.egressProxy.port', message: 'sidecar: egress_proxy port must be non-nil' },
    { id: 'ISC3', what: 'ingress tls on an HTTP port', mutate: (o) => { o.spec.ingress[0].tls = { mode: 'SIMPLE', serverCertificate: '/c', privateKey: '/k' }; }, field: 'spec.ingress[0].tls', message: 'server cannot have TLS settings for non HTTPS/TLS ports' },
    { id: 'ISC9', what: 'dry-run annotation', mutate: (o) => { o.metadata.annotations = { 'istio.io/dry-run': 'true' }; }, field: 'metadata.annotations.istio.io/dry-run', message: 'team-a/default has unsupported annotation istio.io/dry-run, please remove the annotation' },
  ]);
});
