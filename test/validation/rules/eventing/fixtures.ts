/** Valid eventing manifests that the tests break one field at a time with variant(). */
import { ClusterSettingsProps } from '../../../../lib/core/cluster-settings';
import { Finding } from '../../../../lib/validation/types';
import { byRule, findings } from '../../../helpers';

const meta = (name: string) => ({ name, namespace: 'team-a' });
const ksvc = { apiVersion: 'serving.knative.dev/v1', kind: 'Service', name: 'handler' };

export const BROKER = { apiVersion: 'eventing.knative.dev/v1', kind: 'Broker', metadata: meta('default'), spec: {} };

export const TRIGGER = {
  apiVersion: 'eventing.knative.dev/v1',
  kind: 'Trigger',
  metadata: meta('on-upload'),
  spec: {
    broker: 'default',
    filter: { attributes: { type: 'dev.example.upload', source: '' } },
    subscriber: { ref: { ...ksvc } },
  },
};

export const PING = {
  apiVersion: 'sources.knative.dev/v1',
  kind: 'PingSource',
  metadata: meta('nightly'),
  spec: {
    schedule: '0 2 * * *',
    timezone: 'Europe/Berlin',
    contentType: 'application/json',
    data: '{"job":"cleanup"}',
    sink: { ref: { ...ksvc } },
    ceOverrides: { extensions: { team: 'a' } },
  },
};

export const API_SERVER = {
  apiVersion: 'sources.knative.dev/v1',
  kind: 'ApiServerSource',
  metadata: meta('events'),
  spec: {
    mode: 'Resource',
    serviceAccountName: 'events-reader',
    resources: [{ apiVersion: 'v1', kind: 'Event' }],
    sink: { uri: 'http://handler.team-a.svc.cluster.local' },
  },
};

export const CONTAINER = {
  apiVersion: 'sources.knative.dev/v1',
  kind: 'ContainerSource',
  metadata: meta('heartbeats'),
  spec: {
    template: { spec: { containers: [{ image: 'ghcr.io/example/heartbeats:1.0' }] } },
    sink: { ref: { ...ksvc } },
  },
};

export const SINK_BINDING = {
  apiVersion: 'sources.knative.dev/v1',
  kind: 'SinkBinding',
  metadata: meta('bind'),
  spec: {
    subject: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'producer' },
    sink: { ref: { ...ksvc } },
  },
};

export const CHANNEL = { apiVersion: 'messaging.knative.dev/v1', kind: 'Channel', metadata: meta('ch'), spec: {} };

export const IMC = {
  apiVersion: 'messaging.knative.dev/v1',
  kind: 'InMemoryChannel',
  metadata: { ...meta('imc'), annotations: { 'eventing.knative.dev/scope': 'namespace' } },
  spec: { delivery: { retry: 3 } },
};

export const SUBSCRIPTION = {
  apiVersion: 'messaging.knative.dev/v1',
  kind: 'Subscription',
  metadata: meta('sub'),
  spec: {
    channel: { apiVersion: 'messaging.knative.dev/v1', kind: 'Channel', name: 'ch' },
    subscriber: { ref: { ...ksvc } },
    reply: { uri: 'http://reply.team-a.svc.cluster.local' },
    delivery: { retry: 2, backoffPolicy: 'linear', backoffDelay: 'PT1S', deadLetterSink: { ref: { ...ksvc, name: 'dlq' } } },
  },
};

export const SEQUENCE = {
  apiVersion: 'flows.knative.dev/v1',
  kind: 'Sequence',
  metadata: meta('seq'),
  spec: {
    steps: [{ ref: { ...ksvc, name: 'step-1' } }, { uri: 'http://step-2.team-a.svc.cluster.local' }],
    reply: { ref: { apiVersion: 'eventing.knative.dev/v1', kind: 'Broker', name: 'default' } },
  },
};

export const PARALLEL = {
  apiVersion: 'flows.knative.dev/v1',
  kind: 'Parallel',
  metadata: meta('par'),
  spec: {
    branches: [
      { filter: { ref: { ...ksvc, name: 'filter' } }, subscriber: { ref: { ...ksvc, name: 'branch-1' } } },
      { subscriber: { uri: 'http://branch-2.team-a.svc.cluster.local' } },
    ],
  },
};

export const EVENT_TYPE = {
  apiVersion: 'eventing.knative.dev/v1beta2',
  kind: 'EventType',
  metadata: meta('upload'),
  spec: { type: 'dev.example.upload', source: 'https://example.com/uploads' },
};

