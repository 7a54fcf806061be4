import { byRule, variant } from '../../../helpers';
import { GITHUB, GITLAB, KAFKA_SINK, KAFKA_SOURCE, RABBITMQ_SOURCE, expectFinding } from './fixtures';

describe('GitLabSource and GitHubSource', () => {
  test('GL1: the GitLab sink follows the Destination rules', () => {
    expectFinding(variant(GITLAB, (o) => { o.spec.sink = { ref: { apiVersion: 'v1', kind: 'Service', name: 'x' }, uri: 'https://abs.example.com' }; }), 'E-D2',
      'spec.sink.[apiVersion, kind, name], spec.sink.ref, spec.sink.uri', 'Absolute URI is not allowed when Ref or [apiVersion, kind, name] is present');
  });

  test('GH1: the GitHub sink follows the Destination rules', () => {
    expectFinding(variant(GITHUB, (o) => { o.spec.sink = { ref: { apiVersion: 'v1', kind: 'Service' } }; }), 'E-D4', 'spec.sink.ref.name', 'missing field(s)');
  });
});

describe('KafkaSource', () => {
  test('KS1 and KS2: topics and bootstrapServers are required', () => {
    const bad = variant(KAFKA_SOURCE, (o) => { o.spec.topics = []; o.spec.bootstrapServers = []; });
    expectFinding(bad, 'KS1', 'spec.topics', 'missing field(s)');
    expectFinding(bad, 'KS2', 'spec.bootstrapServers', 'missing field(s)');
  });

  test('KS3: initialOffset is earliest or latest (defaulted to latest)', () => {
    expectFinding(variant(KAFKA_SOURCE, (o) => { o.spec.initialOffset = 'newest'; }), 'KS3', 'spec.initialOffset', 'invalid value: newest');
    expect(byRule(variant(KAFKA_SOURCE, (o) => { o.spec.initialOffset = 'earliest'; }), 'KS3')).toEqual([]);
  });

  test('KS4: ordering is ordered or unordered (defaulted to ordered)', () => {
    expectFinding(variant(KAFKA_SOURCE, (o) => { o.spec.ordering = 'random'; }), 'KS4', 'spec.ordering', 'invalid value: random');
    expect(byRule(variant(KAFKA_SOURCE, (o) => { o.spec.ordering = 'unordered'; }), 'KS4')).toEqual([]);
  });

  test('KS5: sink and ceOverrides follow the source rules', () => {
    expectFinding(variant(KAFKA_SOURCE, (o) => { o.spec.ceOverrides = { extensions: { 'bad-key': 'x' } }; }), 'E-CE1', 'spec.ceOverrides.extensions',
      'invalid key name "bad-key" (keys are expected to be alphanumeric)');
    expectFinding(variant(KAFKA_SOURCE, (o) => { delete o.spec.sink; }), 'E-D1', 'spec.sink.ref, spec.sink.uri', 'expected at least one, got none');
  });
});

describe('KafkaSink', () => {
  test('KSK1: contentMode is structured or binary (defaulted)', () => {
    expectFinding(variant(KAFKA_SINK, (o) => { o.spec.contentMode = 'batch'; }), 'KSK1', 'spec.contentMode', 'invalid value: batch');
    expect(byRule(variant(KAFKA_SINK, (o) => { o.spec.contentMode = 'binary'; }), 'KSK1')).toEqual([]);
  });

  test('KSK2: bootstrapServers is non-empty', () => {
    expectFinding(variant(KAFKA_SINK, (o) => { o.spec.bootstrapServers = []; }), 'KSK2', 'spec.bootstrapServers', 'invalid value: []');
  });

  test('KSK3: topic is non-empty', () => {
    expectFinding(variant(KAFKA_SINK, (o) => { o.spec.topic = ''; }), 'KSK3', 'spec.topic', 'invalid value: ');
  });

  test('KSK4 and KSK5: replicationFactor and numPartitions are positive when set', () => {
    const bad = variant(KAFKA_SINK, (o) => { o.spec.replicationFactor = 0; o.spec.numPartitions = -1; });
    expectFinding(bad, 'KSK4', 'spec.replicationFactor', 'invalid value: 0');
    expectFinding(bad, 'KSK5', 'spec.numPartitions', 'invalid value: -1');
  });
});

describe('RabbitmqSource', () => {
  test('RMQ1: rabbitmqResourcesConfig is required', () => {
    expectFinding(variant(RABBITMQ_SOURCE, (o) => { delete o.spec.rabbitmqResourcesConfig; }), 'RMQ1', 'spec.rabbitmqResourcesConfig', 'missing field(s)');
  });

  test('RMQ2: an exchange name unless predeclared', () => {
    const noExchange = variant(RABBITMQ_SOURCE, (o) => { delete o.spec.rabbitmqResourcesConfig.exchangeName; });
    expectFinding(noExchange, 'RMQ2', 'spec.exchangeConfig.name', 'Name of exchange must be provided when spec.predeclared is false');
    expect(byRule(variant(noExchange, (o) => { o.spec.rabbitmqResourcesConfig.predeclared = true; }), 'RMQ2')).toEqual([]);
  });

  test('RMQ3: rabbitmqClusterReference is required', () => {
    expectFinding(variant(RABBITMQ_SOURCE, (o) => { delete o.spec.rabbitmqClusterReference; }), 'RMQ3', 'spec.rabbitmqClusterReference', 'missing field(s)');
  });

  test('RMQ4: exactly one of cluster name and connectionSecret', () => {
    expectFinding(variant(RABBITMQ_SOURCE, (o) => { o.spec.rabbitmqClusterReference = { namespace: 'x' }; }), 'RMQ4', 'spec.rabbitmqClusterReference.name', 'missing field(s)');
    expectFinding(variant(RABBITMQ_SOURCE, (o) => { o.spec.rabbitmqClusterReference.connectionSecret = { name: 's' }; }), 'RMQ4',
      'spec.rabbitmqClusterReference.connectionSecret', 'must not set the field(s)');
    expect(byRule(variant(RABBITMQ_SOURCE, (o) => { o.spec.rabbitmqClusterReference = { connectionSecret: { name: 's' } }; }), 'RMQ4')).toEqual([]);
  });

  test('RMQ5: parallelism is 1..1000, at the path Knative prints', () => {
    expectFinding(variant(RABBITMQ_SOURCE, (o) => { o.spec.rabbitmqResourcesConfig.parallelism = 1001; }), 'RMQ5', 'rabbitmqResourcesConfig.Parallelism', 'expected 1 <= 1001 <= 1000');
    expect(byRule(variant(RABBITMQ_SOURCE, (o) => { o.spec.rabbitmqResourcesConfig.parallelism = 1000; }), 'RMQ5')).toEqual([]);
  });
});
