import { Broker } from '../../../../lib/eventing/broker';
import { KafkaBrokerConfig } from '../../../../lib/eventing/sources/contrib';
import { errorsOf, json, secretNamed, setup, synthErrors, errorsFor } from './helpers';

describe('KafkaBrokerConfig', () => {
  test('default output: upstream keys with upstream default topic settings; a valid ConfigMap', () => {
    const { chart } = setup('events');
    const cfg = new KafkaBrokerConfig(chart, 'kafka', { metadata: { name: 'kafka-broker-config' }, bootstrapServers: ['a:9092', 'b:9092'] });
    const out = json(cfg);
    expect(out.apiVersion).toBe('v1');
    expect(out.kind).toBe('ConfigMap');
    expect(out.data).toEqual({
      'bootstrap.servers': 'a:9092,b:9092',
      'default.topic.partitions': '10',
      'default.topic.replication.factor': '3',
    });
    expect(errorsOf(cfg)).toEqual([]);
  });

  test('topic settings and the auth secret', () => {
    const { chart } = setup('events');
    const cfg = new KafkaBrokerConfig(chart, 'kafka', {
      bootstrapServers: ['a:9093'], defaultTopicPartitions: 3, defaultTopicReplicationFactor: 1, authSecret: secretNamed(chart, 'kafka-auth'),
    });
    expect(json(cfg).data).toEqual({
      'bootstrap.servers': 'a:9093', 'default.topic.partitions': '3', 'default.topic.replication.factor': '1', 'auth.secret.ref.name': 'kafka-auth',
    });
  });

  test('brokerSettings gives a Broker of class Kafka with this ConfigMap as config', () => {
    const { chart } = setup('events');
    const cfg = new KafkaBrokerConfig(chart, 'kafka', { metadata: { name: 'kafka-broker-config' }, bootstrapServers: ['a:9092'] });
    const broker = new Broker(chart, 'default', { ...cfg.brokerSettings(), delivery: { retry: 3 } });
    const out = json(broker);
    expect(out.metadata.annotations['eventing.knative.dev/broker.class']).toBe('Kafka');
    expect(out.spec.config).toEqual({ apiVersion: 'v1', kind: 'ConfigMap', name: 'kafka-broker-config', namespace: 'events' });
    expect(out.spec.delivery).toEqual({ retry: 3 });
    expect(synthErrors(chart)).toEqual([]);
  });

  test('the namespaced class and upstream default config', () => {
    const { chart } = setup('events');
    const cfg = new KafkaBrokerConfig(chart, 'kafka', { bootstrapServers: ['a:9092'] });
    expect(cfg.brokerSettings({ namespaced: true }).brokerClass.name).toBe('KafkaNamespaced');
    const defaults = KafkaBrokerConfig.defaultBrokerSettings();
    expect(defaults.brokerClass.name).toBe('Kafka');
    expect(defaults.config.reference).toEqual({ apiVersion: 'v1', kind: 'ConfigMap', name: 'kafka-broker-config', namespace: 'knative-eventing' });
  });

  test('bad props are synth errors, all at once', () => {
    expect(errorsFor((chart) => {
      new KafkaBrokerConfig(chart, 'a', { bootstrapServers: [] });
      new KafkaBrokerConfig(chart, 'b', { bootstrapServers: ['a:9092,b:9092'] });
      new KafkaBrokerConfig(chart, 'c', { bootstrapServers: ['a:9092'], defaultTopicPartitions: 0 });
    })).toEqual([
      '[test/a] bootstrapServers: must have at least one entry (value: []; allowed: one or more non-empty strings)',
      '[test/b] bootstrapServers[0]: must be one host:port; give several servers as separate entries (value: "a:9092,b:9092"; allowed: host:port)',
      expect.stringMatching(/^\[test\/c\] defaultTopicPartitions: must be an integer from 1 to/),
    ]);
  });
});
