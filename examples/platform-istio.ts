/**
 * Istio installed as ordered platform components (issue 10): the `istio-system` namespace and
 * the `base` chart's CRDs, then istiod and the ingress gateway Knative net-istio selects, then
 * mesh-wide STRICT mTLS. The Helm components carry their chart (pulled from Istio's repository
 * at install time) and typed values; the deliveries write them out as Helm releases, Argo CD
 * Applications or Flux HelmReleases. Here, a plain cdk8s App writes the namespace and the
 * PeerAuthentication.
 */
import { App, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { IstioInstall } from '../lib/platform';

export function buildApp(outdir: string): App {
  const app = new App({ outdir });
  new IstioInstall(app, 'istio', {
    meshConfig: {
      outboundTrafficPolicy: 'REGISTRY_ONLY',
      accessLogFile: '/dev/stdout',
      accessLogEncoding: 'JSON',
      holdApplicationUntilProxyStarts: true,
    },
    pilot: {
      autoscaleMin: 2,
      autoscaleMax: 5,
      resources: { cpu: { request: kplus.Cpu.millis(500) }, memory: { request: Size.gibibytes(1) } },
    },
    ingressGateway: {
      // A floating IP reserved in OpenStack, kept when the Service goes away.
      loadBalancerIp: '203.0.113.10',
      serviceAnnotations: { 'loadbalancer.openstack.org/keep-floatingip': 'true' },
      loadBalancerSourceRanges: ['203.0.113.0/24', '198.51.100.0/24'],
      externalTrafficPolicy: 'Local',
      autoscaleMin: 2,
      autoscaleMax: 6,
      podDisruptionBudget: { minAvailable: 1 },
    },
    strictMtls: true,
  });
  return app;
}
