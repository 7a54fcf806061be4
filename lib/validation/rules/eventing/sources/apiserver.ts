/**
 * ApiServerSource (sources.knative.dev/v1), apiserver_defaults.go and apiserver_validation.go.
 *
 * AS1 mode is Reference or Resource (defaulted to Reference); AS2 resources is non-empty, each
 * apiVersion parses as group/version and kind is non-blank; AS3 the same for owner; AS4 filters
 * only with new-apiserversource-filters, then the Trigger filter rules (G4-G6); AS5 sink (E-D ids)
 * and ceOverrides (E-CE1).
 */
import { KindRules } from '../../../types';
import { featureEnabled, isObject, namespaceOf, specForDefaults, str } from '../common';
import { reportSourceSpec } from '../ce-overrides';
import { defaultDestination } from '../destination';
import { reportFilterList } from '../filters';

/** schema.ParseGroupVersion fails only with more than one '/'. */
const badGroupVersion = (v: string) => v.split('/').length > 2;

export const API_SERVER_SOURCE_RULES: KindRules = {
  group: 'sources.knative.dev',
  kinds: ['ApiServerSource'],
  default(obj) {
    const spec = specForDefaults(obj);
    if (!spec) return;
    if (!spec.mode) spec.mode = 'Reference';
    if (!spec.serviceAccountName) spec.serviceAccountName = 'default';
    defaultDestination(spec.sink, namespaceOf(obj));
  },
  validate(obj, ctx) {
    const spec = isObject(obj.spec) ? obj.spec : {};
    if (spec.mode !== 'Reference' && spec.mode !== 'Resource') {
      ctx.error('AS1', 'spec.mode', `invalid value: ${str(spec.mode)}`, { value: spec.mode, allowed: 'Reference, Resource' });
    }
    const resources = Array.isArray(spec.resources) ? spec.resources : [];
    if (resources.length === 0) ctx.error('AS2', 'spec.resources', 'missing field(s)');
    resources.forEach((r: unknown, i: number) => {
      const res = isObject(r) ? r : {};
      if (badGroupVersion(str(res.apiVersion))) {
        ctx.error('AS2', `spec.resources[${i}].apiVersion`, `invalid value: ${str(res.apiVersion)}`, { value: res.apiVersion, allowed: 'group/version or version' });
      }
      if (str(res.kind).trim() === '') ctx.error('AS2', `spec.resources[${i}].kind`, 'missing field(s)');
    });
    if (isObject(spec.owner)) {
      if (badGroupVersion(str(spec.owner.apiVersion))) {
        ctx.error('AS3', 'spec.owner.apiVersion', `invalid value: ${str(spec.owner.apiVersion)}`, { value: spec.owner.apiVersion, allowed: 'group/version or version' });
      }
      if (str(spec.owner.kind).trim() === '') ctx.error('AS3', 'spec.owner.kind', 'missing field(s)');
    }
    if (Array.isArray(spec.filters) && spec.filters.length > 0) {
      if (!featureEnabled(ctx, 'new-apiserversource-filters')) {
        ctx.error('AS4', 'spec.filters', 'Filters is not empty but the NewAPIServerFilters feature is disabled.', { allowed: 'only with the new-apiserversource-filters feature' });
      } else {
        reportFilterList(ctx, spec.filters, 'spec.filters');
      }
    }
    reportSourceSpec(ctx, spec, 'spec');
  },
};
