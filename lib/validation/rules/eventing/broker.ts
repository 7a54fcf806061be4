/**
 * Broker (eventing.knative.dev/v1), broker_defaults.go and broker_validation.go.
 *
 * Defaulting follows config-br-defaults (ClusterSettings.brokerConfigFor / brokerClassFor, namespace
 * defaults included). B1 the class annotation is present and non-empty; B2 `spec.config` is a complete KReference,
 * in the Broker's namespace when config-br-defaults sets disallowDifferentNamespaceConfig (cluster or namespace level);
 * B3 `spec.delivery` follows the DeliverySpec rules (E-V ids). On update (when the previously
 * deployed manifest is given): B4 everything in `spec` but `delivery` is immutable; B5 the class
 * annotation is immutable. Upstream stops at B4; both are reported here.
 */
import type { DeliveryDefaults } from '../../../core/cluster-settings';
import { KindRules } from '../../types';
import { annotationsForDefaults, annotationsOf, isObject, namespaceOf, specForDefaults, str, withDetails } from './common';
import { defaultDelivery, reportDelivery } from './delivery';
import { reportKReference } from './destination';
import { shortDiff } from '../diff';

/** The annotation that selects the broker implementation. */
export const BROKER_CLASS_ANNOTATION = 'eventing.knative.dev/broker.class';
/** The delivery fields a Broker inherits from config-br-defaults (the rest, e.g. timeout, is not copied). */
function pickDelivery(delivery: DeliveryDefaults): Record<string, unknown> {
  const d = delivery as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const k of ['deadLetterSink', 'retry', 'backoffPolicy', 'backoffDelay']) if (d[k] !== undefined) out[k] = JSON.parse(JSON.stringify(d[k]));
  return out;
}

export const BROKER_RULES: KindRules = {
  group: 'eventing.knative.dev',
  kinds: ['Broker'],
  default(obj, settings) {
    const ns = namespaceOf(obj);
    const annotations = annotationsForDefaults(obj);
    const spec = specForDefaults(obj);
    // BrokerSpec.SetDefaults runs before the class is defaulted: config-br-defaults' entry for the
    // Broker's class (or, when spec.config is set, for its kind, as upstream looks it up).
    if (spec) {
      const cls = annotations?.[BROKER_CLASS_ANNOTATION];
      const lookup = isObject(spec.config) ? str(spec.config.kind) : typeof cls === 'string' ? cls : '';
      const c = settings.brokerConfigFor(ns, lookup);
      if (c) {
        if (!spec.config && c.config) spec.config = { ...c.config };
        if (!spec.delivery && c.delivery) spec.delivery = pickDelivery(c.delivery);
      }
      if (isObject(spec.config) && !spec.config.namespace && ns) spec.config.namespace = ns;
      defaultDelivery(spec.delivery, ns);
    }
    const defaultClass = settings.brokerClassFor(ns);
    if (annotations && !(BROKER_CLASS_ANNOTATION in annotations) && defaultClass) annotations[BROKER_CLASS_ANNOTATION] = defaultClass;
  },
  validate(obj, ctx) {
    const cls = annotationsOf(obj)[BROKER_CLASS_ANNOTATION];
    if (typeof cls !== 'string' || cls === '') {
      ctx.error('B1', BROKER_CLASS_ANNOTATION, 'missing field(s)', { value: cls, allowed: `a broker class, e.g. ${ctx.settings.eventing.defaultBrokerClass}` });
    }
    const spec = isObject(obj.spec) ? obj.spec : {};
    if (isObject(spec.config)) {
      const sameNs = ctx.settings.brokerConfigSameNamespace(namespaceOf(obj)) ? namespaceOf(obj) : undefined;
      reportKReference('B2', ctx, spec.config, 'spec.config', { sameNamespaceAs: sameNs || undefined });
    }
    reportDelivery(ctx, spec.delivery, 'spec.delivery');
  },
  validateUpdate(previous, current, ctx) {
    const specDiff = shortDiff(previous.spec, current.spec, 'spec', ['delivery']);
    if (specDiff) {
      ctx.error('B4', 'spec', withDetails('Immutable fields changed (-old +new)', specDiff), {
        allowed: 'only spec.delivery may change; delete and re-create the Broker to change the rest',
      });
    }
    const before = annotationsOf(previous)[BROKER_CLASS_ANNOTATION];
    const after = annotationsOf(current)[BROKER_CLASS_ANNOTATION];
    const classDiff = shortDiff(before, after, BROKER_CLASS_ANNOTATION);
    if (classDiff) {
      ctx.error('B5', 'annotations', withDetails('Immutable annotations changed (-old +new)', classDiff), {
        value: after, allowed: `${JSON.stringify(before ?? '')} (delete and re-create the Broker to change its class)`,
      });
    }
  },
};
