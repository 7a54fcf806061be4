import { ClusterSettings } from '../core/cluster-settings';

/** A Kubernetes object as plain JSON, the shape every check works on. */
export interface Manifest {
  /** `group/version`, or `version` for the core group. */
  readonly apiVersion: string;
  /** The kind (`Service`, `Trigger`, ...). */
  readonly kind: string;
  /** The ObjectMeta fields the engine reads; others pass through. */
  readonly metadata?: {
    readonly name?: string;
    readonly generateName?: string;
    readonly namespace?: string;
    readonly labels?: Record<string, string>;
    readonly annotations?: Record<string, string>;
    readonly [key: string]: unknown;
  };
  readonly [key: string]: unknown;
}

/** How bad a finding is: errors make the cluster reject the object, warnings do not. */
export type Severity = 'error' | 'warning';

/** One problem found in one object. */
export interface Finding {
  /** Whether the cluster would reject the object (error) or only warn. */
  readonly severity: Severity;
  /**
   * Which check found it: `schema` (CRD or Kubernetes OpenAPI schema), `cel` (a CRD's
   * x-kubernetes-validations), `metadata`, or the id of a webhook-equivalent rule (`S-T5`).
   */
  readonly rule: string;
  /** The field path in the object, as Knative and kubectl print it (`spec.traffic[0].percent`). */
  readonly field: string;
  /** What is wrong, in the words the cluster would use where it has words for it. */
  readonly message: string;
  /** The offending value, where there is one. */
  readonly value?: unknown;
  /** What would be accepted instead. */
  readonly allowed?: string;
}

/** What a rule gets besides the object: the cluster settings and a way to report. */
export interface RuleContext {
  /** The cluster the object is for. */
  readonly settings: ClusterSettings;
  /** Reports a problem that makes the cluster reject the object. */
  error(rule: string, field: string, message: string, extra?: { value?: unknown; allowed?: string }): void;
  /** Reports something the cluster accepts with a warning. */
  warn(rule: string, field: string, message: string, extra?: { value?: unknown; allowed?: string }): void;
}

/**
 * The webhook-equivalent checks for some kinds of one API group. `default` mirrors the
 * mutating webhook and runs first, on a copy, so rules see what Knative's validator would see.
 */
export interface KindRules {
  /** The API group (`serving.knative.dev`). */
  readonly group: string;
  /** The kinds covered. */
  readonly kinds: readonly string[];
  /** Mutating-webhook defaulting, applied to a deep copy before `validate`. */
  default?(obj: Record<string, any>, settings: ClusterSettings): void;
  /** The validating-webhook checks. */
  validate(obj: Record<string, any>, ctx: RuleContext): void;
  /**
   * The validating-webhook checks that only run on an update: immutable fields and annotations.
   * Runs after `validate` when the caller supplies the previously deployed version of the
   * object; both are defaulted copies, as the webhook compares the stored object (defaulted when
   * it was created) with the defaulted new one.
   */
  validateUpdate?(previous: Record<string, any>, current: Record<string, any>, ctx: RuleContext): void;
}
