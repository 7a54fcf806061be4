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
