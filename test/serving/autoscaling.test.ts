import { Duration, Testing } from 'cdk8s';
import {
  AutoscalerClass, Configuration, KnativeService, MetricAggregationAlgorithm, ScalingMetric, autoscalingAnnotations,
} from '../../lib/serving';
import { chart, engineErrors, obj, synthErrorsOf } from './util';

const IMAGE = 'ghcr.io/lab/app:1.0';

describe('autoscaling', () => {
  test('every prop maps to its autoscaling.knative.dev annotation on the revision template', () => {
    const c = chart();
    new KnativeService(c, 'svc', {
      metadata: { name: 'svc' },
      containers: [{ image: IMAGE }],
      autoscaling: {
        autoscalerClass: AutoscalerClass.KPA,
        metric: ScalingMetric.RPS,
        target: 150,
        targetUtilizationPercentage: 80,
        minScale: 1,
        maxScale: 10,
        initialScale: 2,
        activationScale: 3,
        scaleDownDelay: Duration.minutes(5),
        window: Duration.seconds(40),
        panicWindowPercentage: 20,
        panicThresholdPercentage: 300,
        scaleToZeroPodRetentionPeriod: Duration.minutes(1),
        targetBurstCapacity: -1,
        metricAggregationAlgorithm: MetricAggregationAlgorithm.WEIGHTED_EXPONENTIAL,
      },
    });
    const svc = obj(c, 'Service');
    expect(svc.spec.template.metadata.annotations).toEqual({
      'autoscaling.knative.dev/class': 'kpa.autoscaling.knative.dev',
      'autoscaling.knative.dev/metric': 'rps',
      'autoscaling.knative.dev/target': '150',
      'autoscaling.knative.dev/target-utilization-percentage': '80',
      'autoscaling.knative.dev/min-scale': '1',
      'autoscaling.knative.dev/max-scale': '10',
      'autoscaling.knative.dev/initial-scale': '2',
      'autoscaling.knative.dev/activation-scale': '3',
      'autoscaling.knative.dev/scale-down-delay': '300s',
      'autoscaling.knative.dev/window': '40s',
      'autoscaling.knative.dev/panic-window-percentage': '20',
      'autoscaling.knative.dev/panic-threshold-percentage': '300',
      'autoscaling.knative.dev/scale-to-zero-pod-retention-period': '60s',
      'autoscaling.knative.dev/target-burst-capacity': '-1',
      'autoscaling.knative.dev/metric-aggregation-algorithm': 'weighted-exponential',
    });
    // Never on the Service's own metadata: Knative rejects that.
    expect(svc.metadata.annotations).toBeUndefined();
    expect(engineErrors(c)).toEqual([]);
  });

  test('HPA with cpu and a Configuration get the annotations on their template too', () => {
    const c = chart();
    new Configuration(c, 'cfg', {
      metadata: { name: 'cfg' },
      containers: [{ image: IMAGE }],
      autoscaling: { autoscalerClass: AutoscalerClass.HPA, metric: ScalingMetric.CPU, target: 70, maxScale: 4 },
    });
    const cfg = obj(c, 'Configuration');
    expect(cfg.spec.template.metadata.annotations).toEqual({
      'autoscaling.knative.dev/class': 'hpa.autoscaling.knative.dev',
      'autoscaling.knative.dev/metric': 'cpu',
      'autoscaling.knative.dev/target': '70',
      'autoscaling.knative.dev/max-scale': '4',
    });
    expect(cfg.metadata.annotations).toBeUndefined();
    expect(engineErrors(c)).toEqual([]);
  });

  test('min-scale 0 is emitted (scale to zero made explicit)', () => {
    expect(autoscalingAnnotations({ minScale: 0 })).toEqual({ 'autoscaling.knative.dev/min-scale': '0' });
  });

  test('sub-second retention keeps its precision, as the webhook allows', () => {
    expect(autoscalingAnnotations({ scaleToZeroPodRetentionPeriod: Duration.millis(1500) }))
      .toEqual({ 'autoscaling.knative.dev/scale-to-zero-pod-retention-period': '1.5s' });
  });

  test('custom class and metric pass through', () => {
    expect(autoscalingAnnotations({ autoscalerClass: AutoscalerClass.custom('keda.sh/autoscaler'), metric: ScalingMetric.custom('queue-length') }))
      .toEqual({ 'autoscaling.knative.dev/class': 'keda.sh/autoscaler', 'autoscaling.knative.dev/metric': 'queue-length' });
  });

  describe('mistakes are synth errors quoting the props and values', () => {
    const errorsFor = (autoscaling: object, extra: object = {}) => {
      const c = chart();
      new KnativeService(c, 'svc', { containers: [{ image: IMAGE }], autoscaling, ...extra });
      return synthErrorsOf(c);
    };

    test('minScale > maxScale', () => {
      expect(errorsFor({ minScale: 5, maxScale: 2 })).toEqual(["[test/svc] autoscaling.minScale: must be <= 'maxScale' (2); a maxScale of 0 means unlimited (value: 5; allowed: 0..2)"]);
    });

    test('maxScale 0 means unlimited, so any minScale is fine', () => {
      expect(errorsFor({ minScale: 5, maxScale: 0 })).toEqual([]);
    });

    test('activationScale outside minScale..maxScale', () => {
      expect(errorsFor({ minScale: 3, activationScale: 2 })).toEqual(["[test/svc] autoscaling.activationScale: must be >= 'minScale' (3) (value: 2; allowed: >= 3)"]);
      expect(errorsFor({ maxScale: 3, activationScale: 4 })).toEqual(["[test/svc] autoscaling.activationScale: must be <= 'maxScale' (3) (value: 4; allowed: <= 3)"]);
    });

    test('KPA with a resource metric, HPA with a request metric', () => {
      expect(errorsFor({ autoscalerClass: AutoscalerClass.KPA, metric: ScalingMetric.CPU })).toEqual([
        "[test/svc] autoscaling.metric: is not supported by 'autoscalerClass' (kpa.autoscaling.knative.dev): KPA scales on concurrency or rps; use AutoscalerClass.HPA for cpu (value: \"cpu\"; allowed: ScalingMetric.CONCURRENCY or ScalingMetric.RPS)",
      ]);
      expect(errorsFor({ autoscalerClass: AutoscalerClass.HPA, metric: ScalingMetric.RPS })).toEqual([
        "[test/svc] autoscaling.metric: is not supported by 'autoscalerClass' (hpa.autoscaling.knative.dev): use AutoscalerClass.KPA for rps (value: \"rps\"; allowed: ScalingMetric.CPU, ScalingMetric.MEMORY or a custom metric)",
      ]);
    });

    test('sub-second window and scaleDownDelay, NaN retention period', () => {
      expect(errorsFor({ window: Duration.millis(6500), scaleDownDelay: Duration.millis(100), scaleToZeroPodRetentionPeriod: Duration.seconds(NaN) })).toEqual([
        '[test/svc] autoscaling.window: must be a whole number of seconds: Kubernetes and Knative take these in seconds (value: "6 seconds 500 millis"; allowed: whole seconds, e.g. Duration.seconds(7))',
        '[test/svc] autoscaling.scaleDownDelay: must be a whole number of seconds: Kubernetes and Knative take these in seconds (value: "100 millis"; allowed: whole seconds, e.g. Duration.seconds(1))',
        '[test/svc] autoscaling.scaleToZeroPodRetentionPeriod: must be a finite, non-negative duration (value: "NaN millis"; allowed: Duration.seconds(n) with 0 <= n < Infinity)',
      ]);
    });

    test('numbers that are not finite', () => {
      expect(errorsFor({ minScale: NaN, target: Infinity })).toEqual([
        '[test/svc] autoscaling.target: must be a finite number (value: Infinity; allowed: a finite number (see the prop documentation for its range))',
        '[test/svc] autoscaling.minScale: must be a finite number (value: NaN; allowed: a finite number (see the prop documentation for its range))',
      ]);
    });

    test('a raw annotation that a typed prop also sets', () => {
      expect(errorsFor({ minScale: 1 }, { revisionAnnotations: { 'autoscaling.knative.dev/min-scale': '2' } })).toEqual([
        '[test/svc] revisionAnnotations["autoscaling.knative.dev/min-scale"]: is also set by \'autoscaling\' (1); set it in one place (value: "2"; allowed: the typed autoscaling prop, without the raw annotation)',
      ]);
    });
  });

  test('addRevisionAnnotation may not override a typed autoscaling prop, but may add raw keys', () => {
    const c = chart();
    const svc = new KnativeService(c, 'svc', { metadata: { name: 'svc' }, containers: [{ image: IMAGE }], autoscaling: { maxScale: 3 } });
    svc.addRevisionAnnotation('autoscaling.knative.dev/min-scale', '1');
    expect(obj(c, 'Service').spec.template.metadata.annotations).toEqual({
      'autoscaling.knative.dev/min-scale': '1',
      'autoscaling.knative.dev/max-scale': '3',
    });
    svc.addRevisionAnnotation('autoscaling.knative.dev/max-scale', '4');
    expect(synthErrorsOf(c)).toEqual([
      '[test/svc] addRevisionAnnotation("autoscaling.knative.dev/max-scale"): is already set by the \'autoscaling\' prop (3); set it in one place (value: "4"; allowed: the typed autoscaling prop, without the raw annotation)',
    ]);
  });

  test('raw autoscaling annotations on the Service metadata are refused at synth (engine rule S-M4)', () => {
    const c = chart();
    new KnativeService(c, 'svc', { metadata: { name: 'svc', annotations: { 'autoscaling.knative.dev/min-scale': '1' } }, containers: [{ image: IMAGE }] });
    expect(() => Testing.synth(c)).toThrow(/invalid key name "autoscaling.knative.dev\/min-scale"/);
  });

  test('single-field bounds are left to the engine, which fails the synth', () => {
    const c = chart();
    new KnativeService(c, 'svc', { metadata: { name: 'svc' }, containers: [{ image: IMAGE }], autoscaling: { window: Duration.seconds(2) } });
    expect(() => Testing.synth(c)).toThrow(/autoscaling\.knative\.dev\/window/);
  });
});
