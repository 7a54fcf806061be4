/**
 * ClusterSettings under random settings: applied to an app with a Service and a Broker, each
 * case ends in a synth error naming the setting (what the config webhook would refuse) or in
 * valid output; and settings that have no problems survive toConfigMapData -> fromManifests.
 */
import fc from 'fast-check';
import { ClusterSettings, ClusterSettingsProps, EVENTING_FEATURE_FLAGS, SERVING_FEATURE_FLAGS } from '../../lib/core/cluster-settings';
import { Broker } from '../../lib/eventing';
import { KnativeService } from '../../lib/serving';
import { arb, fuzz, FUZZ_RUNS, FUZZ_SEED } from './harness';

const state = fc.constantFrom('Enabled' as const, 'Disabled' as const, 'Allowed' as const);
const opt = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined, freq: 2 });
const int = () => fc.oneof(fc.integer({ min: -2, max: 1200 }), arb.number());
const goDuration = () => fc.oneof(
  fc.constantFrom('0s', '30s', '60s', '1m30s', '2h', '1500ms', '-1s', '5s', 'soon', ''),
  fc.integer({ min: 0, max: 4000 }).map((n) => `${n}s`),
);
const quantity = () => fc.constantFrom('100m', '1', '128Mi', '1.5Gi', 'lots', '');
const template = () => fc.constantFrom('user-container', '{{.Name}}', '{{.Name}}-{{.Namespace}}', 'queue-proxy', 'Bad_Name', '{{if .Name}}x{{end}}', '{{.Labels.app}}');
const ref = fc.record({ apiVersion: fc.constantFrom('v1'), kind: fc.constantFrom('ConfigMap', 'Secret'), name: arb.name(), namespace: opt(fc.constantFrom('knative-eventing', 'fuzz', 'other')) },
  { requiredKeys: ['apiVersion', 'kind', 'name'], noNullPrototype: true });
const delivery = fc.record({ retry: opt(int()), backoffPolicy: opt(fc.constantFrom('exponential' as const, 'linear' as const)), backoffDelay: opt(fc.constantFrom('PT0.2S', 'PT1S', 'soon')) },
  { requiredKeys: [], noNullPrototype: true });
const brokerLevel = fc.record({
  brokerClass: opt(fc.constantFrom('MTChannelBasedBroker', 'Kafka', 'Custom')), config: opt(ref), delivery: opt(delivery),
  disallowDifferentNamespaceConfig: opt(fc.boolean()),
}, { requiredKeys: [], noNullPrototype: true });

