/**
 * Webhook-equivalent rules of GitHubBinding, GitLabBinding, KafkaChannel, the RabbitMQ broker
 * (RabbitmqBrokerConfig and Brokers of class RabbitMQBroker) and EventPolicy: each valid manifest
 * passes, each rule rejects one bad field with upstream's message.
 */
import { previousLookup, validateObject } from '../../../../lib/validation/engine';
import { periodDurationNanos } from '../../../../lib/validation/rules/eventing/contributed/kafka-channel';
import { byRule, variant } from '../../../helpers';
import { expectFinding, ruleErrors } from './fixtures';

const meta = (name: string) => ({ name, namespace: 'team-a' });
const OIDC = { eventing: { features: { 'authentication-oidc': 'Enabled' as const } } };

const GITHUB_BINDING = {
  apiVersion: 'bindings.knative.dev/v1alpha1',
  kind: 'GitHubBinding',
  metadata: meta('token'),
  spec: {
    subject: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'bot' },
    accessToken: { secretKeyRef: { name: 'github', key: 'accessToken' } },
  },
};
const GITLAB_BINDING = { ...structuredClone(GITHUB_BINDING), apiVersion: 'bindings.knative.dev/v1alpha1', kind: 'GitLabBinding' };

const KAFKA_CHANNEL = {
  apiVersion: 'messaging.knative.dev/v1beta1',
  kind: 'KafkaChannel',
  metadata: meta('uploads'),
  spec: { numPartitions: 3, replicationFactor: 1, retentionDuration: 'P7D' },
};

const RABBIT_CONFIG = {
  apiVersion: 'eventing.knative.dev/v1alpha1',
  kind: 'RabbitmqBrokerConfig',
  metadata: meta('rabbit'),
  spec: { rabbitmqClusterReference: { name: 'rabbitmq', namespace: 'rabbitmq-system' }, queueType: 'quorum' },
};

const RABBIT_BROKER = {
  apiVersion: 'eventing.knative.dev/v1',
  kind: 'Broker',
  metadata: { ...meta('default'), annotations: { 'eventing.knative.dev/broker.class': 'RabbitMQBroker' } },
  spec: { config: { apiVersion: 'eventing.knative.dev/v1alpha1', kind: 'RabbitmqBrokerConfig', name: 'rabbit' } },
};

const EVENT_POLICY = {
  apiVersion: 'eventing.knative.dev/v1alpha1',
  kind: 'EventPolicy',
  metadata: meta('only-ping'),
  spec: {
    to: [{ ref: { apiVersion: 'eventing.knative.dev/v1', kind: 'Broker', name: 'default' } }],
    from: [{ ref: { apiVersion: 'sources.knative.dev/v1', kind: 'PingSource', name: 'nightly' } }, { sub: 'system:serviceaccount:ops:*' }],
  },
};

function onUpdate(previous: unknown, current: unknown, rule: string) {
  return validateObject(current, { previous: previousLookup([previous]) }).findings.filter((f) => f.rule === rule);
}

test('the valid manifests pass every rule and the schema', () => {
  for (const obj of [GITHUB_BINDING, GITLAB_BINDING, KAFKA_CHANNEL, RABBIT_CONFIG, RABBIT_BROKER]) expect(ruleErrors(obj)).toEqual([]);
  expect(ruleErrors(EVENT_POLICY, OIDC)).toEqual([]);
  for (const obj of [GITHUB_BINDING, GITLAB_BINDING, KAFKA_CHANNEL, RABBIT_CONFIG, RABBIT_BROKER]) {
    expect(validateObject(obj).findings.filter((f) => f.severity === 'error')).toEqual([]);
  }
});

