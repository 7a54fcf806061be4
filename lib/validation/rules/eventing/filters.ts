/**
 * Trigger filter checks (knative.dev/eventing/pkg/apis/eventing/v1 trigger_validation.go), also
 * used by ApiServerSource `spec.filters` when new-apiserversource-filters is on.
 *
 * G3 `filter.attributes` keys match ^[a-z][a-z0-9]*$; G4 one dialect per `filters[]` entry, at
 * every depth; G5 exact/prefix/suffix hold one key each, matching the G3 pattern; G6 `cesql`
 * parses as CloudEvents SQL.
 */
import { RuleContext } from '../../types';
import { isObject, withDetails } from './common';
import { cesqlSyntaxError } from './cesql';

const ATTRIBUTE_NAME = /^[a-z][a-z0-9]*$/;
const ATTRIBUTE_DETAILS = 'Attribute name must start with a letter and can only contain lowercase alphanumeric';

function reportAttributeNames(rule: 'G3' | 'G5', ctx: RuleContext, attrs: Record<string, unknown>, path: string): void {
  for (const key of Object.keys(attrs)) {
    if (!ATTRIBUTE_NAME.test(key)) {
      const message = withDetails(`invalid key name "${key}"`, ATTRIBUTE_DETAILS);
      if (rule === 'G3') ctx.error('G3', `${path}[${key}]`, message, { value: key, allowed: ATTRIBUTE_NAME.source });
      else ctx.error('G5', `${path}[${key}]`, message, { value: key, allowed: ATTRIBUTE_NAME.source });
    }
  }
}

/** `spec.filter` (the attributes filter). */
export function reportAttributesFilter(ctx: RuleContext, filter: unknown, path: string): void {
  if (isObject(filter) && isObject(filter.attributes)) reportAttributeNames('G3', ctx, filter.attributes, `${path}.attributes`);
}

const nonEmptyMap = (v: unknown) => isObject(v) && Object.keys(v).length > 0;
const nonEmptyList = (v: unknown) => Array.isArray(v) && v.length > 0;

/**
 * exact/prefix/suffix: every attribute name is checked (ValidateAttributesNames). A map may hold
 * several attributes: Knative 1.22 dropped the old one-key-value restriction (eventing#6477).
 */
function reportAttributeMap(ctx: RuleContext, map: unknown, path: string): void {
  if (!isObject(map) || Object.keys(map).length === 0) return;
  reportAttributeNames('G5', ctx, map, path);
}

/** One SubscriptionsAPI filter, recursively. */
function reportFilter(ctx: RuleContext, f: unknown, path: string): void {
  if (!isObject(f)) return;
  const dialects = [
    nonEmptyMap(f.exact) && 'exact', nonEmptyMap(f.prefix) && 'prefix', nonEmptyMap(f.suffix) && 'suffix',
    nonEmptyList(f.all) && 'all', nonEmptyList(f.any) && 'any', f.not !== undefined && f.not !== null && 'not',
    typeof f.cesql === 'string' && f.cesql !== '' && 'cesql',
  ].filter(Boolean) as string[];
  if (dialects.length > 1) {
    ctx.error('G4', path, 'multiple dialects found, filters can have only one dialect set', {
      value: dialects, allowed: 'one of exact, prefix, suffix, all, any, not, cesql (combine with all/any)',
    });
  }
  reportAttributeMap(ctx, f.exact, `${path}.exact`);
  reportAttributeMap(ctx, f.prefix, `${path}.prefix`);
  reportAttributeMap(ctx, f.suffix, `${path}.suffix`);
  reportFilterList(ctx, f.all, `${path}.all`);
  reportFilterList(ctx, f.any, `${path}.any`);
  reportFilter(ctx, f.not, `${path}.not`);
  if (typeof f.cesql === 'string' && f.cesql !== '') {
    const err = cesqlSyntaxError(f.cesql);
    if (err) ctx.error('G6', `${path}.cesql`, withDetails(`invalid value: ${f.cesql}`, err), { value: f.cesql });
  }
}

/** `spec.filters` (SubscriptionsAPI filters). */
export function reportFilterList(ctx: RuleContext, filters: unknown, path: string): void {
  if (!Array.isArray(filters)) return;
  filters.forEach((f, i) => reportFilter(ctx, f, `${path}[${i}]`));
}
