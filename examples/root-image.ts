/**
 * Root image: a Knative sample that runs as root (its image declares no USER), deployed without
 * patching every container. The app chooses Knative's `secure-pod-defaults` level
 * AllowRootBounded: containers may run as root, but still without privilege escalation, with all
 * capabilities dropped and under the runtime-default seccomp profile. `ensureNonRoot: false`
 * says so explicitly, which also tells Knative's webhook that root is deliberate.
 */
import { App, Chart } from 'cdk8s';
import { ContainerSecurity, ContainerSecurityLevel, KnativeService } from '../lib/serving';

export function buildApp(outdir: string): App {
  const app = new App({ outdir });
  // Before the constructs: each reads the level when it is created.
  ContainerSecurity.apply(app, { level: ContainerSecurityLevel.ALLOW_ROOT_BOUNDED });
  const chart = new Chart(app, 'root-image', { namespace: 'default' });
  new KnativeService(chart, 'helloworld-root', {
    metadata: { name: 'helloworld-root' },
    containers: [{
      image: 'gcr.io/knative-samples/helloworld-go',
      env: { TARGET: 'root' },
      securityContext: { ensureNonRoot: false },
    }],
  });
  return app;
}
