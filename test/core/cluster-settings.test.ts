import { App, Chart } from 'cdk8s';
import { synthErrors } from '../helpers';
import { ClusterSettings } from '../../lib/core/cluster-settings';

test('stock settings match a default Knative install', () => {
  const s = ClusterSettings.STOCK;
  expect(s.servingFeature('multi-container')).toBe('Enabled');
  expect(s.servingFeature('kubernetes.podspec-affinity')).toBe('Disabled');
  expect(s.servingDefaults).toMatchObject({ revisionTimeoutSeconds: 300, maxRevisionTimeoutSeconds: 600, containerConcurrency: 0, containerConcurrencyMaxLimit: 1000, allowContainerConcurrencyZero: true });
  expect(s.autoscaler.allowZeroInitialScale).toBe(false);
  expect(s.eventingFeature('delivery-timeout')).toBe('Enabled');
  expect(s.eventing.defaultBrokerClass).toBe('MTChannelBasedBroker');
  expect(s.istio.rootNamespace).toBe('istio-system');
  expect(s.toConfigMapData()).toEqual({});
});

test('declared settings override stock ones and render as Knative ConfigMap data', () => {
  const s = new ClusterSettings({
    serving: { features: { 'kubernetes.podspec-affinity': 'Enabled' }, securePodDefaults: 'Enabled', autoscaler: { allowZeroInitialScale: true } },
    eventing: { features: { 'kreference-group': 'Enabled' } },
  });
  expect(s.servingFeatureOn('kubernetes.podspec-affinity')).toBe(true);
  expect(s.autoscaler.allowZeroInitialScale).toBe(true);
  expect(s.toConfigMapData()).toEqual({
    'knative-serving': {
      'config-features': { 'kubernetes.podspec-affinity': 'enabled', 'secure-pod-defaults': 'Enabled' },
      'config-autoscaler': { 'allow-zero-initial-scale': 'true' },
    },
    'knative-eventing': { 'config-features': { 'kreference-group': 'enabled' } },
  });
});

test('stock config-defaults, config-autoscaler and config-network equal Knative 1.23 Go defaults', () => {
  const s = ClusterSettings.STOCK;
  expect(s.servingDefaults).toEqual({
    revisionTimeoutSeconds: 300, maxRevisionTimeoutSeconds: 600, revisionResponseStartTimeoutSeconds: 300, revisionIdleTimeoutSeconds: 0,
    revisionCpuRequest: undefined, revisionCpuLimit: undefined, revisionMemoryRequest: undefined, revisionMemoryLimit: undefined,
    revisionEphemeralStorageRequest: undefined, revisionEphemeralStorageLimit: undefined,
    containerNameTemplate: 'user-container', initContainerNameTemplate: 'init-container',
    containerConcurrency: 0, containerConcurrencyMaxLimit: 1000, allowContainerConcurrencyZero: true, enableServiceLinks: false,
  });
  expect(s.autoscaler).toEqual({
    podAutoscalerClass: 'kpa.autoscaling.knative.dev', allowZeroInitialScale: false, initialScale: 1, minScale: 0, maxScale: 0,
    maxScaleLimit: 0, enableScaleToZero: true, containerConcurrencyTargetPercentage: 70, containerConcurrencyTargetDefault: 100,
    requestsPerSecondTargetDefault: 200, targetBurstCapacity: 211, stableWindow: '60s', panicWindowPercentage: 10,
    panicThresholdPercentage: 200, maxScaleUpRate: 1000, maxScaleDownRate: 2, scaleToZeroGracePeriod: '30s',
    scaleToZeroPodRetentionPeriod: '0s', scaleDownDelay: '0s', activatorCapacity: 100,
  });
  expect(s.servingNetwork).toMatchObject({
    ingressClass: 'istio.ingress.networking.knative.dev', certificateClass: 'cert-manager.certificate.networking.knative.dev',
    domainTemplate: '{{.Name}}.{{.Namespace}}.{{.Domain}}', tagTemplate: '{{.Tag}}-{{.Name}}', externalDomainTls: false,
    clusterLocalDomainTls: false, httpProtocol: 'Enabled', defaultExternalScheme: 'http', autocreateClusterDomainClaims: false,
  });
  expect(s.servingFeature('queueproxy.mount-podinfo')).toBe('Disabled');
  expect(s.servingFeature('kubernetes.podspec-volumes-emptydir')).toBe('Enabled');
});

