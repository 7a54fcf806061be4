import * as fs from 'fs';
import { Chart, Duration } from 'cdk8s';
import { ClusterSettings } from '../../../lib/core/cluster-settings';
import { warningsOf } from '../../../lib/core/report';
import { componentsInOrder, Phase } from '../../../lib/platform/model';
import { KNATIVE_GITHUB_RELEASES, KnativeInstall, KnativeInstallMode, KnativeInstallProps } from '../../../lib/platform/knative';
import { releaseUrl } from '../../../lib/platform/knative/release';
import { KnativeService } from '../../../lib/serving';
import { synthErrors } from '../../helpers';
import { allObjects, component, find, FIXTURE, HAVE_SHARED, install, mesh, objectsOf, quietApp, SHARED, synthDocs } from './support';

const SETTINGS = {
  serving: {
    domains: { 'functions.example.org': {}, 'internal.example.org': { selector: { team: 'ops' } } },
    network: { domainTemplate: '{{.Name}}-{{.Namespace}}.{{.Domain}}', autocreateClusterDomainClaims: true, externalDomainTls: true, httpProtocol: 'Redirected' as const, defaultExternalScheme: 'https' },
    autoscaler: { maxScaleLimit: 50, maxScale: 20, stableWindow: '90s' },
    features: { 'kubernetes.podspec-affinity': 'Enabled' as const },
    securePodDefaults: 'Enabled' as const,
    defaults: { maxRevisionTimeoutSeconds: 900, revisionTimeoutSeconds: 600 },
  },
  eventing: { defaultBrokerClass: 'Kafka', features: { 'authentication-oidc': 'Enabled' as const } },
};

/** What two settings resolve to, for a round trip through the manifests. */
function resolved(s: ClusterSettings): unknown {
  const features = (['kubernetes.podspec-affinity', 'multi-container', 'tag-header-based-routing'] as const).map((f) => s.servingFeature(f));
  const evFeatures = (['authentication-oidc', 'delivery-timeout', 'transport-encryption'] as const).map((f) => s.eventingFeature(f));
  return {
    features, evFeatures, secure: s.securePodDefaults, defaults: s.servingDefaults, autoscaler: s.autoscaler, network: s.servingNetwork,
    domains: s.servingDomains, eventing: s.eventing,
  };
}

