/**
 * A canary release of a plain (non-Knative) service with Istio: two Deployments, `reviews-v1`
 * and `reviews-v2`, behind one Service; a DestinationRule declares the two versions as subsets
 * and a VirtualService sends 90% of requests to v1 and 10% to v2, with a timeout and retries.
 * (Knative Services do their own traffic splitting; this is for workloads Knative does not run.)
 */
import { App, Chart, Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { DestinationRule, LoadBalancer, LoadBalancerAlgorithm, VirtualService } from '../lib/istio';

function reviews(chart: Chart, version: string, replicas: number): kplus.Deployment {
  const deployment = new kplus.Deployment(chart, `reviews-${version}`, {
    metadata: { name: `reviews-${version}` },
    replicas,
    containers: [{
      image: `registry.example.org/shop/reviews:${version}`,
      portNumber: 8080,
      securityContext: { user: 1000, group: 1000 },
    }],
  });
  deployment.podMetadata.addLabel('app', 'reviews');
  deployment.podMetadata.addLabel('version', version);
  return deployment;
}

export function buildApp(outdir: string): App {
  const app = new App({ outdir });
  const chart = new Chart(app, 'istio-canary', { namespace: 'shop' });

  reviews(chart, 'v1', 3);
  reviews(chart, 'v2', 1);
  const service = new kplus.Service(chart, 'service', {
    metadata: { name: 'reviews' },
    // Istio picks the protocol from the port name prefix.
    ports: [{ name: 'http', port: 80, targetPort: 8080 }],
  });
  service.selectLabel('app', 'reviews');

  const rule = new DestinationRule(chart, 'reviews-rule', {
    metadata: { name: 'reviews' },
    host: 'reviews',
    trafficPolicy: {
      loadBalancer: LoadBalancer.simple(LoadBalancerAlgorithm.LEAST_REQUEST),
      outlierDetection: { consecutive5xxErrors: 5, interval: Duration.seconds(10), baseEjectionTime: Duration.seconds(30) },
    },
  });
  rule.addSubset('v1', { app: 'reviews', version: 'v1' });
  rule.addSubset('v2', { app: 'reviews', version: 'v2' });

  const routes = new VirtualService(chart, 'reviews-routes', {
    metadata: { name: 'reviews' },
    hosts: ['reviews'],
  });
  routes.addCanaryRoute({
    host: rule.host,
    stableSubset: 'v1',
    canarySubset: 'v2',
    canaryWeight: 10,
    timeout: Duration.seconds(5),
    retries: { attempts: 2, perTryTimeout: Duration.seconds(2), retryOn: ['5xx', 'connect-failure'] },
  });
  return app;
}
