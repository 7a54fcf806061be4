import { Chart, Duration, Testing } from 'cdk8s';
import { EventFormat } from '../../../../lib/eventing/delivery';
import { Sink } from '../../../../lib/eventing/sink';
import {
  KafkaDeliveryOrdering, KafkaOffset, KafkaSink, KafkaSource, KafkaSourceProps,
} from '../../../../lib/eventing/sources/contrib';
import { errorsOf, json, ksvc, secretNamed, setup, synthErrors, errorsFor } from './helpers';

function props(overrides: Partial<KafkaSourceProps> = {}): KafkaSourceProps {
  return {
    bootstrapServers: ['my-cluster-kafka-bootstrap.kafka:9092'],
    topics: ['uploads'],
    sink: Sink.fromUri('https://events.example.org/in'),
    ...overrides,
  };
}

describe('KafkaSource', () => {
  test('default output: v1beta1 with explicit defaults and a deterministic consumer group; valid', () => {
    const { chart } = setup('ci');
    const src = new KafkaSource(chart, 'uploads', props({ metadata: { name: 'uploads' } }));
    const out = json(src);
    expect(out.apiVersion).toBe('sources.knative.dev/v1beta1');
    expect(out.spec).toEqual({
      bootstrapServers: ['my-cluster-kafka-bootstrap.kafka:9092'],
      topics: ['uploads'],
      consumerGroup: 'knative-kafka-source-ci-uploads',
      consumers: 1,
      initialOffset: 'latest',
      ordering: 'ordered',
      sink: { uri: 'https://events.example.org/in' },
    });
    expect(src.consumerGroup).toBe('knative-kafka-source-ci-uploads');
    expect(errorsOf(src)).toEqual([]);
  });

  test('two synths give the same consumer group', () => {
    const render = () => {
      const { chart } = setup('ci');
      return json(new KafkaSource(chart, 'uploads', props())).spec.consumerGroup;
    };
    expect(render()).toBe(render());
  });

  test('explicit options are written as given', () => {
    const { chart } = setup();
    const src = new KafkaSource(chart, 'src', props({
      consumerGroup: 'checksum', consumers: 3, initialOffset: KafkaOffset.EARLIEST, ordering: KafkaDeliveryOrdering.UNORDERED,
      ceOverrides: { source: 'dynafed' },
    }));
    src.addTopic('deletions');
    src.addTopic('uploads');
    const spec = json(src).spec;
    expect(spec).toMatchObject({
      consumerGroup: 'checksum', consumers: 3, initialOffset: 'earliest', ordering: 'unordered',
      topics: ['uploads', 'deletions'], ceOverrides: { extensions: { source: 'dynafed' } },
    });
    expect(errorsOf(src)).toEqual([]);
  });

  test('TLS and SASL are secret references with enable flags, never values', () => {
    const { chart } = setup();
    const creds = secretNamed(chart, 'kafka-user');
    const src = new KafkaSource(chart, 'src', props({
      tls: { caCert: { secret: creds, key: 'ca.crt' }, cert: { secret: creds, key: 'user.crt' }, key: { secret: creds, key: 'user.key' } },
      sasl: { user: { secret: creds, key: 'user' }, password: { secret: creds, key: 'password' }, mechanism: { secret: creds, key: 'saslType' } },
    }));
    expect(json(src).spec.net).toEqual({
      tls: {
        enable: true,
        caCert: { secretKeyRef: { name: 'kafka-user', key: 'ca.crt' } },
        cert: { secretKeyRef: { name: 'kafka-user', key: 'user.crt' } },
        key: { secretKeyRef: { name: 'kafka-user', key: 'user.key' } },
      },
      sasl: {
        enable: true,
        user: { secretKeyRef: { name: 'kafka-user', key: 'user' } },
        password: { secretKeyRef: { name: 'kafka-user', key: 'password' } },
        type: { secretKeyRef: { name: 'kafka-user', key: 'saslType' } },
      },
    });
    expect(errorsOf(src)).toEqual([]);
  });

  test('TLS with only the system trust store is just enabled', () => {
    const { chart } = setup();
    expect(json(new KafkaSource(chart, 'src', props({ tls: {} }))).spec.net).toEqual({ tls: { enable: true } });
  });

  test('a client certificate without its key is a synth error', () => {
    expect(errorsFor((chart) => new KafkaSource(chart, 'src', props({ tls: { cert: { secret: secretNamed(chart, 'kafka-user'), key: 'user.crt' } } })))).toEqual([
      "[test/src] tls.key: 'tls.cert' and 'tls.key' go together for mutual TLS (got only 'tls.cert') (allowed: both tls.cert and tls.key, or neither)",
    ]);
  });

  test('sink to a KnativeService and delivery with a dead-letter KafkaSink', () => {
    const { chart } = setup('ci');
    const handler = ksvc(chart, 'checksum', 'checksum');
    const dlq = new KafkaSink(chart, 'dlq', { metadata: { name: 'uploads-dlq' }, topic: 'uploads-dlq', bootstrapServers: ['k:9092'] });
    const src = new KafkaSource(chart, 'src', props({
      sink: handler,
      delivery: { retry: 5, backoffDelay: Duration.millis(500), deadLetterSink: dlq },
    }));
    const spec = json(src).spec;
    expect(spec.sink).toEqual({ ref: { apiVersion: 'serving.knative.dev/v1', kind: 'Service', name: 'checksum' } });
    expect(spec.delivery).toEqual({
      retry: 5, backoffDelay: 'PT0.5S',
      deadLetterSink: { ref: { apiVersion: 'eventing.knative.dev/v1alpha1', kind: 'KafkaSink', name: 'uploads-dlq' } },
    });
    expect(errorsOf(src)).toEqual([]);
    expect(synthErrors(chart)).toEqual([]);
  });

  test('a delivery format fails synth: the KafkaSource delivery has no such field', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'test', { namespace: 'ci' });
    new KafkaSource(chart, 'src', props({ delivery: { format: EventFormat.JSON } }));
    expect(() => app.synth()).toThrow(/spec\.delivery\.format: unknown field/);
  });

  test('empty lists and bad consumer counts are synth errors, all at once', () => {
    expect(errorsFor((chart) => {
      new KafkaSource(chart, 'a', props({ topics: [] }));
      new KafkaSource(chart, 'b', props({ bootstrapServers: [''] }));
      new KafkaSource(chart, 'c', props({ consumers: 0 }));
      new KafkaSource(chart, 'd', props({ consumerGroup: ' ' }));
      new KafkaSource(chart, 'e', props({})).addTopic(' ');
    })).toEqual([
      '[test/a] topics: must have at least one entry (value: []; allowed: one or more non-empty strings)',
      '[test/b] bootstrapServers[0]: must not be empty (value: ""; allowed: a non-empty string)',
      '[test/c] consumers: must be an integer >= 1 (value: 0; allowed: an integer >= 1)',
      '[test/d] consumerGroup: must not be empty; leave it out for the default (value: " "; allowed: a non-empty consumer group ID, or none)',
      '[test/e] topics: must not hold an empty topic (value: " "; allowed: a non-empty topic name)',
    ]);
  });
});
