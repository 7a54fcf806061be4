/** The harness itself: each way a case can fail is detected. */
import { ApiObject, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import fc from 'fast-check';
import { reportError } from '../../lib/core/report';
import { validateOnSynth } from '../../lib/validation/construct';
import { fuzz, FuzzTarget, runCase } from './harness';

function configMap(data: Record<string, unknown>): FuzzTarget<null> {
  return {
    name: 'ConfigMap', arbitrary: fc.constant(null),
    // Not validated at synth, so the harness's own checks of the output are what is tested.
    build: (chart: Chart) => { new ApiObject(chart, 'cm', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm' }, data } as never); },
  };
}

describe('runCase', () => {
  test('valid output passes', () => expect(runCase(configMap({ a: 'b' }), null)).toBe('valid'));
  test('a synth error naming a field passes', () => {
    const target: FuzzTarget<null> = { name: 'x', arbitrary: fc.constant(null), build: (c) => { reportError(new Construct(c, 'x'), 'spec.a', 'is wrong'); } };
    expect(runCase(target, null)).toBe('error');
  });
  test('null, NaN and invalid output fail', () => {
    expect(() => runCase(configMap({ a: [null] }), null)).toThrow('output contains null at data.a[0]');
    expect(() => runCase(configMap({ a: NaN }), null)).toThrow('output contains .nan');
    expect(() => runCase(configMap({ a: Infinity }), null)).toThrow('output contains .inf');
    expect(() => runCase(configMap({ a: 3 }), null)).toThrow('the synthesized output is invalid');
  });
  test('a throw from build fails', () => {
    expect(() => runCase({ name: 'x', arbitrary: fc.constant(null), build: () => { throw new Error('boom'); } }, null)).toThrow('boom');
  });
});

fuzz({
  name: 'ConfigMap (harness smoke test)',
  arbitrary: fc.dictionary(fc.stringMatching(/^[a-z]{1,5}$/), fc.string(), { maxKeys: 3, noNullPrototype: true }),
  build: (chart, data) => validateOnSynth(new ApiObject(chart, 'cm', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm' }, data })),
}, 20);
