/**
 * Delivering a platform three ways (plain kubectl + helm, Argo CD, Flux) from one ordered model:
 * Istio's charts as Helm releases, a small operator of our own (its CRD in the foundation phase,
 * its controller and validating webhook among the controllers, one of its custom resources as
 * configuration), and a team's function as an application. synth() writes `plain/` (phase
 * folders and install.sh), `argocd/` (an AppProject and an app of apps), `flux/` (GitRepository,
 * HelmRepository, Kustomizations) and the `components/` folders the GitOps tools read.
 */
import { ApiObject, App, Chart } from 'cdk8s';
import { Phase, PlatformApp, PlatformComponent } from '../lib/platform';
import { KnativeService } from '../lib/serving';

const ISTIO_CHARTS = 'https://istio-release.storage.googleapis.com/charts';
const GROUP = 'backups.example.org';

export function buildApp(outdir: string): App {
  const app = new PlatformApp({
    outdir,
    // Where CI commits this output: Argo CD and Flux read the component folders from there.
    repository: { url: 'https://gitlab.example.org/platform/cluster.git', revision: 'main', path: 'dist/platform-delivery' },
    deliveries: { plain: {}, argoCd: {}, flux: {} },
  });

  const base = new PlatformComponent(app, 'istio-base', {
    phase: Phase.FOUNDATION,
    description: 'Istio CRDs',
    helm: { chart: { repository: ISTIO_CHARTS, chart: 'base', version: '1.30.3' }, releaseName: 'istio-base', namespace: 'istio-system', values: { defaultRevision: 'default' } },
  });
  new PlatformComponent(app, 'istiod', {
    phase: Phase.CONTROLLERS,
    description: 'the Istio control plane',
    dependsOn: [base],
    helm: { chart: { repository: ISTIO_CHARTS, chart: 'istiod', version: '1.30.3' }, releaseName: 'istiod', namespace: 'istio-system', values: { pilot: { autoscaleEnabled: false } } },
    healthChecks: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'istiod', namespace: 'istio-system', condition: 'Available' }],
  });

  // An operator of our own: the delivery finds that the Schedule below needs the CRD (foundation)
  // and the webhook's Deployment (controllers), and orders and waits accordingly.
  const crds = new PlatformComponent(app, 'backup-crds', { phase: Phase.FOUNDATION, description: 'the backup operator\'s namespace and CRD' });
  new ApiObject(crds, 'namespace', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'backup-system' } });
  new ApiObject(crds, 'schedules', {
    apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: `schedules.${GROUP}` },
    spec: {
      group: GROUP, scope: 'Namespaced',
      names: { kind: 'Schedule', plural: 'schedules', singular: 'schedule', listKind: 'ScheduleList' },
      versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', properties: { cron: { type: 'string' }, keep: { type: 'integer', minimum: 1 } } } } } } }],
    },
  });
  const operator = new PlatformComponent(app, 'backup-operator', { phase: Phase.CONTROLLERS, description: 'the backup controller and its validating webhook' });
  const labels = { app: 'backup-operator' };
  new ApiObject(operator, 'deployment', {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'backup-operator', namespace: 'backup-system' },
    spec: { selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [{ name: 'operator', image: 'registry.example.org/backup-operator:2.1.0', ports: [{ containerPort: 9443 }] }] } } },
  });
  new ApiObject(operator, 'service', {
    apiVersion: 'v1', kind: 'Service', metadata: { name: 'backup-operator-webhook', namespace: 'backup-system' },
    spec: { selector: labels, ports: [{ port: 443, targetPort: 9443 }] },
  });
  new ApiObject(operator, 'webhook', {
    apiVersion: 'admissionregistration.k8s.io/v1', kind: 'ValidatingWebhookConfiguration', metadata: { name: `validate.${GROUP}` },
    webhooks: [{
      name: `validate.${GROUP}`, admissionReviewVersions: ['v1'], sideEffects: 'None', failurePolicy: 'Fail',
      clientConfig: { service: { name: 'backup-operator-webhook', namespace: 'backup-system', path: '/validate' } },
      rules: [{ apiGroups: [GROUP], apiVersions: ['v1'], operations: ['CREATE', 'UPDATE'], resources: ['schedules'] }],
    }],
  });
  const config = new PlatformComponent(app, 'backup-schedules', { phase: Phase.CONFIGURATION });
  new ApiObject(config, 'nightly', { apiVersion: `${GROUP}/v1`, kind: 'Schedule', metadata: { name: 'nightly', namespace: 'backup-system' }, spec: { cron: '0 2 * * *', keep: 7 } });

  // Any other chart is an application, delivered last under its id.
  const team = new Chart(app, 'team-a', { namespace: 'default' });
  new KnativeService(team, 'hello', {
    metadata: { name: 'hello' },
    containers: [{ image: 'gcr.io/knative-samples/helloworld-go', env: { TARGET: 'platform' }, securityContext: { user: 65532 } }],
  });
  return app;
}
