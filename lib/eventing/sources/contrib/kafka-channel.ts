import { ApiObject, Duration } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import type * as l1 from '../../../../imports/messaging.knative.dev';
import { checkedSeconds } from '../../../core/duration';
import { reportError } from '../../../core/report';
import { Resource } from '../../../core/resource';
import { Destination } from '../../../core/sink';
import { compact, createEventingObject, EventingResourceProps } from '../../base';
import { Delivery, renderDelivery } from '../../delivery';
import { IChannel, SubscriptionOptions } from '../../messaging/channel';
import { Subscription } from '../../messaging/subscription';
import { Sink } from '../../sink';
import { reportedInteger } from './reported';

/** The generated L1 GVKs, written out so that rendering does not load the bindings. */
const KAFKA_CHANNEL_GVK: typeof l1.KafkaChannel.GVK = { apiVersion: 'messaging.knative.dev/v1beta1', kind: 'KafkaChannel' };

/** Properties of a {@link KafkaChannel}. */
export interface KafkaChannelProps extends EventingResourceProps {
  /**
   * Partitions of the channel's Kafka topic (`spec.numPartitions`), 1 to 2^31-1. More
   * partitions let the dispatcher deliver in parallel. Immutable once created.
   * @default 1 - upstream's default
   */
  readonly numPartitions?: number;

  /**
   * Replication factor of the topic (`spec.replicationFactor`), 1 to 32767 and at most the
   * number of Kafka brokers. With 1, losing one broker loses the channel's events. Immutable.
   * @default 1 - upstream's default (use 3 on a production Kafka cluster)
   */
  readonly replicationFactor?: number;

  /**
   * How long the topic keeps events (`spec.retentionDuration`, the topic's `retention.ms`): whole
   * seconds, at most 3276 days (the largest number of days Knative's ISO-8601 parser holds
   * exactly). Immutable.
   * @default - 7 days (upstream writes PT168H)
   */
  readonly retention?: Duration;

  /**
   * Delivery to the subscribers (`spec.delivery`), unless a Subscription sets its own. The
   * KafkaChannel webhook does not validate it; the Kafka dispatcher applies it.
   * @default - no retries, no dead-letter sink
   */
  readonly delivery?: Delivery;
}

const MAX_DAYS = 3276;

/** `P<d>DT<h>H<m>M<s>S` with zero parts left out: exact for rickb777/date, which Knative uses. */
function isoDays(seconds: number): string {
  const d = Math.floor(seconds / 86400);
  const h = Math.floor((seconds % 86400) / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  const time = `${h ? `${h}H` : ''}${m ? `${m}M` : ''}${s ? `${s}S` : ''}`;
  if (!d && !time) return 'PT0S';
  return `P${d ? `${d}D` : ''}${time ? `T${time}` : ''}`;
}

/**
 * A channel backed by an Apache Kafka topic (`messaging.knative.dev/v1beta1` KafkaChannel, from
 * knative-extensions/eventing-kafka-broker): events survive restarts and are kept for
 * `retention`. The stored version is v1beta1, so this writes v1beta1 and does not depend on the
 * conversion webhook. Subscribe to it like to any Channel; a generic Channel, Sequence or
 * Parallel can create KafkaChannels through `ChannelTemplate.of('messaging.knative.dev/v1beta1',
 * 'KafkaChannel', spec)` instead.
 *
 * @example
 * const uploads = new KafkaChannel(chart, 'Uploads', { numPartitions: 6, replicationFactor: 3, retention: Duration.days(3) });
 * uploads.subscribe('checksum', { subscriber: checksum, reply: notifier });
 */
export class KafkaChannel extends Resource implements IChannel {
  public readonly apiObject: ApiObject;

  public constructor(scope: Construct, id: string, props: KafkaChannelProps = {}) {
    super(scope, id);
    const numPartitions = reportedInteger(this, 'numPartitions', props.numPartitions, 1, 2 ** 31 - 1);
    const replicationFactor = reportedInteger(this, 'replicationFactor', props.replicationFactor, 1, 32767);
    let retentionDuration: string | undefined;
    if (props.retention !== undefined) {
      const seconds = checkedSeconds(this, 'retention', props.retention);
      if (seconds !== undefined && seconds > MAX_DAYS * 86400) {
        reportError(this, 'retention', `must be at most ${MAX_DAYS} days: Knative reads longer periods in approximate months`, {
          value: props.retention.toHumanString(), allowed: `Duration.days(1..${MAX_DAYS})`,
        });
      } else if (seconds !== undefined) {
        retentionDuration = isoDays(seconds);
      }
    }
    this.apiObject = createEventingObject(this, KAFKA_CHANNEL_GVK, props.metadata, () => compact({
      numPartitions,
      replicationFactor,
      retentionDuration,
      delivery,
    }));
    const delivery = props.delivery ? renderDelivery(this, 'spec.delivery', props.delivery) : undefined;
  }

  /** Addresses this channel from `consumer` (a `ref` to the KafkaChannel). */
  public toDestination(consumer: IConstruct, field?: string): Destination {
    return Sink.fromAddressable(this).toDestination(consumer, field);
  }

  /** Subscribes `options.subscriber` to this channel with a new Subscription (a child construct). */
  public subscribe(id: string, options: SubscriptionOptions): Subscription {
    return new Subscription(this, id, {
      ...options,
      channel: this,
      metadata: { ...options.metadata, namespace: options.metadata?.namespace ?? this.namespace },
    });
  }
}
