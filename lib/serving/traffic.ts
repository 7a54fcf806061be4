/** Traffic targets of a KnativeService or Route (`spec.traffic`). */
import { IConstruct } from 'constructs';
import { ProblemDetail, reportError } from '../core/report';
import { checkInteger } from './checks';
import { JsonObject } from './json';

/** What a traffic target points at, as `spec.traffic` spells it. */
interface TrafficSpec {
  /** The Configuration whose latest ready revision gets the traffic (standalone Routes only). */
  readonly configurationName?: string;
  /** The pinned revision. */
  readonly revisionName?: string;
  /** Whether the target follows the latest ready revision. */
  readonly latestRevision: boolean;
  /** The share of traffic, 0 to 100. */
  readonly percent: number;
  /** The tag that gives the target its own URL. */
  readonly tag?: string;
}

/** Options common to every traffic target. */
export interface TrafficTargetOptions {
  /**
   * A tag: Knative gives the target its own URL, `<tag>-<route>.<namespace>.<domain>`, so it can
   * be tested directly. A DNS-1035 label, unique within the route.
   * @default - no tag
   */
  readonly tag?: string;
}

/** Options of a canary split. */
export interface CanaryOptions {
  /** The revision that keeps most of the traffic (a full revision name, e.g. `hello-v1`). */
  readonly stableRevision: string;
  /** The percentage (0 to 100) sent to the latest ready revision, the canary. */
  readonly canaryPercent: number;
  /**
   * Tag of the canary target, to reach it directly.
   * @default 'canary'
   */
  readonly canaryTag?: string;
  /**
   * Tag of the stable target.
   * @default 'stable'
   */
  readonly stableTag?: string;
}

/** Anything with a name that can be a Route's configuration target. */
export interface IConfigurationTarget {
  /** The Configuration's name. */
  readonly name: string;
}

/**
 * One entry of `spec.traffic`. Percents of all targets must add up to 100; a target with percent
 * 0 and a tag is reachable only through its tag URL.
 *
 * @example
 * service.addTraffic(
 *   TrafficTarget.revision('hello-v1', 90),
 *   TrafficTarget.latestRevision(10, { tag: 'candidate' }),
 * );
 */
export class TrafficTarget {
  /** `percent` of traffic to the latest ready revision. */
  public static latestRevision(percent: number, options: TrafficTargetOptions = {}): TrafficTarget {
    return new TrafficTarget({ latestRevision: true, percent, tag: options.tag });
  }

  /** `percent` of traffic pinned to a named revision (its full name, e.g. `hello-00001`). */
  public static revision(revisionName: string, percent: number, options: TrafficTargetOptions = {}): TrafficTarget {
    return new TrafficTarget({ revisionName, latestRevision: false, percent, tag: options.tag });
  }

  /**
   * A tag-only target: no share of the main URL (percent 0), reachable through its tag URL.
   * Points at `revisionName`, or at the latest ready revision when none is given.
   */
  public static tagged(tag: string, revisionName?: string): TrafficTarget {
    return revisionName === undefined
      ? new TrafficTarget({ latestRevision: true, percent: 0, tag })
      : new TrafficTarget({ revisionName, latestRevision: false, percent: 0, tag });
  }

  /**
   * For a standalone Route only: `percent` of traffic to the latest ready revision of a
   * Configuration (a Service's traffic may not name a configuration).
   */
  public static configuration(configuration: IConfigurationTarget | string, percent: number, options: TrafficTargetOptions = {}): TrafficTarget {
    const configurationName = typeof configuration === 'string' ? configuration : configuration.name;
    return new TrafficTarget({ configurationName, latestRevision: true, percent, tag: options.tag });
  }

  /**
   * A canary split: `canaryPercent` to the latest ready revision and the rest to
   * `stableRevision`, both tagged so each can be tested directly. Give the stable revision a
   * fixed name (the `revisionName` prop) when it is created, so it can be pinned here.
   */
  public static canary(options: CanaryOptions): TrafficTarget[] {
    const { canaryPercent } = options;
    const stable = TrafficTarget.revision(options.stableRevision, 100 - canaryPercent, { tag: options.stableTag ?? 'stable' });
    const canary = TrafficTarget.latestRevision(canaryPercent, { tag: options.canaryTag ?? 'canary' });
    if (!Number.isInteger(canaryPercent) || canaryPercent < 0 || canaryPercent > 100) {
      // Reported at synth by the Service or Route the targets are added to.
      canary.problem = { prop: 'TrafficTarget.canary canaryPercent', message: 'must be an integer from 0 to 100', value: canaryPercent, allowed: '0..100' };
      stable.derived = true; // its percent, 100 - canaryPercent, is wrong for the same reason

    }
    return [stable, canary];
  }

  private problem?: ProblemDetail & { readonly prop: string; readonly message: string };
  private derived = false;

  private constructor(private readonly spec: TrafficSpec) {}

  /** @internal Reports what is wrong with this target on `scope`, which lists it at `prop` (`traffic[1]`). */
  public _check(scope: IConstruct, prop: string): void {
    const p = this.problem;
    if (p) reportError(scope, `${prop} (${p.prop})`, p.message, { value: p.value, allowed: p.allowed });
    else if (!this.derived) checkInteger(scope, `${prop}.percent`, this.spec.percent);
  }

  /** The percentage of traffic this target receives. */
  public get percent(): number | undefined {
    return this.spec.percent;
  }

  /** The tag, if any. */
  public get tag(): string | undefined {
    return this.spec.tag;
  }

  /** @internal The `spec.traffic` entry. */
  public _toJson(): JsonObject {
    const { configurationName, revisionName, latestRevision, percent, tag } = this.spec;
    const target: JsonObject = {};
    if (configurationName !== undefined) target.configurationName = configurationName;
    if (revisionName !== undefined) target.revisionName = revisionName;
    target.latestRevision = latestRevision;
    target.percent = percent;
    if (tag !== undefined) target.tag = tag;
    return target;
  }
}
