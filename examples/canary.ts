/**
 * A 90/10 canary (seed 004): revision `hello-v1` keeps 90% of the traffic while the latest
 * revision (`hello-v2`, created by this template) gets 10%. Both are tagged, so
 * `stable-hello.default.<domain>` and `canary-hello.default.<domain>` reach each one directly.
 * Promote by replacing the split with `TrafficTarget.latestRevision(100)`.
 */
import { App, Chart } from 'cdk8s';
import { KnativeService, TrafficTarget } from '../lib/serving';

export function buildApp(outdir: string): App {
  const app = new App({ outdir });
  const chart = new Chart(app, 'canary', { namespace: 'default' });
  const service = new KnativeService(chart, 'hello', {
    metadata: { name: 'hello' },
    // Named revisions make the split reproducible: `v2` becomes `hello-v2`.
    revisionName: 'v2',
    containers: [{ image: 'cgr.dev/chainguard/nginx:latest', port: 8080 }],
  });
  service.addTraffic(...TrafficTarget.canary({ stableRevision: 'hello-v1', canaryPercent: 10 }));
  return app;
}
