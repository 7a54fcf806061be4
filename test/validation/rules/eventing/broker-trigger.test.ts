import { byRule, variant } from '../../../helpers';
import { BROKER, TRIGGER, expectFinding } from './fixtures';

const CLASS = 'eventing.knative.dev/broker.class';

describe('Broker', () => {
  test('B1: an explicit empty class is rejected; a missing one is defaulted', () => {
    expectFinding(variant(BROKER, (o) => { o.metadata.annotations = { [CLASS]: '' }; }), 'B1', CLASS, 'missing field(s)');
    expect(byRule(BROKER, 'B1')).toEqual([]);
  });

  test('B2: spec.config needs name, kind and apiVersion', () => {
    const bad = variant(BROKER, (o) => { o.spec.config = { kind: 'ConfigMap' }; });
    expectFinding(bad, 'B2', 'spec.config.name', 'missing field(s)');
    expectFinding(bad, 'B2', 'spec.config.apiVersion', 'missing field(s)');
  });

  test('B2: a config in another namespace only with disallow-different-namespace-config off', () => {
    const other = variant(BROKER, (o) => { o.spec.config = { apiVersion: 'v1', kind: 'ConfigMap', name: 'cfg', namespace: 'elsewhere' }; });
    expect(byRule(other, 'B2')).toEqual([]);
    const f = expectFinding(other, 'B2', 'spec.config.namespace', 'mismatched namespaces (parent namespace: "team-a" does not match ref: "elsewhere")',
      { eventing: { disallowDifferentNamespaceConfig: true } });
    expect(f.allowed).toBe('team-a');
    // The defaulted stock config lives in knative-eventing: with the setting on it is refused too.
    expectFinding(BROKER, 'B2', 'spec.config.namespace', /^mismatched namespaces/, { eventing: { disallowDifferentNamespaceConfig: true } });
  });

  test('B3: spec.delivery follows the DeliverySpec rules', () => {
    expectFinding(variant(BROKER, (o) => { o.spec.delivery = { retry: -3 }; }), 'E-V1', 'spec.delivery.retry', 'invalid value: -3');
  });
});

describe('Kafka broker classes', () => {
  const kafka = (cls: string, config: Record<string, unknown>) => variant(BROKER, (o) => {
    o.metadata.annotations = { [CLASS]: cls };
    o.spec.config = { apiVersion: 'v1', name: 'kafka-broker-config', ...config };
  });

  test('KB1: the config must be a ConfigMap', () => {
    expectFinding(kafka('Kafka', { kind: 'Secret', namespace: 'knative-eventing' }), 'KB1', 'spec.config.kind', 'invalid value: Secret (Expected ConfigMap)');
    expect(byRule(kafka('Kafka', { kind: 'configmap', namespace: 'knative-eventing' }), 'KB1')).toEqual([]);
  });

  test('KB2: a KafkaNamespaced broker keeps its config in its own namespace', () => {
    expectFinding(kafka('KafkaNamespaced', { kind: 'ConfigMap', namespace: 'knative-eventing' }), 'KB2', 'spec.config.namespace',
      'invalid value: knative-eventing (Expected ConfigMap in same namespace with broker resource)');
    expect(byRule(kafka('Kafka', { kind: 'ConfigMap', namespace: 'knative-eventing' }), 'KB2')).toEqual([]);
  });

  test('KB1 sees the class defaulted from config-br-defaults', () => {
    const unclassed = variant(BROKER, (o) => { o.spec.config = { apiVersion: 'v1', kind: 'Secret', name: 'cfg' }; });
    expect(byRule(unclassed, 'KB1')).toEqual([]);
    expectFinding(unclassed, 'KB1', 'spec.config.kind', 'invalid value: Secret (Expected ConfigMap)', { eventing: { defaultBrokerClass: 'Kafka' } });
    expect(byRule(unclassed, 'B1', { eventing: { defaultBrokerClass: 'Kafka' } })).toEqual([]);
  });

  test('other classes are not the Kafka webhook\'s business', () => {
    expect(byRule(kafka('MTChannelBasedBroker', { kind: 'Secret' }), 'KB1')).toEqual([]);
  });
});

