/**
 * EventPolicy (eventing.knative.dev/v1alpha1), Knative Eventing 1.22
 * pkg/apis/eventing/v1alpha1/eventpolicy_{defaults,validation}.go.
 *
 * Defaulting: a `from[].ref` without namespace gets the policy's.
 * EP1 EventPolicies can be created (or their spec changed) only with the authentication-oidc
 * feature Enabled; EP2 each `from[]` has exactly one of ref and a non-empty sub; EP3 a
 * `from[].ref` has kind, apiVersion and name; EP4 `*` appears in a sub only as its last
 * character; EP5 each `to[]` has exactly one of ref and selector; EP6 a `to[].ref` has kind,
 * apiVersion and name; `filters` follow the SubscriptionsAPI filter rules of Triggers (reported
 * with the G4-G6 ids).
 */
import { KindRules, RuleContext } from '../../types';
import { featureEnabled, isObject, namespaceOf, specForDefaults, str, withDetails } from './common';
import { reportFilterList } from './filters';

function reportRef(rule: 'EP3' | 'EP6', ctx: RuleContext, ref: Record<string, any>, path: string): void {
  for (const field of ['kind', 'apiVersion', 'name']) {
    if (!str(ref[field])) {
      if (rule === 'EP3') ctx.error('EP3', `${path}.${field}`, 'missing field(s)');
      else ctx.error('EP6', `${path}.${field}`, 'missing field(s)');
    }
  }
}

const present = (v: unknown) => v !== undefined && v !== null;

export const EVENT_POLICY_RULES: KindRules = {
  group: 'eventing.knative.dev',
  kinds: ['EventPolicy'],
  default(obj) {
    const spec = specForDefaults(obj);
    const ns = namespaceOf(obj);
    if (!spec || !Array.isArray(spec.from) || !ns) return;
    for (const from of spec.from) {
      if (isObject(from) && isObject(from.ref) && !from.ref.namespace) from.ref.namespace = ns;
    }
  },
  validate(obj, ctx) {
    if (!featureEnabled(ctx, 'authentication-oidc')) {
      ctx.error('EP1', 'metadata', 'oidc-authentication feature not enabled', {
        allowed: "EventPolicies only with authentication-oidc: Enabled in config-features (ClusterSettings eventing.features['authentication-oidc'])",
      });
    }
    const spec = isObject(obj.spec) ? obj.spec : {};
    (Array.isArray(spec.from) ? spec.from : []).forEach((f: unknown, i: number) => {
      const from = isObject(f) ? f : {};
      const path = `spec.from[${i}]`;
      const hasRef = present(from.ref);
      const sub = typeof from.sub === 'string' ? from.sub : undefined;
      if (!hasRef && !sub) ctx.error('EP2', `${path}.ref, ${path}.sub`, 'expected exactly one, got neither');
      if (hasRef && present(from.sub)) ctx.error('EP2', `${path}.ref, ${path}.sub`, 'expected exactly one, got both');
      if (isObject(from.ref)) reportRef('EP3', ctx, from.ref, `${path}.ref`);
      if (sub !== undefined && sub.length > 1) {
        const star = sub.indexOf('*');
        if (star >= 0 && star <= sub.length - 2) {
          ctx.error('EP4', `${path}.sub`, withDetails(`invalid value: ${sub}`, "'*' is only allowed as suffix"), { value: sub, allowed: 'a subject, optionally ending in * to match any suffix' });
        }
      }
    });
    (Array.isArray(spec.to) ? spec.to : []).forEach((t: unknown, i: number) => {
      const to = isObject(t) ? t : {};
      const path = `spec.to[${i}]`;
      if (!present(to.ref) && !present(to.selector)) ctx.error('EP5', `${path}.ref, ${path}.selector`, 'expected exactly one, got neither');
      if (present(to.ref) && present(to.selector)) ctx.error('EP5', `${path}.ref, ${path}.selector`, 'expected exactly one, got both');
      if (isObject(to.ref)) reportRef('EP6', ctx, to.ref, `${path}.ref`);
    });
    reportFilterList(ctx, spec.filters, 'spec.filters');
  },
};
