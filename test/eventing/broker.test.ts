import * as kplus from 'cdk8s-plus-27';
import { ClusterSettings } from '../../lib/core/cluster-settings';
import { Broker, BrokerClass, BrokerConfig, Filter, Sink } from '../../lib/eventing';
import { engineErrors, json, setup, synthErrors } from './util';
import { synthErrors as appErrors } from '../helpers';

describe('Broker', () => {
  test('default output: the class annotation written explicitly, no spec, valid', () => {
    const { chart } = setup('events');
    const broker = new Broker(chart, 'b', { metadata: { name: 'default' } });
    expect(json(broker)).toEqual({
      apiVersion: 'eventing.knative.dev/v1',
      kind: 'Broker',
      metadata: { name: 'default', namespace: 'events', annotations: { 'eventing.knative.dev/broker.class': 'MTChannelBasedBroker' } },
    });
    expect(engineErrors(broker)).toEqual([]);
  });

  test('the default class follows the cluster settings', () => {
    const { app, chart } = setup();
    ClusterSettings.apply(app, { eventing: { defaultBrokerClass: 'Kafka' } });
    const broker = new Broker(chart, 'b');
    expect(broker.brokerClass.name).toBe('Kafka');
    expect(json(broker).metadata.annotations['eventing.knative.dev/broker.class']).toBe('Kafka');
  });

  test('the default class follows config-br-defaults namespace defaults for the broker\'s namespace', () => {
    const { app, chart } = setup('events');
    ClusterSettings.apply(app, { eventing: { brokerDefaults: { clusterDefault: { brokerClass: 'MTChannelBasedBroker' }, namespaceDefaults: { events: { brokerClass: 'Kafka' } } } } });
    expect(new Broker(chart, 'here').brokerClass.name).toBe('Kafka');
    expect(new Broker(chart, 'elsewhere', { metadata: { namespace: 'other' } }).brokerClass.name).toBe('MTChannelBasedBroker');
  });

  test('named classes and an empty class', () => {
    const { chart } = setup();
    expect(json(new Broker(chart, 'k', { brokerClass: BrokerClass.KAFKA })).metadata.annotations['eventing.knative.dev/broker.class']).toBe('Kafka');
    expect(json(new Broker(chart, 'c', { brokerClass: BrokerClass.of('MyBroker') })).metadata.annotations['eventing.knative.dev/broker.class']).toBe('MyBroker');
    const bad = setup();
    new Broker(bad.chart, 'empty', { brokerClass: BrokerClass.of(' ') });
    expect(appErrors(bad.app)).toEqual([
      '[test/empty] brokerClass: must not be empty: the webhook rejects an empty broker.class annotation (value: " "; allowed: the class name its controller watches for, e.g. "Kafka")',
    ]);
  });

  test('config references a ConfigMap by object or name', () => {
    const { chart } = setup('events');
    const cm = new kplus.ConfigMap(chart, 'cm', { data: { 'channel-template-spec': 'apiVersion: messaging.knative.dev/v1\nkind: InMemoryChannel\n' } });
    const b1 = new Broker(chart, 'b1', { config: BrokerConfig.fromConfigMap(cm) });
    expect(json(b1).spec.config).toEqual({ apiVersion: 'v1', kind: 'ConfigMap', name: cm.name, namespace: 'events' });
    const b2 = new Broker(chart, 'b2', { config: BrokerConfig.fromConfigMap('config-br-default-channel', 'knative-eventing') });
    expect(json(b2).spec.config).toEqual({ apiVersion: 'v1', kind: 'ConfigMap', name: 'config-br-default-channel', namespace: 'knative-eventing' });
    expect(engineErrors(b2)).toEqual([]);
  });

  test('addTrigger after construction reaches the output, in the broker namespace', () => {
    const { chart } = setup();
    const broker = new Broker(chart, 'b', { metadata: { namespace: 'events' } });
    const t = broker.addTrigger('uploads', { subscriber: Sink.fromUri('https://x.example.org'), filters: [Filter.exact({ type: 'a' })] });
    t.addFilter(Filter.suffix({ subject: '.root' }));
    const out = json(t);
    expect(out.metadata.namespace).toBe('events');
    expect(out.spec.broker).toBe(broker.name);
    expect(out.spec.filters).toEqual([{ exact: { type: 'a' } }, { suffix: { subject: '.root' } }]);
    expect(synthErrors(chart)).toEqual([]);
  });

  test('an imported broker can be a sink and a trigger source', () => {
    const { chart } = setup('prod');
    const imported = Broker.fromBrokerName(chart, 'shared', 'default');
    expect(imported.external).toBe(true);
    expect(synthErrors(chart)).toEqual([]);
    expect(imported.reference).toEqual({ apiVersion: 'eventing.knative.dev/v1', kind: 'Broker', name: 'default' });
  });
});
