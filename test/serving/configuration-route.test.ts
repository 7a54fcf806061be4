import { Duration, Testing } from 'cdk8s';
import { Construct } from 'constructs';
import { Configuration, Route, TrafficTarget, Visibility } from '../../lib/serving';
import { chart, engineErrors, obj } from './util';

const IMAGE = 'ghcr.io/lab/app:1.0';

describe('Configuration', () => {
  test('renders the same revision template as a Service', () => {
    const c = chart();
    const cfg = new Configuration(c, 'cfg', {
      metadata: { name: 'cfg' },
      revisionName: 'v1',
      containers: [{ image: IMAGE, env: { A: '1' } }],
      autoscaling: { minScale: 1 },
    });
    cfg.addRevisionLabel('tier', 'backend');
    cfg.addContainer({ image: 'ghcr.io/lab/side:1.0', name: 'side' });
    const out = obj(c, 'Configuration');
    expect(out.apiVersion).toBe('serving.knative.dev/v1');
    expect(out.spec.template.metadata).toEqual({
      name: 'cfg-v1',
      labels: { tier: 'backend' },
      annotations: { 'autoscaling.knative.dev/min-scale': '1' },
    });
    expect(out.spec.template.spec.containers).toHaveLength(2);
    expect(out.spec.template.spec.containers[0].securityContext.runAsNonRoot).toBe(true);
    expect(out.spec.traffic).toBeUndefined();
    expect(cfg.revisionName).toBe('cfg-v1');
    expect(cfg.containers).toHaveLength(2);
    expect(engineErrors(c)).toEqual([]);
  });
});

describe('Route', () => {
  test('splits traffic between a configuration and a pinned revision', () => {
    const c = chart();
    const cfg = new Configuration(c, 'cfg', { metadata: { name: 'cfg' }, containers: [{ image: IMAGE }] });
    const route = new Route(c, 'route', {
      metadata: { name: 'web' },
      traffic: [TrafficTarget.configuration(cfg, 80)],
      rolloutDuration: Duration.seconds(90),
      visibility: Visibility.CLUSTER_LOCAL,
    });
    route.addTraffic(TrafficTarget.revision('cfg-00001', 20, { tag: 'previous' }));
    const out = obj(c, 'Route');
    expect(out.apiVersion).toBe('serving.knative.dev/v1');
    expect(out.metadata).toEqual({
      name: 'web',
      namespace: 'default',
      labels: { 'networking.knative.dev/visibility': 'cluster-local' },
      annotations: { 'serving.knative.dev/rollout-duration': '90s' },
    });
    expect(out.spec.traffic).toEqual([
      { configurationName: 'cfg', latestRevision: true, percent: 80 },
      { revisionName: 'cfg-00001', latestRevision: false, percent: 20, tag: 'previous' },
    ]);
    expect(engineErrors(c)).toEqual([]);
  });

  test('implements IAddressable', () => {
    const c = chart();
    const route = new Route(c, 'route', { metadata: { name: 'web' }, traffic: [TrafficTarget.configuration('cfg', 100)] });
    expect(route.toDestination(new Construct(c, 'consumer'))).toEqual({
      ref: { apiVersion: 'serving.knative.dev/v1', kind: 'Route', name: 'web', namespace: 'default' },
    });
  });

  test('a Route without traffic fails the synth (engine rule T2)', () => {
    const c = chart();
    new Route(c, 'route', { metadata: { name: 'web' } });
    expect(() => Testing.synth(c)).toThrow(/Traffic targets sum to 0, want 100/);
  });
});
