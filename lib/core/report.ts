/**
 * User mistakes found while a construct is built are not thrown: they are recorded on the
 * construct and reported when the app synthesizes, with the construct path (cdk8s prefixes it),
 * the prop, the bad value and what is allowed, together with every other error of the app, and
 * nothing is written. Warnings are recorded the same way and printed at synth.
 *
 * Constructors still throw for programming errors TypeScript cannot catch (a required prop
 * missing from a JavaScript caller, an argument of the wrong kind): see `requireProp`.
 */
import { IConstruct } from 'constructs';

/** One problem with a construct's props. */
export interface PropProblem {
  /** The prop, as the user spells it (`autoscaling.minScale`, `containers[0].port`). */
  readonly prop: string;
  /** What is wrong. */
  readonly message: string;
  /** The offending value, where there is one. */
  readonly value?: unknown;
  /** What would be accepted instead. */
  readonly allowed?: string;
}

/** Extra detail of a problem: the bad value and what is allowed. */
export interface ProblemDetail {
  /** The offending value. @default - none shown */
  readonly value?: unknown;
  /** What would be accepted instead. @default - none shown */
  readonly allowed?: string;
}

interface Recorded {
  readonly errors: PropProblem[];
  readonly warnings: PropProblem[];
}

const RECORDED = new WeakMap<IConstruct, Recorded>();

function recordOf(scope: IConstruct): Recorded {
  let rec = RECORDED.get(scope);
  if (!rec) {
    const created: Recorded = { errors: [], warnings: [] };
    rec = created;
    RECORDED.set(scope, created);
    scope.node.addValidation({
      validate: () => [
        ...created.errors.map(formatProblem),
        ...(WarningPolicy.of(scope).failOnWarnings ? created.warnings.map((w) => `warning: ${formatProblem(w)}`) : []),
      ],
    });
  }
  return rec;
}

/** A value as messages show it: JSON where JSON can say it, else its string form. */
export function showValue(value: unknown): string {
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'undefined') return 'undefined';
  try {
    const json = JSON.stringify(value);
    return json === undefined ? String(value) : json;
  } catch {
    return String(value);
  }
}

/** A problem as one line: `prop: message (value: …; allowed: …)`. */
export function formatProblem(p: PropProblem): string {
  const extras: string[] = [];
  if ('value' in p) extras.push(`value: ${showValue(p.value)}`);
  if (p.allowed) extras.push(`allowed: ${p.allowed}`);
  return `${p.prop ? `${p.prop}: ` : ''}${p.message}${extras.length ? ` (${extras.join('; ')})` : ''}`;
}

function problem(prop: string, message: string, detail?: ProblemDetail): PropProblem {
  return detail && 'value' in detail ? { prop, message, value: detail.value, allowed: detail.allowed } : { prop, message, allowed: detail?.allowed };
}

/**
 * Records a user mistake on `scope`; it fails the synth with the construct path. Returns
 * `undefined`, so a check can read `return reportError(...)` where a value was expected.
 */
export function reportError(scope: IConstruct, prop: string, message: string, detail?: ProblemDetail): undefined {
  recordOf(scope).errors.push(problem(prop, message, detail));
  return undefined;
}

/** Records something upstream accepts with a warning; printed at synth (see `SynthWarnings`). */
export function reportWarning(scope: IConstruct, prop: string, message: string, detail?: ProblemDetail): void {
  recordOf(scope).warnings.push(problem(prop, message, detail));
}

/** The errors recorded on `scope` itself. */
export function errorsOf(scope: IConstruct): readonly PropProblem[] {
  return RECORDED.get(scope)?.errors ?? [];
}

/** The warnings recorded on `scope` itself. */
export function warningsOf(scope: IConstruct): readonly PropProblem[] {
  return RECORDED.get(scope)?.warnings ?? [];
}

/** True when `scope` or one of its ancestors has recorded an error, so its output is not trustworthy. */
export function hasReportedErrors(scope: IConstruct): boolean {
  for (let s: IConstruct | undefined = scope; s; s = s.node.scope) {
    if (RECORDED.get(s)?.errors.length) return true;
  }
  return false;
}

/**
 * Throws a TypeError, with how to fix it, when a required prop is missing: TypeScript catches
 * this at compile time, JavaScript callers do not.
 */
export function requireProp<T>(construct: string, props: T | undefined, ...names: (keyof T & string)[]): T {
  if (props === undefined || props === null || typeof props !== 'object') {
    throw new TypeError(`${construct}: props are required (got ${showValue(props)}); pass an object with ${names.map((n) => `'${n}'`).join(', ')}`);
  }
  for (const name of names) {
    if (props[name] === undefined || props[name] === null) {
      throw new TypeError(`${construct}: the required prop '${name}' is missing (got ${showValue(props[name])}); see the ${construct}Props documentation`);
    }
  }
  return props;
}

/** How an app treats warnings at synth. */
export interface WarningPolicyProps {
  /**
   * Fail the synth on warnings as on errors (the `--strict` of the CLI for warnings): for
   * teams that want nothing upstream merely tolerates.
   * @default false
   */
  readonly failOnWarnings?: boolean;
  /** Print the warnings of a synth to standard error, once each, with the construct path. @default true */
  readonly printWarnings?: boolean;
}

const POLICIES = new WeakMap<IConstruct, Required<WarningPolicyProps>>();
const DEFAULT_POLICY: Required<WarningPolicyProps> = { failOnWarnings: false, printWarnings: true };

/**
 * How warnings are treated below a scope (an app or a chart).
 *
 * @example
 * WarningPolicy.apply(app, { failOnWarnings: true });
 */
export class WarningPolicy {
  /** Sets the policy for everything below `scope`. */
  public static apply(scope: IConstruct, props: WarningPolicyProps): void {
    POLICIES.set(scope, { ...DEFAULT_POLICY, ...props });
  }

  /** The policy that applies to `scope`: the nearest one applied above it, or the default. */
  public static of(scope: IConstruct): Required<WarningPolicyProps> {
    for (let s: IConstruct | undefined = scope; s; s = s.node.scope) {
      const found = POLICIES.get(s);
      if (found) return found;
    }
    return DEFAULT_POLICY;
  }

  private constructor() {}
}
