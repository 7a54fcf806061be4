/**
 * A namespace locked down with Istio for the Dynafed checksum service (seeds 000/004): sidecars
 * injected, STRICT mTLS, and an allow-list of who may call the service. Knative's own traffic
 * (activator, autoscaler, probes on /healthz and /metrics, the ingress gateways) stays allowed,
 * as knative.dev's Istio authorization guide requires; everyone else in the mesh is denied.
 */
import { App, Chart, Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { KnativeStrictMtls } from '../lib/istio';
import { KnativeService } from '../lib/serving';

export function buildApp(outdir: string): App {
  const app = new App({ outdir });
  // The Namespace is cluster-scoped, so it goes in a chart without a default namespace.
  const cluster = new Chart(app, 'istio-locked-down-namespace-cluster');
  const chart = new Chart(app, 'istio-locked-down-namespace', { namespace: 'dynafed' });
  chart.addDependency(cluster);

  // Sidecars are what enforce mTLS and the allow-list, so the namespace must be injected.
  new kplus.Namespace(cluster, 'namespace', {
    metadata: { name: 'dynafed', labels: { 'istio-injection': 'enabled' } },
  });

  new KnativeService(chart, 'checksum', {
    metadata: { name: 'checksum' },
    containers: [{
      image: 'registry.example.org/dynafed/checksum:1.0.0',
      port: 8080,
      securityContext: { user: 1000, group: 1000 },
    }],
    containerConcurrency: 4,
    timeout: Duration.minutes(5),
  });

  const lock = new KnativeStrictMtls(chart, 'mesh-policy', {
    namespace: 'dynafed',
    // The Dynafed frontend calls the checksum service from its own namespace.
    allowedPrincipals: ['cluster.local/ns/dynafed-frontend/sa/dynafed'],
  });
  // Prometheus scrapes from the monitoring namespace (its pods are injected too).
  lock.addAllowedNamespace('monitoring');
  return app;
}