describe('KnativeInstall, operator mode', () => {
  function build(over: Partial<KnativeInstallProps> = {}) {
    const app = quietApp();
    const m = mesh(app, { strictMtls: true, ingressGatewaySelector: { istio: 'ingress', app: 'gw' } });
    const { install: inst } = install({ mode: KnativeInstallMode.operator(), mesh: m, ...SETTINGS, highAvailability: { replicas: 3 }, ...over }, app);
    return { app, inst, m };
  }

  test('installs namespaces, the operator chart and the two Knative objects in phases, after the mesh', () => {
    const { app, inst, m } = build();
    expect(synthErrors(app)).toEqual([]);
    expect(inst.components.map((c) => [c.componentName, c.phase])).toEqual([
      ['knative-namespaces', Phase.FOUNDATION], ['knative-operator', Phase.CONTROLLERS], ['knative-serving', Phase.CONFIGURATION], ['knative-eventing', Phase.CONFIGURATION],
    ]);
    const op = component(inst, 'knative-operator');
    expect(op.helm).toEqual({ chart: { repository: 'https://knative.github.io/operator', chart: 'knative-operator', version: 'v1.23.0' }, releaseName: 'knative-operator', namespace: 'knative-operator', values: {} });
    expect(op.healthChecks.map((h) => h.name)).toEqual(['knative-operator', 'operator-webhook', 'knativeservings.operator.knative.dev', 'knativeeventings.operator.knative.dev']);
    // CONTROLLERS components wait for the mesh's control plane and gateway, not for its CONFIGURATION-phase policy.
    expect(op.dependsOn.map((d) => d.componentName)).toEqual(['istiod', 'istio-ingress', 'knative-namespaces']);
    const serving = component(inst, 'knative-serving');
    expect(serving.dependsOn).toEqual(expect.arrayContaining([...m.readyComponents, op]));
    expect(serving.healthChecks).toEqual([{ apiVersion: 'operator.knative.dev/v1beta1', kind: 'KnativeServing', name: 'knative-serving', namespace: 'knative-serving', condition: 'Ready' }]);
    const order = componentsInOrder(app).map((c) => c.componentName);
    expect(order.indexOf('istiod')).toBeLessThan(order.indexOf('knative-operator'));
    expect(order.indexOf('knative-operator')).toBeLessThan(order.indexOf('knative-serving'));
    expect(inst.readyComponents.map((c) => c.componentName)).toEqual(['knative-serving', 'knative-eventing']);
  });

  test('KnativeServing carries the typed configuration, the mesh gateway selector and the HA replicas', () => {
    const { app, inst } = build();
    expect(synthErrors(app)).toEqual([]);
    const ks = find(objectsOf(component(inst, 'knative-serving')), 'KnativeServing', 'knative-serving', 'knative-serving');
    expect(ks.apiVersion).toBe('operator.knative.dev/v1beta1');
    expect(ks.spec.version).toBe('1.23.0');
    expect(ks.spec['high-availability']).toEqual({ replicas: 3 });
    expect(ks.spec.ingress).toEqual({ istio: { enabled: true, 'knative-ingress-gateway': { selector: { app: 'gw', istio: 'ingress' } }, 'knative-local-gateway': { selector: { app: 'gw', istio: 'ingress' } } } });
    expect(ks.spec.services).toEqual([{ name: 'knative-local-gateway', selector: { app: 'gw', istio: 'ingress' } }]);
    expect(ks.spec.config.network).toEqual({
      'autocreate-cluster-domain-claims': 'true', 'default-external-scheme': 'https', 'domain-template': '{{.Name}}-{{.Namespace}}.{{.Domain}}',
      'external-domain-tls': 'Enabled', 'http-protocol': 'Redirected',
    });
    expect(ks.spec.config.domain).toEqual({ 'functions.example.org': '', 'internal.example.org': 'selector:\n  team: ops\n' });
    expect(ks.spec.config.features).toEqual({ 'kubernetes.podspec-affinity': 'enabled', 'secure-pod-defaults': 'Enabled' });
    expect(ks.spec.config.istio['external-gateways']).toBe('- name: knative-ingress-gateway\n  namespace: knative-serving\n  service: istio-ingressgateway.istio-system.svc.cluster.local\n');
    const ke = find(objectsOf(component(inst, 'knative-eventing')), 'KnativeEventing', 'knative-eventing', 'knative-eventing');
    expect(ke.spec.defaultBrokerClass).toBe('Kafka');
    expect(ke.spec.config.features).toEqual({ 'authentication-oidc': 'enabled' });
    expect(ke.spec.config['br-defaults']['default-br-config']).toContain('brokerClass: Kafka');
  });

  test('namespaces get sidecar injection under STRICT mTLS, and not otherwise', () => {
    const { app, inst } = build();
    expect(synthErrors(app)).toEqual([]);
    const ns = objectsOf(component(inst, 'knative-namespaces'));
    expect(ns.map((n) => [n.metadata.name, n.metadata.labels])).toEqual([
      ['knative-operator', undefined], ['knative-serving', { 'istio-injection': 'enabled' }], ['knative-eventing', { 'istio-injection': 'enabled' }],
    ]);
    const app2 = quietApp();
    const { install: plain } = install({ mode: KnativeInstallMode.operator(), mesh: mesh(app2), serving: {} }, app2);
    expect(objectsOf(component(plain, 'knative-namespaces')).map((n) => n.metadata.labels)).toEqual([undefined, undefined]);
  });

  test('install options reach config-deployment, config-certmanager, config-gc and config-br-default-channel', () => {
    const { app, inst } = build({
      servingInstall: {
        deployment: { registriesSkippingTagResolving: ['kind.local', 'registry.example.org'], progressDeadline: Duration.minutes(5), digestResolutionTimeout: Duration.seconds(20), queueSidecar: { cpuRequest: '50m', memoryLimit: '1Gi' } },
        certManager: { issuerRef: { kind: 'ClusterIssuer', name: 'letsencrypt' }, clusterLocalIssuerRef: { kind: 'Issuer', name: 'local', group: 'cert-manager.io' } },
        gc: { retainSinceCreateTime: 'disabled', retainSinceLastActiveTime: Duration.hours(2), minNonActiveRevisions: 2, maxNonActiveRevisions: 10 },
      },
      eventingInstall: { brokerChannel: { apiVersion: 'messaging.knative.dev/v1beta1', kind: 'KafkaChannel', spec: { numPartitions: 3 } } },
    });
    expect(synthErrors(app)).toEqual([]);
    const config = find(objectsOf(component(inst, 'knative-serving')), 'KnativeServing', 'knative-serving').spec.config;
    expect(config.deployment).toEqual({
      'digest-resolution-timeout': '20s', 'progress-deadline': '5m0s', 'queue-sidecar-cpu-request': '50m', 'queue-sidecar-memory-limit': '1Gi',
      'registries-skipping-tag-resolving': 'kind.local,registry.example.org',
    });
    expect(config.certmanager).toEqual({ issuerRef: 'kind: ClusterIssuer\nname: letsencrypt\n', clusterLocalIssuerRef: 'kind: Issuer\nname: local\ngroup: cert-manager.io\n' });
    expect(config.gc).toEqual({ 'max-non-active-revisions': '10', 'min-non-active-revisions': '2', 'retain-since-create-time': 'disabled', 'retain-since-last-active-time': '2h0m0s' });
    const ev = find(objectsOf(component(inst, 'knative-eventing')), 'KnativeEventing', 'knative-eventing').spec.config;
    expect(ev['br-default-channel']).toEqual({ 'channel-template-spec': 'apiVersion: messaging.knative.dev/v1beta1\nkind: KafkaChannel\nspec:\n  numPartitions: 3\n' });
  });

  test('the app\'s services are validated against the installed configuration', () => {
    const { app } = build();
    const team = new Chart(app, 'team', { namespace: 'team' });
    expect(ClusterSettings.of(team).servingFeature('kubernetes.podspec-affinity')).toBe('Enabled');
    expect(ClusterSettings.of(team).eventing.defaultBrokerClass).toBe('Kafka');
    new KnativeService(team, 'fn', { metadata: { name: 'fn' }, containers: [{ image: 'registry.example.org/fn:1' }], timeout: Duration.seconds(800) });
    expect(synthErrors(app)).toEqual([]);
    // 1000 s is beyond the installed max-revision-timeout-seconds (900).
    const app2 = quietApp();
    install({ mode: KnativeInstallMode.operator(), ...SETTINGS }, app2);
    new KnativeService(new Chart(app2, 'team', { namespace: 'team' }), 'fn', { metadata: { name: 'fn' }, containers: [{ image: 'registry.example.org/fn:1' }], timeout: Duration.seconds(1000) });
    expect(synthErrors(app2).join('\n')).toMatch(/timeoutSeconds.*900/);
  });

  test('ClusterSettings.fromManifests reads back the settings it was given', () => {
    const { app, inst } = build();
    const docs = synthDocs(app).filter((d) => d.kind === 'KnativeServing' || d.kind === 'KnativeEventing');
    expect(docs).toHaveLength(2);
    expect(resolved(ClusterSettings.fromManifests(docs))).toEqual(resolved(inst.settings));
    expect(resolved(ClusterSettings.fromManifests(docs))).toEqual(resolved(new ClusterSettings(SETTINGS)));
  });

  test('without a mesh, Istio is assumed as net-istio expects it; another ingress class enables the operator\'s plugin for it, or none', () => {
    const { app, install: inst } = install({ mode: KnativeInstallMode.operator(), serving: {} });
    expect(synthErrors(app)).toEqual([]);
    expect(find(allObjects(inst), 'KnativeServing', 'knative-serving').spec.ingress).toEqual({ istio: { enabled: true } });
    const { app: app2, install: other } = install({ mode: KnativeInstallMode.operator(), serving: { network: { ingressClass: 'kourier.ingress.networking.knative.dev' } } });
    expect(synthErrors(app2)).toEqual([]);
    expect(find(allObjects(other), 'KnativeServing', 'knative-serving').spec.ingress).toEqual({ istio: { enabled: false }, kourier: { enabled: true } });
    const { install: own } = install({ mode: KnativeInstallMode.operator(), serving: { network: { ingressClass: 'example.ingress.networking.knative.dev' } } });
    expect(find(allObjects(own), 'KnativeServing', 'knative-serving').spec.ingress).toEqual({ istio: { enabled: false } });
    expect(other.components.map((c) => c.componentName)).not.toContain('knative-eventing');
  });

  test('synth is byte-identical twice', () => {
    const a = build().app.synthYaml();
    const b = build().app.synthYaml();
    expect(a).toBe(b);
  });
});