describe.each([
  ['GitHubBinding', GITHUB_BINDING, ['GHB1', 'GHB2', 'GHB3', 'GHB4']],
  ['GitLabBinding', GITLAB_BINDING, ['GLB1', 'GLB2', 'GLB3', 'GLB4']],
] as const)('%s', (_kind, base, [id1, id2, id3, id4]) => {
  test(`${id1}: subject apiVersion, kind and namespace are set and well formed`, () => {
    const bad = variant(base, (o) => { o.spec.subject.apiVersion = ''; o.spec.subject.kind = 'Deploy-ment'; });
    expectFinding(bad, id1, 'spec.subject.apiVersion', 'missing field(s)');
    expectFinding(bad, id1, 'spec.subject.kind', /^invalid value: a valid C identifier must start with alphabetic character/);
  });

  test(`${id2}: exactly one of subject name and selector`, () => {
    expectFinding(variant(base, (o) => { o.spec.subject.selector = { matchLabels: { app: 'bot' } }; }), id2, 'spec.subject.name, spec.subject.selector', 'expected exactly one, got both');
    expectFinding(variant(base, (o) => { delete o.spec.subject.name; }), id2, 'spec.subject.name, spec.subject.selector', 'expected exactly one, got neither');
    expectFinding(variant(base, (o) => { o.spec.subject.name = 'Bot_1'; }), id2, 'spec.subject.name', /^invalid value: a lowercase RFC 1123 label/);
  });

  test(`${id3}: the subject lives in the binding's namespace`, () => {
    expectFinding(variant(base, (o) => { o.spec.subject.namespace = 'team-b'; }), id3, 'spec.subject.namespace', 'invalid value: team-b');
    expect(byRule(variant(base, (o) => { o.spec.subject.namespace = 'team-a'; }), id3)).toEqual([]);
  });

  test(`${id4}: the access token names a Secret and a key`, () => {
    expectFinding(variant(base, (o) => { delete o.spec.accessToken; }), id4, 'spec.accessToken.secretKeyRef', 'missing field(s)');
    expectFinding(variant(base, (o) => { o.spec.accessToken.secretKeyRef.key = ''; }), id4, 'spec.accessToken.secretKeyRef.key', 'missing field(s)');
  });
});

describe('KafkaChannel', () => {
  test('KC1 and KC2: numPartitions and replicationFactor are positive (0 is defaulted to 1)', () => {
    const bad = variant(KAFKA_CHANNEL, (o) => { o.spec.numPartitions = -1; o.spec.replicationFactor = -2; });
    expectFinding(bad, 'KC1', 'spec.numPartitions', 'invalid value: -1');
    expectFinding(bad, 'KC2', 'spec.replicationFactor', 'invalid value: -2');
    expect(ruleErrors(variant(KAFKA_CHANNEL, (o) => { o.spec.numPartitions = 0; o.spec.replicationFactor = 0; }))).toEqual([]);
  });

  test('KC3: retentionDuration is a non-negative ISO-8601 period (empty is defaulted to PT168H)', () => {
    expectFinding(variant(KAFKA_CHANNEL, (o) => { o.spec.retentionDuration = '7 days'; }), 'KC3', 'spec.retentionDuration', 'invalid value: 7 days');
    expectFinding(variant(KAFKA_CHANNEL, (o) => { o.spec.retentionDuration = '-P1D'; }), 'KC3', 'spec.retentionDuration', 'invalid value: -P1D');
    expect(byRule(variant(KAFKA_CHANNEL, (o) => { o.spec.retentionDuration = ''; }), 'KC3')).toEqual([]);
  });

  test('KC3 reads periods as rickb777/date does', () => {
    const seconds = (t: string) => { const n = periodDurationNanos(t); return n === undefined ? undefined : Number(n / 1000000000n); };
    expect(seconds('PT168H')).toBe(604800);
    expect(seconds('P7D')).toBe(604800);
    expect(seconds('P1W')).toBe(604800);
    expect(seconds('P1DT1H1M1S')).toBe(90061);
    expect(seconds('PT0.5S')).toBe(0);
    expect(periodDurationNanos('PT0.5S')).toBe(500000000n);
    expect(seconds('P0')).toBe(0);
    expect(seconds('-P0D')).toBe(0);
    expect(seconds('P1D2D')).toBeUndefined(); // a designator twice
    expect(seconds('P1H')).toBeUndefined(); // H before T
    expect(seconds('PT1D')).toBeUndefined(); // D after T
    expect(seconds('P1.5DT1.5H')).toBeUndefined(); // two fractions in a row
    expect(seconds('P')).toBeUndefined();
    expect(seconds('P1')).toBeUndefined();
    expect(seconds('P40000D')).toBeGreaterThan(0); // rippled into months, approximately
    expect(seconds('P4000Y')).toBeUndefined(); // more than int16 tenths of years
    expect(seconds('P1Y')).toBe(31556952);
    // 3000 years overflow Go's int64 nanoseconds and wrap around, as upstream's Duration() does.
    expect(periodDurationNanos('P3000Y')).toBe(BigInt.asIntN(64, 30000n * 3652425n * 100n * 8640n * 1000n));
  });

  test('KC4: the scope annotation is cluster or namespace', () => {
    expectFinding(variant(KAFKA_CHANNEL, (o) => { o.metadata.annotations = { 'eventing.knative.dev/scope': 'global' }; }), 'KC4',
      'metadata.annotations[eventing.knative.dev/scope]', "invalid value: global (expected either 'cluster' or 'namespace')");
  });

  test('KC5: every subscriber has a subscriberUri or replyUri', () => {
    expectFinding(variant(KAFKA_CHANNEL, (o) => { o.spec.subscribers = [{ uid: 'a' }]; }), 'KC5',
      'spec.subscribable.subscriber[0].replyURI, spec.subscribable.subscriber[0].subscriberURI', 'missing field(s) (expected at least one of, got none)');
  });

  test('KC6: on update the spec except subscribers and delivery is immutable', () => {
    const changed = variant(KAFKA_CHANNEL, (o) => { o.spec.numPartitions = 6; });
    expect(onUpdate(KAFKA_CHANNEL, changed, 'KC6')[0]?.message).toBe('Immutable fields changed (-old +new) (spec.numPartitions: -3 +6)');
    expect(onUpdate(KAFKA_CHANNEL, variant(KAFKA_CHANNEL, (o) => { o.spec.delivery = { retry: 3 }; }), 'KC6')).toEqual([]);
  });
});

