import { Chart, Duration, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Broker } from '../../../../lib/eventing/broker';
import { BackoffPolicy } from '../../../../lib/eventing/delivery';
import { Sink } from '../../../../lib/eventing/sink';
import { RabbitmqConnection, RabbitmqSource, RabbitmqSourceProps } from '../../../../lib/eventing/sources/contrib';
import { errorsOf, json, secretNamed, setup, synthErrors, errorsFor } from './helpers';
import { synthErrors as appSynthErrors } from '../../../helpers';

function props(_chart: Chart, overrides: Partial<RabbitmqSourceProps> = {}): RabbitmqSourceProps {
  return {
    connection: RabbitmqConnection.fromClusterName('rabbitmq'),
    exchangeName: 'uploads',
    queueName: 'knative-uploads',
    sink: Sink.fromUri('https://events.example.org/in'),
    ...overrides,
  };
}

describe('RabbitmqSource', () => {
  test('default output: cluster reference, declared resources, delivery always present; valid', () => {
    const { chart } = setup();
    const src = new RabbitmqSource(chart, 'src', props(chart));
    const out = json(src);
    expect(out.apiVersion).toBe('sources.knative.dev/v1alpha1');
    expect(out.spec).toEqual({
      rabbitmqClusterReference: { name: 'rabbitmq' },
      rabbitmqResourcesConfig: { queueName: 'knative-uploads', exchangeName: 'uploads', predeclared: false, parallelism: 1 },
      delivery: { backoffPolicy: 'exponential' },
      sink: { uri: 'https://events.example.org/in' },
    });
    expect(errorsOf(src)).toEqual([]);
  });

  test('OpenStack nova notifications: external RabbitMQ by connection secret, predeclared queue, to a Broker', () => {
    const { chart } = setup('openstack-events');
    const rabbit = secretNamed(chart, 'openstack-rabbitmq');
    const broker = new Broker(chart, 'events', { metadata: { name: 'default' } });
    const src = new RabbitmqSource(chart, 'nova', {
      connection: RabbitmqConnection.fromConnectionSecret(rabbit),
      vhost: '/',
      queueName: 'knative-nova-notifications',
      predeclared: true,
      parallelism: 4,
      sink: broker,
      delivery: { retry: 5, backoffPolicy: BackoffPolicy.LINEAR, backoffDelay: Duration.seconds(1) },
      serviceAccount: kplus.ServiceAccount.fromServiceAccountName(chart, 'sa', 'rabbitmq-adapter'),
    });
    expect(json(src).spec).toEqual({
      rabbitmqClusterReference: { connectionSecret: { name: 'openstack-rabbitmq' } },
      rabbitmqResourcesConfig: { vhost: '/', queueName: 'knative-nova-notifications', predeclared: true, parallelism: 4 },
      delivery: { retry: 5, backoffPolicy: 'linear', backoffDelay: 'PT1S' },
      serviceAccountName: 'rabbitmq-adapter',
      sink: { ref: { apiVersion: 'eventing.knative.dev/v1', kind: 'Broker', name: 'default' } },
    });
    expect(errorsOf(src)).toEqual([]);
    expect(synthErrors(chart)).toEqual([]);
    expect(RabbitmqSource.CLOUD_EVENT_TYPE).toBe('dev.knative.rabbitmq.event');
    expect(src.cloudEventSource).toBe(`/apis/v1/namespaces/openstack-events/rabbitmqsources/${src.name}#knative-nova-notifications`);
  });

  test('the CloudEvent source needs a namespace: asking for it without one is a synth error', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'test');
    const src = new RabbitmqSource(chart, 'src', props(chart));
    expect(src.cloudEventSource).toMatch(/rabbitmqsources/);
    expect(appSynthErrors(app)).toEqual([
      `[${src.node.path}] metadata.namespace: is needed to know the CloudEvent source (cloudEventSource), which contains it; give the source (or its chart) a namespace (value: undefined; allowed: a namespace)`,
    ]);
  });

  test('a cluster in another namespace is referenced with its namespace', () => {
    const { chart } = setup();
    const src = new RabbitmqSource(chart, 'src', props(chart, { connection: RabbitmqConnection.fromClusterName('shared', 'rabbitmq-system') }));
    expect(json(src).spec.rabbitmqClusterReference).toEqual({ name: 'shared', namespace: 'rabbitmq-system' });
  });

  test('bad props are synth errors, all at once', () => {
    expect(errorsFor((chart) => {
      new RabbitmqSource(chart, 'a', props(chart, { exchangeName: undefined }));
      new RabbitmqSource(chart, 'b', props(chart, { parallelism: 1001 }));
      new RabbitmqSource(chart, 'c', props(chart, { queueName: '' }));
      new RabbitmqSource(chart, 'd', props(chart, { delivery: { retry: -1, backoffDelay: Duration.millis(0.5) } }));
      new RabbitmqSource(chart, 'f', props(chart, { connection: RabbitmqConnection.fromClusterName('') }));
      const foreign = new kplus.Secret(chart, 'foreign', { metadata: { name: 'rmq', namespace: 'openstack' } });
      new RabbitmqSource(chart, 'e', props(chart, { connection: RabbitmqConnection.fromConnectionSecret(foreign) }));
    })).toEqual([
      "[test/a] exchangeName: is required unless 'predeclared' is true: the source binds its queue to that exchange (value: undefined; allowed: an exchange name, or predeclared: true)",
      '[test/b] parallelism: must be an integer from 1 to 1000 (value: 1001; allowed: an integer from 1 to 1000)',
      '[test/c] queueName: must not be empty (value: ""; allowed: a queue name)',
      expect.stringMatching(/^\[test\/d\] delivery\.retry: must be an integer from 0 to/),
      expect.stringMatching(/^\[test\/d\] delivery\.backoffDelay: must be a whole number of milliseconds/),
      '[test/f] connection.name: the name of the RabbitmqCluster must not be empty (value: ""; allowed: a RabbitmqCluster name)',
      expect.stringMatching(/^\[test\/e\] connection: refers to Secret 'rmq' in namespace 'openstack'/),
    ]);
  });
});
