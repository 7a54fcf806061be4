import { Parallel, Sink } from '../../../lib/eventing';
import { KnativeService } from '../../../lib/serving/service';
import { engineErrors, json, setup, synthErrors } from '../util';

describe('Parallel', () => {
  test('branches with filter, subscriber, reply; addBranch later; valid', () => {
    const { chart } = setup();
    const filter = new KnativeService(chart, 'f', { metadata: { name: 'is-root' }, containers: [{ image: 'ghcr.io/example/f:1' }] });
    const sub = new KnativeService(chart, 's', { metadata: { name: 'indexer' }, containers: [{ image: 'ghcr.io/example/s:1' }] });
    const par = new Parallel(chart, 'p', { reply: Sink.fromUri('https://audit.example.org') });
    par.addBranch({ filter, subscriber: sub, reply: Sink.fromUri('https://r.example.org'), delivery: { retry: 1 } });
    par.addBranch({ subscriber: Sink.fromUri('https://all.example.org') });
    expect(json(par).spec).toEqual({
      branches: [
        {
          filter: { ref: { apiVersion: 'serving.knative.dev/v1', kind: 'Service', name: 'is-root' } },
          subscriber: { ref: { apiVersion: 'serving.knative.dev/v1', kind: 'Service', name: 'indexer' } },
          reply: { uri: 'https://r.example.org' },
          delivery: { retry: 1 },
        },
        { subscriber: { uri: 'https://all.example.org' } },
      ],
      reply: { uri: 'https://audit.example.org' },
    });
    expect(engineErrors(par)).toEqual([]);
    expect(synthErrors(chart)).toEqual([]);
  });

  test('no branches, and a dangling filter, fail synth', () => {
    const { chart } = setup();
    new Parallel(chart, 'empty');
    new Parallel(chart, 'dangling', { branches: [{ filter: Sink.fromKnativeService('nope'), subscriber: Sink.fromUri('https://x.example.org') }] });
    const errors = synthErrors(chart);
    expect(errors.join('\n')).toMatch(/\[test\/empty\/Resource\] Parallel .*spec.branches.*\[PA1\]/);
    expect(errors.join('\n')).toMatch(/\[test\/dangling\] spec.branches\[0\].filter: Service "nope"/);
  });
});