test('the response-start timeout follows revision-timeout-seconds unless set', () => {
  expect(new ClusterSettings({ serving: { defaults: { revisionTimeoutSeconds: 120 } } }).servingDefaults.revisionResponseStartTimeoutSeconds).toBe(120);
  expect(new ClusterSettings({ serving: { defaults: { revisionTimeoutSeconds: 120, revisionResponseStartTimeoutSeconds: 30 } } })
    .servingDefaults.revisionResponseStartTimeoutSeconds).toBe(30);
});

test('config-domain: svc.cluster.local by default; the most specific selector wins, ties by name', () => {
  expect(ClusterSettings.STOCK.servingDomains).toEqual({ 'svc.cluster.local': {} });
  expect(ClusterSettings.STOCK.domainForLabels({})).toBe('svc.cluster.local');
  const s = new ClusterSettings({ serving: { domains: { 'example.com': {}, 'example.org': { selector: { app: 'nonprofit' } }, 'a.org': { selector: { app: 'nonprofit' } } } } });
  expect(s.servingDomains).toEqual({ 'example.com': {}, 'example.org': { selector: { app: 'nonprofit' } }, 'a.org': { selector: { app: 'nonprofit' } } });
  expect(s.domainForLabels({ app: 'shop' })).toBe('example.com');
  expect(s.domainForLabels({ app: 'nonprofit' })).toBe('a.org');
  expect(s.domainForLabels({ 'networking.knative.dev/visibility': 'cluster-local' })).toBe('svc.cluster.local');
  // Only selector domains: the default is still added, as upstream does.
  expect(new ClusterSettings({ serving: { domains: { 'x.org': { selector: { a: 'b' } } } } }).domainForLabels({})).toBe('svc.cluster.local');
});

describe('config-br-defaults', () => {
  test('stock: MTChannelBasedBroker with config-br-default-channel and 10 exponential retries', () => {
    const s = ClusterSettings.STOCK;
    expect(s.brokerClassFor('default')).toBe('MTChannelBasedBroker');
    expect(s.brokerConfigFor('default', undefined)).toEqual({
      config: { apiVersion: 'v1', kind: 'ConfigMap', name: 'config-br-default-channel', namespace: 'knative-eventing' },
      delivery: { retry: 10, backoffPolicy: 'exponential', backoffDelay: 'PT0.2S' },
    });
    expect(s.brokerConfigSameNamespace('default')).toBe(false);
  });

  const kafka = { apiVersion: 'v1', kind: 'ConfigMap', name: 'kafka-broker-config', namespace: 'knative-eventing' };
  const teamCm = { apiVersion: 'v1', kind: 'ConfigMap', name: 'team-config', namespace: 'team' };
  const s = new ClusterSettings({
    eventing: {
      brokerDefaults: {
        clusterDefault: {
          brokerClass: 'MTChannelBasedBroker', config: { apiVersion: 'v1', kind: 'ConfigMap', name: 'config-br-default-channel', namespace: 'knative-eventing' },
          brokerClasses: { Kafka: { config: kafka, delivery: { retry: 3 } } },
        },
        namespaceDefaults: {
          team: { brokerClass: 'Kafka', config: teamCm, disallowDifferentNamespaceConfig: true },
          other: { brokerClass: 'Kafka' },
        },
      },
    },
  });

  test('namespace defaults pick the class, then the namespace config, then the cluster config of that class (GetBrokerConfig)', () => {
    expect(s.brokerClassFor('team')).toBe('Kafka');
    expect(s.brokerClassFor('elsewhere')).toBe('MTChannelBasedBroker');
    expect(s.brokerConfigFor('team', undefined)).toEqual({ config: teamCm, delivery: undefined });
    expect(s.brokerConfigFor('other', undefined)).toEqual({ config: kafka, delivery: { retry: 3 } });
    expect(s.brokerConfigFor('elsewhere', 'Kafka')).toEqual({ config: kafka, delivery: { retry: 3 } });
    expect(s.brokerConfigFor('elsewhere', 'Unknown')?.config?.name).toBe('config-br-default-channel');
    expect(s.brokerConfigSameNamespace('team')).toBe(true);
    expect(s.brokerConfigSameNamespace('other')).toBe(false);
  });

  test('defaultBrokerClass and disallowDifferentNamespaceConfig shortcuts win over the cluster level', () => {
    const t = new ClusterSettings({ eventing: { defaultBrokerClass: 'Kafka', disallowDifferentNamespaceConfig: true } });
    expect(t.eventing.defaultBrokerClass).toBe('Kafka');
    expect(t.brokerClassFor('x')).toBe('Kafka');
    expect(t.brokerConfigSameNamespace('x')).toBe(true);
    expect(t.eventing.brokerDefaults.clusterDefault?.config?.name).toBe('config-br-default-channel');
  });
});

