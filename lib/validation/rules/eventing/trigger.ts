/**
 * Trigger (eventing.knative.dev/v1), trigger_defaults.go and trigger_validation.go.
 *
 * G1 exactly one of `spec.broker` / `spec.brokerRef`; G2 `brokerRef.namespace` only with
 * cross-namespace-event-links; G3-G6 filters (filters.ts); G7 `spec.subscriber` is a required
 * Destination (E-D ids); G8 `spec.delivery` (E-V ids); G9 the knative.dev/dependency annotation;
 * G10 the eventing.knative.dev/injection annotation. G11 on update (when the previously deployed
 * manifest is given): `spec.broker` is immutable; subscriber, filters and delivery may change.
 */
import { KindRules, RuleContext } from '../../types';
import { annotationsOf, featureEnabled, isObject, namespaceOf, specForDefaults, str, withDetails } from './common';
import { defaultDelivery, reportDelivery } from './delivery';
import { defaultDestination, reportDestination } from './destination';
import { reportAttributesFilter, reportFilterList } from './filters';
import { goJsonType, parseGoJson } from './go-json';
import { shortDiff } from '../diff';

const DEPENDENCY = 'knative.dev/dependency';
const INJECTION = 'eventing.knative.dev/injection';
const OBJECT_REFERENCE_STRING_FIELDS = ['kind', 'namespace', 'name', 'uid', 'apiVersion', 'resourceVersion', 'fieldPath'];

function reportDependency(ctx: RuleContext, value: unknown, triggerNs: string): void {
  const base = `metadata.annotations[${DEPENDENCY}]`;
  const text = String(value);
  const parsed = parseGoJson(text);
  const ref = parsed.value;
  let error = parsed.error;
  if (!error && ref !== null && !isObject(ref)) error = `json: cannot unmarshal ${goJsonType(ref)} into Go value of type v1.ObjectReference`;
  else if (!error && isObject(ref)) {
    const bad = OBJECT_REFERENCE_STRING_FIELDS.find((k) => ref[k] !== undefined && ref[k] !== null && typeof ref[k] !== 'string');
    if (bad) error = `json: cannot unmarshal ${goJsonType(ref[bad])} into Go struct field ObjectReference.${bad} of type string`;
  }
  if (error) {
    ctx.error('G9', base, withDetails(`The provided annotation was not a corev1.ObjectReference: ${JSON.stringify(text)}`, error), { value: text });
    return;
  }
  const r = isObject(ref) ? ref : {};
  if (str(r.namespace) && str(r.namespace) !== triggerNs) {
    ctx.error('G9', `${base}.namespace`, `Namespace must be empty or equal to the trigger namespace "${triggerNs}"`, { value: r.namespace, allowed: triggerNs });
  }
  for (const field of ['kind', 'name', 'apiVersion']) {
    if (!str(r[field])) ctx.error('G9', `${base}.${field}`, 'missing field(s)');
  }
}

export const TRIGGER_RULES: KindRules = {
  group: 'eventing.knative.dev',
  kinds: ['Trigger'],
  default(obj) {
    const ns = namespaceOf(obj);
    const spec = specForDefaults(obj);
    if (!spec) return;
    if (!spec.filter) spec.filter = {};
    if (str(spec.broker)) {
      if (isObject(obj.metadata)) obj.metadata.labels = { ...obj.metadata.labels, 'eventing.knative.dev/broker': spec.broker };
    }
    defaultDestination(spec.subscriber, ns);
    defaultDelivery(spec.delivery, ns);
  },
  validate(obj, ctx) {
    const spec = isObject(obj.spec) ? obj.spec : {};
    const broker = str(spec.broker);
    const brokerRef = isObject(spec.brokerRef) ? spec.brokerRef : undefined;
    if (!broker && !brokerRef) ctx.error('G1', 'spec.broker', 'missing field(s)', { allowed: 'spec.broker or spec.brokerRef' });
    if (broker && brokerRef) ctx.error('G1', 'spec.broker, spec.brokerRef', 'expected exactly one, got both');
    if (brokerRef && str(brokerRef.namespace) && !featureEnabled(ctx, 'cross-namespace-event-links')) {
      // Knative reports this path without the brokerRef segment.
      ctx.error('G2', 'spec.namespace', withDetails('must not set the field(s)',
        'only name, apiVersion and kind are supported fields when feature.CrossNamespaceEventLinks is disabled'), { value: brokerRef.namespace });
    }
    reportAttributesFilter(ctx, spec.filter, 'spec.filter');
    reportFilterList(ctx, spec.filters, 'spec.filters');
    reportDestination(ctx, spec.subscriber, 'spec.subscriber');
    reportDelivery(ctx, spec.delivery, 'spec.delivery');

    const annotations = annotationsOf(obj);
    if (DEPENDENCY in annotations) reportDependency(ctx, annotations[DEPENDENCY], namespaceOf(obj));
    if (INJECTION in annotations) {
      const v = annotations[INJECTION];
      const field = `metadata.annotations[${INJECTION}]`;
      if (v !== 'enabled' && v !== 'disabled') {
        ctx.error('G10', field, `The provided injection annotation value can only be "enabled" or "disabled", not ${JSON.stringify(String(v))}`, {
          value: v, allowed: 'enabled, disabled',
        });
      } else if (broker !== 'default') {
        ctx.error('G10', field, `The provided injection annotation is only used for default broker, but non-default broker specified here: ${JSON.stringify(broker)}`, {
          value: broker, allowed: 'default',
        });
      }
    }
  },
  validateUpdate(previous, current, ctx) {
    const before = isObject(previous.spec) ? previous.spec.broker : undefined;
    const after = isObject(current.spec) ? current.spec.broker : undefined;
    const diff = shortDiff(before, after, 'spec.broker');
    if (diff) {
      // Knative names the field with two paths, which it prints as "spec, broker".
      ctx.error('G11', 'spec, broker', withDetails('Immutable fields changed (-old +new)', diff), {
        value: after, allowed: `${JSON.stringify(str(before))} (delete and re-create the Trigger to move it to another Broker)`,
      });
    }
  },
};
