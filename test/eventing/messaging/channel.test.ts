import { Chart, Duration, Testing } from 'cdk8s';
import { ClusterSettings } from '../../../lib/core/cluster-settings';
import { Broker, Channel, ChannelTemplate, InMemoryChannel, PingSource, Sink, Subscription } from '../../../lib/eventing';
import { engineErrors, json, setup, synthErrors } from '../util';
import { synthErrors as appErrors } from '../../helpers';
import { Parallel, Sequence } from '../../../lib/eventing';

const uri = Sink.fromUri('https://sink.example.org');

describe('Channel and InMemoryChannel', () => {
  test('an empty channel template is a synth error of every construct using it; missing props are TypeErrors', () => {
    const { app, chart } = setup();
    const template = ChannelTemplate.of('', 'KafkaChannel', { n: NaN });
    new Channel(chart, 'c', { channelTemplate: template });
    new Sequence(chart, 's', { channelTemplate: template, steps: [uri] });
    new Parallel(chart, 'p', { channelTemplate: template, branches: [{ subscriber: uri }] });
    const line = "channelTemplate.apiVersion: must not be empty (value: \"\"; allowed: a channel CRD's apiVersion, e.g. 'messaging.knative.dev/v1beta1')";
    const spec = 'channelTemplate.spec: spec.n: NaN has no JSON form (allowed: values JSON can represent)';
    expect(appErrors(app)).toEqual([`[test/c] ${line}`, `[test/c] ${spec}`, `[test/s] ${line}`, `[test/s] ${spec}`, `[test/p] ${line}`, `[test/p] ${spec}`]);
    const ch = new Channel(chart, 'ok');
    expect(() => ch.subscribe('x', {} as any)).toThrow("Subscription: the required prop 'subscriber' is missing");
    expect(() => new Subscription(chart, 'y', { subscriber: uri } as any)).toThrow("Subscription: the required prop 'channel' is missing");
    expect(() => new Parallel(chart, 'z').addBranch({} as any)).toThrow("ParallelBranch: the required prop 'subscriber' is missing");
  });

  test('default output is valid and leaves the template to the cluster', () => {
    const { chart } = setup('events');
    const ch = new Channel(chart, 'ch', { metadata: { name: 'uploads' } });
    expect(json(ch)).toEqual({ apiVersion: 'messaging.knative.dev/v1', kind: 'Channel', metadata: { name: 'uploads', namespace: 'events' } });
    expect(engineErrors(ch)).toEqual([]);
    const imc = new InMemoryChannel(chart, 'imc');
    expect(json(imc).spec).toBeUndefined();
    expect(engineErrors(imc)).toEqual([]);
  });

  test('channel template and delivery', () => {
    const { chart } = setup();
    const ch = new Channel(chart, 'ch', {
      channelTemplate: ChannelTemplate.of('messaging.knative.dev/v1beta1', 'KafkaChannel', { numPartitions: 3, replicationFactor: 1 }),
      delivery: { retry: 2, backoffDelay: Duration.seconds(1) },
    });
    expect(json(ch).spec).toEqual({
      channelTemplate: { apiVersion: 'messaging.knative.dev/v1beta1', kind: 'KafkaChannel', spec: { numPartitions: 3, replicationFactor: 1 } },
      delivery: { retry: 2, backoffDelay: 'PT1S' },
    });
    expect(ChannelTemplate.IN_MEMORY.toJson()).toEqual({ apiVersion: 'messaging.knative.dev/v1', kind: 'InMemoryChannel' });
    expect(engineErrors(ch)).toEqual([]);
  });

  test('channels are sinks', () => {
    const { chart } = setup();
    const imc = new InMemoryChannel(chart, 'imc');
    const p = new PingSource(chart, 'p', { sink: imc });
    expect(json(p).spec.sink.ref).toEqual({ apiVersion: 'messaging.knative.dev/v1', kind: 'InMemoryChannel', name: imc.name });
    expect(synthErrors(chart)).toEqual([]);
  });
});

