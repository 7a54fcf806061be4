/**
 * Update-only eventing rules: each compares the previously deployed manifest with the new one
 * (ValidationOptions.previous), as the webhook compares the stored object with the update.
 */
import { previousLookup, validateObject } from '../../../../lib/validation/engine';
import { Finding } from '../../../../lib/validation/types';
import { variant } from '../../../helpers';
import { BROKER, CHANNEL, KAFKA_SINK, KAFKA_SOURCE, SUBSCRIPTION, TRIGGER } from './fixtures';

const UPDATE_RULES = ['B4', 'B5', 'G11', 'C3', 'SU4', 'KS6', 'KSK6'];

/** The findings of the update-only rules when `current` replaces `previous`. */
function onUpdate(previous: unknown, current: unknown): Finding[] {
  return validateObject(current, { previous: previousLookup([previous]) }).findings.filter((f) => UPDATE_RULES.includes(f.rule));
}

describe('Broker', () => {
  const CLASSIC = variant(BROKER, (o) => { o.metadata.annotations = { 'eventing.knative.dev/broker.class': 'MTChannelBasedBroker' }; });

  test('B5: the broker.class annotation is immutable', () => {
    const changed = variant(CLASSIC, (o) => { o.metadata.annotations['eventing.knative.dev/broker.class'] = 'Kafka'; o.spec.config = { apiVersion: 'v1', kind: 'ConfigMap', name: 'kafka-broker-config' }; });
    const found = onUpdate(CLASSIC, changed).filter((f) => f.rule === 'B5');
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({
      severity: 'error', rule: 'B5', field: 'annotations', value: 'Kafka',
      message: 'Immutable annotations changed (-old +new) (eventing.knative.dev/broker.class: -"MTChannelBasedBroker" +"Kafka")',
    });
    expect(found[0].allowed).toContain('"MTChannelBasedBroker"');
  });

  test('B5: dropping an explicit class brings back the default class, which is a change too', () => {
    const kafka = variant(BROKER, (o) => {
      o.metadata.annotations = { 'eventing.knative.dev/broker.class': 'Kafka' };
      o.spec.config = { apiVersion: 'v1', kind: 'ConfigMap', name: 'kafka-broker-config', namespace: 'team-a' };
    });
    const dropped = variant(kafka, (o) => { delete o.metadata.annotations; });
    expect(onUpdate(kafka, dropped).map((f) => [f.rule, f.value])).toContainEqual(['B5', 'MTChannelBasedBroker']);
  });

  test('B4: spec.config is immutable', () => {
    const withConfig = variant(CLASSIC, (o) => { o.spec.config = { apiVersion: 'v1', kind: 'ConfigMap', name: 'a', namespace: 'team-a' }; });
    const changed = variant(withConfig, (o) => { o.spec.config.name = 'b'; });
    expect(onUpdate(withConfig, changed)).toEqual([expect.objectContaining({
      severity: 'error', rule: 'B4', field: 'spec', message: 'Immutable fields changed (-old +new) (spec.config.name: -"a" +"b")',
    })]);
  });

  test('B4: spec.delivery may change; an unchanged Broker passes', () => {
    const withDelivery = variant(CLASSIC, (o) => { o.spec.delivery = { retry: 3 }; });
    expect(onUpdate(CLASSIC, withDelivery)).toEqual([]);
    expect(onUpdate(withDelivery, variant(withDelivery, (o) => { o.spec.delivery.retry = 5; o.spec.delivery.backoffPolicy = 'linear'; }))).toEqual([]);
    expect(onUpdate(CLASSIC, CLASSIC)).toEqual([]);
  });

  test('defaults apply to both versions: making the default class explicit is not a change', () => {
    expect(onUpdate(BROKER, CLASSIC)).toEqual([]);
  });
});

describe('Trigger', () => {
  test('G11: spec.broker is immutable', () => {
    const moved = variant(TRIGGER, (o) => { o.spec.broker = 'other'; });
    expect(onUpdate(TRIGGER, moved)).toEqual([expect.objectContaining({
      severity: 'error', rule: 'G11', field: 'spec, broker', value: 'other',
      message: 'Immutable fields changed (-old +new) (spec.broker: -"default" +"other")',
    })]);
  });

  test('G11: subscriber, filter and delivery may change', () => {
    const changed = variant(TRIGGER, (o) => {
      o.spec.subscriber = { uri: 'http://elsewhere.team-a.svc.cluster.local' };
      o.spec.filter = { attributes: { type: 'dev.example.other' } };
      o.spec.delivery = { retry: 4 };
    });
    expect(onUpdate(TRIGGER, changed)).toEqual([]);
  });
});

