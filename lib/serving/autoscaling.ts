/**
 * Typed Knative autoscaling: the `autoscaling.knative.dev/*` annotations of a revision template.
 *
 * Knative reads these keys only from `spec.template.metadata.annotations` (and rejects them on the
 * Service's own metadata), and spells durations as Go strings and numbers as strings. This file
 * hides both traps behind typed props.
 */
import { Duration } from 'cdk8s';
import { IConstruct } from 'constructs';
import { checkedMillis, checkedSeconds, formatGoDuration } from '../core/duration';
import { reportError } from '../core/report';

/** The annotation prefix Knative reserves for autoscaling settings. */
export const AUTOSCALING_PREFIX = 'autoscaling.knative.dev/';

/** Which autoscaler scales a revision (`autoscaling.knative.dev/class`). */
export class AutoscalerClass {
  /** Knative Pod Autoscaler: request-driven (concurrency or rps), can scale to zero. */
  public static readonly KPA = new AutoscalerClass('kpa.autoscaling.knative.dev');
  /** Kubernetes Horizontal Pod Autoscaler: resource-driven (cpu, memory), never scales to zero. */
  public static readonly HPA = new AutoscalerClass('hpa.autoscaling.knative.dev');

  /** A custom autoscaler class, outside the `knative.dev` domain. */
  public static custom(value: string): AutoscalerClass {
    return new AutoscalerClass(value);
  }

  private constructor(
    /** The annotation value. */
    public readonly value: string,
  ) {}
}

/** What the autoscaler measures (`autoscaling.knative.dev/metric`). */
export class ScalingMetric {
  /** In-flight requests per pod (KPA; the default). */
  public static readonly CONCURRENCY = new ScalingMetric('concurrency');
  /** Requests per second per pod (KPA). */
  public static readonly RPS = new ScalingMetric('rps');
  /** CPU usage (HPA). */
  public static readonly CPU = new ScalingMetric('cpu');
  /** Memory usage (HPA). */
  public static readonly MEMORY = new ScalingMetric('memory');

  /** A custom metric, for HPA with a custom-metrics adapter or a custom autoscaler class. */
  public static custom(value: string): ScalingMetric {
    return new ScalingMetric(value);
  }

  private constructor(
    /** The annotation value. */
    public readonly value: string,
  ) {}
}

/** How the KPA aggregates its metric over the window (`metric-aggregation-algorithm`). */
export enum MetricAggregationAlgorithm {
  /** Plain average over the window (the default). */
  LINEAR = 'linear',
  /** Exponentially weighted average: recent samples count more. */
  WEIGHTED_EXPONENTIAL = 'weighted-exponential',
}

/**
 * Autoscaling of a revision. Every field maps to one `autoscaling.knative.dev/*` annotation on
 * `spec.template.metadata.annotations`; unset fields leave the cluster's `config-autoscaler`
 * default in force.
 */
export interface AutoscalingProps {
  /**
   * The autoscaler implementation (`autoscaling.knative.dev/class`).
   * @default - the cluster's `pod-autoscaler-class` (KPA on a stock install)
   */
  readonly autoscalerClass?: AutoscalerClass;

  /**
   * The metric to scale on (`autoscaling.knative.dev/metric`). KPA accepts concurrency and rps;
   * HPA accepts cpu, memory or a custom metric.
   * @default - concurrency for KPA, cpu for HPA
   */
  readonly metric?: ScalingMetric;

  /**
   * The soft target value of the metric per pod (`autoscaling.knative.dev/target`), e.g. 10
   * concurrent requests or 150 rps. Must be at least 0.01.
   * @default - the cluster's `container-concurrency-target-default` (100) or rps default (200)
   */
  readonly target?: number;

  /**
   * The percentage of the target the autoscaler actually aims for, leaving headroom for bursts
   * (`autoscaling.knative.dev/target-utilization-percentage`). 1 to 100.
   * @default 70 (cluster `container-concurrency-target-percentage`)
   */
  readonly targetUtilizationPercentage?: number;

