import { ContainerSource, Sink } from '../../../lib/eventing';
import { engineErrors, json, setup } from '../util';

const sink = Sink.fromUri('https://sink.example.org');

describe('ContainerSource', () => {
  test('default output: secure container defaults, valid', () => {
    const { chart } = setup();
    const src = new ContainerSource(chart, 's', { sink, containers: [{ image: 'ghcr.io/knative/heartbeats:latest', args: ['--period=1'], env: { B: '2', A: '1' } }] });
    expect(json(src).spec.template.spec.containers).toEqual([{
      image: 'ghcr.io/knative/heartbeats:latest', args: ['--period=1'],
      env: [{ name: 'A', value: '1' }, { name: 'B', value: '2' }],
      securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
    }]);
    expect(engineErrors(src)).toEqual([]);
  });

  test('secure defaults can be turned off; at least one container', () => {
    const { chart } = setup();
    const src = new ContainerSource(chart, 's', { sink, secureDefaults: false, serviceAccount: 'runner', containers: [{ image: 'x', name: 'main' }] });
    expect(json(src).spec.template.spec).toEqual({ serviceAccountName: 'runner', containers: [{ name: 'main', image: 'x' }] });
    expect(() => new ContainerSource(chart, 'none', { sink, containers: [] })).toThrow("'containers' must list at least one container");
  });
});
