/**
 * ClusterSettings <-> Knative's configuration: toConfigMapData renders every setting under
 * upstream's ConfigMap and key, fromManifests reads ConfigMaps and operator objects back.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { ClusterSettings, ClusterSettingsProps, EVENTING_FEATURE_FLAGS, SERVING_FEATURE_FLAGS } from '../../lib/core/cluster-settings';
import { readSettingsManifests } from '../../lib/core/cluster-settings-manifests';

const SHARED = path.join(__dirname, '..', '..', '..', 'shared', 'manifests', 'knative');
const haveShared = fs.existsSync(SHARED);
if (!haveShared) {
  // eslint-disable-next-line no-console
  console.warn(`skipping the release-manifest tests: ${SHARED} is absent (the shared material is not checked out beside the repo)`);
}
const sharedTest = haveShared ? test : test.skip;

function yamlObjects(file: string): Record<string, any>[] {
  return parseAllDocuments(fs.readFileSync(file, 'utf8')).map((d) => d.toJS()).filter((o) => o && typeof o === 'object');
}

let release: Record<string, any>[] | undefined;
function releaseObjects(): Record<string, any>[] {
  if (release) return release;
  const out: Record<string, any>[] = release = [];
  for (const component of ['serving', 'eventing']) {
    const dir = path.join(SHARED, component, '1.23.0');
    for (const f of fs.readdirSync(dir).sort()) out.push(...yamlObjects(path.join(dir, f)));
  }
  return out;
}

/** Everything a ClusterSettings resolves to, for comparing two of them. */
function resolved(s: ClusterSettings): Record<string, unknown> {
  return {
    serving: Object.fromEntries(SERVING_FEATURE_FLAGS.map((f) => [f, s.servingFeature(f)])),
    eventingFeatures: Object.fromEntries(EVENTING_FEATURE_FLAGS.map((f) => [f, s.eventingFeature(f)])),
    securePodDefaults: s.securePodDefaults, defaults: s.servingDefaults, autoscaler: s.autoscaler, network: s.servingNetwork,
    domains: s.servingDomains, eventing: s.eventing,
  };
}

/** ConfigMap objects for toConfigMapData's output. */
function asConfigMaps(data: Record<string, Record<string, Record<string, string>>>): Record<string, unknown>[] {
  return Object.entries(data).flatMap(([namespace, cms]) =>
    Object.entries(cms).map(([name, d]) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace }, data: d })));
}

/** The `_example` block of a release ConfigMap as data: each documented key with its documented value. */
function exampleData(cm: Record<string, any>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of String(cm.data?._example ?? '').split('\n')) {
    const m = /^([\w.-]+):\s*"([^"]*)"/.exec(line);
    if (m) out[m[1]] = m[2];
  }
  return out;
}

describe('the release manifests of Knative 1.23', () => {
  sharedTest('their ConfigMaps read as the stock settings', () => {
    const objects = releaseObjects();
    const read = readSettingsManifests(objects);
    expect(read.problems).toEqual([]);
    expect(read.sources).toEqual(expect.arrayContaining([
      'ConfigMap knative-serving/config-autoscaler', 'ConfigMap knative-serving/config-features', 'ConfigMap knative-eventing/config-br-defaults',
      'ConfigMap knative-eventing/default-ch-webhook', 'ConfigMap knative-eventing/config-features', 'ConfigMap knative-eventing/config-ping-defaults',
    ]));
    expect(resolved(ClusterSettings.fromManifests(objects))).toEqual(resolved(ClusterSettings.STOCK));
  });

  sharedTest('the values their _example blocks document are the stock defaults (but the example resource requests and limits)', () => {
    const examples: Record<string, unknown>[] = [];
    for (const cm of releaseObjects().filter((o) => o.kind === 'ConfigMap' && o.metadata.namespace === 'knative-serving')) {
      if (!['config-autoscaler', 'config-defaults', 'config-features', 'config-network'].includes(cm.metadata.name)) continue;
      const data = exampleData(cm);
      for (const k of Object.keys(data)) if (/^revision-(cpu|memory|ephemeral-storage)-/.test(k)) delete data[k];
      expect(Object.keys(data).length).toBeGreaterThanOrEqual(10);
      examples.push({ ...cm, data });
    }
    expect(examples).toHaveLength(4);
    expect(resolved(ClusterSettings.fromManifests(examples))).toEqual(resolved(ClusterSettings.STOCK));
  });

  sharedTest('every Serving and Eventing feature flag of the release is modelled', () => {
    const objects = releaseObjects();
    const servingFlags = Object.keys(exampleData(objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === 'config-features' && o.metadata.namespace === 'knative-serving')!));
    expect([...SERVING_FEATURE_FLAGS, 'secure-pod-defaults'].sort()).toEqual(servingFlags.sort());
    const eventingFlags = Object.keys(objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === 'config-features' && o.metadata.namespace === 'knative-eventing')!.data);
    expect([...EVENTING_FEATURE_FLAGS, 'default-authorization-mode'].sort()).toEqual(eventingFlags.sort());
  });
});

