/**
 * E-CE1: `spec.ceOverrides.extensions` keys must be non-empty and ASCII alphanumeric
 * (knative.dev/pkg/apis/duck/v1 source_types.go). Knative stops at the first bad key (in map
 * order); every bad key is reported here.
 */
import { RuleContext } from '../../types';
import { isObject, join, withDetails } from './common';
import { reportDestination } from './destination';

const ALNUM = /^[a-zA-Z0-9]+$/;

/** Validates `ceOverrides` at `path` when set. */
export function reportCeOverrides(ctx: RuleContext, overrides: unknown, path: string): void {
  if (!isObject(overrides) || !isObject(overrides.extensions)) return;
  for (const key of Object.keys(overrides.extensions)) {
    if (key === '') {
      ctx.error('E-CE1', join(path, 'extensions'), withDetails('invalid key name ""', 'keys MUST NOT be empty'), { value: key });
    } else if (!ALNUM.test(key)) {
      ctx.error('E-CE1', join(path, 'extensions'), withDetails(`invalid key name "${key}"`, 'keys are expected to be alphanumeric'), {
        value: key, allowed: 'ASCII letters and digits only',
      });
    }
  }
}

/** duckv1.SourceSpec.Validate: the sink (a required Destination) and the CloudEvent overrides. */
export function reportSourceSpec(ctx: RuleContext, spec: Record<string, any>, path: string): void {
  reportDestination(ctx, spec.sink, join(path, 'sink'));
  reportCeOverrides(ctx, spec.ceOverrides, join(path, 'ceOverrides'));
}
