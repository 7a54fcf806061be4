import { Testing } from 'cdk8s';
import { KnativeService, Route, TrafficTarget } from '../../lib/serving';
import { chart, engineErrors, obj, synthErrorsOf } from './util';

const IMAGE = 'ghcr.io/lab/app:1.0';

describe('TrafficTarget', () => {
  test('latestRevision, revision and tags', () => {
    expect(TrafficTarget.latestRevision(100)._toJson()).toEqual({ latestRevision: true, percent: 100 });
    expect(TrafficTarget.revision('app-00001', 20, { tag: 'old' })._toJson())
      .toEqual({ revisionName: 'app-00001', latestRevision: false, percent: 20, tag: 'old' });
  });

  test('tagged: a tag-only route with percent 0, to the latest or a named revision', () => {
    expect(TrafficTarget.tagged('preview')._toJson()).toEqual({ latestRevision: true, percent: 0, tag: 'preview' });
    expect(TrafficTarget.tagged('v1', 'app-v1')._toJson()).toEqual({ revisionName: 'app-v1', latestRevision: false, percent: 0, tag: 'v1' });
  });

  test('configuration, for standalone Routes', () => {
    expect(TrafficTarget.configuration('cfg', 100, { tag: 'current' })._toJson())
      .toEqual({ configurationName: 'cfg', latestRevision: true, percent: 100, tag: 'current' });
  });

  test('canary: the rest of the traffic stays on the stable revision, both tagged', () => {
    const targets = TrafficTarget.canary({ stableRevision: 'hello-v1', canaryPercent: 10 });
    expect(targets.map((t) => t._toJson())).toEqual([
      { revisionName: 'hello-v1', latestRevision: false, percent: 90, tag: 'stable' },
      { latestRevision: true, percent: 10, tag: 'canary' },
    ]);
    expect(targets.map((t) => t.percent)).toEqual([90, 10]);
    const custom = TrafficTarget.canary({ stableRevision: 'hello-v1', canaryPercent: 25, canaryTag: 'next', stableTag: 'current' });
    expect(custom.map((t) => t.tag)).toEqual(['current', 'next']);
  });

  test('canary percent out of range is a synth error on the Route it is added to, quoting the value', () => {
    const c = chart();
    const route = new Route(c, 'r', { traffic: TrafficTarget.canary({ stableRevision: 'hello-v1', canaryPercent: 120 }) });
    route.addTraffic(...TrafficTarget.canary({ stableRevision: 'hello-v1', canaryPercent: 2.5 }));
    expect(synthErrorsOf(c)).toEqual([
      '[test/r] traffic[1] (TrafficTarget.canary canaryPercent): must be an integer from 0 to 100 (value: 120; allowed: 0..100)',
      '[test/r] traffic[3] (TrafficTarget.canary canaryPercent): must be an integer from 0 to 100 (value: 2.5; allowed: 0..100)',
    ]);
  });

  test('a canary on a service validates cleanly', () => {
    const c = chart();
    const svc = new KnativeService(c, 'hello', { metadata: { name: 'hello' }, containers: [{ image: IMAGE }], revisionName: 'v2' });
    svc.addTraffic(...TrafficTarget.canary({ stableRevision: 'hello-v1', canaryPercent: 10 }), TrafficTarget.tagged('preview'));
    expect(obj(c, 'Service').spec.traffic).toHaveLength(3);
    expect(engineErrors(c)).toEqual([]);
  });

  test('percents that do not add up to 100 fail the synth (engine rule T2)', () => {
    const c = chart();
    new KnativeService(c, 'hello', {
      metadata: { name: 'hello' },
      containers: [{ image: IMAGE }],
      traffic: [TrafficTarget.latestRevision(50), TrafficTarget.revision('hello-00001', 40)],
    });
    expect(() => Testing.synth(c)).toThrow(/Traffic targets sum to 90, want 100/);
  });

  test('a configuration target on a Service fails the synth (engine rule T3)', () => {
    const c = chart();
    new KnativeService(c, 'hello', { metadata: { name: 'hello' }, containers: [{ image: IMAGE }], traffic: [TrafficTarget.configuration('x', 100)] });
    expect(() => Testing.synth(c)).toThrow(/configurationName/);
  });
});
