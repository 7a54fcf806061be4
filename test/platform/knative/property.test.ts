/**
 * For any valid typed configuration, what either mode renders reads back (ClusterSettings.fromManifests)
 * as the configuration it was given.
 */
import fc from 'fast-check';
import { ClusterSettings, ClusterSettingsProps, EVENTING_FEATURE_FLAGS, SERVING_FEATURE_FLAGS } from '../../../lib/core/cluster-settings';
import { KnativeInstall, KnativeInstallMode } from '../../../lib/platform/knative';
import { allObjects, FIXTURE, quietApp } from './support';

const opt = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined, freq: 2 });
const rec = <T>(model: { [K in keyof T]: fc.Arbitrary<T[K]> }) => fc.record(model, { requiredKeys: [], noNullPrototype: true });
const state = fc.constantFrom('Enabled' as const, 'Disabled' as const, 'Allowed' as const);

/** Valid settings only: each value within what the config webhooks accept. */
const settings: fc.Arbitrary<ClusterSettingsProps> = fc.record({
  serving: rec({
    features: opt(fc.dictionary(fc.constantFrom(...SERVING_FEATURE_FLAGS), state, { maxKeys: 5, noNullPrototype: true })),
    securePodDefaults: opt(fc.constantFrom('Disabled' as const, 'Enabled' as const, 'AllowRootBounded' as const)),
    defaults: opt(fc.integer({ min: 1, max: 3600 }).chain((max) => rec({
      maxRevisionTimeoutSeconds: fc.constant(max), revisionTimeoutSeconds: opt(fc.integer({ min: 1, max })),
      containerConcurrency: opt(fc.integer({ min: 0, max: 1000 })), enableServiceLinks: opt(fc.constantFrom(true, false, 'default' as const)),
    }).map((d) => (d.revisionTimeoutSeconds === undefined ? { ...d, revisionTimeoutSeconds: Math.min(300, max) } : d)))),
    autoscaler: opt(fc.integer({ min: 0, max: 100 }).chain((limit) => rec({
      maxScaleLimit: fc.constant(limit), maxScale: fc.integer({ min: limit > 0 ? 1 : 0, max: limit > 0 ? limit : 1000 }),
      stableWindow: opt(fc.integer({ min: 6, max: 3600 }).map((s) => `${s}s`)), targetBurstCapacity: opt(fc.oneof(fc.constant(-1), fc.integer({ min: 0, max: 1000 }))),
      enableScaleToZero: opt(fc.boolean()), allowZeroInitialScale: opt(fc.boolean()), containerConcurrencyTargetPercentage: opt(fc.integer({ min: 2, max: 100 })),
    }).map((a) => ({ ...a, maxScale: a.maxScale ?? (limit || 0) })))),
    network: opt(rec({
      domainTemplate: opt(fc.constantFrom('{{.Name}}.{{.Namespace}}.{{.Domain}}', '{{.Name}}-{{.Namespace}}.{{.Domain}}')),
      autocreateClusterDomainClaims: opt(fc.boolean()), externalDomainTls: opt(fc.boolean()), clusterLocalDomainTls: opt(fc.boolean()),
      httpProtocol: opt(fc.constantFrom('Enabled' as const, 'Disabled' as const, 'Redirected' as const)), defaultExternalScheme: opt(fc.constantFrom('http', 'https')),
      rolloutDurationSeconds: opt(fc.integer({ min: 0, max: 3600 })), certificateClass: opt(fc.constantFrom('cert-manager.certificate.networking.knative.dev')),
    })),
    domains: opt(fc.dictionary(fc.stringMatching(/^[a-z]{1,6}\.example\.org$/),
      rec({ selector: opt(fc.dictionary(fc.constantFrom('team', 'app'), fc.stringMatching(/^[a-z]{1,6}$/), { minKeys: 1, maxKeys: 2, noNullPrototype: true })) }),
      { maxKeys: 3, noNullPrototype: true })),
  }),
  eventing: rec({
    features: opt(fc.dictionary(fc.constantFrom(...EVENTING_FEATURE_FLAGS.filter((f) => f !== 'transport-encryption')), state, { maxKeys: 4, noNullPrototype: true })),
    defaultBrokerClass: opt(fc.constantFrom('MTChannelBasedBroker', 'Kafka', 'RabbitMQBroker')),
    defaultAuthorizationMode: opt(fc.constantFrom('allow-same-namespace' as const, 'allow-all' as const, 'deny-all' as const)),
    pingDataMaxSize: opt(fc.integer({ min: -1, max: 1 << 20 })),
    channelDefaults: opt(fc.record({ clusterDefault: fc.record({ apiVersion: fc.constant('messaging.knative.dev/v1'), kind: fc.constantFrom('InMemoryChannel', 'KafkaChannel') }, { noNullPrototype: true }) }, { noNullPrototype: true })),
  }),
}, { requiredKeys: ['serving', 'eventing'], noNullPrototype: true });

function resolved(s: ClusterSettings): unknown {
  return {
    serving: SERVING_FEATURE_FLAGS.map((f) => s.servingFeature(f)), eventingFeatures: EVENTING_FEATURE_FLAGS.map((f) => s.eventingFeature(f)),
    secure: s.securePodDefaults, defaults: s.servingDefaults, autoscaler: s.autoscaler, network: s.servingNetwork, domains: s.servingDomains, eventing: s.eventing,
  };
}

test.each([
  ['operator', () => KnativeInstallMode.operator()],
  ['release manifests', () => KnativeInstallMode.releaseManifests({ from: FIXTURE })],
])('%s: fromManifests(rendered objects) gives back any valid configuration', (_name, mode) => {
  fc.assert(fc.property(settings, (s) => {
    expect(new ClusterSettings(s).problems()).toEqual([]);
    const app = quietApp();
    const install = new KnativeInstall(app, 'knative', { mode: mode(), serving: s.serving, eventing: s.eventing });
    expect(resolved(ClusterSettings.fromManifests(allObjects(install)))).toEqual(resolved(new ClusterSettings(s)));
  }), { numRuns: 30, seed: 1 });
});