/** A value other than stock for every setting. */
const EVERYTHING: ClusterSettingsProps = {
  serving: {
    features: Object.fromEntries(SERVING_FEATURE_FLAGS.map((f) => [f, f === 'multi-container' ? 'Disabled' : 'Allowed'])),
    securePodDefaults: 'AllowRootBounded',
    defaults: {
      revisionTimeoutSeconds: 250, maxRevisionTimeoutSeconds: 900, revisionResponseStartTimeoutSeconds: 60, revisionIdleTimeoutSeconds: 120,
      revisionCpuRequest: '100m', revisionCpuLimit: '1', revisionMemoryRequest: '64Mi', revisionMemoryLimit: '256Mi',
      revisionEphemeralStorageRequest: '100M', revisionEphemeralStorageLimit: '1G',
      containerNameTemplate: '{{.Name}}', initContainerNameTemplate: '{{.Name}}-init', containerConcurrency: 10,
      containerConcurrencyMaxLimit: 500, allowContainerConcurrencyZero: false, enableServiceLinks: 'default',
    },
    autoscaler: {
      podAutoscalerClass: 'hpa.autoscaling.knative.dev', allowZeroInitialScale: true, initialScale: 0, minScale: 1, maxScale: 20,
      maxScaleLimit: 40, enableScaleToZero: false, containerConcurrencyTargetPercentage: 85, containerConcurrencyTargetDefault: 50,
      requestsPerSecondTargetDefault: 150, targetBurstCapacity: -1, stableWindow: '2m0s', panicWindowPercentage: 20,
      panicThresholdPercentage: 150, maxScaleUpRate: 100, maxScaleDownRate: 4, scaleToZeroGracePeriod: '45s',
      scaleToZeroPodRetentionPeriod: '1m', scaleDownDelay: '15s', activatorCapacity: 50,
    },
    network: {
      autocreateClusterDomainClaims: true, ingressClass: 'kourier.ingress.networking.knative.dev', certificateClass: 'other.certificate',
      domainTemplate: '{{.Name}}-{{.Namespace}}.{{.Domain}}', tagTemplate: '{{.Name}}-{{.Tag}}', externalDomainTls: true,
      clusterLocalDomainTls: true, systemInternalTls: true, httpProtocol: 'Redirected', defaultExternalScheme: 'https',
      rolloutDurationSeconds: 60, enableMeshPodAddressability: true, meshCompatibilityMode: 'disabled',
    },
    domains: { 'example.com': {}, 'internal.example.com': { selector: { visibility: 'internal', team: 'a' } } },
  },
  eventing: {
    features: Object.fromEntries(EVENTING_FEATURE_FLAGS.map((f) => [f, f === 'delivery-timeout' ? 'Disabled' : 'Enabled'])),
    defaultAuthorizationMode: 'deny-all', oidcDiscoveryBaseUrl: 'https://issuer.example.com', requestReplyDefaultTimeout: 'PT1M',
    brokerDefaults: {
      clusterDefault: {
        brokerClass: 'Kafka', config: { apiVersion: 'v1', kind: 'ConfigMap', name: 'kafka-broker-config', namespace: 'knative-eventing' },
        delivery: { retry: 5, backoffPolicy: 'linear', backoffDelay: 'PT1S', deadLetterSink: { uri: 'http://dls.default.svc' } },
        brokerClasses: { MTChannelBasedBroker: { config: { apiVersion: 'v1', kind: 'ConfigMap', name: 'config-br-default-channel', namespace: 'knative-eventing' } } },
        disallowDifferentNamespaceConfig: true,
      },
      namespaceDefaults: { 'team-a': { brokerClass: 'MTChannelBasedBroker', delivery: { retry: 1 } } },
    },
    channelDefaults: {
      clusterDefault: { apiVersion: 'messaging.knative.dev/v1beta1', kind: 'KafkaChannel', spec: { numPartitions: 3 } },
      namespaceDefaults: { dev: { apiVersion: 'messaging.knative.dev/v1', kind: 'InMemoryChannel' } },
    },
    pingDataMaxSize: 4096,
  },
};