describe('RabbitmqBrokerConfig', () => {
  test('RMQC1: rabbitmqClusterReference is required', () => {
    expectFinding(variant(RABBIT_CONFIG, (o) => { delete o.spec.rabbitmqClusterReference; }), 'RMQC1', 'spec.rabbitmqClusterReference', 'missing field(s)');
  });

  test('RMQC2 and RMQC3: a name or a connectionSecret, not both', () => {
    expectFinding(variant(RABBIT_CONFIG, (o) => { o.spec.rabbitmqClusterReference = { namespace: 'x' }; }), 'RMQC2', 'spec.rabbitmqClusterReference.name', 'missing field(s)');
    expectFinding(variant(RABBIT_CONFIG, (o) => { o.spec.rabbitmqClusterReference.connectionSecret = { name: 's' }; }), 'RMQC3',
      'spec.rabbitmqClusterReference.connectionSecret', 'rabbitmqClusterReference.name and rabbitmqClusterReference.connectionSecret must not be set simultaneously');
  });

  test('RMQC4: on update the spec is immutable', () => {
    const found = onUpdate(RABBIT_CONFIG, variant(RABBIT_CONFIG, (o) => { o.spec.vhost = '/b'; }), 'RMQC4');
    expect(found[0]?.message).toBe('Immutable fields changed (spec.vhost: -<unset> +"/b")');
  });
});