describe('Channel', () => {
  const IMC_TEMPLATE = { apiVersion: 'messaging.knative.dev/v1', kind: 'InMemoryChannel' };

  test('C3: the spec other than subscribers is immutable (channelTemplate)', () => {
    const kafka = variant(CHANNEL, (o) => { o.spec.channelTemplate = { apiVersion: 'messaging.knative.dev/v1beta1', kind: 'KafkaChannel' }; });
    const found = onUpdate(CHANNEL, kafka);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ severity: 'error', rule: 'C3', field: 'spec' });
    expect(found[0].message).toBe('Immutable fields changed (-old +new) '
      + '(spec.channelTemplate.apiVersion: -"messaging.knative.dev/v1" +"messaging.knative.dev/v1beta1"; spec.channelTemplate.kind: -"InMemoryChannel" +"KafkaChannel")');
  });

  test('C3: delivery is part of the immutable spec upstream (only SubscribableSpec is ignored)', () => {
    const withDelivery = variant(CHANNEL, (o) => { o.spec.delivery = { retry: 3 }; });
    expect(onUpdate(CHANNEL, withDelivery).map((f) => f.rule)).toEqual(['C3']);
  });

  test('C3: making the defaulted channelTemplate explicit is not a change', () => {
    expect(onUpdate(CHANNEL, variant(CHANNEL, (o) => { o.spec.channelTemplate = IMC_TEMPLATE; }))).toEqual([]);
  });
});

describe('Subscription', () => {
  test('SU4: spec.channel is immutable', () => {
    const moved = variant(SUBSCRIPTION, (o) => { o.spec.channel.name = 'other'; });
    expect(onUpdate(SUBSCRIPTION, moved)).toEqual([expect.objectContaining({
      severity: 'error', rule: 'SU4', field: 'spec', message: 'Immutable fields changed (-old +new) (spec.channel.name: -"ch" +"other")',
    })]);
  });

  test('SU4: subscriber and reply may change', () => {
    const changed = variant(SUBSCRIPTION, (o) => {
      o.spec.subscriber = { uri: 'http://new.team-a.svc.cluster.local' };
      delete o.spec.reply;
    });
    expect(onUpdate(SUBSCRIPTION, changed)).toEqual([]);
  });

  test('SU4: delivery is part of the immutable spec upstream (only Subscriber and Reply are ignored)', () => {
    const changed = variant(SUBSCRIPTION, (o) => { o.spec.delivery.retry = 5; });
    expect(onUpdate(SUBSCRIPTION, changed).map((f) => [f.rule, f.message])).toEqual([['SU4', 'Immutable fields changed (-old +new) (spec.delivery.retry: -2 +5)']]);
  });
});

describe('contributed sources and sinks', () => {
  test('KS6: KafkaSource consumerGroup is immutable', () => {
    const changed = variant(KAFKA_SOURCE, (o) => { o.spec.consumerGroup = 'new-group'; });
    expect(onUpdate(KAFKA_SOURCE, changed)).toEqual([expect.objectContaining({
      severity: 'error', rule: 'KS6', field: 'spec', value: 'new-group',
      message: 'Immutable fields changed (-old +new) (spec.consumerGroup: -"uploads-group" +"new-group")',
    })]);
  });

  test('KS6: topics and the sink may change', () => {
    const changed = variant(KAFKA_SOURCE, (o) => { o.spec.topics = ['uploads', 'more']; o.spec.sink = { uri: 'http://x.team-a.svc.cluster.local' }; });
    expect(onUpdate(KAFKA_SOURCE, changed)).toEqual([]);
  });

  test('KSK6: KafkaSink topic, numPartitions and replicationFactor are immutable', () => {
    const changed = variant(KAFKA_SINK, (o) => { o.spec.topic = 'other'; o.spec.numPartitions = 6; delete o.spec.replicationFactor; });
    const found = onUpdate(KAFKA_SINK, changed);
    expect(found.map((f) => [f.rule, f.field, f.message])).toEqual([
      ['KSK6', 'spec.topic', 'Immutable field updated'],
      ['KSK6', 'spec.replicationFactor', 'Immutable field updated'],
      ['KSK6', 'spec.numPartitions', 'Immutable field updated'],
    ]);
  });

  test('KSK6: bootstrapServers and contentMode may change', () => {
    const changed = variant(KAFKA_SINK, (o) => { o.spec.bootstrapServers = ['kafka-2.kafka:9092']; o.spec.contentMode = 'binary'; });
    expect(onUpdate(KAFKA_SINK, changed)).toEqual([]);
  });
});
