import { ContainerSource, Sink } from '../../../lib/eventing';
import { engineErrors, json, setup } from '../util';
import { synthErrors as appErrors } from '../../helpers';

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
    const bad = setup();
    new ContainerSource(bad.chart, 'none', { sink, containers: [] });
    new ContainerSource(bad.chart, 'dup', { sink, containers: [{ image: 'a', name: 'x' }, { image: 'b', name: 'x', env: { 'A=B': 'v', '1OK': 'v' } }] });
    expect(appErrors(bad.app)).toEqual([
      `[test/none] containers: must list at least one container (value: []; allowed: one or more containers, e.g. [{ image: 'registry.example.org/app:1' }])`,
      '[test/dup] containers[1].name: must be unique among the containers (value: "x")',
      expect.stringMatching(/^\[test\/dup\] containers\[1\]\.env: a valid environment variable name must consist only of printable ASCII characters other than '=' \(value: "A=B"/),
    ]);
    expect(() => new ContainerSource(bad.chart, 'js', { sink } as any)).toThrow("ContainerSource: the required prop 'containers' is missing");
  });
});