describe('toConfigMapData and fromManifests', () => {
  test('every setting of the fixture differs from stock (so the round trip covers them all)', () => {
    const all = resolved(new ClusterSettings(EVERYTHING)) as Record<string, Record<string, unknown>>;
    const stock = resolved(ClusterSettings.STOCK) as Record<string, Record<string, unknown>>;
    for (const section of ['serving', 'eventingFeatures', 'defaults', 'autoscaler', 'network', 'eventing']) {
      for (const [k, v] of Object.entries(all[section])) {
        if (section === 'network' && k === 'clusterDomain') continue; // the cluster's DNS domain, no Knative key
        expect([section, k, v]).not.toEqual([section, k, stock[section][k]]);
      }
    }
  });

  test('round trip: every setting renders to a ConfigMap key and reads back unchanged', () => {
    const s = new ClusterSettings(EVERYTHING);
    const back = ClusterSettings.fromManifests(asConfigMaps(s.toConfigMapData()));
    expect(back.props).toEqual(EVERYTHING);
    expect(resolved(back)).toEqual(resolved(s));
  });

  test('upstream spelling: lower-case flags, Go durations, Enabled/Disabled TLS, config-domain selector YAML, YAML blobs', () => {
    const data = new ClusterSettings(EVERYTHING).toConfigMapData();
    const serving = data['knative-serving'];
    const eventing = data['knative-eventing'];
    expect(serving['config-features']['kubernetes.podspec-affinity']).toBe('allowed');
    expect(serving['config-features']['secure-pod-defaults']).toBe('AllowRootBounded');
    expect(serving['config-autoscaler']).toMatchObject({ 'stable-window': '2m0s', 'initial-scale': '0', 'allow-zero-initial-scale': 'true', 'container-concurrency-target-percentage': '85' });
    expect(serving['config-defaults']).toMatchObject({ 'container-name-template': '{{.Name}}', 'enable-service-links': 'default', 'revision-cpu-request': '100m' });
    expect(serving['config-network']).toMatchObject({ 'external-domain-tls': 'Enabled', 'cluster-local-domain-tls': 'Enabled', 'http-protocol': 'Redirected', 'rollout-duration': '60' });
    expect(serving['config-domain']).toEqual({ 'example.com': '', 'internal.example.com': 'selector:\n  visibility: internal\n  team: a\n' });
    expect(eventing['config-features']).toMatchObject({ 'kreference-group': 'enabled', 'delivery-timeout': 'disabled', 'default-authorization-mode': 'deny-all' });
    expect(eventing['config-ping-defaults']).toEqual({ 'data-max-size': '4096' });
    expect(eventing['default-ch-webhook']['default-ch-config']).toBe(
      'clusterDefault:\n  apiVersion: messaging.knative.dev/v1beta1\n  kind: KafkaChannel\n  spec:\n    numPartitions: 3\n'
      + 'namespaceDefaults:\n  dev:\n    apiVersion: messaging.knative.dev/v1\n    kind: InMemoryChannel\n');
    expect(eventing['config-br-defaults']['default-br-config']).toMatch(/^clusterDefault:\n  brokerClass: Kafka\n  apiVersion: v1\n  kind: ConfigMap\n  name: kafka-broker-config\n  namespace: knative-eventing\n  delivery:\n/);
  });

  test('a target percentage up to 1 is written as a fraction, as upstream reads it', () => {
    for (const p of [1, 0.5, 70, 100]) {
      const data = new ClusterSettings({ serving: { autoscaler: { containerConcurrencyTargetPercentage: p } } }).toConfigMapData();
      expect(ClusterSettings.fromManifests(asConfigMaps(data)).autoscaler.containerConcurrencyTargetPercentage).toBe(p);
    }
    expect(new ClusterSettings({ serving: { autoscaler: { containerConcurrencyTargetPercentage: 1 } } }).toConfigMapData()['knative-serving']['config-autoscaler'])
      .toEqual({ 'container-concurrency-target-percentage': '0.01' });
  });

  test('the broker shortcuts render the whole default-br-config over the release one', () => {
    const data = new ClusterSettings({ eventing: { defaultBrokerClass: 'Kafka' } }).toConfigMapData();
    expect(data['knative-eventing']['config-br-defaults']['default-br-config']).toBe(
      'clusterDefault:\n  brokerClass: Kafka\n  apiVersion: v1\n  kind: ConfigMap\n  name: config-br-default-channel\n  namespace: knative-eventing\n'
      + '  delivery:\n    retry: 10\n    backoffPolicy: exponential\n    backoffDelay: PT0.2S\n');
  });
});

