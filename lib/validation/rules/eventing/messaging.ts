/**
 * Channel, InMemoryChannel and Subscription (messaging.knative.dev/v1).
 *
 * C1 channelTemplate (defaulted to the InMemoryChannel of default-ch-webhook) needs apiVersion
 * and kind; C2 users may not set spec.subscribers. IMC1 the eventing.knative.dev/scope annotation
 * is cluster or namespace; IMC2 every subscriber has subscriberUri or replyUri. SU1 channel is a
 * complete KReference without namespace (unless cross-namespace-event-links); SU2 subscriber is
 * required and a Destination; SU3 reply (E-D ids) and delivery (E-V ids) when set.
 * On update (when the previously deployed manifest is given): C3 the Channel spec except
 * subscribers is immutable (delivery too: upstream ignores only the SubscribableSpec); SU4 the
 * Subscription spec except subscriber and reply is immutable (channel and delivery: upstream
 * ignores only Subscriber and Reply). IMC3 (only the eventing-controller service account may
 * change InMemoryChannel subscribers) depends on the requesting user and is not checked.
 */
import { ClusterSettings } from '../../../core/cluster-settings';
import { KindRules, RuleContext } from '../../types';
import { annotationsOf, featureEnabled, isObject, namespaceOf, specForDefaults, str, withDetails } from './common';
import { defaultDelivery, reportDelivery } from './delivery';
import { defaultDestination, reportDestination, reportKReference } from './destination';
import { shortDiff } from '../diff';

/** The stock `default-ch-webhook` channel. */
export const DEFAULT_CHANNEL_TEMPLATE = { apiVersion: 'messaging.knative.dev/v1', kind: 'InMemoryChannel' } as const;

/** C1 / SQ3 / PA3: channelTemplate apiVersion and kind. */
export function reportChannelTemplate(rule: 'C1' | 'SQ3' | 'PA3', ctx: RuleContext, template: unknown): void {
  const missing = (field: string) => {
    if (rule === 'C1') ctx.error('C1', field, 'missing field(s)');
    else if (rule === 'SQ3') ctx.error('SQ3', field, 'missing field(s)');
    else ctx.error('PA3', field, 'missing field(s)');
  };
  if (!isObject(template)) return missing('spec.channelTemplate');
  if (!str(template.apiVersion)) missing('spec.channelTemplate.apiVersion');
  if (!str(template.kind)) missing('spec.channelTemplate.kind');
}

/** Defaulting shared by Channel, Sequence and Parallel: default-ch-webhook's template for the namespace. */
export function defaultChannelTemplate(spec: Record<string, any>, settings: ClusterSettings = ClusterSettings.STOCK, namespace = ''): void {
  if (spec.channelTemplate) return;
  const t = settings.channelTemplateFor(namespace);
  if (!t) return;
  spec.channelTemplate = { apiVersion: t.apiVersion, kind: t.kind };
  if (t.spec !== undefined) spec.channelTemplate.spec = JSON.parse(JSON.stringify(t.spec));
}

export const CHANNEL_RULES: KindRules = {
  group: 'messaging.knative.dev',
  kinds: ['Channel'],
  default(obj, settings) {
    const spec = specForDefaults(obj);
    if (!spec) return;
    defaultChannelTemplate(obj.spec, settings, namespaceOf(obj));
    defaultDelivery(spec.delivery, namespaceOf(obj));
  },
  validate(obj, ctx) {
    const spec = isObject(obj.spec) ? obj.spec : {};
    reportChannelTemplate('C1', ctx, spec.channelTemplate);
    if (Array.isArray(spec.subscribers) && spec.subscribers.length > 0) {
      ctx.error('C2', 'spec.subscribable.subscribers', 'must not set the field(s)', { allowed: 'Subscriptions instead of spec.subscribers' });
    }
    reportDelivery(ctx, spec.delivery, 'spec.delivery');
  },
  validateUpdate(previous, current, ctx) {
    const diff = shortDiff(previous.spec, current.spec, 'spec', ['subscribers']);
    if (diff) {
      ctx.error('C3', 'spec', withDetails('Immutable fields changed (-old +new)', diff), {
        allowed: 'only spec.subscribers may change; delete and re-create the Channel to change the rest',
      });
    }
  },
};

