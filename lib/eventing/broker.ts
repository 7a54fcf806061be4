import * as kplus from 'cdk8s-plus-27';
import { Construct, IConstruct } from 'constructs';
import { ApiObject, Chart } from 'cdk8s';
import { ClusterSettings } from '../core/cluster-settings';
import { Resource } from '../core/resource';
import { Destination, IAddressable, KReference } from '../core/sink';
import type * as l1 from '../../imports/eventing.knative.dev';
import { compact, createEventingObject, EventingResourceProps } from './base';
import { Delivery, renderDelivery } from './delivery';
import { Sink } from './sink';
import { Trigger, TriggerOptions } from './trigger';
import { deferProblem, reportDeferred } from './problems';
import { requireProp, showValue } from '../core/report';

/** The generated L1 GVKs, written out so that rendering does not load the bindings. */
const BROKER_GVK: typeof l1.Broker.GVK = { apiVersion: 'eventing.knative.dev/v1', kind: 'Broker' };

/** The annotation that selects the broker implementation. */
export const BROKER_CLASS_ANNOTATION = 'eventing.knative.dev/broker.class';

/**
 * A broker implementation, written to the `eventing.knative.dev/broker.class` annotation.
 *
 * @example
 * new Broker(chart, 'events', { brokerClass: BrokerClass.KAFKA, config: BrokerConfig.fromConfigMap('kafka-broker-config', 'knative-eventing') });
 */
export class BrokerClass {
  /** The multi-tenant, channel-based broker that ships with Knative Eventing. */
  public static readonly MT_CHANNEL_BASED = new BrokerClass('MTChannelBasedBroker');
  /** The Apache Kafka broker of eventing-kafka-broker (needs that extension installed). */
  public static readonly KAFKA = new BrokerClass('Kafka');
  /** The RabbitMQ broker of eventing-rabbitmq (needs that extension installed). */
  public static readonly RABBITMQ = new BrokerClass('RabbitMQBroker');

  /** Any other class, by the name its controller watches for. */
  public static of(name: string): BrokerClass {
    if (typeof name !== 'string') throw new TypeError(`BrokerClass.of: the name must be a string, got ${showValue(name)}`);
    const out = new BrokerClass(name);
    if (name.trim() === '') deferProblem(out, '', 'must not be empty: the webhook rejects an empty broker.class annotation', { value: name, allowed: 'the class name its controller watches for, e.g. "Kafka"' });
    return out;
  }

  private constructor(/** The annotation value. */ public readonly name: string) {}
}

/**
 * The configuration a broker class reads (`spec.config`), usually a ConfigMap: for the
 * channel-based broker, the channel template; for Kafka, topic and bootstrap settings.
 */
export class BrokerConfig {
  /** A ConfigMap of this app, or one by name (it may live in another namespace, e.g. knative-eventing). */
  public static fromConfigMap(configMap: kplus.IConfigMap | string, namespace?: string): BrokerConfig {
    const name = typeof configMap === 'string' ? configMap : configMap.name;
    const ns = namespace ?? (typeof configMap === 'string' ? undefined : (configMap as { metadata?: { namespace?: string } }).metadata?.namespace);
    return new BrokerConfig({ apiVersion: 'v1', kind: 'ConfigMap', name, ...(ns ? { namespace: ns } : {}) });
  }

  /** Any other configuration object (e.g. a RabbitmqBrokerConfig) by reference. */
  public static fromReference(ref: KReference): BrokerConfig {
    return new BrokerConfig(ref);
  }

  private constructor(/** The reference written to `spec.config`. */ public readonly reference: KReference) {}
}

/** A broker: one defined in this app, or one imported with `Broker.fromBrokerName`. */
export interface IBroker extends IAddressable {
  /** The broker's name. */
  readonly name: string;
  /** The broker's namespace. @default - none: the namespace it is applied to */
  readonly namespace?: string | undefined;
  /** @internal True when an external broker was declared with its namespace. */
  readonly _explicitNamespace?: boolean;
}

/** Options of `Broker.fromBrokerName`. */
export interface BrokerImportOptions {
  /**
   * The broker's namespace. Declaring one that differs from a consumer's is the explicit
   * request to cross namespaces (triggers then need the cross-namespace-event-links feature).
   * @default - the namespace of the consumer (written without a namespace)
   */
  readonly namespace?: string;
}