  /**
   * The least number of pods (`autoscaling.knative.dev/min-scale`). 0 lets the revision scale
   * to zero; 1 or more keeps it warm.
   * @default 0 - scale to zero is allowed
   */
  readonly minScale?: number;

  /**
   * The most pods (`autoscaling.knative.dev/max-scale`). 0 means unlimited.
   * @default 0 - unlimited (unless the cluster sets `max-scale-limit`)
   */
  readonly maxScale?: number;

  /**
   * The number of pods a new revision starts with (`autoscaling.knative.dev/initial-scale`).
   * 0 is accepted only if the cluster sets `allow-zero-initial-scale`.
   * @default 1
   */
  readonly initialScale?: number;

  /**
   * The number of pods a revision scales up to when it leaves zero
   * (`autoscaling.knative.dev/activation-scale`). Must be at least 2 and between minScale and
   * maxScale.
   * @default 1
   */
  readonly activationScale?: number;

  /**
   * How long load must stay low before the autoscaler scales down
   * (`autoscaling.knative.dev/scale-down-delay`). 0 to 1 hour, whole seconds.
   * @default Duration.seconds(0)
   */
  readonly scaleDownDelay?: Duration;

  /**
   * The stable window over which the metric is averaged (`autoscaling.knative.dev/window`).
   * 6 seconds to 1 hour, whole seconds.
   * @default Duration.seconds(60)
   */
  readonly window?: Duration;

  /**
   * The panic window as a percentage of the stable window
   * (`autoscaling.knative.dev/panic-window-percentage`). 1 to 100.
   * @default 10
   */
  readonly panicWindowPercentage?: number;

  /**
   * The load, as a percentage of what the current pods can take, that puts the KPA into panic
   * mode (`autoscaling.knative.dev/panic-threshold-percentage`). 110 to 1000.
   * @default 200
   */
  readonly panicThresholdPercentage?: number;

  /**
   * How long the last pod stays after the autoscaler decided to scale to zero
   * (`autoscaling.knative.dev/scale-to-zero-pod-retention-period`). 0 to 1 hour.
   * @default Duration.seconds(0)
   */
  readonly scaleToZeroPodRetentionPeriod?: Duration;

  /**
   * Spare request capacity to keep before the activator is taken out of the request path
   * (`autoscaling.knative.dev/target-burst-capacity`). 0 keeps the activator only at zero
   * scale; -1 keeps it always in the path.
   * @default 211 (cluster `target-burst-capacity`)
   */
  readonly targetBurstCapacity?: number;

  /**
   * How the KPA averages its metric (`autoscaling.knative.dev/metric-aggregation-algorithm`).
   * Knative checks it only when the class is KPA.
   * @default MetricAggregationAlgorithm.LINEAR
   */
  readonly metricAggregationAlgorithm?: MetricAggregationAlgorithm;
}

const NUMERIC_FIELDS = [
  'target', 'targetUtilizationPercentage', 'minScale', 'maxScale', 'initialScale', 'activationScale',
  'panicWindowPercentage', 'panicThresholdPercentage', 'targetBurstCapacity',
] as const;

/**
 * Reports autoscaling mistakes on `scope` (at synth): numbers that are not finite, durations
 * Knative cannot take (sub-second where it wants seconds, NaN, negative), and contradictions
 * between fields, with the props and values quoted. Single-field bounds are left to the
 * validation engine, which reports them at synth with the Knative webhook's wording. Returns
 * whether the props can be rendered.
 */
