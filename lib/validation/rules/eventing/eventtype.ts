/**
 * EventType (eventing.knative.dev v1beta2 / v1beta3).
 *
 * ET1 v1beta2 (and v1beta1): spec.type is required. ET2 v1beta3: spec.attributes defines type,
 * source, specversion and id. Knative 1.22's webhook registers EventType validation for v1beta1
 * and v1beta2 only, so a v1beta3 object is admitted without the ET2 check: it is reported as a
 * warning (the controller cannot use such an EventType), not an error.
 */
import { KindRules } from '../../types';
import { isObject, str } from './common';

const REQUIRED_ATTRIBUTES = ['id', 'source', 'specversion', 'type'];

export const EVENT_TYPE_RULES: KindRules = {
  group: 'eventing.knative.dev',
  kinds: ['EventType'],
  validate(obj, ctx) {
    const spec = isObject(obj.spec) ? obj.spec : {};
    if (obj.apiVersion === 'eventing.knative.dev/v1beta3') {
      const names = new Set((Array.isArray(spec.attributes) ? spec.attributes : []).map((a: any) => str(a?.name)));
      const missing = REQUIRED_ATTRIBUTES.filter((n) => !names.has(n));
      if (missing.length) {
        ctx.warn('ET2', missing.map((n) => `spec.attributes.${n}`).join(', '), 'missing field(s)', {
          allowed: 'attribute definitions named type, source, specversion and id',
        });
      }
    } else if (!str(spec.type)) {
      ctx.error('ET1', 'spec.type', 'missing field(s)');
    }
  },
};
