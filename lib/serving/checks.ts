/** Checks of numeric props shared by the Serving constructs. */
import { IConstruct } from 'constructs';
import { reportError } from '../core/report';

/**
 * Reports `value` on `scope` unless it is an integer: Kubernetes decodes these fields as
 * integers, and NaN or Infinity would otherwise be written as YAML `.nan` / `.inf`.
 * Returns whether it is one (or unset).
 */
export function checkInteger(scope: IConstruct, prop: string, value: number | undefined): boolean {
  if (value === undefined || Number.isInteger(value)) return true;
  reportError(scope, prop, 'must be an integer', { value, allowed: 'a whole number (see the prop documentation for its range)' });
  return false;
}

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;

/**
 * Reports `value` on `scope` unless it is an integer that fits the int32 the Kubernetes field is
 * decoded into (probe seconds and thresholds, ports, file modes): the webhook cannot decode a
 * larger number, so the object would be refused. Returns whether it fits (or is unset).
 */
export function checkInt32(scope: IConstruct, prop: string, value: number | undefined, unit = ''): boolean {
  if (!checkInteger(scope, prop, value)) return false;
  if (value === undefined || (value >= INT32_MIN && value <= INT32_MAX)) return true;
  reportError(scope, prop, 'does not fit the 32-bit integer Kubernetes stores it in', { value: unit ? `${value}${unit}` : value, allowed: `at most ${INT32_MAX}${unit}` });
  return false;
}