const props: fc.Arbitrary<ClusterSettingsProps> = fc.record({
  serving: fc.record({
    features: opt(fc.dictionary(fc.constantFrom(...SERVING_FEATURE_FLAGS), state, { maxKeys: 4, noNullPrototype: true })),
    securePodDefaults: opt(fc.constantFrom('Disabled' as const, 'Enabled' as const, 'AllowRootBounded' as const)),
    defaults: opt(fc.record({
      revisionTimeoutSeconds: opt(int()), maxRevisionTimeoutSeconds: opt(int()), revisionResponseStartTimeoutSeconds: opt(int()),
      revisionIdleTimeoutSeconds: opt(int()), revisionCpuRequest: opt(quantity()), revisionMemoryLimit: opt(quantity()),
      containerNameTemplate: opt(template()), initContainerNameTemplate: opt(template()), containerConcurrency: opt(int()),
      containerConcurrencyMaxLimit: opt(int()), allowContainerConcurrencyZero: opt(fc.boolean()),
      enableServiceLinks: opt(fc.constantFrom(true, false, 'default' as const)),
    }, { requiredKeys: [], noNullPrototype: true })),
    autoscaler: opt(fc.record({
      allowZeroInitialScale: opt(fc.boolean()), initialScale: opt(int()), minScale: opt(int()), maxScale: opt(int()), maxScaleLimit: opt(int()),
      containerConcurrencyTargetPercentage: opt(fc.oneof(fc.constantFrom(0.5, 1, 70, 100, 101, 0), arb.number())),
      stableWindow: opt(goDuration()), scaleDownDelay: opt(goDuration()), scaleToZeroGracePeriod: opt(goDuration()),
      maxScaleUpRate: opt(arb.number()), targetBurstCapacity: opt(fc.constantFrom(-1, -2, 0, 211)),
    }, { requiredKeys: [], noNullPrototype: true })),
    network: opt(fc.record({
      externalDomainTls: opt(fc.boolean()), httpProtocol: opt(fc.constantFrom('Enabled' as const, 'Disabled' as const, 'Redirected' as const)),
      rolloutDurationSeconds: opt(int()), domainTemplate: opt(fc.constantFrom('{{.Name}}.{{.Namespace}}.{{.Domain}}', '{{.Name}}.{{.Domain}}')),
    }, { requiredKeys: [], noNullPrototype: true })),
    domains: opt(fc.dictionary(fc.constantFrom('example.com', 'a.example.org', 'svc.cluster.local'),
      fc.record({ selector: opt(fc.dictionary(fc.constantFrom('app', 'team'), fc.string({ maxLength: 8 }), { maxKeys: 2, noNullPrototype: true })) }, { requiredKeys: [], noNullPrototype: true }),
      { maxKeys: 2, noNullPrototype: true })),
  }, { requiredKeys: [], noNullPrototype: true }),
  eventing: fc.record({
    features: opt(fc.dictionary(fc.constantFrom(...EVENTING_FEATURE_FLAGS), state, { maxKeys: 3, noNullPrototype: true })),
    defaultBrokerClass: opt(fc.constantFrom('MTChannelBasedBroker', 'Kafka')),
    brokerDefaults: opt(fc.record({
      clusterDefault: opt(brokerLevel),
      namespaceDefaults: opt(fc.dictionary(fc.constantFrom('fuzz', 'other'), brokerLevel, { maxKeys: 2, noNullPrototype: true })),
    }, { requiredKeys: [], noNullPrototype: true })),
    channelDefaults: opt(fc.record({
      clusterDefault: opt(fc.record({ apiVersion: fc.constantFrom('messaging.knative.dev/v1'), kind: fc.constantFrom('InMemoryChannel', 'KafkaChannel'),
        spec: opt(fc.dictionary(fc.constantFrom('numPartitions', 'replicationFactor'), fc.integer({ min: 1, max: 9 }), { maxKeys: 2, noNullPrototype: true })) },
      { requiredKeys: ['apiVersion', 'kind'], noNullPrototype: true })),
    }, { requiredKeys: [], noNullPrototype: true })),
    pingDataMaxSize: opt(int()),
  }, { requiredKeys: [], noNullPrototype: true }),
}, { requiredKeys: [], noNullPrototype: true });

fuzz({
  name: 'ClusterSettings',
  arbitrary: props,
  build(chart, value) {
    ClusterSettings.apply(chart, value);
    new KnativeService(chart, 'svc', { metadata: { name: 'svc' }, containers: [{ image: 'ghcr.io/example/app:1', securityContext: { user: 65532 } }] });
    new Broker(chart, 'broker', { metadata: { name: 'default' } });
  },
});

test('settings without problems survive toConfigMapData -> fromManifests', () => {
  fc.assert(fc.property(props, (p) => {
    const s = new ClusterSettings(p);
    const data = s.toConfigMapData();
    const objects = Object.entries(data).flatMap(([namespace, cms]) =>
      Object.entries(cms).map(([name, d]) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace }, data: d })));
    if (s.problems().length) {
      expect(() => ClusterSettings.fromManifests(objects)).toThrow(/^cluster settings: /);
      return;
    }
    const back = ClusterSettings.fromManifests(objects);
    expect(back.toConfigMapData()).toEqual(data);
    // As JSON: Go integers have no -0.
    const json = (x: ClusterSettings) => JSON.parse(JSON.stringify([x.servingDefaults, x.autoscaler, x.servingNetwork, x.eventing, x.servingDomains]));
    expect(json(back)).toEqual(json(s));
  }), { numRuns: FUZZ_RUNS, seed: FUZZ_SEED });
});