export function checkAutoscaling(scope: IConstruct, props: AutoscalingProps, prefix = 'autoscaling'): boolean {
  let ok = true;
  const fail = (prop: string, message: string, value: unknown, allowed: string) => {
    ok = false;
    reportError(scope, `${prefix}.${prop}`, message, { value, allowed });
  };
  for (const field of NUMERIC_FIELDS) {
    const n = props[field];
    if (n !== undefined && (typeof n !== 'number' || !Number.isFinite(n))) fail(field, 'must be a finite number', n, 'a finite number (see the prop documentation for its range)');
  }
  for (const field of ['window', 'scaleDownDelay'] as const) {
    const d = props[field];
    if (d !== undefined && checkedSeconds(scope, `${prefix}.${field}`, d) === undefined) ok = false;
  }
  if (props.scaleToZeroPodRetentionPeriod !== undefined && checkedMillis(scope, `${prefix}.scaleToZeroPodRetentionPeriod`, props.scaleToZeroPodRetentionPeriod) === undefined) ok = false;
  const { minScale, maxScale, activationScale, autoscalerClass, metric } = props;
  if (minScale !== undefined && maxScale !== undefined && maxScale !== 0 && minScale > maxScale) {
    fail('minScale', `must be <= 'maxScale' (${maxScale}); a maxScale of 0 means unlimited`, minScale, `0..${maxScale}`);
  }
  if (activationScale !== undefined) {
    if (minScale !== undefined && activationScale < minScale) {
      fail('activationScale', `must be >= 'minScale' (${minScale})`, activationScale, `>= ${minScale}`);
    }
    if (maxScale !== undefined && maxScale !== 0 && activationScale > maxScale) {
      fail('activationScale', `must be <= 'maxScale' (${maxScale})`, activationScale, `<= ${maxScale}`);
    }
  }
  if (autoscalerClass === AutoscalerClass.KPA && metric && metric !== ScalingMetric.CONCURRENCY && metric !== ScalingMetric.RPS) {
    fail('metric', `is not supported by 'autoscalerClass' (${autoscalerClass.value}): KPA scales on concurrency or rps; use AutoscalerClass.HPA for ${metric.value}`, metric.value, 'ScalingMetric.CONCURRENCY or ScalingMetric.RPS');
  }
  if (autoscalerClass === AutoscalerClass.HPA && metric && (metric === ScalingMetric.CONCURRENCY || metric === ScalingMetric.RPS)) {
    fail('metric', `is not supported by 'autoscalerClass' (${autoscalerClass.value}): use AutoscalerClass.KPA for ${metric.value}`, metric.value, 'ScalingMetric.CPU, ScalingMetric.MEMORY or a custom metric');
  }
  return ok;
}

/**
 * The annotations for `props`, in a stable order, to be put on
 * `spec.template.metadata.annotations`. It does not check the props: KnativeService and
 * Configuration report their mistakes at synth (see `checkAutoscaling`).
 */
export function autoscalingAnnotations(props: AutoscalingProps): Record<string, string> {
  const a: Record<string, string | undefined> = {
    class: props.autoscalerClass?.value,
    metric: props.metric?.value,
    target: num(props.target),
    'target-utilization-percentage': num(props.targetUtilizationPercentage),
    'min-scale': num(props.minScale),
    'max-scale': num(props.maxScale),
    'initial-scale': num(props.initialScale),
    'activation-scale': num(props.activationScale),
    'scale-down-delay': props.scaleDownDelay ? goDuration(props.scaleDownDelay) : undefined,
    window: props.window ? goDuration(props.window) : undefined,
    'panic-window-percentage': num(props.panicWindowPercentage),
    'panic-threshold-percentage': num(props.panicThresholdPercentage),
    // The webhook parses this one without a precision check, so sub-second values are kept.
    'scale-to-zero-pod-retention-period': props.scaleToZeroPodRetentionPeriod
      ? goDuration(props.scaleToZeroPodRetentionPeriod) : undefined,
    'target-burst-capacity': num(props.targetBurstCapacity),
    'metric-aggregation-algorithm': props.metricAggregationAlgorithm,
  };
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(a)) if (v !== undefined) out[AUTOSCALING_PREFIX + k] = v;
  return out;
}

function goDuration(d: Duration): string {
  const ms = d.toMilliseconds({ integral: false });
  return ms % 1000 === 0 ? `${ms / 1000}s` : formatGoDuration(ms);
}

function num(n: number | undefined): string | undefined {
  return n === undefined ? undefined : String(n);
}
