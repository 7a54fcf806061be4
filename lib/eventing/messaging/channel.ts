import { ApiObject } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { Resource } from '../../core/resource';
import { Destination, IAddressable, ISink, KReference } from '../../core/sink';
import type * as l1 from '../../../imports/messaging.knative.dev';
import { compact, createEventingObject, EventingResourceProps } from '../base';
import { Delivery, renderDelivery } from '../delivery';
import { Sink } from '../sink';
import { Subscription } from './subscription';
import { deferProblem, reportDeferred } from '../problems';
import { requireProp, showValue } from '../../core/report';

/** The generated L1 GVKs, written out so that rendering does not load the bindings. */
const CHANNEL_GVK: typeof l1.Channel.GVK = { apiVersion: 'messaging.knative.dev/v1', kind: 'Channel' };
const IN_MEMORY_CHANNEL_GVK: typeof l1.InMemoryChannel.GVK = { apiVersion: 'messaging.knative.dev/v1', kind: 'InMemoryChannel' };

/** The first thing in `value` JSON cannot represent faithfully, or undefined. */
function jsonValueProblem(value: unknown, at = 'spec', seen = new Set<object>()): string | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? undefined : `${at}: ${String(value)} has no JSON form`;
  if (typeof value === 'bigint' || typeof value === 'function' || typeof value === 'symbol') return `${at}: a ${typeof value} has no JSON form`;
  if (typeof value !== 'object' || value === null) return undefined;
  if (seen.has(value)) return `${at}: a cycle (the value contains itself)`;
  seen.add(value);
  const entries = Array.isArray(value) ? value.map((v, i) => [`[${i}]`, v] as const) : Object.entries(value).map(([k, v]) => [`.${k}`, v] as const);
  for (const [k, v] of entries) {
    if (Array.isArray(value) && v === undefined) return `${at}${k}: undefined in an array has no JSON form`;
    const p = jsonValueProblem(v, `${at}${k}`, seen);
    if (p) return p;
  }
  seen.delete(value);
  return undefined;
}

/**
 * The channel implementation behind a Channel, Sequence or Parallel (`channelTemplate`).
 *
 * @example
 * ChannelTemplate.IN_MEMORY
 * ChannelTemplate.of('messaging.knative.dev/v1beta1', 'KafkaChannel', { numPartitions: 3, replicationFactor: 1 })
 */
export class ChannelTemplate {
  /** The InMemoryChannel of Knative Eventing: no persistence, for development and tests. */
  public static readonly IN_MEMORY = new ChannelTemplate('messaging.knative.dev/v1', 'InMemoryChannel');

  /** Any channel CRD, with the spec its instances get. */
  public static of(apiVersion: string, kind: string, spec?: Record<string, unknown>): ChannelTemplate {
    if (typeof apiVersion !== 'string' || typeof kind !== 'string') {
      throw new TypeError(`ChannelTemplate.of: 'apiVersion' and 'kind' must be strings, got ${showValue(apiVersion)} and ${showValue(kind)}`);
    }
    const out = new ChannelTemplate(apiVersion, kind, spec);
    if (!apiVersion.trim()) deferProblem(out, 'apiVersion', 'must not be empty', { value: apiVersion, allowed: "a channel CRD's apiVersion, e.g. 'messaging.knative.dev/v1beta1'" });
    if (!kind.trim()) deferProblem(out, 'kind', 'must not be empty', { value: kind, allowed: "a channel CRD's kind, e.g. 'KafkaChannel'" });
    if (spec !== undefined) {
      const bad = jsonValueProblem(spec);
      if (bad) deferProblem(out, 'spec', bad, { allowed: 'values JSON can represent' });
    }
    return out;
  }

  private constructor(
    /** The channel's apiVersion. */ public readonly apiVersion: string,
    /** The channel's kind. */ public readonly kind: string,
    /** The spec of the created channels. */ public readonly spec?: Record<string, unknown>,
  ) {}

  /** The template as written in `spec.channelTemplate`. */
  public toJson(): Record<string, unknown> {
    return compact({ apiVersion: this.apiVersion, kind: this.kind, spec: this.spec ? structuredClone(this.spec) : undefined })!;
  }
}

/** A channel a Subscription can subscribe to: Channel, InMemoryChannel or an imported one. */
export interface IChannel extends IAddressable {
  /** The channel's name. */
  readonly name: string;
  /** The channel's namespace. @default - none: the namespace it is applied to */
  readonly namespace?: string | undefined;
}

/** Options of `Channel.fromChannelName`. */
export interface ChannelImportOptions {
  /**
   * The channel's namespace; declaring one that differs from a consumer's is the explicit
   * request to cross namespaces.
   * @default - the namespace of the consumer
   */
  readonly namespace?: string;
  /** The channel's apiVersion. @default 'messaging.knative.dev/v1' */
  readonly apiVersion?: string;
  /** The channel's kind. @default 'Channel' */
  readonly kind?: string;
}

