/**
 * Pull requests of the Dynafed repository checked by a function, with Kafka underneath:
 *
 * - a GitHubSource registers a webhook on `cern/dynafed` for pushes and pull requests and sends
 *   the events to a Broker of class Kafka (KafkaBrokerConfig: the Kafka cluster of the platform);
 * - a Trigger hands pull-request events to `pr-checker`, a Knative Service that posts commit
 *   statuses back to GitHub with the token a GitHubBinding mounts into it
 *   (`/var/bindings/github/accessToken`), so the token never appears in its spec;
 * - a KafkaSource consumes the `dynafed-uploads` topic that the storage nodes write to, into a
 *   KafkaChannel (events kept 3 days) that the checksum service and an archive (a KafkaSink)
 *   subscribe to.
 */
import { App, Chart, Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import {
  BindingSubject, Broker, Filter, GitHubBinding, GitHubEventType, GitHubSource, KafkaBrokerConfig, KafkaChannel,
  KafkaContentMode, KafkaOffset, KafkaSink, KafkaSource,
} from '../lib/eventing';
import { KnativeService, Visibility } from '../lib/serving';

const KAFKA = ['my-cluster-kafka-bootstrap.kafka:9092'];

function fn(chart: Chart, name: string, image: string): KnativeService {
  return new KnativeService(chart, name, {
    metadata: { name },
    visibility: Visibility.CLUSTER_LOCAL,
    containers: [{ image, port: 8080, securityContext: { user: 1000, group: 1000 } }],
  });
}

export function buildApp(outdir: string): App {
  const app = new App({ outdir });
  const chart = new Chart(app, 'github-kafka', { namespace: 'dynafed-ci' });

  const kafka = new KafkaBrokerConfig(chart, 'kafka-config', {
    metadata: { name: 'kafka-broker-config' },
    bootstrapServers: KAFKA,
    defaultTopicPartitions: 6,
    defaultTopicReplicationFactor: 3,
  });
  const broker = new Broker(chart, 'broker', { metadata: { name: 'github' }, ...kafka.brokerSettings() });

  // Created out of band: a personal access token (repo:status scope) and the webhook secret.
  const github = kplus.Secret.fromSecretName(chart, 'github-credentials', 'github-credentials');
  const repo = new GitHubSource(chart, 'dynafed-repo', {
    metadata: { name: 'dynafed-repo' },
    ownerAndRepository: 'cern/dynafed',
    eventTypes: [GitHubEventType.PUSH, GitHubEventType.PULL_REQUEST],
    accessToken: { secret: github, key: 'accessToken' },
    secretToken: { secret: github, key: 'secretToken' },
    sink: broker,
  });

  const checker = fn(chart, 'pr-checker', 'registry.example.org/dynafed/pr-checker:2.1.0');
  new GitHubBinding(chart, 'checker-token', {
    metadata: { name: 'pr-checker-token' },
    subject: BindingSubject.fromObject(checker),
    accessToken: { secret: github, key: 'accessToken' },
  });
  broker.addTrigger('pull-requests', {
    metadata: { name: 'pull-requests-to-checker' },
    subscriber: checker,
    filters: [Filter.exact({ type: GitHubEventType.PULL_REQUEST.cloudEventType, source: repo.cloudEventSource })],
  });

  // Upload notifications from the storage nodes, through a durable channel.
  const uploads = new KafkaChannel(chart, 'uploads', {
    metadata: { name: 'uploads' },
    numPartitions: 6,
    replicationFactor: 3,
    retention: Duration.days(3),
    delivery: { retry: 3 },
  });
  new KafkaSource(chart, 'upload-records', {
    metadata: { name: 'upload-records' },
    bootstrapServers: KAFKA,
    topics: ['dynafed-uploads'],
    initialOffset: KafkaOffset.EARLIEST,
    consumers: 2,
    sink: uploads,
  });
  uploads.subscribe('checksum', { metadata: { name: 'uploads-to-checksum' }, subscriber: fn(chart, 'checksum', 'registry.example.org/dynafed/checksum-events:1.0.0') });
  const archive = new KafkaSink(chart, 'archive', {
    metadata: { name: 'uploads-archive' },
    topic: 'dynafed-uploads-archive',
    bootstrapServers: KAFKA,
    contentMode: KafkaContentMode.STRUCTURED,
  });
  uploads.subscribe('archive', { metadata: { name: 'uploads-to-archive' }, subscriber: archive });
  return app;
}