describe('fromManifests on a platform team\'s configuration', () => {
  const objects = yamlObjects(path.join(__dirname, 'fixtures', 'knative-config.yaml'));
  const s = ClusterSettings.fromManifests(objects);

  test('ConfigMaps in the Knative namespaces, legacy spellings, fractions as percentages', () => {
    expect(s.autoscaler).toMatchObject({ allowZeroInitialScale: true, initialScale: 0, maxScaleLimit: 50, containerConcurrencyTargetPercentage: 80, stableWindow: '2m' });
    expect(s.servingFeature('kubernetes.podspec-affinity')).toBe('Enabled');
    expect(s.servingFeature('kubernetes.podspec-fieldref')).toBe('Allowed');
    expect(s.securePodDefaults).toBe('Enabled');
    // team-a's own config-features is no Knative ConfigMap.
    expect(s.servingFeature('kubernetes.podspec-hostnetwork')).toBe('Disabled');
    expect(s.domainForLabels({})).toBe('example.com');
    expect(s.domainForLabels({ visibility: 'internal' })).toBe('internal.example.com');
  });

  test('KnativeServing and KnativeEventing spec.config, with or without the config- prefix, and spec.defaultBrokerClass', () => {
    expect(s.servingDefaults).toMatchObject({ maxRevisionTimeoutSeconds: 900, containerNameTemplate: '{{.Name}}' });
    expect(s.servingNetwork).toMatchObject({ externalDomainTls: true, httpProtocol: 'Redirected' });
    expect(s.eventingFeature('kreference-group')).toBe('Enabled');
    expect(s.eventing.defaultAuthorizationMode).toBe('deny-all');
    expect(s.channelTemplateFor('prod')).toEqual({ apiVersion: 'messaging.knative.dev/v1beta1', kind: 'KafkaChannel', spec: { numPartitions: 3 } });
    expect(s.channelTemplateFor('dev')?.kind).toBe('InMemoryChannel');
    expect(s.eventing.defaultBrokerClass).toBe('Kafka');
    expect(s.brokerConfigFor('x', 'Kafka')?.config?.name).toBe('kafka-broker-config');
    expect(s.brokerConfigSameNamespace('team-strict')).toBe(true);
    const read = readSettingsManifests(objects);
    expect(read.sources).toEqual([
      'ConfigMap knative-serving/config-autoscaler', 'ConfigMap knative-serving/config-features', 'ConfigMap knative-serving/config-domain',
      'KnativeServing knative-serving/knative-serving', 'KnativeEventing knative-eventing/knative-eventing',
    ]);
  });

  test('later objects win key by key', () => {
    const cm = (data: Record<string, string>) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'config-autoscaler', namespace: 'knative-serving' }, data });
    const t = ClusterSettings.fromManifests([cm({ 'initial-scale': '3', 'max-scale-limit': '9', 'max-scale': '5' }), cm({ 'initial-scale': '2' })]);
    expect(t.autoscaler).toMatchObject({ initialScale: 2, maxScaleLimit: 9, maxScale: 5 });
  });

  test('values Knative\'s config webhook would reject throw, naming object and key', () => {
    const bad = [
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'config-autoscaler', namespace: 'knative-serving' }, data: { 'initial-scale': 'one', 'stable-window': '60' } },
      { apiVersion: 'operator.knative.dev/v1beta1', kind: 'KnativeServing', metadata: { name: 'ks', namespace: 'knative-serving' }, spec: { config: { network: { 'http-protocol': 'sometimes' } } } },
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'config-br-defaults', namespace: 'knative-eventing' }, data: {} },
    ];
    expect(() => ClusterSettings.fromManifests(bad)).toThrow(
      'cluster settings: ConfigMap knative-serving/config-autoscaler: initial-scale: "one" not an integer; '
      + 'ConfigMap knative-serving/config-autoscaler: stable-window: "60" not a Go duration (e.g. 30s, 1m30s); '
      + 'KnativeServing knative-serving/ks: spec.config.network: http-protocol: "sometimes" not supported (allowed: Enabled, Disabled, Redirected); '
      + 'ConfigMap knative-eventing/config-br-defaults: missing (or empty) key "default-br-config"');
  });
});