const SCOPE = 'eventing.knative.dev/scope';

export const IN_MEMORY_CHANNEL_RULES: KindRules = {
  group: 'messaging.knative.dev',
  kinds: ['InMemoryChannel'],
  validate(obj, ctx) {
    const spec = isObject(obj.spec) ? obj.spec : {};
    const subscribers = Array.isArray(spec.subscribers) ? spec.subscribers : [];
    subscribers.forEach((s: unknown, i: number) => {
      const sub = isObject(s) ? s : {};
      if (!str(sub.subscriberUri) && !str(sub.replyUri)) {
        const at = `spec.subscribable.subscriber[${i}]`;
        ctx.error('IMC2', `${at}.replyURI, ${at}.subscriberURI`, withDetails('missing field(s)', 'expected at least one of, got none'));
      }
    });
    // The in-memory-channel webhook does not check spec.delivery.
    const annotations = annotationsOf(obj);
    if (SCOPE in annotations && annotations[SCOPE] !== 'cluster' && annotations[SCOPE] !== 'namespace') {
      ctx.error('IMC1', `metadata.annotations[${SCOPE}]`, withDetails(`invalid value: ${annotations[SCOPE]}`, "expected either 'cluster' or 'namespace'"), {
        value: annotations[SCOPE], allowed: 'cluster, namespace',
      });
    }
  },
};

/** A Destination that is absent or has neither ref nor uri. */
const emptyDestination = (d: unknown) => !isObject(d) || Object.values(d).every((v) => v === undefined || v === null);

export const SUBSCRIPTION_RULES: KindRules = {
  group: 'messaging.knative.dev',
  kinds: ['Subscription'],
  default(obj) {
    const ns = namespaceOf(obj);
    const spec = specForDefaults(obj);
    if (!spec) return;
    defaultDestination(spec.subscriber, ns);
    defaultDestination(spec.reply, ns);
    defaultDelivery(spec.delivery, ns);
  },
  validate(obj, ctx) {
    const spec = isObject(obj.spec) ? obj.spec : {};
    const channel = isObject(spec.channel) ? spec.channel : undefined;
    if (!channel || Object.values(channel).every((v) => v === '' || v === undefined || v === null)) {
      ctx.error('SU1', 'spec.channel', withDetails('missing field(s)', 'the Subscription must reference a channel'));
    } else {
      reportKReference('SU1', ctx, channel, 'spec.channel');
      if (str(channel.namespace) && !featureEnabled(ctx, 'cross-namespace-event-links')) {
        ctx.error('SU1', 'spec.channel.namespace', withDetails('must not set the field(s)',
          'only name, apiVersion and kind are supported fields when feature.CrossNamespaceEventLinks is disabled'), { value: channel.namespace });
      }
    }
    if (emptyDestination(spec.subscriber)) {
      ctx.error('SU2', 'spec.subscriber', withDetails('missing field(s)', 'the Subscription must reference a subscriber'));
    } else {
      reportDestination(ctx, spec.subscriber, 'spec.subscriber');
    }
    if (!emptyDestination(spec.reply)) reportDestination(ctx, spec.reply, 'spec.reply');
    reportDelivery(ctx, spec.delivery, 'spec.delivery');
  },
  validateUpdate(previous, current, ctx) {
    const diff = shortDiff(previous.spec, current.spec, 'spec', ['subscriber', 'reply']);
    if (diff) {
      ctx.error('SU4', 'spec', withDetails('Immutable fields changed (-old +new)', diff), {
        allowed: 'only spec.subscriber and spec.reply may change; delete and re-create the Subscription to change the rest',
      });
    }
  },
};