describe('KnativeInstall, release manifests (committed fixture)', () => {
  function build(over: Partial<KnativeInstallProps> = {}, from = FIXTURE) {
    const app = quietApp();
    const m = mesh(app, { strictMtls: true, ingressGatewaySelector: { istio: 'edge' }, ingressGatewayNamespace: 'istio-ingress', ingressGatewayService: 'edge-gateway' });
    const { install: inst } = install({ mode: KnativeInstallMode.releaseManifests({ from }), mesh: m, ...SETTINGS, highAvailability: { replicas: 3 }, ...over }, app);
    return { app, inst, m };
  }

  test('objects are placed by kind: namespaces+CRDs, ConfigMaps before controllers, resources, post-install Jobs', () => {
    const { app, inst } = build();
    expect(synthErrors(app)).toEqual([]);
    expect(inst.components.map((c) => [c.componentName, c.phase])).toEqual([
      ['knative-crds', Phase.FOUNDATION],
      ['knative-serving-config', Phase.CONTROLLERS], ['knative-serving', Phase.CONTROLLERS], ['knative-serving-resources', Phase.CONFIGURATION], ['knative-serving-post-install', Phase.CONFIGURATION],
      ['knative-eventing-config', Phase.CONTROLLERS], ['knative-eventing', Phase.CONTROLLERS], ['knative-eventing-post-install', Phase.CONFIGURATION],
    ]);
    const kinds = (id: string) => [...new Set(objectsOf(component(inst, id)).map((o) => o.kind))].sort();
    expect(kinds('knative-crds')).toEqual(['CustomResourceDefinition', 'Namespace']);
    expect(kinds('knative-serving-config')).toEqual(['ConfigMap']);
    expect(kinds('knative-serving')).toEqual(['ClusterRoleBinding', 'Deployment', 'HorizontalPodAutoscaler', 'PeerAuthentication', 'Service', 'ServiceAccount', 'ValidatingWebhookConfiguration']);
    expect(kinds('knative-serving-resources')).toEqual(['Gateway', 'Image']);
    expect(kinds('knative-serving-post-install')).toEqual(['Job']);
    expect(kinds('knative-eventing-post-install')).toEqual(['Job', 'ServiceAccount']);
    // Controllers start only after their ConfigMaps; components of the same phase keep that order.
    expect(component(inst, 'knative-serving').dependsOn.map((d) => d.componentName)).toEqual(['istiod', 'istio-ingress', 'knative-crds', 'knative-serving-config']);
    const order = componentsInOrder(app).map((c) => c.componentName);
    expect(order.indexOf('knative-serving-config')).toBeLessThan(order.indexOf('knative-serving'));
    expect(component(inst, 'knative-serving').healthChecks.map((h) => h.name)).toEqual(['activator', 'controller', 'webhook', 'net-istio-controller']);
    expect(component(inst, 'knative-crds').healthChecks.map((h) => `${h.name} ${h.condition}`)).toEqual(['images.caching.internal.knative.dev Established', 'clusterdomainclaims.networking.internal.knative.dev Established', 'brokers.eventing.knative.dev Established']);
  });

  test('the typed configuration is merged over the release ConfigMaps, keeping what the release sets', () => {
    const { app, inst } = build({ servingInstall: { gc: { minNonActiveRevisions: 1 }, deployment: { queueSidecar: { cpuRequest: '10m' } } } });
    expect(synthErrors(app)).toEqual([]);
    const cms = objectsOf(component(inst, 'knative-serving-config'));
    const deployment = find(cms, 'ConfigMap', 'config-deployment', 'knative-serving');
    expect(deployment.data['queue-sidecar-image']).toMatch(/^gcr.io\/knative-releases\/knative.dev\/serving\/cmd\/queue@sha256:/);
    expect(deployment.data['queue-sidecar-cpu-request']).toBe('10m');
    expect(find(cms, 'ConfigMap', 'config-gc').data).toEqual({ 'min-non-active-revisions': '1' });
    expect(find(cms, 'ConfigMap', 'config-network').data['http-protocol']).toBe('Redirected');
    expect(find(cms, 'ConfigMap', 'config-istio').data).toEqual({
      'external-gateways': '- name: knative-ingress-gateway\n  namespace: knative-serving\n  service: edge-gateway.istio-ingress.svc.cluster.local\n',
      'local-gateways': '- name: knative-local-gateway\n  namespace: knative-serving\n  service: knative-local-gateway.istio-ingress.svc.cluster.local\n',
    });
    const ev = objectsOf(component(inst, 'knative-eventing-config'));
    expect(find(ev, 'ConfigMap', 'config-br-defaults', 'knative-eventing').data['default-br-config']).toContain('brokerClass: Kafka');
    expect(find(ev, 'ConfigMap', 'config-features', 'knative-eventing').data['authentication-oidc']).toBe('enabled');
  });

  test('one ingress Gateway definition, net-istio\'s, pointed at the mesh gateway; the local gateway Service moves to the mesh', () => {
    const { app, inst } = build();
    expect(synthErrors(app)).toEqual([]);
    const res = objectsOf(component(inst, 'knative-serving-resources'));
    expect(res.filter((o) => o.kind === 'Gateway').map((g) => [g.metadata.name, g.spec.selector])).toEqual([
      ['knative-ingress-gateway', { istio: 'edge' }], ['knative-local-gateway', { istio: 'edge' }],
    ]);
    const svc = find(objectsOf(component(inst, 'knative-serving')), 'Service', 'knative-local-gateway');
    expect(svc.metadata.namespace).toBe('istio-ingress');
    expect(svc.spec.selector).toEqual({ istio: 'edge' });
    const ns = objectsOf(component(inst, 'knative-crds')).filter((o) => o.kind === 'Namespace');
    expect(ns.map((n) => [n.metadata.name, n.metadata.labels['istio-injection']])).toEqual([['knative-serving', 'enabled'], ['knative-eventing', 'enabled']]);
  });

  test('high availability scales Deployments and raises HPAs as the operator does', () => {
    const { app, inst } = build();
    expect(synthErrors(app)).toEqual([]);
    const all = allObjects(inst);
    expect(find(all, 'Deployment', 'controller', 'knative-serving').spec.replicas).toBe(3);
    expect(find(all, 'Deployment', 'eventing-controller').spec.replicas).toBe(3);
    // HPA-scaled Deployments keep their replicas; their HPA's minimum rises, the maximum with it.
    expect(find(all, 'Deployment', 'activator').spec.replicas).toBeUndefined();
    expect(find(all, 'HorizontalPodAutoscaler', 'activator').spec).toMatchObject({ minReplicas: 3, maxReplicas: 22 });
    expect(find(all, 'HorizontalPodAutoscaler', 'broker-filter-hpa').spec).toMatchObject({ minReplicas: 3, maxReplicas: 12 });
    expect(find(all, 'Deployment', 'pingsource-mt-adapter').spec.replicas).toBe(0);
  });

  test('post-install Jobs get deterministic names and no TTL, or are left out', () => {
    const { app, inst } = build();
    expect(synthErrors(app)).toEqual([]);
    const jobs = allObjects(inst).filter((o) => o.kind === 'Job');
    expect(jobs.map((j) => [j.metadata.name, j.metadata.generateName, j.spec.ttlSecondsAfterFinished])).toEqual([
      ['storage-version-migration-serving-v1-23-0', undefined, undefined], ['storage-version-migration-eventing-v1-23-0', undefined, undefined],
    ]);
    expect(component(inst, 'knative-serving-post-install').healthChecks).toEqual([{ apiVersion: 'batch/v1', kind: 'Job', name: 'storage-version-migration-serving-v1-23-0', namespace: 'knative-serving', condition: 'Complete' }]);
    const { app: app2, install: omit } = install({ mode: KnativeInstallMode.releaseManifests({ from: FIXTURE, postInstallJobs: 'omit' }), serving: {}, eventing: {} });
    expect(synthErrors(app2)).toEqual([]);
    expect(allObjects(omit).filter((o) => o.kind === 'Job')).toEqual([]);
  });

  test('optional release files follow the configuration: HPA autoscaler, eventing TLS, channel and broker', () => {
    const { app, install: inst } = install({
      mode: KnativeInstallMode.releaseManifests({ from: FIXTURE }),
      serving: { autoscaler: { podAutoscalerClass: 'hpa.autoscaling.knative.dev' } },
      eventing: { features: { 'transport-encryption': 'Enabled' } },
      eventingInstall: { inMemoryChannel: false, mtChannelBroker: false },
    });
    expect(synthErrors(app)).toEqual([]);
    const names = allObjects(inst).map((o) => o.metadata.name);
    expect(names).toContain('autoscaler-hpa');
    expect(names).toContain('imc-dispatcher-server-tls');
    expect(names).not.toContain('imc-controller');
    expect(names).not.toContain('mt-broker-filter');
    // Without a mesh: the release's gateways stay as upstream ships them.
    expect(find(allObjects(inst), 'Gateway', 'knative-ingress-gateway').spec.selector).toEqual({ istio: 'ingressgateway' });
  });

  test('ClusterSettings.fromManifests reads back the settings it was given', () => {
    const { app, inst } = build();
    const docs = synthDocs(app);
    expect(resolved(ClusterSettings.fromManifests(docs))).toEqual(resolved(inst.settings));
    expect(resolved(ClusterSettings.fromManifests(docs))).toEqual(resolved(new ClusterSettings(SETTINGS)));
  });

  test('synth is byte-identical twice', () => {
    expect(build().app.synthYaml()).toBe(build().app.synthYaml());
  });

  test('settings the app declared before are layered under the install\'s, and rendered with them', () => {
    const app = quietApp();
    ClusterSettings.apply(app, { serving: { network: { ingressClass: 'kourier.ingress.networking.knative.dev' }, features: { 'multi-container': 'Disabled' } } });
    const inst = new KnativeInstall(app, 'knative', { mode: KnativeInstallMode.releaseManifests({ from: FIXTURE }), serving: { features: { 'kubernetes.podspec-affinity': 'Enabled' } } });
    expect(synthErrors(app)).toEqual([]);
    const all = allObjects(inst);
    // Another ingress: net-istio is not installed.
    expect(all.filter((o) => o.kind === 'Gateway' || o.metadata.name === 'net-istio-controller')).toEqual([]);
    expect(find(all, 'ConfigMap', 'config-network').data['ingress-class']).toBe('kourier.ingress.networking.knative.dev');
    expect(find(all, 'ConfigMap', 'config-features').data).toMatchObject({ 'multi-container': 'disabled', 'kubernetes.podspec-affinity': 'enabled' });
    expect(ClusterSettings.of(new Chart(app, 'team')).servingFeature('multi-container')).toBe('Disabled');
  });

  test('URLs: the GitHub releases of each repository, or a flat mirror', () => {
    expect(releaseUrl(KNATIVE_GITHUB_RELEASES, { name: 'serving-core.yaml', repo: 'serving' }, '1.23.0')).toBe('https://github.com/knative/serving/releases/download/knative-v1.23.0/serving-core.yaml');
    expect(releaseUrl('https://github.com/knative/', { name: 'net-istio.yaml', repo: 'net-istio' }, '1.23.0')).toBe('https://github.com/knative/net-istio/releases/download/knative-v1.23.0/net-istio.yaml');
    expect(releaseUrl('https://mirror.example.org/knative/1.23', { name: 'eventing-core.yaml', repo: 'eventing' }, '1.23.0')).toBe('https://mirror.example.org/knative/1.23/eventing-core.yaml');
  });
});

