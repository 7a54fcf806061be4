/**
 * Broker (eventing.knative.dev/v1), broker_defaults.go and broker_validation.go.
 *
 * B1 the class annotation is present and non-empty; B2 `spec.config` is a complete KReference,
 * in the Broker's namespace when config-br-defaults sets disallow-different-namespace-config;
 * B3 `spec.delivery` follows the DeliverySpec rules (E-V ids). On update (when the previously
 * deployed manifest is given): B4 everything in `spec` but `delivery` is immutable; B5 the class
 * annotation is immutable. Upstream stops at B4; both are reported here.
 */
import { KindRules } from '../../types';
import { annotationsForDefaults, annotationsOf, isObject, namespaceOf, specForDefaults, withDetails } from './common';
import { defaultDelivery, reportDelivery } from './delivery';
import { reportKReference } from './destination';
import { shortDiff } from '../diff';

/** The annotation that selects the broker implementation. */
export const BROKER_CLASS_ANNOTATION = 'eventing.knative.dev/broker.class';
/** The stock class of config-br-defaults. */
const MT_CHANNEL_BASED = 'MTChannelBasedBroker';

export const BROKER_RULES: KindRules = {
  group: 'eventing.knative.dev',
  kinds: ['Broker'],
  default(obj, settings) {
    const ns = namespaceOf(obj);
    const annotations = annotationsForDefaults(obj);
    const defaultClass = settings.eventing.defaultBrokerClass;
    if (annotations && !(BROKER_CLASS_ANNOTATION in annotations)) annotations[BROKER_CLASS_ANNOTATION] = defaultClass;
    const spec = specForDefaults(obj);
    if (!spec) return;
    // config-br-defaults only carries a config for the cluster's default class; for the stock
    // MTChannelBasedBroker that is the knative-eventing/config-br-default-channel ConfigMap.
    if (!spec.config && annotations?.[BROKER_CLASS_ANNOTATION] === defaultClass && defaultClass === MT_CHANNEL_BASED) {
      spec.config = { apiVersion: 'v1', kind: 'ConfigMap', name: 'config-br-default-channel', namespace: 'knative-eventing' };
    }
    if (isObject(spec.config) && !spec.config.namespace && ns) spec.config.namespace = ns;
    if (!spec.delivery) spec.delivery = { retry: 10, backoffPolicy: 'exponential', backoffDelay: 'PT0.2S' };
    defaultDelivery(spec.delivery, ns);
  },
  validate(obj, ctx) {
    const cls = annotationsOf(obj)[BROKER_CLASS_ANNOTATION];
    if (typeof cls !== 'string' || cls === '') {
      ctx.error('B1', BROKER_CLASS_ANNOTATION, 'missing field(s)', { value: cls, allowed: `a broker class, e.g. ${ctx.settings.eventing.defaultBrokerClass}` });
    }
    const spec = isObject(obj.spec) ? obj.spec : {};
    if (isObject(spec.config)) {
      const sameNs = ctx.settings.eventing.disallowDifferentNamespaceConfig ? namespaceOf(obj) : undefined;
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