describe('Trigger', () => {
  test('G1: exactly one of broker and brokerRef', () => {
    expectFinding(variant(TRIGGER, (o) => { delete o.spec.broker; }), 'G1', 'spec.broker', 'missing field(s)');
    expectFinding(variant(TRIGGER, (o) => { o.spec.brokerRef = { apiVersion: 'eventing.knative.dev/v1', kind: 'Broker', name: 'default' }; }), 'G1',
      'spec.broker, spec.brokerRef', 'expected exactly one, got both');
  });

  test('G2: brokerRef.namespace needs cross-namespace-event-links', () => {
    const ref = variant(TRIGGER, (o) => { delete o.spec.broker; o.spec.brokerRef = { apiVersion: 'eventing.knative.dev/v1', kind: 'Broker', name: 'b', namespace: 'other' }; });
    expectFinding(ref, 'G2', 'spec.namespace',
      'must not set the field(s) (only name, apiVersion and kind are supported fields when feature.CrossNamespaceEventLinks is disabled)');
    expect(byRule(ref, 'G2', { eventing: { features: { 'cross-namespace-event-links': 'Enabled' } } })).toEqual([]);
  });

  test('G3: attribute filter keys are lower-case alphanumerics starting with a letter', () => {
    const f = expectFinding(variant(TRIGGER, (o) => { o.spec.filter.attributes = { invALID: 'x' }; }), 'G3', 'spec.filter.attributes[invALID]',
      'invalid key name "invALID" (Attribute name must start with a letter and can only contain lowercase alphanumeric)');
    expect(f.value).toBe('invALID');
    for (const key of ['my_ext', 'my-ext', '0abc']) expect(byRule(variant(TRIGGER, (o) => { o.spec.filter.attributes = { [key]: '' }; }), 'G3')).toHaveLength(1);
    expect(byRule(variant(TRIGGER, (o) => { o.spec.filter.attributes = { a1b2: '' }; }), 'G3')).toEqual([]);
  });

  test('G4: one dialect per filter, at every depth', () => {
    expectFinding(variant(TRIGGER, (o) => { o.spec.filters = [{ exact: { type: 'a' }, suffix: { source: 'b' } }]; }), 'G4', 'spec.filters[0]',
      'multiple dialects found, filters can have only one dialect set');
    expectFinding(variant(TRIGGER, (o) => { o.spec.filters = [{ all: [{ exact: { type: 'a' } }, { not: { exact: { a: 'b' } }, cesql: "a = 'b'" }] }]; }), 'G4',
      'spec.filters[0].all[1]', 'multiple dialects found, filters can have only one dialect set');
    expect(byRule(variant(TRIGGER, (o) => { o.spec.filters = [{ all: [{ exact: { type: 'a' } }, { suffix: { source: 'b' } }] }]; }), 'G4')).toEqual([]);
  });

  test('G5: exact/prefix/suffix attribute names; several attributes in one map are accepted', () => {
    expectFinding(variant(TRIGGER, (o) => { o.spec.filters = [{ exact: { '0invalid': 'x' } }]; }), 'G5', 'spec.filters[0].exact[0invalid]',
      'invalid key name "0invalid" (Attribute name must start with a letter and can only contain lowercase alphanumeric)');
    expectFinding(variant(TRIGGER, (o) => { o.spec.filters = [{ any: [{ not: { prefix: { Bad: 'x' } } }] }]; }), 'G5', 'spec.filters[0].any[0].not.prefix[Bad]',
      /^invalid key name "Bad"/);
    expect(byRule(variant(TRIGGER, (o) => { o.spec.filters = [{ suffix: { a: 'x', b: 'y' } }]; }), 'G5')).toEqual([]);
    expectFinding(variant(TRIGGER, (o) => { o.spec.filters = [{ suffix: { a: 'x', B: 'y' } }]; }), 'G5', 'spec.filters[0].suffix[B]', /^invalid key name "B"/);
  });

  test('G6: cesql must parse', () => {
    const f = expectFinding(variant(TRIGGER, (o) => { o.spec.filters = [{ cesql: 'this is wrong' }]; }), 'G6', 'spec.filters[0].cesql',
      "invalid value: this is wrong (parse error: syntax error: mismatched input 'is' expecting <EOF>)");
    expect(f.value).toBe('this is wrong');
    expect(byRule(variant(TRIGGER, (o) => { o.spec.filters = [{ cesql: "type = 'x' AND EXISTS subject" }]; }), 'G6')).toEqual([]);
  });

  test('G7: the subscriber is a required Destination', () => {
    expectFinding(variant(TRIGGER, (o) => { delete o.spec.subscriber; }), 'E-D1', 'spec.subscriber.ref, spec.subscriber.uri', 'expected at least one, got none');
    expectFinding(variant(TRIGGER, (o) => { delete o.spec.subscriber.ref.name; }), 'E-D4', 'spec.subscriber.ref.name', 'missing field(s)');
  });

  test('G8: spec.delivery follows the DeliverySpec rules', () => {
    expectFinding(variant(TRIGGER, (o) => { o.spec.delivery = { backoffPolicy: 'random' }; }), 'E-V2', 'spec.delivery.backoffPolicy', 'invalid value: random');
  });

  test('G9: the dependency annotation is a JSON ObjectReference in the trigger\'s namespace', () => {
    const dep = (v: string) => variant(TRIGGER, (o) => { o.metadata.annotations = { 'knative.dev/dependency': v }; });
    expectFinding(dep('not json'), 'G9', 'metadata.annotations[knative.dev/dependency]',
      'The provided annotation was not a corev1.ObjectReference: "not json" (invalid character \'o\' in literal null (expecting \'u\'))');
    expectFinding(dep('["PingSource"]'), 'G9', 'metadata.annotations[knative.dev/dependency]',
      'The provided annotation was not a corev1.ObjectReference: "[\\"PingSource\\"]" (json: cannot unmarshal array into Go value of type v1.ObjectReference)');
    expectFinding(dep('{"kind":1}'), 'G9', 'metadata.annotations[knative.dev/dependency]',
      /\(json: cannot unmarshal number into Go struct field ObjectReference.kind of type string\)$/);
    expectFinding(dep('{"name":"p","apiVersion":"sources.knative.dev/v1"}'), 'G9', 'metadata.annotations[knative.dev/dependency].kind', 'missing field(s)');
    expectFinding(dep('{"kind":"PingSource","name":"p","apiVersion":"sources.knative.dev/v1","namespace":"ns"}'), 'G9',
      'metadata.annotations[knative.dev/dependency].namespace', 'Namespace must be empty or equal to the trigger namespace "team-a"');
    expect(byRule(dep('{"kind":"PingSource","name":"p","apiVersion":"sources.knative.dev/v1","namespace":"team-a"}'), 'G9')).toEqual([]);
  });

  test('G10: the injection annotation is enabled/disabled and only for the default broker', () => {
    const inj = (v: string, broker = 'default') => variant(TRIGGER, (o) => { o.metadata.annotations = { 'eventing.knative.dev/injection': v }; o.spec.broker = broker; });
    expectFinding(inj('wut'), 'G10', 'metadata.annotations[eventing.knative.dev/injection]', 'The provided injection annotation value can only be "enabled" or "disabled", not "wut"');
    expectFinding(inj('enabled', 'x'), 'G10', 'metadata.annotations[eventing.knative.dev/injection]',
      'The provided injection annotation is only used for default broker, but non-default broker specified here: "x"');
    expect(byRule(inj('disabled'), 'G10')).toEqual([]);
  });
});