(HAVE_SHARED ? describe : describe.skip)('KnativeInstall, release manifests (the real Knative 1.23 files in ../shared)', () => {
  let built: { app: ReturnType<typeof quietApp>; inst: KnativeInstall; docs: any[] };
  beforeAll(() => {
    const app = quietApp();
    const m = mesh(app, { strictMtls: true });
    const inst = new KnativeInstall(app, 'knative', { mode: KnativeInstallMode.releaseManifests({ from: SHARED }), mesh: m, ...SETTINGS, highAvailability: { replicas: 2 } });
    built = { app, inst, docs: synthDocs(app) };
  });

  test('every object of the release files is placed and the whole install validates', () => {
    const { inst, docs } = built;
    const count = (id: string) => objectsOf(component(inst, id)).length;
    // serving-core 59 (its 12 CRDs repeat serving-crds) + net-istio 13 + post-install 2; eventing core 103, IMC 23, MT broker 20, post-install 4.
    expect(docs.length).toBe(59 + 13 + 2 + 103 + 23 + 20 + 4);
    expect(count('knative-crds')).toBe(2 + 12 + 17 + 1);
    expect(count('knative-serving-config')).toBe(12 + 1);
    expect(count('knative-serving-resources')).toBe(4);
    expect(count('knative-eventing-config')).toBe(13 + 1);
    expect(objectsOf(component(inst, 'knative-eventing')).some((o) => o.kind === 'ConfigMap')).toBe(false);
    expect(docs.every((d) => d.metadata.name && !d.metadata.generateName)).toBe(true);
  });

  test('ClusterSettings.fromManifests reads back the settings it was given', () => {
    expect(resolved(ClusterSettings.fromManifests(built.docs))).toEqual(resolved(new ClusterSettings(SETTINGS)));
  });
});
if (!HAVE_SHARED) test.skip(`the real Knative 1.23 release files are not at ${SHARED}: only the committed fixture is tested`, () => undefined);