/** What a subscription to a channel takes besides the channel. */
export interface SubscriptionOptions extends EventingResourceProps {
  /** Where the channel's events go (`spec.subscriber`). */
  readonly subscriber: ISink;
  /**
   * Where the subscriber's replies go (`spec.reply`).
   * @default - replies are dropped
   */
  readonly reply?: ISink;
  /**
   * Delivery to the subscriber (`spec.delivery`).
   * @default - the channel's delivery
   */
  readonly delivery?: Delivery;
}

/** Props of a Channel and an InMemoryChannel. */
export interface ChannelProps extends EventingResourceProps {
  /**
   * Delivery to the subscribers (`spec.delivery`), unless a subscription sets its own.
   * @default - no retries, no dead-letter sink
   */
  readonly delivery?: Delivery;
}

/** Props of a Channel. */
export interface GenericChannelProps extends ChannelProps {
  /**
   * The implementation the Channel creates (`spec.channelTemplate`). Immutable after creation.
   * @default - the cluster default from `default-ch-webhook` (InMemoryChannel on a stock install)
   */
  readonly channelTemplate?: ChannelTemplate;
}

abstract class ChannelBase extends Resource implements IChannel {
  /** Addresses this channel from `consumer`. */
  public toDestination(consumer: IConstruct, field?: string): Destination {
    return Sink.fromAddressable(this).toDestination(consumer, field);
  }

  /** Subscribes `options.subscriber` to this channel with a new Subscription (a child construct). */
  public subscribe(id: string, options: SubscriptionOptions): Subscription {
    requireProp('Subscription', options, 'subscriber');
    return new Subscription(this, id, {
      ...options,
      channel: this,
      metadata: { ...options.metadata, namespace: options.metadata?.namespace ?? this.namespace },
    });
  }
}

/**
 * A Channel (`messaging.knative.dev/v1`): a durable-or-not event forwarder whose
 * implementation is chosen by `channelTemplate`.
 *
 * @example
 * const channel = new Channel(chart, 'uploads');
 * channel.subscribe('checksum', { subscriber: checksum, reply: notifier });
 */
export class Channel extends ChannelBase {
  /**
   * A channel this app does not define (declared external), to subscribe to or send to.
   * `kind` defaults to the generic Channel; pass e.g. `InMemoryChannel` or `KafkaChannel`.
   */
  public static fromChannelName(scope: Construct, id: string, name: string, options: ChannelImportOptions = {}): IChannel {
    if (typeof name !== 'string') throw new TypeError(`Channel.fromChannelName: the channel's name must be a string, got ${showValue(name)}`);
    return new ImportedChannel(scope, id, {
      apiVersion: options.apiVersion ?? CHANNEL_GVK.apiVersion,
      kind: options.kind ?? CHANNEL_GVK.kind,
      name,
      ...(options.namespace ? { namespace: options.namespace } : {}),
    });
  }

  public readonly apiObject: ApiObject;

  public constructor(scope: Construct, id: string, props: GenericChannelProps = {}) {
    super(scope, id);
    requireProp('Channel', props);
    reportDeferred(this, 'channelTemplate', props.channelTemplate);
    this.apiObject = createEventingObject(this, CHANNEL_GVK, props.metadata, () => compact({
      channelTemplate: props.channelTemplate?.toJson(),
      delivery,
    }));
    const delivery = props.delivery ? renderDelivery(this, 'spec.delivery', props.delivery) : undefined;
  }
}

/**
 * An InMemoryChannel (`messaging.knative.dev/v1`): the in-memory implementation directly, without
 * the Channel indirection. Events are lost when its dispatcher restarts.
 */
export class InMemoryChannel extends ChannelBase {
  public readonly apiObject: ApiObject;

  public constructor(scope: Construct, id: string, props: ChannelProps = {}) {
    super(scope, id);
    requireProp('InMemoryChannel', props);
    this.apiObject = createEventingObject(this, IN_MEMORY_CHANNEL_GVK, props.metadata, () => compact({ delivery }));
    const delivery = props.delivery ? renderDelivery(this, 'spec.delivery', props.delivery) : undefined;
  }
}

class ImportedChannel extends Construct implements IChannel {
  public readonly external = true;
  public readonly name: string;
  public readonly namespace?: string;

  public constructor(scope: Construct, id: string, public readonly reference: KReference) {
    super(scope, id);
    this.name = reference.name;
    this.namespace = reference.namespace;
  }

  public toDestination(consumer: IConstruct, field?: string): Destination {
    return Sink.fromReference(this.reference, { external: true }).toDestination(consumer, field);
  }
}
