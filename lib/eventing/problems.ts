/**
 * Problems of values built without a scope.
 *
 * Static factories (`Sink.fromUri`, `Filter.exact`, `BrokerClass.of`, `PingData.fromJson`, ...)
 * have no construct to report a user mistake on, and must not throw for one. They record the
 * problem on the value they return instead; the construct that uses the value reports it with
 * `reportDeferred`, under the prop where the value was used, so the synth error carries the
 * construct path (`[chart/trigger] filters[0].exact: invalid key name ...`).
 */
import { IConstruct } from 'constructs';
import { ProblemDetail, PropProblem, reportError } from '../core/report';

const DEFERRED = new WeakMap<object, PropProblem[]>();

function joinProp(prefix: string, prop: string): string {
  if (!prop) return prefix;
  if (!prefix) return prop;
  return prop.startsWith('[') ? `${prefix}${prop}` : `${prefix}.${prop}`;
}

/**
 * Records a problem on `value`, for the construct that uses it to report. `prop` is relative to
 * where the value is used (`''` for the value itself, `exact` for a part of it).
 */
export function deferProblem(value: object, prop: string, message: string, detail?: ProblemDetail): void {
  const list = DEFERRED.get(value) ?? [];
  list.push(detail && 'value' in detail ? { prop, message, value: detail.value, allowed: detail.allowed } : { prop, message, allowed: detail?.allowed });
  DEFERRED.set(value, list);
}

/** Copies the problems recorded on `from` to `to`, under `prefix` (a combinator of filters, say). */
export function carryProblems(to: object, prefix: string, from: object): void {
  for (const p of DEFERRED.get(from) ?? []) {
    deferProblem(to, joinProp(prefix, p.prop), p.message, 'value' in p ? { value: p.value, allowed: p.allowed } : { allowed: p.allowed });
  }
}

/** The problems recorded on `value`. */
export function deferredProblems(value: unknown): readonly PropProblem[] {
  return typeof value === 'object' && value !== null ? DEFERRED.get(value) ?? [] : [];
}

/**
 * Reports on `scope` the problems recorded on `value`, used at `prop`. Returns true when there
 * were any (the value is then not worth rendering).
 */
export function reportDeferred(scope: IConstruct, prop: string, value: unknown): boolean {
  const problems = deferredProblems(value);
  for (const p of problems) {
    reportError(scope, joinProp(prop, p.prop), p.message, 'value' in p ? { value: p.value, allowed: p.allowed } : { allowed: p.allowed });
  }
  return problems.length > 0;
}
