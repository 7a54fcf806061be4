import { ClusterSettings } from '../../lib/core/cluster-settings';

test('stock settings match a default Knative install', () => {
  const s = ClusterSettings.STOCK;
  expect(s.servingFeature('multi-container')).toBe('Enabled');
  expect(s.servingFeature('kubernetes.podspec-affinity')).toBe('Disabled');
  expect(s.servingDefaults).toEqual({ revisionTimeoutSeconds: 300, maxRevisionTimeoutSeconds: 600, containerConcurrency: 0, containerConcurrencyMaxLimit: 1000, allowContainerConcurrencyZero: true });
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