/** Props of a Broker. */
export interface BrokerProps extends EventingResourceProps {
  /**
   * The broker implementation (`eventing.knative.dev/broker.class` annotation). Constructor-only:
   * the webhook refuses to change the class of an existing broker, so changing it later means
   * deleting and recreating the broker (a new broker, with new triggers' state).
   * @default - the cluster's default class (ClusterSettings `eventing.defaultBrokerClass`,
   * MTChannelBasedBroker on a stock install), written explicitly
   */
  readonly brokerClass?: BrokerClass;
  /**
   * The configuration the class reads (`spec.config`). Immutable after creation.
   * @default - the cluster default (`knative-eventing/config-br-default-channel` for MTChannelBasedBroker)
   */
  readonly config?: BrokerConfig;
  /**
   * Delivery for every trigger of this broker (`spec.delivery`); a trigger's own delivery
   * overrides it. The only part of the spec that may change after creation.
   * @default - the cluster default (10 exponential retries from PT0.2S on a stock install)
   */
  readonly delivery?: Delivery;
}

/**
 * A Knative Broker (`eventing.knative.dev/v1`): an event mesh that sources send to and
 * triggers subscribe from.
 *
 * @example
 * const broker = new Broker(chart, 'default', { delivery: { retry: 3, deadLetterSink: dlq } });
 * broker.addTrigger('uploads', { subscriber: checksum, filters: [Filter.exact({ type: 'ch.cern.file.uploaded' })] });
 */
export class Broker extends Resource implements IBroker {
  /** A broker this app does not define (declared external), for triggers and sinks. */
  public static fromBrokerName(scope: Construct, id: string, name: string, options: BrokerImportOptions = {}): IBroker {
    if (typeof name !== 'string') throw new TypeError(`Broker.fromBrokerName: the broker's name must be a string, got ${showValue(name)}`);
    return new ImportedBroker(scope, id, name, options.namespace);
  }

  public readonly apiObject: ApiObject;
  /** The broker class, fixed at construction. */
  public readonly brokerClass: BrokerClass;
  private readonly delivery?: Record<string, unknown>;
  private readonly config?: KReference;

  public constructor(scope: Construct, id: string, props: BrokerProps = {}) {
    super(scope, id);
    requireProp('Broker', props);
    // The class the cluster would default, namespace defaults of config-br-defaults included.
    const settings = ClusterSettings.of(scope);
    const namespace = props.metadata?.namespace ?? Chart.of(scope).namespace;
    this.brokerClass = props.brokerClass ?? BrokerClass.of(settings.brokerClassFor(namespace) ?? settings.eventing.defaultBrokerClass);
    reportDeferred(this, 'brokerClass', this.brokerClass);
    this.config = props.config?.reference;
    this.apiObject = createEventingObject(this, BROKER_GVK, props.metadata, () => compact({
      config: this.config ? { ...this.config } : undefined,
      delivery: this.delivery,
    }));
    this.apiObject.metadata.addAnnotation(BROKER_CLASS_ANNOTATION, this.brokerClass.name);
    if (props.delivery) this.delivery = renderDelivery(this, 'spec.delivery', props.delivery);
  }

  /** Addresses this broker from `consumer`. */
  public toDestination(consumer: IConstruct, field?: string): Destination {
    return Sink.fromAddressable(this).toDestination(consumer, field);
  }

  /** Adds a Trigger on this broker, as a child construct in the broker's namespace. */
  public addTrigger(id: string, options: TriggerOptions): Trigger {
    requireProp('Trigger', options, 'subscriber');
    return new Trigger(this, id, {
      ...options,
      broker: this,
      metadata: { ...options.metadata, namespace: options.metadata?.namespace ?? this.namespace },
    });
  }
}

class ImportedBroker extends Construct implements IBroker {
  public readonly external = true;
  public readonly _explicitNamespace: boolean;
  public readonly namespace?: string;

  public constructor(scope: Construct, id: string, public readonly name: string, namespace?: string) {
    super(scope, id);
    this._explicitNamespace = namespace !== undefined;
    this.namespace = namespace ?? Chart.of(scope).namespace;
  }

  public get reference(): KReference {
    // Without a declared namespace the broker is "the consumer's namespace", so none is written.
    return { ...BROKER_GVK, name: this.name, ...(this._explicitNamespace && this.namespace ? { namespace: this.namespace } : {}) };
  }

  public toDestination(consumer: IConstruct, field?: string): Destination {
    return Sink.fromBroker(this.name, { external: true, namespace: this._explicitNamespace ? this.namespace : undefined })
      .toDestination(consumer, field);
  }
}
