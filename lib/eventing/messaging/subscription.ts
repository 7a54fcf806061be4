import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { Resource } from '../../core/resource';
import type * as l1 from '../../../imports/messaging.knative.dev';
import { compact, createEventingObject } from '../base';
import { renderDelivery } from '../delivery';
import { bindSink, describeRef, renderDestination } from '../sink';
import type { IChannel, SubscriptionOptions } from './channel';
import { requireProp } from '../../core/report';

/** The generated L1 GVKs, written out so that rendering does not load the bindings. */
const SUBSCRIPTION_GVK: typeof l1.Subscription.GVK = { apiVersion: 'messaging.knative.dev/v1', kind: 'Subscription' };

/** Props of a Subscription. */
export interface SubscriptionProps extends SubscriptionOptions {
  /** The channel to subscribe to (`spec.channel`). Immutable after creation. */
  readonly channel: IChannel;
  /**
   * Allows the channel to live in another namespace. Needs the `cross-namespace-event-links`
   * Eventing feature.
   * @default false
   */
  readonly crossNamespace?: boolean;
}

/**
 * A Subscription (`messaging.knative.dev/v1`): delivers a channel's events to a subscriber and
 * its replies to `reply`.
 *
 * @example
 * new Subscription(chart, 'sub', { channel, subscriber: checksum, reply: notifier });
 */
export class Subscription extends Resource {
  public readonly apiObject: ApiObject;

  public constructor(scope: Construct, id: string, props: SubscriptionProps) {
    super(scope, id);
    requireProp('Subscription', props, 'channel', 'subscriber');
    const channel = props.channel;
    // A declared channel without a namespace lives in the subscription's namespace.
    const channelNs = () => (channel.external && channel.namespace === undefined ? this.namespace : channel.namespace);
    this.apiObject = createEventingObject(this, SUBSCRIPTION_GVK, props.metadata, () => compact({
      channel: compact({
        apiVersion: channel.reference.apiVersion,
        kind: channel.reference.kind,
        name: channel.name,
        namespace: channelNs() !== this.namespace ? channelNs() : undefined,
      }),
      subscriber,
      reply,
      delivery,
    }));
    const subscriber = renderDestination(bindSink(this, 'spec.subscriber', props.subscriber));
    const reply = props.reply ? renderDestination(bindSink(this, 'spec.reply', props.reply)) : undefined;
    const delivery = props.delivery ? renderDelivery(this, 'spec.delivery', props.delivery) : undefined;
    this.node.addValidation({
      validate: () => {
        if (!channel.external && channel.node.root !== this.node.root) {
          return [`spec.channel: ${describeRef(channel.reference, channel.namespace)} (construct ${channel.node.path}) is not defined in this app; use Channel.fromChannelName() for a channel deployed elsewhere`];
        }
        const explicit = props.crossNamespace || (channel.external && channel.namespace !== undefined);
        if (channelNs() !== this.namespace && !explicit) {
          return [`spec.channel: ${describeRef(channel.reference, channelNs())} is not in this Subscription's `
            + `${this.namespace ? `namespace "${this.namespace}"` : 'namespace'}; crossing namespaces must be explicit: pass { crossNamespace: true } (needs the cross-namespace-event-links feature)`];
        }
        return [];
      },
    });
  }
}
