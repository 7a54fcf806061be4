import { byRule, variant } from '../../../helpers';
import { REVISION, SERVICE, only } from './fixtures';

const A = 'autoscaling.knative.dev/';
const set = (annotations: Record<string, string>) => variant(SERVICE, (o) => {
  o.spec.template.metadata.annotations = annotations;
});
const path = (key: string) => `spec.template.metadata.annotations.${A}${key}`;

describe('autoscaling annotations', () => {
  test('A1: knative.dev classes are kpa or hpa; other domains are free', () => {
    expect(byRule(set({ [`${A}class`]: 'hpa.autoscaling.knative.dev' }), 'A1')).toEqual([]);
    expect(byRule(set({ [`${A}class`]: 'keda.sh/autoscaler' }), 'A1')).toEqual([]);
    const f = only(set({ [`${A}class`]: 'unsupported.knative.dev' }), 'A1');
    expect(f.field).toBe(path('class'));
    expect(f.message).toBe('invalid value: unsupported.knative.dev');
  });

  test('A2: min/max-scale are int32 >= 0', () => {
    expect(byRule(set({ [`${A}max-scale`]: '2147483647' }), 'A2')).toEqual([]);
    let f = only(set({ [`${A}min-scale`]: 'foo' }), 'A2');
    expect(f.field).toBe(path('min-scale'));
    expect(f.message).toBe('invalid value: foo');
    f = only(set({ [`${A}max-scale`]: '-1' }), 'A2');
    expect(f.message).toBe('expected 0 <= -1 <= 2147483647');
    f = only(set({ [`${A}maxScale`]: '2147483648' }), 'A2');
    expect(f.field).toBe(path('maxScale'));
  });

  test('A3: max-scale >= min-scale unless 0', () => {
    expect(byRule(set({ [`${A}min-scale`]: '5', [`${A}max-scale`]: '0' }), 'A3')).toEqual([]);
    const f = only(set({ [`${A}min-scale`]: '5', [`${A}max-scale`]: '2' }), 'A3');
    expect(f.field).toBe(`${path('max-scale')}, ${path('min-scale')}`);
    expect(f.message).toBe('max-scale=2 is less than min-scale=5');
  });

  test('A4: max-scale-limit bounds max-scale and forbids 0 when set', () => {
    const limited = { serving: { autoscaler: { maxScaleLimit: 10 } } };
    expect(byRule(set({ [`${A}max-scale`]: '10' }), 'A4', limited)).toEqual([]);
    expect(byRule(set({ [`${A}max-scale`]: '11' }), 'A4')).toEqual([]);
    expect(only(set({ [`${A}max-scale`]: '11' }), 'A4', limited).message).toBe('expected 1 <= 11 <= 10');
    expect(only(set({ [`${A}max-scale`]: '0' }), 'A4', limited).message).toBe('max-scale=0 (unlimited), must be less than 10');
  });

  test('A5: activation-scale >= 2 and between min and max', () => {
    expect(byRule(set({ [`${A}activation-scale`]: '2' }), 'A5')).toEqual([]);
    expect(only(set({ [`${A}activation-scale`]: '1' }), 'A5').message).toBe('activation-scale=1 must be greater than 1');
    expect(only(set({ [`${A}min-scale`]: '3', [`${A}activation-scale`]: '2' }), 'A5').message).toBe('min-scale=3 is greater than activation-scale=2');
    const f = only(set({ [`${A}max-scale`]: '2', [`${A}activation-scale`]: '3' }), 'A5');
    expect(f.message).toBe('max-scale=2 is less than activation-scale=3');
    expect(f.field).toBe(path('activation-scale'));
  });

  test('A6: initial-scale >= 1, or 0 when the cluster allows it', () => {
    expect(byRule(set({ [`${A}initial-scale`]: '1' }), 'A6')).toEqual([]);
    const zero = set({ [`${A}initial-scale`]: '0' });
    const f = only(zero, 'A6');
    expect(f.field).toBe(path('initial-scale'));
    expect(f.message).toBe('invalid value: 0: initial-scale=0 not allowed by cluster');
    expect(byRule(zero, 'A6', { serving: { autoscaler: { allowZeroInitialScale: true } } })).toEqual([]);
    expect(only(set({ [`${A}initialScale`]: '-1' }), 'A6').message).toBe('invalid value: -1: initial-scale must be greater than 0');
  });

  test('A7: target >= 0.01', () => {
    expect(byRule(set({ [`${A}target`]: '0.01' }), 'A7')).toEqual([]);
    expect(only(set({ [`${A}target`]: '0' }), 'A7').message).toBe('target 0 should be at least 0.01');
    expect(only(set({ [`${A}target`]: '100}' }), 'A7').message).toBe('invalid value: 100}');
  });

  test('A8: target-utilization-percentage is 1..100', () => {
    expect(byRule(set({ [`${A}target-utilization-percentage`]: '100' }), 'A8')).toEqual([]);
    const f = only(set({ [`${A}target-utilization-percentage`]: '101' }), 'A8');
    expect(f.message).toBe('expected 1 <= 101 <= 100');
  });

  test('A9: target-burst-capacity >= 0 or -1', () => {
    expect(byRule(set({ [`${A}target-burst-capacity`]: '-1' }), 'A9')).toEqual([]);
    expect(only(set({ [`${A}target-burst-capacity`]: '-11' }), 'A9').message).toBe('invalid value: -11');
  });

  test('A10: panic-window-percentage is 1..100', () => {
    expect(only(set({ [`${A}panic-window-percentage`]: '202' }), 'A10').message).toBe('expected 1 <= 202 <= 100');
  });

  test('A11: panic-threshold-percentage is 110..1000', () => {
    expect(byRule(set({ [`${A}panic-threshold-percentage`]: '110' }), 'A11')).toEqual([]);
    expect(only(set({ [`${A}panic-threshold-percentage`]: '109' }), 'A11').message).toBe('expected 110 <= 109 <= 1000');
  });

  test('A12: window is 6s..1h in whole seconds', () => {
    expect(byRule(set({ [`${A}window`]: '6s' }), 'A12')).toEqual([]);
    expect(byRule(set({ [`${A}window`]: '1h' }), 'A12')).toEqual([]);
    expect(only(set({ [`${A}window`]: '1s' }), 'A12').message).toBe('expected 6s <= 1s <= 1h0m0s');
    expect(only(set({ [`${A}window`]: '7500ms' }), 'A12').message).toBe('must be specified with at most second precision');
  });

  test('A13: scale-down-delay is 0s..1h in whole seconds', () => {
    expect(byRule(set({ [`${A}scale-down-delay`]: '0s' }), 'A13')).toEqual([]);
    expect(only(set({ [`${A}scale-down-delay`]: '311m' }), 'A13').message).toBe('expected 0s <= 311m <= 1h0m0s');
    expect(only(set({ [`${A}scaleDownDelay`]: '1.5s' }), 'A13').message).toBe('must be specified with at most second precision');
  });

  test('A14: scale-to-zero-pod-retention-period is 0s..1h', () => {
    expect(byRule(set({ [`${A}scale-to-zero-pod-retention-period`]: '1.5s' }), 'A14')).toEqual([]);
    expect(only(set({ [`${A}scale-to-zero-pod-retention-period`]: '311m' }), 'A14').message).toBe('expected 0s <= 311m <= 1h0m0s');
  });

  test('A15: the metric fits the effective class', () => {
    expect(byRule(set({ [`${A}metric`]: 'rps' }), 'A15')).toEqual([]);
    const f = only(set({ [`${A}metric`]: 'cpu' }), 'A15');
    expect(f.field).toBe(path('metric'));
    expect(f.message).toBe('invalid value: cpu');
    expect(byRule(set({ [`${A}metric`]: 'cpu', [`${A}class`]: 'hpa.autoscaling.knative.dev' }), 'A15')).toEqual([]);
    expect(byRule(set({ [`${A}metric`]: 'cpu' }), 'A15', { serving: { autoscaler: { podAutoscalerClass: 'hpa.autoscaling.knative.dev' } } })).toEqual([]);
  });

  test('A16: metric-aggregation-algorithm is checked only under an explicit KPA class', () => {
    expect(byRule(set({ [`${A}metric-aggregation-algorithm`]: 'random-selection' }), 'A16')).toEqual([]);
    const f = only(set({ [`${A}metric-aggregation-algorithm`]: 'random-selection', [`${A}class`]: 'kpa.autoscaling.knative.dev' }), 'A16');
    expect(f.message).toBe('invalid value: random-selection');
  });

  test('the kebab-case key wins over its camelCase alias', () => {
    expect(byRule(set({ [`${A}min-scale`]: '1', [`${A}minScale`]: 'bad' }), 'A2')).toEqual([]);
  });

  test('Revision annotations are checked at metadata.annotations', () => {
    const f = only(variant(REVISION, (o) => { o.metadata.annotations = { [`${A}window`]: '2h' }; }), 'A12');
    expect(f.field).toBe(`metadata.annotations.${A}window`);
  });

  test('several autoscaling problems are all reported', () => {
    const both = set({ [`${A}min-scale`]: 'x', [`${A}max-scale`]: '-3' });
    expect(byRule(both, 'A2')).toHaveLength(2);
  });
});
