/**
 * A private service (seed 004): `nginx-but-internal` is reachable only inside the cluster, at
 * `nginx-but-internal.default.svc.cluster.local` (label
 * `networking.knative.dev/visibility: cluster-local`). It stays warm with one pod.
 */
import { App, Chart } from 'cdk8s';
import { KnativeService, Visibility } from '../lib/serving';

export function buildApp(outdir: string): App {
  const app = new App({ outdir });
  const chart = new Chart(app, 'private-service', { namespace: 'default' });
  new KnativeService(chart, 'internal', {
    metadata: { name: 'nginx-but-internal' },
    visibility: Visibility.CLUSTER_LOCAL,
    containers: [{ image: 'cgr.dev/chainguard/nginx:latest' }],
    autoscaling: { minScale: 1 },
  });
  return app;
}