export const EVENT_TYPE_V1BETA3 = {
  apiVersion: 'eventing.knative.dev/v1beta3',
  kind: 'EventType',
  metadata: meta('upload'),
  spec: {
    attributes: [
      { name: 'type', required: true, value: 'dev.example.upload' },
      { name: 'source', required: true },
      { name: 'specversion', required: true },
      { name: 'id', required: true },
    ],
  },
};

export const GITLAB = {
  apiVersion: 'sources.knative.dev/v1alpha1',
  kind: 'GitLabSource',
  metadata: meta('gitlab'),
  spec: {
    projectUrl: 'https://gitlab.example.com/group/project',
    eventTypes: ['push_events'],
    accessToken: { secretKeyRef: { name: 'gitlab', key: 'token' } },
    secretToken: { secretKeyRef: { name: 'gitlab', key: 'secret' } },
    sink: { ref: { ...ksvc } },
  },
};

export const GITHUB = {
  apiVersion: 'sources.knative.dev/v1alpha1',
  kind: 'GitHubSource',
  metadata: meta('github'),
  spec: {
    ownerAndRepository: 'example/repo',
    eventTypes: ['push'],
    accessToken: { secretKeyRef: { name: 'github', key: 'token' } },
    secretToken: { secretKeyRef: { name: 'github', key: 'secret' } },
    sink: { ref: { ...ksvc } },
  },
};

export const KAFKA_SOURCE = {
  apiVersion: 'sources.knative.dev/v1beta1',
  kind: 'KafkaSource',
  metadata: meta('kafka'),
  spec: {
    bootstrapServers: ['kafka.kafka:9092'],
    topics: ['uploads'],
    consumerGroup: 'uploads-group',
    sink: { ref: { ...ksvc } },
  },
};

export const KAFKA_SINK = {
  apiVersion: 'eventing.knative.dev/v1alpha1',
  kind: 'KafkaSink',
  metadata: meta('to-kafka'),
  spec: { bootstrapServers: ['kafka.kafka:9092'], topic: 'results', numPartitions: 3, replicationFactor: 1 },
};

export const KAFKA_BROKER = {
  apiVersion: 'eventing.knative.dev/v1',
  kind: 'Broker',
  metadata: { ...meta('kafka'), annotations: { 'eventing.knative.dev/broker.class': 'KafkaNamespaced' } },
  spec: { config: { apiVersion: 'v1', kind: 'ConfigMap', name: 'kafka-broker-config', namespace: 'team-a' } },
};

export const RABBITMQ_SOURCE = {
  apiVersion: 'sources.knative.dev/v1alpha1',
  kind: 'RabbitmqSource',
  metadata: meta('rabbit'),
  spec: {
    rabbitmqClusterReference: { name: 'rabbit' },
    rabbitmqResourcesConfig: { exchangeName: 'events', queueName: 'q', parallelism: 10 },
    sink: { ref: { ...ksvc } },
  },
};

/** All valid fixtures, for the "valid manifests pass" test. */
export const VALID: Record<string, unknown> = {
  BROKER, TRIGGER, PING, API_SERVER, CONTAINER, SINK_BINDING, CHANNEL, IMC, SUBSCRIPTION, SEQUENCE, PARALLEL,
  EVENT_TYPE, EVENT_TYPE_V1BETA3, GITLAB, GITHUB, KAFKA_SOURCE, KAFKA_SINK, KAFKA_BROKER, RABBITMQ_SOURCE,
};

/** Asserts that `obj` has a finding of `rule` at `field` with exactly `message`, and returns it. */
export function expectFinding(obj: unknown, rule: string, field: string, message: string | RegExp, settings?: ClusterSettingsProps): Finding {
  const found = byRule(obj, rule, settings);
  const hit = found.find((f) => f.field === field && (typeof message === 'string' ? f.message === message : message.test(f.message)));
  if (!hit) throw new Error(`no ${rule} finding at ${field} matching ${message}; got ${JSON.stringify(findings(obj, settings).map((f) => [f.rule, f.field, f.message]))}`);
  return hit;
}

/** The errors of the eventing rules (schema findings excluded). */
export function ruleErrors(obj: unknown, settings?: ClusterSettingsProps): Finding[] {
  return findings(obj, settings).filter((f) => f.severity === 'error' && f.rule !== 'schema' && f.rule !== 'cel' && f.rule !== 'metadata');
}
