/**
 * A RabbitMQ-backed Broker for a release bot:
 *
 * - a RabbitmqBrokerConfig points Brokers of class RabbitMQBroker at the RabbitmqCluster the
 *   RabbitMQ cluster operator runs in `rabbitmq-system` (quorum queues, so a node loss loses no
 *   event);
 * - a GitLabSource sends tag pushes of the project to that Broker, and a Trigger hands them to
 *   `release-bot`, a Deployment-based worker behind a Kubernetes Service;
 * - a GitLabBinding mounts the GitLab project token into the bot's pods
 *   (`/var/bindings/gitlab/accessToken`) so it can publish release notes through the GitLab API.
 */
import { App, Chart, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import {
  BindingSubject, Broker, Filter, GitLabBinding, GitLabEventType, GitLabSource, RabbitmqBrokerConfig, RabbitmqConnection,
  RabbitmqQueueType, Sink,
} from '../lib/eventing';

export function buildApp(outdir: string): App {
  const app = new App({ outdir });
  const chart = new Chart(app, 'rabbitmq-broker', { namespace: 'releases' });

  const rabbit = new RabbitmqBrokerConfig(chart, 'rabbit', {
    metadata: { name: 'rabbitmq' },
    connection: RabbitmqConnection.fromClusterName('rabbitmq', 'rabbitmq-system'),
    queueType: RabbitmqQueueType.QUORUM,
  });
  const broker = new Broker(chart, 'broker', { metadata: { name: 'releases' }, ...rabbit.brokerSettings() });

  const bot = new kplus.Deployment(chart, 'release-bot', {
    metadata: { name: 'release-bot' },
    replicas: 1,
    containers: [{
      image: 'registry.example.org/platform/release-bot:0.9.0',
      portNumber: 8080,
      securityContext: { user: 65532, group: 65532 },
      resources: { memory: { request: Size.mebibytes(64), limit: Size.mebibytes(128) } },
    }],
  });
  const botService = bot.exposeViaService({ name: 'release-bot', ports: [{ port: 80, targetPort: 8080 }] });

  // Created out of band: a project access token (api scope) and the webhook secret.
  const tokens = kplus.Secret.fromSecretName(chart, 'gitlab-tokens', 'gitlab-tokens');
  new GitLabBinding(chart, 'bot-token', {
    metadata: { name: 'release-bot-token' },
    subject: BindingSubject.fromObject(bot),
    accessToken: { secret: tokens, key: 'accessToken' },
  });
  new GitLabSource(chart, 'project', {
    metadata: { name: 'platform-tags' },
    projectUrl: 'https://gitlab.example.org/platform/release-bot',
    eventTypes: [GitLabEventType.TAG_PUSH],
    accessToken: { secret: tokens, key: 'accessToken' },
    secretToken: { secret: tokens, key: 'secretToken' },
    sink: broker,
  });
  broker.addTrigger('tags', {
    metadata: { name: 'tags-to-release-bot' },
    subscriber: Sink.fromKubernetesService(botService, { path: '/events' }),
    filters: [Filter.exact({ type: GitLabEventType.TAG_PUSH.cloudEventType })],
  });
  return app;
}