test('default-ch-webhook: namespace defaults, else the cluster default (GetChannelConfig)', () => {
  expect(ClusterSettings.STOCK.channelTemplateFor('x')).toEqual({ apiVersion: 'messaging.knative.dev/v1', kind: 'InMemoryChannel' });
  const s = new ClusterSettings({
    eventing: {
      channelDefaults: {
        clusterDefault: { apiVersion: 'messaging.knative.dev/v1beta1', kind: 'KafkaChannel', spec: { numPartitions: 3 } },
        namespaceDefaults: { dev: { apiVersion: 'messaging.knative.dev/v1', kind: 'InMemoryChannel' } },
      },
    },
  });
  expect(s.channelTemplateFor('prod')).toEqual({ apiVersion: 'messaging.knative.dev/v1beta1', kind: 'KafkaChannel', spec: { numPartitions: 3 } });
  expect(s.channelTemplateFor('dev')?.kind).toBe('InMemoryChannel');
  expect(s.channelTemplateFor('constructor')?.kind).toBe('KafkaChannel');
});

test('layer: the top settings win key by key; YAML-blob settings are replaced whole', () => {
  const base = new ClusterSettings({
    serving: { features: { 'kubernetes.podspec-affinity': 'Enabled' }, autoscaler: { initialScale: 2 } },
    eventing: { brokerDefaults: { clusterDefault: { brokerClass: 'Kafka', delivery: { retry: 1 } } } },
  });
  const top = ClusterSettings.layer(base, {
    serving: { features: { 'kubernetes.podspec-fieldref': 'Enabled' }, autoscaler: { maxScaleLimit: 10 } },
    eventing: { brokerDefaults: { clusterDefault: { brokerClass: 'Other' } } },
  });
  expect(top.servingFeature('kubernetes.podspec-affinity')).toBe('Enabled');
  expect(top.servingFeature('kubernetes.podspec-fieldref')).toBe('Enabled');
  expect(top.autoscaler).toMatchObject({ initialScale: 2, maxScaleLimit: 10 });
  expect(top.eventing.brokerDefaults).toEqual({ clusterDefault: { brokerClass: 'Other' } });
});