describe('Broker of class RabbitMQBroker', () => {
  test('RMQB1: resource annotations are quantities, each request at most its limit', () => {
    const bad = variant(RABBIT_BROKER, (o) => {
      o.metadata.annotations['rabbitmq.eventing.knative.dev/cpu-request'] = 'lots';
      o.metadata.annotations['rabbitmq.eventing.knative.dev/memory-request'] = '2Gi';
      o.metadata.annotations['rabbitmq.eventing.knative.dev/memory-limit'] = '1024Mi';
    });
    expectFinding(bad, 'RMQB1', 'metadata.annotations[rabbitmq.eventing.knative.dev/cpu-request]', /^Failed to parse quantity from rabbitmq.eventing.knative.dev\/cpu-request/);
    expectFinding(bad, 'RMQB1', 'metadata.annotations', 'request must be less than or equal to limit');
  });

  test('RMQB2 and RMQB3: spec.config is set and complete', () => {
    // Eventing's defaulting runs first: on a stock cluster, a Broker of any class without config
    // gets config-br-defaults' cluster config (a ConfigMap), which this webhook then refuses.
    expectFinding(variant(RABBIT_BROKER, (o) => { delete o.spec.config; }), 'RMQB4', 'spec.config', /^Configuration not supported/);
    // With no cluster default config to fill in, the missing config itself is the error.
    expectFinding(variant(RABBIT_BROKER, (o) => { delete o.spec.config; }), 'RMQB2', 'spec.config', 'missing field(s)',
      { eventing: { brokerDefaults: { clusterDefault: { brokerClass: 'MTChannelBasedBroker' } } } });
    expectFinding(variant(RABBIT_BROKER, (o) => { o.spec.config.name = ''; }), 'RMQB3', 'spec.config.name', 'missing field(s)');
  });

  test('RMQB4: the config is a RabbitmqCluster or a RabbitmqBrokerConfig', () => {
    expectFinding(variant(RABBIT_BROKER, (o) => { o.spec.config = { apiVersion: 'v1', kind: 'ConfigMap', name: 'x' }; }), 'RMQB4', 'spec.config',
      /^Configuration not supported, only \[kind: RabbitmqCluster, apiVersion: rabbitmq.com\/v1beta1\]/);
    expect(byRule(variant(RABBIT_BROKER, (o) => { o.spec.config = { apiVersion: 'rabbitmq.com/v1beta1', kind: 'RabbitmqCluster', name: 'r' }; }), 'RMQB4')).toEqual([]);
  });

  test('other classes are not checked by this webhook', () => {
    expect(byRule(variant(RABBIT_BROKER, (o) => { o.metadata.annotations['eventing.knative.dev/broker.class'] = 'MTChannelBasedBroker'; delete o.spec.config; }), 'RMQB2')).toEqual([]);
  });

  test('RMQB5: on update the class may not become RabbitMQBroker and the whole spec is immutable', () => {
    const mt = variant(RABBIT_BROKER, (o) => { o.metadata.annotations['eventing.knative.dev/broker.class'] = 'MTChannelBasedBroker'; });
    expect(onUpdate(mt, RABBIT_BROKER, 'RMQB5')[0]?.field).toBe('annotations');
    const delivery = variant(RABBIT_BROKER, (o) => { o.spec.delivery = { retry: 1 }; });
    expect(onUpdate(RABBIT_BROKER, delivery, 'RMQB5')[0]?.message).toMatch(/^Immutable fields changed \(-old \+new\) \(spec\.delivery/);
  });
});

describe('EventPolicy', () => {
  test('EP1: refused unless authentication-oidc is Enabled', () => {
    expectFinding(EVENT_POLICY, 'EP1', 'metadata', 'oidc-authentication feature not enabled');
    expect(byRule(EVENT_POLICY, 'EP1', OIDC)).toEqual([]);
  });

  test('EP2: each from has exactly one of ref and a non-empty sub', () => {
    expectFinding(variant(EVENT_POLICY, (o) => { o.spec.from = [{ sub: '' }]; }), 'EP2', 'spec.from[0].ref, spec.from[0].sub', 'expected exactly one, got neither', OIDC);
    expectFinding(variant(EVENT_POLICY, (o) => { o.spec.from[0].sub = 'x'; }), 'EP2', 'spec.from[0].ref, spec.from[0].sub', 'expected exactly one, got both', OIDC);
  });

  test('EP3 and EP6: refs have kind, apiVersion and name', () => {
    const bad = variant(EVENT_POLICY, (o) => { delete o.spec.from[0].ref.kind; o.spec.to[0].ref.name = ''; });
    expectFinding(bad, 'EP3', 'spec.from[0].ref.kind', 'missing field(s)', OIDC);
    expectFinding(bad, 'EP6', 'spec.to[0].ref.name', 'missing field(s)', OIDC);
  });

  test("EP4: '*' only as the last character of a sub", () => {
    expectFinding(variant(EVENT_POLICY, (o) => { o.spec.from[1].sub = 'system:*:x'; }), 'EP4', 'spec.from[1].sub', "invalid value: system:*:x ('*' is only allowed as suffix)", OIDC);
    expect(byRule(variant(EVENT_POLICY, (o) => { o.spec.from[1].sub = '*'; }), 'EP4', OIDC)).toEqual([]);
  });

  test('EP5: each to has exactly one of ref and selector', () => {
    expectFinding(variant(EVENT_POLICY, (o) => { o.spec.to = [{}]; }), 'EP5', 'spec.to[0].ref, spec.to[0].selector', 'expected exactly one, got neither', OIDC);
    expectFinding(variant(EVENT_POLICY, (o) => { o.spec.to[0].selector = { matchLabels: {} }; }), 'EP5', 'spec.to[0].ref, spec.to[0].selector', 'expected exactly one, got both', OIDC);
  });

  test('filters follow the Trigger filter rules (G4)', () => {
    expectFinding(variant(EVENT_POLICY, (o) => { o.spec.filters = [{ exact: { type: 'a' }, prefix: { source: 'b' } }]; }), 'G4', 'spec.filters[0]',
      'multiple dialects found, filters can have only one dialect set', OIDC);
  });
});
