/**
 * Hello world (seed 002): the Knative sample `helloworld-go` as a KnativeService, scaled to zero
 * when idle, answering "Hello World!" with the TARGET environment variable.
 */
import { App, Chart } from 'cdk8s';
import { KnativeService } from '../lib/serving';

export function buildApp(outdir: string): App {
  const app = new App({ outdir });
  const chart = new Chart(app, 'hello-world', { namespace: 'default' });
  new KnativeService(chart, 'helloworld-go', {
    metadata: { name: 'helloworld-go' },
    containers: [{
      image: 'gcr.io/knative-samples/helloworld-go',
      env: { TARGET: 'World' },
      // The sample image declares no USER (it would run as root), which the secure default
      // runAsNonRoot refuses; an unprivileged uid is enough for an HTTP server on 8080.
      securityContext: { user: 65532 },
    }],
  });
  return app;
}
