import { Duration } from 'cdk8s';
import { Broker, ChannelTemplate, PingSource, Sequence, Sink } from '../../../lib/eventing';
import { KnativeService } from '../../../lib/serving/service';
import { engineErrors, json, setup, synthErrors } from '../util';

describe('Sequence', () => {
  test('steps are sinks, in order, with optional delivery; valid', () => {
    const { chart } = setup('flows');
    const a = new KnativeService(chart, 'a', { metadata: { name: 'first' }, containers: [{ image: 'ghcr.io/example/a:1' }] });
    const b = new KnativeService(chart, 'b', { metadata: { name: 'second' }, containers: [{ image: 'ghcr.io/example/b:1' }] });
    const broker = new Broker(chart, 'broker');
    const seq = new Sequence(chart, 'seq', { steps: [a], reply: broker, channelTemplate: ChannelTemplate.IN_MEMORY });
    seq.addStep(b, { delivery: { retry: 2, timeout: Duration.seconds(10) } });
    expect(json(seq).spec).toEqual({
      steps: [
        { ref: { apiVersion: 'serving.knative.dev/v1', kind: 'Service', name: 'first' } },
        { ref: { apiVersion: 'serving.knative.dev/v1', kind: 'Service', name: 'second' }, delivery: { retry: 2, timeout: 'PT10S' } },
      ],
      channelTemplate: { apiVersion: 'messaging.knative.dev/v1', kind: 'InMemoryChannel' },
      reply: { ref: { apiVersion: 'eventing.knative.dev/v1', kind: 'Broker', name: broker.name } },
    });
    expect(engineErrors(seq)).toEqual([]);
    expect(synthErrors(chart)).toEqual([]);
  });

  test('a sequence is a sink', () => {
    const { chart } = setup();
    const seq = new Sequence(chart, 'seq', { steps: [Sink.fromUri('https://a.example.org')] });
    const p = new PingSource(chart, 'p', { sink: seq });
    expect(json(p).spec.sink.ref).toEqual({ apiVersion: 'flows.knative.dev/v1', kind: 'Sequence', name: seq.name });
    expect(engineErrors(seq)).toEqual([]);
  });

  test('no steps, and dangling steps, fail synth', () => {
    const { chart } = setup();
    new Sequence(chart, 'empty');
    const s = new Sequence(chart, 'dangling');
    s.addStep(Sink.fromKnativeService('nope'));
    const errors = synthErrors(chart);
    expect(errors.join('\n')).toMatch(/\[test\/empty\/Resource\] Sequence .*spec.steps.*\[SQ1\]/);
    expect(errors).toContain('[test/dangling] spec.steps[0]: Service "nope" (serving.knative.dev/v1) in no namespace is not defined in this app; pass the construct itself, or, if it is deployed by something else, declare it with { external: true }');
  });
});