describe('KnativeInstall reports every mistake at synth, naming the install and the field', () => {
  const errorsOf = (props: Partial<KnativeInstallProps>, app = quietApp()): string[] => {
    install({ mode: KnativeInstallMode.operator(), serving: {}, ...props } as KnativeInstallProps, app);
    return synthErrors(app);
  };

  test.each([
    ['not semver', { mode: KnativeInstallMode.operator({ version: '1.x' }) }, /\[knative\] mode\.version: target version v1\.x is not in a valid semantic versioning format \(value: "1\.x"/],
    ['major only', { mode: KnativeInstallMode.operator({ version: '1' }) }, /mode\.version: target version v1 should at least include the major and minor numbers/],
    ['not shipped', { mode: KnativeInstallMode.operator({ version: '1.19.0' }) }, /mode\.version: the manifests of the target version 1\.19\.0 are not available to this release .*allowed: 1\.20\.0, .*1\.23\.0\)/],
    ['chart range', { mode: KnativeInstallMode.operator({ chartVersion: '^1.23' }) }, /mode\.chartVersion: must be an exact chart version/],
    ['operator namespace', { mode: KnativeInstallMode.operator({ namespace: 'Knative_Operator' }) }, /mode\.namespace: must be a DNS-1123 label/],
    ['nothing', { serving: undefined }, /\[knative\] serving: installs nothing/],
    ['servingInstall alone', { serving: undefined, eventing: {}, servingInstall: {} }, /servingInstall: is set, but Serving is not installed/],
    ['eventingInstall alone', { eventingInstall: {} }, /eventingInstall: is set, but Eventing is not installed/],
    ['HA zero', { highAvailability: { replicas: 0 } }, /highAvailability\.replicas: must be an integer of 1\.\.2147483647 \(value: 0/],
    ['HA NaN', { highAvailability: { replicas: NaN } }, /highAvailability\.replicas: must be an integer .*\(value: NaN/],
    ['gc min > max', { servingInstall: { gc: { minNonActiveRevisions: 5, maxNonActiveRevisions: 2 } } }, /servingInstall\.gc\.minNonActiveRevisions: min-non-active-revisions\(5\) must be <= max-non-active-revisions\(2\)/],
    ['gc default min > max', { servingInstall: { gc: { maxNonActiveRevisions: 2 } } }, /min-non-active-revisions\(20\) must be <= max-non-active-revisions\(2\)/],
    ['gc negative', { servingInstall: { gc: { minNonActiveRevisions: -1 } } }, /servingInstall\.gc\.minNonActiveRevisions: must be an integer of 0\.\./],
    ['gc duration', { servingInstall: { gc: { retainSinceCreateTime: Duration.seconds(NaN) } } }, /servingInstall\.gc\.retainSinceCreateTime: must be a finite, non-negative duration/],
    ['progress deadline', { servingInstall: { deployment: { progressDeadline: Duration.millis(1500) } } }, /servingInstall\.deployment\.progressDeadline: must be rounded to a whole second/],
    ['digest timeout', { servingInstall: { deployment: { digestResolutionTimeout: Duration.seconds(0) } } }, /servingInstall\.deployment\.digestResolutionTimeout: cannot be a non-positive duration/],
    ['quantity', { servingInstall: { deployment: { queueSidecar: { memoryRequest: '1 GB' } } } }, /servingInstall\.deployment\.queueSidecar\.memoryRequest: queue-sidecar-memory-request must be a Kubernetes quantity \(value: "1 GB"/],
    ['registries', { servingInstall: { deployment: { registriesSkippingTagResolving: ['a.example,b.example'] } } }, /servingInstall\.deployment\.registriesSkippingTagResolving: each entry must be a registry host name/],
    ['issuer name', { servingInstall: { certManager: { issuerRef: { kind: 'ClusterIssuer', name: 'Lets Encrypt' } } } }, /servingInstall\.certManager\.issuerRef\.name: invalid issuer name/],
    ['issuer kind', { servingInstall: { certManager: { issuerRef: { kind: 'Vault' as 'Issuer', name: 'v' } } } }, /servingInstall\.certManager\.issuerRef\.kind: issuerRef should be either ClusterIssuer or Issuer/],
    ['broker channel', { eventing: {}, eventingInstall: { brokerChannel: { apiVersion: 'messaging.knative.dev/v1', kind: '' } } }, /eventingInstall\.brokerChannel\.kind: a channel template needs its kind/],
    ['imc off in operator mode', { eventing: {}, eventingInstall: { inMemoryChannel: false } }, /eventingInstall\.inMemoryChannel: cannot be turned off in operator mode/],
    ['settings', { serving: { autoscaler: { initialScale: 0 } } }, /\[knative\] serving\.autoscaler\.initialScale: initial-scale = 0, must be at least 0 \(or at least 1 when allow-zero-initial-scale is false\)/],
  ] as [string, Partial<KnativeInstallProps>, RegExp][])('%s', (_name, props, expected) => {
    const errors = errorsOf(props);
    expect(errors.join('\n')).toMatch(expected);
  });

  test('mesh mistakes: another ingress class, an empty selector, a bad namespace, a gateway outside istio-system in operator mode', () => {
    const app = quietApp();
    const m = mesh(app, { ingressGatewaySelector: {}, ingressGatewayNamespace: 'edge', ingressGatewayService: 'Edge_GW' });
    const errors = errorsOf({ mesh: m, serving: { network: { ingressClass: 'kourier.ingress.networking.knative.dev' } } }, app);
    expect(errors).toEqual(expect.arrayContaining([
      expect.stringMatching(/^\[knative\] serving\.network\.ingressClass: names another ingress than the Istio mesh .*value: "kourier/),
      expect.stringMatching(/^\[knative\] mesh\.ingressGatewaySelector: is empty/),
      expect.stringMatching(/^\[knative\] mesh\.ingressGatewayService: must be a DNS-1123 label \(value: "Edge_GW"/),
    ]));
    const app2 = quietApp();
    expect(errorsOf({ mesh: mesh(app2, { ingressGatewayNamespace: 'edge' }) }, app2).join('\n'))
      .toMatch(/mesh\.ingressGatewayNamespace: the Knative Operator creates the knative-local-gateway Service in istio-system/);
  });

  test('release-mode mistakes: no folder, a missing file, a missing ConfigMap, an unknown Job handling', () => {
    const rel = (from: string, extra = {}) => errorsOf({ mode: KnativeInstallMode.releaseManifests({ from, ...extra }) });
    expect(rel('/nonexistent/knative').join('\n')).toMatch(/\[knative\] mode\.from: \/nonexistent\/knative is not a folder/);
    const partial = fs.mkdtempSync(`${require('os').tmpdir()}/kn-partial-`);
    fs.copyFileSync(`${FIXTURE}/serving-core.yaml`, `${partial}/serving-core.yaml`);
    expect(rel(partial).join('\n')).toMatch(/mode\.from: no net-istio\.yaml \(or N-net-istio\.yaml\) under/);
    const noCm = fs.mkdtempSync(`${require('os').tmpdir()}/kn-nocm-`);
    for (const f of fs.readdirSync(FIXTURE)) fs.copyFileSync(`${FIXTURE}/${f}`, `${noCm}/${f}`);
    fs.writeFileSync(`${noCm}/serving-core.yaml`, fs.readFileSync(`${noCm}/serving-core.yaml`, 'utf8').replace(/name: config-domain/, 'name: config-domain-renamed'));
    const app = quietApp();
    install({ mode: KnativeInstallMode.releaseManifests({ from: noCm }), serving: { domains: { 'example.org': {} } } }, app);
    expect(synthErrors(app).join('\n')).toMatch(/mode\.from: the release manifests have no ConfigMap knative-serving\/config-domain, which the configuration sets/);
    expect(rel(FIXTURE, { postInstallJobs: 'hooks' }).join('\n')).toMatch(/mode\.postInstallJobs: unknown post-install Job handling \(value: "hooks"; allowed: named, omit\)/);
    const broken = fs.mkdtempSync(`${require('os').tmpdir()}/kn-broken-`);
    fs.writeFileSync(`${broken}/serving-core.yaml`, 'kind: [unclosed');
    expect(rel(broken).join('\n')).toMatch(/mode\.from: .*serving-core\.yaml: not valid YAML/);
  });

  test('all mistakes at once, and nothing written', () => {
    const app = quietApp();
    install({ mode: KnativeInstallMode.operator({ version: 'x' }), serving: { autoscaler: { maxScaleDownRate: 1 } }, highAvailability: { replicas: -1 }, servingInstall: { gc: { minNonActiveRevisions: 1.5 } } }, app);
    const errors = synthErrors(app);
    expect(errors).toHaveLength(4);
    for (const e of errors) expect(e).toMatch(/^\[knative\] \S+: /);
    expect(fs.readdirSync(app.outdir)).toEqual([]);
  });

  test('a second install in one app is an error; a version the validator does not target is a warning', () => {
    const app = quietApp();
    install({ mode: KnativeInstallMode.operator(), serving: {} }, app);
    new KnativeInstall(app, 'again', { mode: KnativeInstallMode.operator(), eventing: {} });
    expect(synthErrors(app).join('\n')).toMatch(/\[again\] id: the app already installs Knative at knative/);
    const { install: old } = install({ mode: KnativeInstallMode.operator({ version: '1.22' }), serving: {} });
    expect(warningsOf(old).map((w) => w.message)).toEqual(['installs Knative 1.22, but the validator checks applications against Knative 1.23']);
  });

  test('programming errors TypeScript would catch throw a TypeError', () => {
    expect(() => new KnativeInstall(quietApp(), 'k', undefined as unknown as KnativeInstallProps)).toThrow(TypeError);
    expect(() => new KnativeInstall(quietApp(), 'k', { mode: 'operator' } as unknown as KnativeInstallProps)).toThrow(/mode' must be a KnativeInstallMode/);
    expect(() => KnativeInstallMode.releaseManifests({} as { from: string })).toThrow(/'from' is required/);
  });
});
