import { Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Broker } from '../../../../lib/eventing/broker';
import { Sink } from '../../../../lib/eventing/sink';
import { KafkaContentMode, KafkaSink, KafkaSinkProps } from '../../../../lib/eventing/sources/contrib';
import { errorsOf, json, secretNamed, setup, synthErrors, errorsFor } from './helpers';

function props(overrides: Partial<KafkaSinkProps> = {}): KafkaSinkProps {
  return { topic: 'audit-events', bootstrapServers: ['my-cluster-kafka-bootstrap.kafka:9092'], ...overrides };
}

describe('KafkaSink', () => {
  test('default output: v1alpha1, binary content mode written explicitly; valid', () => {
    const { chart } = setup();
    const sink = new KafkaSink(chart, 'archive', props());
    const out = json(sink);
    expect(out.apiVersion).toBe('eventing.knative.dev/v1alpha1');
    expect(out.kind).toBe('KafkaSink');
    expect(out.spec).toEqual({ topic: 'audit-events', bootstrapServers: ['my-cluster-kafka-bootstrap.kafka:9092'], contentMode: 'binary' });
    expect(errorsOf(sink)).toEqual([]);
  });

  test('topic creation settings, structured mode and the auth secret by name', () => {
    const { chart } = setup();
    const sink = new KafkaSink(chart, 'archive', props({
      contentMode: KafkaContentMode.STRUCTURED, numPartitions: 6, replicationFactor: 3, authSecret: secretNamed(chart, 'kafka-auth'),
    }));
    expect(json(sink).spec).toEqual({
      topic: 'audit-events', bootstrapServers: ['my-cluster-kafka-bootstrap.kafka:9092'], contentMode: 'structured',
      numPartitions: 6, replicationFactor: 3, auth: { secret: { ref: { name: 'kafka-auth' } } },
    });
    expect(errorsOf(sink)).toEqual([]);
  });

  test('it is addressable: a Trigger delivers to it by ref', () => {
    const { chart } = setup('ci');
    const broker = new Broker(chart, 'events', { metadata: { name: 'default' } });
    const sink = new KafkaSink(chart, 'archive', props({ metadata: { name: 'archive' } }));
    expect(sink.reference).toEqual({ apiVersion: 'eventing.knative.dev/v1alpha1', kind: 'KafkaSink', name: 'archive', namespace: 'ci' });
    const trigger = broker.addTrigger('archive', { subscriber: sink });
    expect(json(trigger).spec.subscriber).toEqual({ ref: { apiVersion: 'eventing.knative.dev/v1alpha1', kind: 'KafkaSink', name: 'archive' } });
    expect(synthErrors(chart)).toEqual([]);
  });

  test('crossing namespaces to reach it must be explicit', () => {
    const { app, chart } = setup('ci');
    const other = new Chart(app, 'other', { namespace: 'audit' });
    const sink = new KafkaSink(other, 'archive', props({ metadata: { name: 'archive' } }));
    const broker = new Broker(chart, 'events');
    broker.addTrigger('implicit', { subscriber: sink });
    expect(synthErrors(chart).join('\n')).toMatch(/KafkaSink "archive".*crossing namespaces must be explicit/);
    const explicit = broker.addTrigger('explicit', { subscriber: Sink.fromAddressable(sink, { crossNamespace: true }) });
    expect(json(explicit).spec.subscriber.ref.namespace).toBe('audit');
  });

  test('bad props are synth errors, all at once', () => {
    expect(errorsFor((chart) => {
      new KafkaSink(chart, 'a', props({ topic: '' }));
      new KafkaSink(chart, 'b', props({ bootstrapServers: [] }));
      new KafkaSink(chart, 'c', props({ numPartitions: 0 }));
      new KafkaSink(chart, 'd', props({ replicationFactor: 1.5 }));
      const foreign = new kplus.Secret(chart, 'foreign', { metadata: { name: 'auth', namespace: 'kafka' } });
      new KafkaSink(chart, 'e', props({ authSecret: foreign }));
    })).toEqual([
      '[test/a] topic: must not be empty (value: ""; allowed: a Kafka topic name)',
      '[test/b] bootstrapServers: must have at least one entry (value: []; allowed: one or more non-empty strings)',
      expect.stringMatching(/^\[test\/c\] numPartitions: must be an integer from 1 to 2147483647 \(value: 0/),
      expect.stringMatching(/^\[test\/d\] replicationFactor: must be an integer from 1 to .*\(value: 1\.5/),
      expect.stringMatching(/^\[test\/e\] authSecret: refers to Secret 'auth' in namespace 'kafka'/),
    ]);
    const { chart } = setup();
    expect(() => new KafkaSink(chart, 'x', { topic: 't' } as any)).toThrow("KafkaSink: the required prop 'bootstrapServers' is missing");
  });
});
