/**
 * Knative Serving's own release manifests (../shared, skipped when absent) as platform
 * components: what the delivery derives from real objects (webhooks with and without rules, the
 * custom resources of Knative's CRDs) and that everything written validates.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Chart, Include } from 'cdk8s';
import { WarningPolicy } from '../../../lib/core/report';
import { Phase, PlatformComponent } from '../../../lib/platform/model';
import { KnativeService } from '../../../lib/serving';
import { validateFiles } from '../../../lib/validation/files';
import { docs, manifests, newApp, readTree } from './support';

const RELEASE = path.join(__dirname, '..', '..', '..', '..', 'shared', 'manifests', 'knative', 'serving', '1.23.0');
const maybe = fs.existsSync(RELEASE) ? test : test.skip;
if (!fs.existsSync(RELEASE)) console.warn(`skipped: ${RELEASE} is absent (the shared Knative release manifests)`);

maybe('Knative Serving 1.23 delivered in phases: CRDs, core, an application', () => {
  const app = newApp();
  WarningPolicy.apply(app, { failOnWarnings: true });
  const crds = new PlatformComponent(app, 'serving-crds', { phase: Phase.FOUNDATION });
  new Include(crds, 'crds', { url: path.join(RELEASE, '1-serving-crds.yaml') });
  const core = new PlatformComponent(app, 'serving-core', { phase: Phase.CONTROLLERS });
  const coreObjects = new Include(core, 'core', { url: path.join(RELEASE, '2-serving-core.yaml') });
  // serving-core.yaml repeats the CRDs: delivered twice they would have two GitOps owners (a warning).
  for (const o of coreObjects.apiObjects) if (o.kind === 'CustomResourceDefinition') coreObjects.node.tryRemoveChild(o.node.id);
  const team = new Chart(app, 'team-a', { namespace: 'default' });
  new KnativeService(team, 'hello', { metadata: { name: 'hello' }, containers: [{ image: 'gcr.io/knative-samples/helloworld-go', securityContext: { user: 65532 } }] });
  app.synth();
  const tree = readTree(app.outdir);

  const report = validateFiles([app.outdir], { strict: true });
  expect(report.lines.filter((l) => / error: /.test(l) || l.startsWith('unchecked'))).toEqual([]);

  // The team's Service needs serving-core's mutating webhook (rules: serving.knative.dev/*).
  const ks = manifests(tree, 'flux/').filter((d) => d.kind === 'Kustomization');
  expect(ks.find((k) => k.metadata.name === 'team-a').spec.dependsOn).toEqual([{ name: 'serving-crds' }, { name: 'serving-core' }]);
  const script = tree['plain/install.sh'];
  expect(script.indexOf('rollout deployment.v1.apps/webhook knative-serving')).toBeLessThan(script.indexOf('apply 04-applications/01-team-a.yaml'));
  expect(script.indexOf('wait_condition customresourcedefinition.v1.apiextensions.k8s.io/services.serving.knative.dev "" Established')).toBeLessThan(script.indexOf('apply 02-controllers/01-serving-core.yaml'));

  // Knative's config webhook ships without rules (its controller adds them): ignored in Argo CD.
  const coreApp = docs(tree['argocd/apps/02-controllers/01-serving-core.yaml'])[0];
  expect(coreApp.spec.ignoreDifferences).toContainEqual({
    group: 'admissionregistration.k8s.io', kind: 'ValidatingWebhookConfiguration', name: 'config.webhook.serving.knative.dev',
    jqPathExpressions: ['.webhooks[]?.clientConfig.caBundle', '.webhooks[]?.rules'],
  });
  // Knative's custom resources in serving-core (the queue-proxy Image) come after the CRDs' phase.
  const objects = docs(tree['components/02-controllers/01-serving-core/manifests.yaml']);
  expect(objects.find((o) => o.kind === 'Image')?.metadata.annotations?.['argocd.argoproj.io/sync-wave']).toBeUndefined();
  expect(objects[objects.length - 1].kind).toMatch(/WebhookConfiguration$/);
});