describe('problems(): what the config webhooks refuse', () => {
  const problems = (props: ConstructorParameters<typeof ClusterSettings>[0]) => new ClusterSettings(props).problems().map((p) => `${p.prop}: ${p.message}`);

  test('stock and sensible settings have none', () => {
    expect(ClusterSettings.STOCK.problems()).toEqual([]);
    expect(problems({ serving: { autoscaler: { initialScale: 0, allowZeroInitialScale: true, maxScaleLimit: 10, maxScale: 10 } } })).toEqual([]);
  });

  test('types: non-integers, non-finite numbers, bad durations and quantities', () => {
    expect(problems({
      serving: {
        defaults: { revisionTimeoutSeconds: 1.5, revisionCpuRequest: 'lots' },
        autoscaler: { maxScaleUpRate: NaN, stableWindow: '60', initialScale: 2 ** 31 },
      },
      eventing: { pingDataMaxSize: Infinity },
    })).toEqual([
      'serving.defaults.revisionTimeoutSeconds: revision-timeout-seconds must be an integer',
      'serving.defaults.revisionCpuRequest: revision-cpu-request must be a Kubernetes quantity',
      'serving.autoscaler.initialScale: initial-scale must be an integer',
      'serving.autoscaler.stableWindow: stable-window must be a Go duration',
      'serving.autoscaler.maxScaleUpRate: max-scale-up-rate must be a finite number',
      'eventing.pingDataMaxSize: data-max-size must be an integer',
    ]);
  });

  test('upstream cross-checks of config-defaults and config-autoscaler', () => {
    expect(problems({ serving: { defaults: { revisionTimeoutSeconds: 700 } } })).toEqual([
      'serving.defaults.revisionTimeoutSeconds: revision-timeout-seconds (700) cannot be greater than max-revision-timeout-seconds (600)',
    ]);
    expect(problems({ serving: { defaults: { revisionTimeoutSeconds: 100, revisionResponseStartTimeoutSeconds: 200 } } })).toEqual([
      'serving.defaults.revisionResponseStartTimeoutSeconds: revision-response-start-timeout-seconds (200) cannot be greater than revision-timeout-seconds (100)',
    ]);
    expect(problems({ serving: { defaults: { containerConcurrency: 2000 } } })).toEqual(['serving.defaults.containerConcurrency: expected 0 <= 2000 <= 1000: container-concurrency']);
    expect(problems({ serving: { autoscaler: { initialScale: 0 } } })).toEqual([
      'serving.autoscaler.initialScale: initial-scale = 0, must be at least 0 (or at least 1 when allow-zero-initial-scale is false)',
    ]);
    expect(problems({ serving: { autoscaler: { maxScaleLimit: 10 } } })).toEqual(['serving.autoscaler.maxScale: max-scale = 0, must be in [1, max-scale-limit(10)] range']);
    expect(problems({ serving: { autoscaler: { minScale: 5, maxScale: 3 } } })).toEqual(['serving.autoscaler.minScale: min-scale (5) must be less than max-scale (3)']);
    expect(problems({ serving: { autoscaler: { stableWindow: '2s', scaleDownDelay: '1500ms', scaleToZeroGracePeriod: '0s', maxScaleDownRate: 1, containerConcurrencyTargetPercentage: 0 } } })).toEqual([
      'serving.autoscaler.scaleToZeroGracePeriod: scale-to-zero-grace-period must be positive, was: 0s',
      'serving.autoscaler.scaleDownDelay: scale-down-delay = 1500ms, must be specified with at most second precision',
      'serving.autoscaler.containerConcurrencyTargetPercentage: container-concurrency-target-percentage is outside of valid range of (0, 100]',
      'serving.autoscaler.maxScaleDownRate: max-scale-down-rate must be greater than 1.0',
      'serving.autoscaler.stableWindow: stable-window = 2s, must be in [6s; 1h0m0s] range',
    ]);
  });

  test('ClusterSettings.apply reports them at synth on the scope', () => {
    const app = new App();
    ClusterSettings.apply(app, { serving: { autoscaler: { initialScale: 0 } } });
    new Chart(app, 'c');
    expect(synthErrors(app).join('\n')).toContain('ClusterSettings.serving.autoscaler.initialScale: initial-scale = 0, must be at least 0 (or at least 1 when allow-zero-initial-scale is false) (value: 0; allowed: >= 1, or set allowZeroInitialScale)');
  });
});
