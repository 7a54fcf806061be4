/**
 * Gradual rollout (seed 004): each new revision of `nginx` takes over the traffic over two
 * minutes instead of at once (`serving.knative.dev/rollout-duration: 120s`), and a tag-only
 * target keeps the previous revision reachable for comparison without sending it any traffic.
 */
import { App, Chart, Duration } from 'cdk8s';
import { KnativeService, TrafficTarget } from '../lib/serving';

export function buildApp(outdir: string): App {
  const app = new App({ outdir });
  const chart = new Chart(app, 'gradual-rollout', { namespace: 'default' });
  new KnativeService(chart, 'nginx', {
    metadata: { name: 'nginx' },
    rolloutDuration: Duration.minutes(2),
    revisionName: 'v4',
    containers: [{ image: 'cgr.dev/chainguard/nginx:latest' }],
    traffic: [
      TrafficTarget.latestRevision(100),
      TrafficTarget.tagged('previous', 'nginx-v3'),
    ],
  });
  return app;
}
