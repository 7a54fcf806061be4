/**
 * Integrating the lab's other systems (seed 000, "future work"): OpenStack service
 * notifications and GitLab project events become CloudEvents on one Broker, and Triggers
 * route them to functions.
 *
 * - OpenStack's services publish notifications on the control plane's RabbitMQ; a RabbitmqSource
 *   consumes a queue the OpenStack operators bound to the `nova` exchange for this purpose
 *   (predeclared, so the source never declares or deletes anything on their broker).
 * - A GitLabSource registers a project webhook for pushes and merge requests; its tokens are
 *   Secret references, never literal values.
 * Both deliver to the Broker object itself, so neither can end up pointing at a missing sink.
 */
import { App, Chart, Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import {
  BackoffPolicy, Broker, Filter, GitLabEventType, GitLabSource, RabbitmqConnection, RabbitmqSource,
} from '../lib/eventing';
import { KnativeService, Visibility } from '../lib/serving';

export function buildApp(outdir: string): App {
  const app = new App({ outdir });
  const chart = new Chart(app, 'openstack-notifications', { namespace: 'cloud-events' });

  const broker = new Broker(chart, 'broker', {
    metadata: { name: 'cloud-events' },
    delivery: { retry: 5, backoffPolicy: BackoffPolicy.EXPONENTIAL, backoffDelay: Duration.millis(500) },
  });

  // Created by the platform team out of band: keys uri, username, password.
  const rabbit = kplus.Secret.fromSecretName(chart, 'openstack-rabbitmq', 'openstack-rabbitmq');
  const nova = new RabbitmqSource(chart, 'nova-notifications', {
    metadata: { name: 'nova-notifications' },
    connection: RabbitmqConnection.fromConnectionSecret(rabbit),
    queueName: 'knative-nova-notifications',
    predeclared: true,
    sink: broker,
    delivery: { retry: 3, backoffDelay: Duration.seconds(1) },
  });

  const gitlabTokens = kplus.Secret.fromSecretName(chart, 'gitlab-tokens', 'gitlab-tokens');
  new GitLabSource(chart, 'checksum-repo', {
    metadata: { name: 'checksum-repo' },
    projectUrl: 'https://gitlab.cern.ch/cloud/checksum-service',
    eventTypes: [GitLabEventType.PUSH, GitLabEventType.MERGE_REQUESTS],
    accessToken: { secret: gitlabTokens, key: 'accessToken' },
    secretToken: { secret: gitlabTokens, key: 'secretToken' },
    sink: broker,
  });

  const function_ = (name: string, image: string) => new KnativeService(chart, name, {
    metadata: { name },
    visibility: Visibility.CLUSTER_LOCAL,
    containers: [{ image, securityContext: { user: 65532 } }],
  });

  broker.addTrigger('instance-audit', {
    metadata: { name: 'instance-audit' },
    subscriber: function_('instance-auditor', 'registry.cern.ch/cloud/instance-auditor:1.0.0'),
    filters: [Filter.exact({ type: RabbitmqSource.CLOUD_EVENT_TYPE, source: nova.cloudEventSource })],
  });
  broker.addTrigger('ci-notify', {
    metadata: { name: 'ci-notify' },
    subscriber: function_('ci-notifier', 'registry.cern.ch/cloud/ci-notifier:1.0.0'),
    filters: [Filter.any(
      Filter.exact({ type: GitLabEventType.PUSH.cloudEventType }),
      Filter.exact({ type: GitLabEventType.MERGE_REQUESTS.cloudEventType }),
    )],
  });
  return app;
}
