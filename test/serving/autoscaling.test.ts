import { Duration, Testing } from 'cdk8s';
import {
  AutoscalerClass, Configuration, KnativeService, MetricAggregationAlgorithm, ScalingMetric, autoscalingAnnotations,
} from '../../lib/serving';
import { chart, engineErrors, obj } from './util';

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

  describe('early errors quote the props and values', () => {
    const make = (autoscaling: object) => () => new KnativeService(chart(), 'svc', { containers: [{ image: IMAGE }], autoscaling });

    test('minScale > maxScale', () => {
      expect(make({ minScale: 5, maxScale: 2 })).toThrow("'minScale' (5) must be <= 'maxScale' (2)");
    });

    test('maxScale 0 means unlimited, so any minScale is fine', () => {
      expect(make({ minScale: 5, maxScale: 0 })).not.toThrow();
    });

    test('activationScale outside minScale..maxScale', () => {
      expect(make({ minScale: 3, activationScale: 2 })).toThrow("'activationScale' (2) must be >= 'minScale' (3)");
      expect(make({ maxScale: 3, activationScale: 4 })).toThrow("'activationScale' (4) must be <= 'maxScale' (3)");
    });

    test('KPA with a resource metric, HPA with a request metric', () => {
      expect(make({ autoscalerClass: AutoscalerClass.KPA, metric: ScalingMetric.CPU }))
        .toThrow("'metric' (cpu) is not supported by 'autoscalerClass' (kpa.autoscaling.knative.dev)");
      expect(make({ autoscalerClass: AutoscalerClass.HPA, metric: ScalingMetric.RPS }))
        .toThrow("'metric' (rps) is not supported by 'autoscalerClass' (hpa.autoscaling.knative.dev)");
    });

    test('sub-second window and scaleDownDelay', () => {
      expect(make({ window: Duration.millis(6500) })).toThrow(/'window' \(.*\) must be a whole number of seconds/);
      expect(make({ scaleDownDelay: Duration.millis(100) })).toThrow(/'scaleDownDelay' \(.*\) must be a whole number of seconds/);
    });

    test('a raw annotation that a typed prop also sets', () => {
      expect(() => new KnativeService(chart(), 'svc', {
        containers: [{ image: IMAGE }],
        autoscaling: { minScale: 1 },
        revisionAnnotations: { 'autoscaling.knative.dev/min-scale': '2' },
      })).toThrow("'revisionAnnotations' sets 'autoscaling.knative.dev/min-scale' (2), which 'autoscaling' also sets (1)");
    });
  });

  test('addRevisionAnnotation may not override a typed autoscaling prop, but may add raw keys', () => {
    const c = chart();
    const svc = new KnativeService(c, 'svc', { metadata: { name: 'svc' }, containers: [{ image: IMAGE }], autoscaling: { maxScale: 3 } });
    expect(() => svc.addRevisionAnnotation('autoscaling.knative.dev/max-scale', '4'))
      .toThrow("annotation 'autoscaling.knative.dev/max-scale' is already set by the 'autoscaling' prop");
    svc.addRevisionAnnotation('autoscaling.knative.dev/min-scale', '1');
    expect(obj(c, 'Service').spec.template.metadata.annotations).toEqual({
      'autoscaling.knative.dev/min-scale': '1',
      'autoscaling.knative.dev/max-scale': '3',
    });
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