describe('Subscription', () => {
  test('subscribe() after construction: subscriber, reply, delivery; channel without namespace', () => {
    const { chart } = setup('events');
    const ch = new Channel(chart, 'ch');
    const broker = new Broker(chart, 'b');
    const sub = ch.subscribe('s', { subscriber: uri, reply: broker, delivery: { deadLetterSink: broker, retry: 1 } });
    expect(json(sub).metadata.namespace).toBe('events');
    expect(json(sub).spec).toEqual({
      channel: { apiVersion: 'messaging.knative.dev/v1', kind: 'Channel', name: ch.name },
      subscriber: { uri: 'https://sink.example.org' },
      reply: { ref: { apiVersion: 'eventing.knative.dev/v1', kind: 'Broker', name: broker.name } },
      delivery: { deadLetterSink: { ref: { apiVersion: 'eventing.knative.dev/v1', kind: 'Broker', name: broker.name } }, retry: 1 },
    });
    expect(engineErrors(sub)).toEqual([]);
    expect(synthErrors(chart)).toEqual([]);
  });

  test('a dangling reply fails synth', () => {
    const { chart } = setup();
    const ch = new InMemoryChannel(chart, 'ch');
    ch.subscribe('s', { subscriber: uri, reply: Sink.fromChannel('replies') });
    expect(synthErrors(chart)).toEqual([
      '[test/ch/s] spec.reply: Channel "replies" (messaging.knative.dev/v1) in no namespace is not defined in this app; pass the construct itself, or, if it is deployed by something else, declare it with { external: true }',
    ]);
  });

  test('a channel in another namespace needs crossNamespace (and the feature)', () => {
    const app = Testing.app();
    const ch = new Channel(new Chart(app, 'a', { namespace: 'a' }), 'ch');
    const b = new Chart(app, 'b', { namespace: 'b' });
    new Subscription(b, 'implicit', { channel: ch, subscriber: uri });
    expect(synthErrors(app).join('\n')).toMatch(/\[b\/implicit\] spec.channel: Channel ".*" \(messaging.knative.dev\/v1\) in namespace "a" is not in this Subscription's namespace "b"; crossing namespaces must be explicit/);
    const app2 = Testing.app();
    ClusterSettings.apply(app2, { eventing: { features: { 'cross-namespace-event-links': 'Enabled' } } });
    const ch2 = new Channel(new Chart(app2, 'a', { namespace: 'a' }), 'ch');
    const sub = new Subscription(new Chart(app2, 'b', { namespace: 'b' }), 'explicit', { channel: ch2, subscriber: uri, crossNamespace: true });
    expect(json(sub).spec.channel.namespace).toBe('a');
    expect(synthErrors(app2)).toEqual([]);
  });
});

describe('Channel.fromChannelName', () => {
  test('an imported channel: same namespace by default, explicit with a namespace', () => {
    const { app, chart } = setup('apps');
    ClusterSettings.apply(app, { eventing: { features: { 'cross-namespace-event-links': 'Enabled' } } });
    const local = Channel.fromChannelName(chart, 'local', 'uploads', { kind: 'InMemoryChannel' });
    const remote = Channel.fromChannelName(chart, 'remote', 'shared', { namespace: 'eventing' });
    const s1 = new Subscription(chart, 's1', { channel: local, subscriber: uri });
    const s2 = new Subscription(chart, 's2', { channel: remote, subscriber: uri });
    const p = new PingSource(chart, 'p', { sink: local });
    expect(synthErrors(chart)).toEqual([]);
    expect(json(s1).spec.channel).toEqual({ apiVersion: 'messaging.knative.dev/v1', kind: 'InMemoryChannel', name: 'uploads' });
    expect(json(s2).spec.channel).toEqual({ apiVersion: 'messaging.knative.dev/v1', kind: 'Channel', name: 'shared', namespace: 'eventing' });
    expect(json(p).spec.sink).toEqual({ ref: { apiVersion: 'messaging.knative.dev/v1', kind: 'InMemoryChannel', name: 'uploads' } });
  });
});
