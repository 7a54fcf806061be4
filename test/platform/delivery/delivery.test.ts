/**
 * PlatformApp: one plan delivered as plain folders + install.sh, an Argo CD app of apps and Flux
 * Kustomizations, from components made here (fixtures.ts).
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { ApiObject, Chart, Duration, JsonPatch } from 'cdk8s';
import { validateFiles } from '../../../lib/validation/files';
import { validateManifests } from '../../../lib/validation/engine';
import { WarningPolicy } from '../../../lib/core/report';
import { Phase, PlatformComponent } from '../../../lib/platform/model';
import { PlatformApp } from '../../../lib/platform/delivery';
import { synthErrors } from '../../helpers';
import { configMap, crd, samplePlatform, webhook, widget } from './fixtures';
import { docs, manifests, newApp, readTree, REPO, shellcheck, SHELLCHECK } from './support';

function synthTree(app: PlatformApp): Record<string, string> {
  app.synth();
  return readTree(app.outdir);
}

function synthFails(app: PlatformApp): string[] {
  let message = '';
  try {
    app.synth();
  } catch (err) {
    message = err instanceof Error ? err.message : String(err);
  }
  expect(message).toMatch(/^Validation failed with the following errors:\n/);
  // A failing app writes nothing, not even its outdir.
  expect(fs.existsSync(app.outdir) ? fs.readdirSync(app.outdir) : []).toEqual([]);
  return message.split('\n').slice(1).map((l) => l.trim()).filter(Boolean);
}

describe('the sample platform', () => {
  const app = newApp();
  fs.rmSync(app.outdir, { recursive: true, force: true });
  const sample = samplePlatform(app);
  const tree = synthTree(app);

  test('writes plain/, argocd/, flux/ and components/ in phase folders', () => {
    expect(Object.keys(tree)).toEqual([
      'argocd/apps/01-foundation/01-istio-base.yaml',
      'argocd/apps/01-foundation/02-widget-crds.yaml',
      'argocd/apps/02-controllers/01-widget-controller.yaml',
      'argocd/apps/03-configuration/01-widgets.yaml',
      'argocd/apps/04-applications/01-team-a.yaml',
      'argocd/project.yaml',
      'argocd/root.yaml',
      'components/01-foundation/01-istio-base/helmrelease.yaml',
      'components/01-foundation/02-widget-crds/manifests.yaml',
      'components/02-controllers/01-widget-controller/manifests.yaml',
      'components/03-configuration/01-widgets/manifests.yaml',
      'components/04-applications/01-team-a/manifests.yaml',
      'flux/01-foundation.yaml',
      'flux/02-controllers.yaml',
      'flux/03-configuration.yaml',
      'flux/04-applications.yaml',
      'flux/helm-repositories.yaml',
      'flux/source.yaml',
      'plain/01-foundation/02-widget-crds.yaml',
      'plain/02-controllers/01-widget-controller.yaml',
      'plain/03-configuration/01-widgets.yaml',
      'plain/04-applications/01-team-a.yaml',
      'plain/install.sh',
      'plain/values/istio-base.values.yaml',
    ]);
    expect(fs.statSync(path.join(app.outdir, 'plain/install.sh')).mode & 0o111).toBe(0o111);
  });

  test('install.sh installs the chart with its values, applies each phase in order and waits', () => {
    const script = tree['plain/install.sh'];
    expect(script).toMatch(/^#!\/usr\/bin\/env bash\n/);
    expect(script).toContain('set -euo pipefail');
    const steps = script.split('\n').filter((l) => /^(helm_install|apply|apply_server_side|wait_condition|rollout) /.test(l));
    expect(steps).toEqual([
      'helm_install istio-base istio-system values/istio-base.values.yaml base --repo https://istio-release.storage.googleapis.com/charts --version 1.30.3',
      'apply 01-foundation/02-widget-crds.yaml',
      'wait_condition customresourcedefinition.v1.apiextensions.k8s.io/widgets.widgets.example.org "" Established',
      'apply 02-controllers/01-widget-controller.yaml',
      'rollout deployment.v1.apps/widget-webhook widgets-system',
      'apply 03-configuration/01-widgets.yaml',
      'apply 04-applications/01-team-a.yaml',
    ]);
    expect(script).toContain('upgrade --install "$release" "$@" --namespace "$namespace" --create-namespace');
    expect(docs(tree['plain/values/istio-base.values.yaml'])).toEqual([{ defaultRevision: 'default' }]);
    // Namespaces and CRDs first in a file, webhook configurations last.
    expect(docs(tree['plain/01-foundation/02-widget-crds.yaml']).map((d) => d.kind)).toEqual(['Namespace', 'CustomResourceDefinition']);
    expect(docs(tree['plain/02-controllers/01-widget-controller.yaml']).map((d) => d.kind)).toEqual(['Deployment', 'Service', 'ValidatingWebhookConfiguration']);
  });

  test('install.sh passes shellcheck', () => {
    const result = shellcheck(path.join(app.outdir, 'plain/install.sh'));
    if (result === undefined) {
      console.warn(`skipped: ${SHELLCHECK} is not installed (CI installs it)`);
      return;
    }
    expect(result).toBe('');
  });

  test('install.sh --dry-run prints every command without a cluster', () => {
    const out = execFileSync('bash', [path.join(app.outdir, 'plain/install.sh'), '--dry-run', '--context', 'prod cluster', '--timeout', '60'], { encoding: 'utf8' });
    expect(out).toContain("+ helm --kube-context prod\\ cluster upgrade --install istio-base base --repo https://istio-release.storage.googleapis.com/charts --version 1.30.3 --namespace istio-system --create-namespace --values values/istio-base.values.yaml --wait --timeout 60s");
    expect(out).toContain('+ kubectl --context prod\\ cluster apply -f 01-foundation/02-widget-crds.yaml');
    expect(out).toContain('+ kubectl --context prod\\ cluster wait --for=condition=Established --timeout=60s customresourcedefinition.v1.apiextensions.k8s.io/widgets.widgets.example.org');
    expect(out).toContain('+ kubectl --context prod\\ cluster rollout status --namespace widgets-system --timeout=60s deployment.v1.apps/widget-webhook');
    expect(() => execFileSync('bash', [path.join(app.outdir, 'plain/install.sh'), '--bogus'], { encoding: 'utf8', stdio: 'pipe' })).toThrow(/unknown option --bogus/);
    // --help works from any working directory (the script changes to its own folder).
    expect(execFileSync('bash', [path.join(app.outdir, 'plain/install.sh'), '--help'], { encoding: 'utf8', cwd: '/' })).toMatch(/^Usage: install\.sh \[--dry-run\] \[--context NAME\] \[--timeout SECONDS\]\n.*default: 300\)\n$/s);
  });

  test('Argo CD: a project, a root app over argocd/, one Application per unit in waves of the phase order', () => {
    const project = docs(tree['argocd/project.yaml'])[0];
    expect(project).toMatchObject({ kind: 'AppProject', metadata: { name: 'platform', namespace: 'argocd' } });
    expect(project.spec.sourceRepos).toEqual([REPO.url, 'https://istio-release.storage.googleapis.com/charts']);
    const root = docs(tree['argocd/root.yaml'])[0];
    expect(root.spec.source).toEqual({ repoURL: REPO.url, targetRevision: 'main', path: 'dist/argocd', directory: { recurse: true } });
    const apps = manifests(tree, 'argocd/apps/');
    expect(apps.map((a) => [a.metadata.name, a.metadata.annotations['argocd.argoproj.io/sync-wave']])).toEqual([
      ['istio-base', '0'], ['widget-crds', '0'], ['widget-controller', '10'], ['widgets', '20'], ['team-a', '30'],
    ]);
    const helm = apps[0];
    expect(helm.spec.source).toEqual({
      repoURL: 'https://istio-release.storage.googleapis.com/charts', chart: 'base', targetRevision: '1.30.3',
      helm: { releaseName: 'istio-base', valuesObject: { defaultRevision: 'default' } },
    });
    expect(helm.spec.destination).toEqual({ server: 'https://kubernetes.default.svc', namespace: 'istio-system' });
    expect(helm.spec.syncPolicy.syncOptions).toEqual(['CreateNamespace=true']);
    const controller = apps[2];
    expect(controller.spec.source).toEqual({ repoURL: REPO.url, targetRevision: 'main', path: 'dist/components/02-controllers/01-widget-controller' });
    expect(controller.spec.ignoreDifferences).toEqual([{
      group: 'admissionregistration.k8s.io', kind: 'ValidatingWebhookConfiguration', name: 'widget-webhook.widgets.example.org',
      jqPathExpressions: ['.webhooks[]?.clientConfig.caBundle'],
    }]);
    expect(controller.spec.syncPolicy).toEqual({
      automated: { prune: true, selfHeal: true },
      syncOptions: ['RespectIgnoreDifferences=true'],
      retry: { limit: 5, backoff: { duration: '5s', factor: 2, maxDuration: '3m0s' } },
    });
    expect(apps[4].spec.destination).toEqual({ server: 'https://kubernetes.default.svc', namespace: 'widgets-system' });
  });

  test('Flux: a GitRepository, a HelmRepository, and Kustomizations chained phase by phase', () => {
    const source = docs(tree['flux/source.yaml'])[0];
    expect(source).toMatchObject({ kind: 'GitRepository', metadata: { name: 'platform', namespace: 'flux-system' }, spec: { url: REPO.url, ref: { branch: 'main' }, interval: '1m0s' } });
    const repos = docs(tree['flux/helm-repositories.yaml']);
    expect(repos.map((r) => r.spec.url)).toEqual(['https://istio-release.storage.googleapis.com/charts']);
    const ks = manifests(tree, 'flux/').filter((d) => d.kind === 'Kustomization');
    expect(ks.map((k) => [k.metadata.name, (k.spec.dependsOn ?? []).map((d: { name: string }) => d.name)])).toEqual([
      ['istio-base', []], ['widget-crds', []],
      ['widget-controller', ['istio-base', 'widget-crds']],
      ['widgets', ['widget-crds', 'widget-controller']],
      ['team-a', ['widgets']],
    ]);
    for (const k of ks) expect(k.spec).toMatchObject({ wait: true, prune: true, interval: '10m0s', retryInterval: '1m0s', timeout: '5m0s', sourceRef: { kind: 'GitRepository', name: 'platform' } });
    expect(ks[0].spec.path).toBe('./dist/components/01-foundation/01-istio-base');
    const release = docs(tree['components/01-foundation/01-istio-base/helmrelease.yaml'])[0];
    expect(release).toMatchObject({
      kind: 'HelmRelease', metadata: { name: 'istio-base', namespace: 'flux-system' },
      spec: { releaseName: 'istio-base', targetNamespace: 'istio-system', values: { defaultRevision: 'default' }, chart: { spec: { chart: 'base', version: '1.30.3', sourceRef: { kind: 'HelmRepository', name: repos[0].metadata.name } } } },
    });
  });

  test('CRDs are never pruned by either tool', () => {
    const crdDoc = docs(tree['components/01-foundation/02-widget-crds/manifests.yaml']).find((d) => d.kind === 'CustomResourceDefinition');
    expect(crdDoc.metadata.annotations).toEqual({ 'argocd.argoproj.io/sync-options': 'Prune=false,Delete=false', 'kustomize.toolkit.fluxcd.io/prune': 'disabled' });
    // The plain files are the objects as built.
    expect(docs(tree['plain/01-foundation/02-widget-crds.yaml'])[1].metadata.annotations).toBeUndefined();
  });

  test('everything written validates against its schema, Argo CD and Flux objects against their CRDs', () => {
    const report = validateFiles([app.outdir], { strict: true });
    expect(report.lines.filter((l) => / error: /.test(l) || l.startsWith('unchecked'))).toEqual([]);
    expect(report.errors).toBe(0);
    // Helm values files are not read as manifests.
    expect(report.results.some((r) => r.source.file.endsWith('.values.yaml'))).toBe(false);
    // ... unless named explicitly.
    expect(validateFiles([path.join(app.outdir, 'plain/values/istio-base.values.yaml')]).errors).toBeGreaterThan(0);
    const gitops = [...manifests(tree, 'argocd/'), ...manifests(tree, 'flux/'), ...docs(tree['components/01-foundation/01-istio-base/helmrelease.yaml'])];
    const strict = validateManifests(gitops, { strict: true });
    expect(strict.results.map((r) => r.coverage)).toEqual(gitops.map(() => 'custom-resource'));
    expect(strict.results.flatMap((r) => r.findings.filter((f) => f.severity === 'error'))).toEqual([]);
    expect(sample.team.node.id).toBe('team-a');
  });

  test('a second synth is byte-identical, and stale files of removed units are gone', () => {
    fs.writeFileSync(path.join(app.outdir, 'components', 'stale.yaml'), 'kind: ConfigMap\n');
    fs.writeFileSync(path.join(app.outdir, 'notes.txt'), 'mine');
    const again = synthTree(app);
    delete again['notes.txt'];
    expect(again).toEqual(tree);
    expect(fs.readFileSync(path.join(app.outdir, 'notes.txt'), 'utf8')).toBe('mine');
  });
});

describe('order derived from the objects', () => {
  test('a component holding a CRD and its custom resources applies them after the CRD is established', () => {
    const app = newApp();
    const c = new PlatformComponent(app, 'gadgets', { phase: Phase.CONFIGURATION });
    widget(c, 'Gadget', 'first', 'default');
    crd(c, 'Gadget');
    const tree = synthTree(app);
    expect(docs(tree['plain/03-configuration/01-gadgets.yaml']).map((d) => d.kind)).toEqual(['CustomResourceDefinition']);
    expect(docs(tree['plain/03-configuration/01-gadgets.2.yaml']).map((d) => d.kind)).toEqual(['Gadget']);
    const script = tree['plain/install.sh'];
    const order = ['apply 03-configuration/01-gadgets.yaml', 'wait_condition customresourcedefinition.v1.apiextensions.k8s.io/gadgets.widgets.example.org "" Established', 'apply 03-configuration/01-gadgets.2.yaml'];
    expect(order.map((l) => script.indexOf(l))).toEqual([...order.map((l) => script.indexOf(l))].sort((a, b) => a - b));
    expect(order.every((l) => script.includes(l))).toBe(true);
    const objects = docs(tree['components/03-configuration/01-gadgets/manifests.yaml']);
    expect(objects[1].metadata.annotations).toEqual({ 'argocd.argoproj.io/sync-wave': '1' });
    const argo = docs(tree['argocd/apps/03-configuration/01-gadgets.yaml'])[0];
    expect(argo.spec.syncPolicy.syncOptions).toEqual(['SkipDryRunOnMissingResource=true']);
  });

  test('a custom resource whose CRD is in another component of the same phase comes after it', () => {
    const app = newApp();
    const users = new PlatformComponent(app, 'users', { phase: Phase.FOUNDATION });
    widget(users, 'Gizmo', 'g', 'default');
    const provider = new PlatformComponent(app, 'provider', { phase: Phase.FOUNDATION });
    crd(provider, 'Gizmo');
    const tree = synthTree(app);
    expect(Object.keys(tree).filter((f) => f.startsWith('plain/01'))).toEqual(['plain/01-foundation/01-provider.yaml', 'plain/01-foundation/02-users.yaml']);
    const apps = manifests(tree, 'argocd/apps/');
    expect(apps.map((a) => [a.metadata.name, a.metadata.annotations['argocd.argoproj.io/sync-wave']])).toEqual([['provider', '0'], ['users', '1']]);
    const ks = manifests(tree, 'flux/').filter((d) => d.kind === 'Kustomization');
    expect(ks.map((k) => [k.metadata.name, k.spec.dependsOn])).toEqual([['provider', undefined], ['users', [{ name: 'provider' }]]]);
  });

  test('an object a webhook intercepts comes after the webhook\'s Deployment, even in the same phase', () => {
    const app = newApp();
    const early = new PlatformComponent(app, 'early-widgets', { phase: Phase.CONTROLLERS });
    widget(early, 'Widget', 'w', 'default');
    const hooks = new PlatformComponent(app, 'hooks', { phase: Phase.CONTROLLERS });
    webhook(hooks, 'hook', 'default', ['widgets']);
    const tree = synthTree(app);
    const script = tree['plain/install.sh'];
    expect(script.indexOf('rollout deployment.v1.apps/hook default')).toBeGreaterThan(0);
    expect(script.indexOf('apply 02-controllers/02-early-widgets.yaml')).toBeGreaterThan(script.indexOf('rollout deployment.v1.apps/hook default'));
    const ks = manifests(tree, 'flux/').filter((d) => d.kind === 'Kustomization');
    expect(ks.find((k) => k.metadata.name === 'early-widgets').spec.dependsOn).toEqual([{ name: 'hooks' }]);
  });

  test('custom resources that need a conversion webhook come after its Deployment; the CRD\'s caBundle is ignored', () => {
    const app = newApp();
    const f = new PlatformComponent(app, 'crds', { phase: Phase.FOUNDATION });
    crd(f, 'Widget', { conversionService: { namespace: 'default', name: 'converter' } });
    const c = new PlatformComponent(app, 'converter', { phase: Phase.CONTROLLERS });
    webhook(c, 'converter', 'default', []);
    const user = new PlatformComponent(app, 'user', { phase: Phase.CONTROLLERS });
    widget(user, 'Widget', 'w', 'default');
    const tree = synthTree(app);
    const ks = manifests(tree, 'flux/').filter((d) => d.kind === 'Kustomization');
    expect(ks.map((k) => k.metadata.name)).toEqual(['crds', 'converter', 'user']);
    expect(ks[2].spec.dependsOn).toEqual([{ name: 'crds' }, { name: 'converter' }]);
    const crdsApp = docs(tree['argocd/apps/01-foundation/01-crds.yaml'])[0];
    expect(crdsApp.spec.ignoreDifferences).toEqual([{ group: 'apiextensions.k8s.io', kind: 'CustomResourceDefinition', name: 'widgets.widgets.example.org', jqPathExpressions: ['.spec.conversion.webhook.clientConfig.caBundle'] }]);
  });

  test('webhooks shipped without rules (Knative\'s) have their rules ignored too', () => {
    const app = newApp();
    const c = new PlatformComponent(app, 'ctl', { phase: Phase.CONTROLLERS });
    const objs = webhook(c, 'hook', 'default', []);
    objs[2].addJsonPatch(JsonPatch.remove('/webhooks/0/rules'));
    const tree = synthTree(app);
    const ctl = docs(tree['argocd/apps/02-controllers/01-ctl.yaml'])[0];
    expect(ctl.spec.ignoreDifferences[0].jqPathExpressions).toEqual(['.webhooks[]?.clientConfig.caBundle', '.webhooks[]?.rules']);
  });

  test('explicit health checks: waited for in install.sh, listed for Flux (which then checks exactly those)', () => {
    const app = newApp();
    const op = new PlatformComponent(app, 'operator', {
      phase: Phase.CONTROLLERS,
      healthChecks: [{ apiVersion: 'operator.knative.dev/v1beta1', kind: 'KnativeServing', name: 'knative-serving', namespace: 'knative-serving', condition: 'Ready' }],
    });
    webhook(op, 'op', 'default', ['widgets']);
    const tree = synthTree(app);
    expect(tree['plain/install.sh']).toContain('wait_condition knativeserving.v1beta1.operator.knative.dev/knative-serving knative-serving Ready');
    const k = manifests(tree, 'flux/').find((d) => d.kind === 'Kustomization');
    expect(k.spec.wait).toBeUndefined();
    expect(k.spec.healthChecks).toEqual([
      { apiVersion: 'apps/v1', kind: 'Deployment', name: 'op', namespace: 'default' },
      { apiVersion: 'operator.knative.dev/v1beta1', kind: 'KnativeServing', name: 'knative-serving', namespace: 'knative-serving' },
    ]);
  });

  test('objects too large for client-side apply are applied server-side', () => {
    const app = newApp();
    const big = new PlatformComponent(app, 'big', { phase: Phase.FOUNDATION });
    configMap(big, 'huge', 'default', { blob: 'x'.repeat(262144) });
    const small = new PlatformComponent(app, 'small', { phase: Phase.FOUNDATION });
    configMap(small, 'tiny', 'default', { blob: 'x'.repeat(1000) });
    const tree = synthTree(app);
    expect(tree['plain/install.sh']).toContain('apply_server_side 01-foundation/01-big.yaml');
    expect(tree['plain/install.sh']).toContain('apply 01-foundation/02-small.yaml');
    expect(tree['plain/install.sh']).toContain('--server-side --force-conflicts --field-manager=knative-faas-cdk');
    expect(docs(tree['argocd/apps/01-foundation/01-big.yaml'])[0].spec.syncPolicy.syncOptions).toEqual(['ServerSideApply=true']);
    expect(docs(tree['argocd/apps/01-foundation/02-small.yaml'])[0].spec.syncPolicy.syncOptions).toBeUndefined();
  });

  test('a component with no objects is not delivered; what depends on it waits for what it depends on', () => {
    const app = newApp();
    WarningPolicy.apply(app, { printWarnings: false });
    const a = new PlatformComponent(app, 'a', { phase: Phase.CONTROLLERS });
    configMap(a, 'a', 'default');
    const hollow = new PlatformComponent(app, 'hollow', { phase: Phase.CONTROLLERS, dependsOn: [a] });
    const c = new PlatformComponent(app, 'c', { phase: Phase.CONTROLLERS, dependsOn: [hollow] });
    configMap(c, 'c', 'default');
    const tree = synthTree(app);
    const ks = manifests(tree, 'flux/').filter((d) => d.kind === 'Kustomization');
    expect(ks.map((k) => [k.metadata.name, k.spec.dependsOn])).toEqual([['a', undefined], ['c', [{ name: 'a' }]]]);
    expect(Object.keys(tree).some((f) => f.includes('hollow'))).toBe(false);
  });

  test('plain-only apps need no repository and write no GitOps folders; OCI charts, revisions', () => {
    const app = newApp({ repository: undefined, deliveries: { plain: { timeout: Duration.minutes(2), fieldManager: 'platform-ci' } } });
    new PlatformComponent(app, 'oci-chart', {
      phase: Phase.CONTROLLERS,
      helm: { chart: { repository: 'oci://ghcr.io/example/charts', chart: 'thing', version: '1.2.3' }, releaseName: 'thing', namespace: 'things', values: {} },
    });
    const tree = synthTree(app);
    expect(Object.keys(tree)).toEqual(['plain/install.sh', 'plain/values/oci-chart.values.yaml']);
    expect(tree['plain/install.sh']).toContain('helm_install thing things values/oci-chart.values.yaml oci://ghcr.io/example/charts/thing --version 1.2.3');
    expect(tree['plain/install.sh']).toContain('TIMEOUT=120\n');
    const flux = newApp({ repository: { ...REPO, revision: 'refs/tags/v1.0.0' }, deliveries: { flux: {}, argoCd: { automated: false } } });
    new PlatformComponent(flux, 'oci-chart', {
      phase: Phase.CONTROLLERS,
      helm: { chart: { repository: 'oci://ghcr.io/example/charts', chart: 'thing', version: '1.2.3' }, releaseName: 'thing', namespace: 'things', values: {} },
    });
    const ftree = synthTree(flux);
    expect(docs(ftree['flux/source.yaml'])[0].spec.ref).toEqual({ name: 'refs/tags/v1.0.0' });
    expect(docs(ftree['flux/helm-repositories.yaml'])[0].spec).toMatchObject({ type: 'oci', url: 'oci://ghcr.io/example/charts' });
    const argo = docs(ftree['argocd/apps/02-controllers/01-oci-chart.yaml'])[0];
    expect(argo.spec.source.repoURL).toBe('ghcr.io/example/charts');
    expect(argo.spec.syncPolicy.automated).toBeUndefined();
  });
});

describe('mistakes are synth errors with the construct path, and nothing is written', () => {
  test('a custom resource in an earlier phase than its CRD', () => {
    const app = newApp();
    const early = new PlatformComponent(app, 'early', { phase: Phase.FOUNDATION });
    widget(early, 'Widget', 'w', 'default');
    const late = new PlatformComponent(app, 'late', { phase: Phase.CONFIGURATION });
    crd(late, 'Widget');
    expect(synthFails(app)).toEqual([
      expect.stringMatching(/^\[early\/cr-widget-w\] apiVersion: Widget w is in early \(phase foundation\), but it needs late, which is installed later \(phase configuration\): it holds the CustomResourceDefinition widgets\.widgets\.example\.org/),
    ]);
  });

  test('an object a webhook intercepts, in an earlier phase than the webhook\'s Deployment', () => {
    const app = newApp();
    const c = new PlatformComponent(app, 'crds', { phase: Phase.FOUNDATION });
    crd(c, 'Widget');
    widget(new PlatformComponent(app, 'cfg', { phase: Phase.CONTROLLERS }), 'Widget', 'w', 'default');
    webhook(new PlatformComponent(app, 'hooks', { phase: Phase.CONFIGURATION }), 'hook', 'default', ['widgets']);
    expect(synthFails(app)).toEqual([expect.stringMatching(/^\[cfg\/cr-widget-w\] kind: Widget w is in cfg \(phase controllers\), but it needs hooks, which is installed later \(phase configuration\): it runs the webhook hook\.widgets\.example\.org/)]);
  });

  test('components that need each other', () => {
    const app = newApp();
    const a = new PlatformComponent(app, 'a', { phase: Phase.FOUNDATION });
    const b = new PlatformComponent(app, 'b', { phase: Phase.FOUNDATION });
    crd(a, 'Alpha');
    widget(a, 'Beta', 'x', 'default');
    crd(b, 'Beta');
    widget(b, 'Alpha', 'y', 'default');
    const lines = synthFails(app);
    expect(lines).toEqual([expect.stringMatching(/^\[a\] dependsOn: a and b need each other/), expect.stringMatching(/^\[b\] dependsOn: b and a need each other/)]);
  });

  test('an object with generateName and no name is refused', () => {
    const app = newApp();
    const c = new PlatformComponent(app, 'jobs', { phase: Phase.CONFIGURATION });
    const job = new ApiObject(c, 'migrate', { apiVersion: 'batch/v1', kind: 'Job', metadata: { generateName: 'migrate-' }, spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'm', image: 'registry.example.org/m:1' }] } } } });
    job.addJsonPatch(JsonPatch.remove('/metadata/name'));
    expect(synthFails(app)).toEqual([expect.stringMatching(/^\[jobs\/migrate\] metadata\.generateName: Job with generateName and no name cannot be delivered: kubectl apply refuses it.*\(value: "migrate-"; allowed: a fixed metadata\.name/)]);
  });

  test('the deliveries\' props', () => {
    const app = newApp({
      repository: { url: 'git@gitlab.example.org:platform/cluster.git', revision: 'bad rev', path: '../up' },
      deliveries: {
        plain: { timeout: Duration.millis(1500), fieldManager: 'has space' },
        argoCd: { namespace: 'Argo', retry: { limit: 1.5, factor: 0, duration: Duration.seconds(NaN) } },
        flux: { interval: Duration.seconds(0), namespace: '' },
      },
    });
    configMap(new Chart(app, 'team'), 'x', 'default');
    expect(synthFails(app)).toEqual([
      expect.stringMatching(/^\[deliveries\] repository\.url: must be the URL Argo CD and Flux clone .*\(value: "git@gitlab\.example\.org:platform\/cluster\.git"/),
      expect.stringMatching(/^\[deliveries\] repository\.revision: must be a branch/),
      expect.stringMatching(/^\[deliveries\] repository\.path: must be a folder relative to the repository root/),
      expect.stringMatching(/^\[deliveries\] plain\.timeout: must be a whole number of seconds/),
      expect.stringMatching(/^\[deliveries\] plain\.fieldManager: must be 1 to 128 printable ASCII characters/),
      expect.stringMatching(/^\[deliveries\] argoCd\.namespace: /),
      expect.stringMatching(/^\[deliveries\] argoCd\.retry\.limit: must be a whole number of retries/),
      expect.stringMatching(/^\[deliveries\] argoCd\.retry\.factor: must be a whole number >= 1/),
      expect.stringMatching(/^\[deliveries\] argoCd\.retry\.duration: must be a finite, non-negative duration/),
      expect.stringMatching(/^\[deliveries\] flux\.namespace: /),
      expect.stringMatching(/^\[deliveries\] flux\.interval: must be longer than zero/),
    ]);
  });

  test('GitOps deliveries need a repository; some delivery is needed', () => {
    expect(synthFails(newApp({ repository: undefined }))).toEqual([expect.stringMatching(/^\[deliveries\] repository: the Argo CD and Flux deliveries read the component folders from Git/)]);
    expect(synthFails(newApp({ deliveries: {} }))).toEqual([expect.stringMatching(/^\[deliveries\] deliveries: no delivery is asked for/)]);
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    expect(() => new PlatformApp({} as any)).toThrow(TypeError);
  });

  test('Helm release specs helm, Argo CD and Flux would refuse', () => {
    const app = newApp();
    new PlatformComponent(app, 'chart', {
      phase: Phase.CONTROLLERS,
      helm: { chart: { repository: 'ftp://charts', chart: 'a/b', version: '^1.2' }, releaseName: 'Rel', namespace: 'ns_1', values: { replicas: NaN, nested: [Infinity] } },
    });
    expect(synthFails(app)).toEqual([
      expect.stringMatching(/^\[chart\] helm\.chart\.repository: must be the URL of a Helm repository .*\(value: "ftp:\/\/charts"/),
      expect.stringMatching(/^\[chart\] helm\.chart\.chart: must be a chart name/),
      expect.stringMatching(/^\[chart\] helm\.chart\.version: must be one exact chart version .*\(value: "\^1\.2"/),
      expect.stringMatching(/^\[chart\] helm\.releaseName: must be a DNS-1123 label/),
      expect.stringMatching(/^\[chart\] helm\.namespace: must be a namespace name/),
      expect.stringMatching(/^\[chart\] helm\.values\.replicas: is not a JSON value.*\(value: NaN/),
      expect.stringMatching(/^\[chart\] helm\.values\.nested\[0\]: is not a JSON value.*\(value: Infinity/),
    ]);
  });

  test('health checks that cannot be waited for', () => {
    const app = newApp();
    configMap(new PlatformComponent(app, 'c', {
      phase: Phase.CONFIGURATION,
      healthChecks: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'Bad_Name', namespace: 'x y', condition: '' }, { apiVersion: '', kind: 'a b', name: 'ok', condition: 'Ready' }],
    }), 'x', 'default');
    expect(synthFails(app)).toEqual([
      '[c] healthChecks[0].name: cannot be waited for (value: "Bad_Name"; allowed: the object\'s name (a DNS subdomain))',
      expect.stringMatching(/^\[c\] healthChecks\[0\]\.namespace: cannot be waited for \(value: "x y"/),
      expect.stringMatching(/^\[c\] healthChecks\[0\]\.condition: cannot be waited for \(value: ""/),
      expect.stringMatching(/^\[c\] healthChecks\[1\]\.apiVersion: cannot be waited for \(value: ""/),
      expect.stringMatching(/^\[c\] healthChecks\[1\]\.kind: cannot be waited for \(value: "a b"/),
    ]);
  });

  test('names: application charts are named by DNS-label ids, unique, not the root app\'s', () => {
    const app = newApp();
    configMap(new Chart(app, 'Team_A'), 'x', 'default');
    configMap(new Chart(app, 'platform'), 'y', 'default');
    const lines = synthFails(app);
    expect(lines).toContainEqual(expect.stringMatching(/^\[Team_A\] id: an application chart is delivered under its id, which must be a DNS-1123 label/));
    expect(lines).toContainEqual(expect.stringMatching(/^\[platform\] id: platform is also the name of the root Argo CD Application/));
  });

  test('the same object in two components is a warning (two GitOps owners), an error under failOnWarnings', () => {
    const app = newApp();
    WarningPolicy.apply(app, { failOnWarnings: true });
    configMap(new PlatformComponent(app, 'one', { phase: Phase.CONFIGURATION }), 'shared', 'default');
    configMap(new PlatformComponent(app, 'two', { phase: Phase.CONFIGURATION }), 'shared', 'default');
    expect(synthFails(app)).toEqual([expect.stringMatching(/^\[two\/cm-shared\] warning: metadata\.name: ConfigMap shared is also delivered by one \(one\/cm-shared\); Argo CD and Flux would give it two owners/)]);
  });

  test('synthYaml reports the same problems (synthErrors)', () => {
    const app = newApp();
    const early = new PlatformComponent(app, 'early', { phase: Phase.FOUNDATION });
    widget(early, 'Widget', 'w', 'default');
    crd(new PlatformComponent(app, 'late', { phase: Phase.APPLICATIONS }), 'Widget');
    expect(synthErrors(app)).toEqual([expect.stringMatching(/^\[early\/cr-widget-w\] apiVersion: /)]);
  });
});
