/**
 * Scaling profiles of a Function: the few shapes of Knative autoscaling a team picks from,
 * rendered as the typed `autoscaling` and `containerConcurrency` props of the KnativeService.
 */
import { Duration } from 'cdk8s';
import { IConstruct } from 'constructs';
import { reportError } from '../core/report';
import { AutoscalerClass, AutoscalingProps, ScalingMetric } from '../serving/autoscaling';

/** Options every profile shares. */
export interface ScalingLimits {
  /**
   * The most pods (`autoscaling.knative.dev/max-scale`); 0 means unlimited. A ceiling keeps one
   * function from taking the tenant's whole quota.
   * @default 10
   */
  readonly maxScale?: number;
  /**
   * The concurrent requests per pod the autoscaler aims for (`autoscaling.knative.dev/target`).
   * @default - the profile's value (scale-to-zero and latency-sensitive: the cluster's
   * `container-concurrency-target-default`, 100 on a stock cluster; batch: its `concurrency`)
   */
  readonly target?: number;
}

/** Options of `ScalingProfile.scaleToZero`. */
export interface ScaleToZeroOptions extends ScalingLimits {
  /**
   * How long the last pod stays after traffic stopped
   * (`autoscaling.knative.dev/scale-to-zero-pod-retention-period`), to spare a cold start for
   * the next request soon after.
   * @default - the cluster's `scale-to-zero-pod-retention-period` (0 s)
   */
  readonly retention?: Duration;
}

/** Options of `ScalingProfile.latencySensitive`. */
export interface LatencySensitiveOptions extends ScalingLimits {
  /**
   * Pods kept warm at all times (`autoscaling.knative.dev/min-scale`), at least 1: no request
   * waits for a cold start.
   * @default 1
   */
  readonly minScale?: number;
  /**
   * How long load must stay low before a pod is removed (`autoscaling.knative.dev/scale-down-delay`),
   * so a short lull does not cost the next burst a cold start.
   * @default Duration.minutes(5)
   */
  readonly scaleDownDelay?: Duration;
}

/** Options of `ScalingProfile.batch`. */
export interface BatchOptions extends ScalingLimits {
  /**
   * Requests one pod takes at once, a hard limit (`containerConcurrency`, 1 to 1000); the
   * autoscaler aims at all of it (target = concurrency, utilization 100 %), so pods are filled
   * before new ones start.
   * @default 50
   */
  readonly concurrency?: number;
}

/**
 * How a Function scales. Pick a profile; `ScalingProfile.custom` takes Knative's autoscaling
 * props as they are.
 *
 * @example
 * ScalingProfile.latencySensitive({ minScale: 2, maxScale: 20 })
 */
export class ScalingProfile {
  /**
   * Scale to zero when idle, up with concurrent requests (Knative's default behaviour, with a
   * ceiling of 10 pods unless `maxScale` says otherwise). For functions called now and then.
   */
  public static scaleToZero(options: ScaleToZeroOptions = {}): ScalingProfile {
    return new ScalingProfile('scaleToZero', () => ({
      autoscaling: {
        autoscalerClass: AutoscalerClass.KPA, metric: ScalingMetric.CONCURRENCY, minScale: 0,
        maxScale: options.maxScale ?? 10,
        ...(options.target !== undefined ? { target: options.target } : {}),
        ...(options.retention !== undefined ? { scaleToZeroPodRetentionPeriod: options.retention } : {}),
      },
    }));
  }

  /**
   * A warm minimum of pods (never a cold start), scale-down held back for a while, and the
   * activator out of the request path once pods run (`target-burst-capacity: 0`). For
   * interactive APIs.
   */
  public static latencySensitive(options: LatencySensitiveOptions = {}): ScalingProfile {
    return new ScalingProfile('latencySensitive', (scope, prop) => {
      const minScale = options.minScale ?? 1;
      if (typeof minScale === 'number' && !(minScale >= 1)) {
        reportError(scope, `${prop}.minScale`, 'must be at least 1: a latency-sensitive function keeps pods warm (use ScalingProfile.scaleToZero to allow zero)', {
          value: minScale, allowed: 'an integer >= 1',
        });
      }
      return {
        autoscaling: {
          autoscalerClass: AutoscalerClass.KPA, metric: ScalingMetric.CONCURRENCY,
          minScale, maxScale: options.maxScale ?? 10,
          scaleDownDelay: options.scaleDownDelay ?? Duration.minutes(5),
          targetBurstCapacity: 0,
          ...(options.target !== undefined ? { target: options.target } : {}),
        },
      };
    });
  }

  /**
   * Many requests per pod and pods filled before new ones start: for batch work (events from a
   * queue, bulk checksums) where throughput matters more than latency. Scales to zero.
   */
  public static batch(options: BatchOptions = {}): ScalingProfile {
    return new ScalingProfile('batch', () => {
      const concurrency = options.concurrency ?? 50;
      return {
        autoscaling: {
          autoscalerClass: AutoscalerClass.KPA, metric: ScalingMetric.CONCURRENCY, minScale: 0,
          maxScale: options.maxScale ?? 10,
          target: options.target ?? concurrency,
          targetUtilizationPercentage: 100,
        },
        containerConcurrency: concurrency,
      };
    });
  }

  /** Knative's autoscaling props as they are, and optionally the hard per-pod limit. */
  public static custom(autoscaling: AutoscalingProps, containerConcurrency?: number): ScalingProfile {
    return new ScalingProfile('custom', () => ({ autoscaling, containerConcurrency }));
  }

  private constructor(
    /** The profile's name: scaleToZero, latencySensitive, batch or custom. */
    public readonly kind: string,
    private readonly render: (scope: IConstruct, prop: string) => RenderedScaling,
  ) {}

  /** @internal The KnativeService props of this profile; mistakes are reported on `scope` at `prop`. */
  public _render(scope: IConstruct, prop: string): { autoscaling: AutoscalingProps; containerConcurrency?: number } {
    const r = this.render(scope, prop);
    return { autoscaling: r.autoscaling, ...(r.containerConcurrency !== undefined ? { containerConcurrency: r.containerConcurrency } : {}) };
  }
}

interface RenderedScaling {
  readonly autoscaling: AutoscalingProps;
  readonly containerConcurrency?: number;
}
