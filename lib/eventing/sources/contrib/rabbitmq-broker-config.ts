import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import type * as l1 from '../../../../imports/eventing.knative.dev';
import { requireProp } from '../../../core/report';
import { Resource } from '../../../core/resource';
import { BrokerClass, BrokerConfig } from '../../broker';
import { compact, createEventingObject, EventingResourceProps } from '../../base';
import { RabbitmqConnection } from './rabbitmq-source';
import { reportedNonBlank, reportedSecretNamespace } from './reported';

/** The generated L1 GVKs, written out so that rendering does not load the bindings. */
const RABBITMQ_BROKER_CONFIG_GVK: typeof l1.RabbitmqBrokerConfig.GVK = { apiVersion: 'eventing.knative.dev/v1alpha1', kind: 'RabbitmqBrokerConfig' };

/** The kind of RabbitMQ queues a RabbitMQ broker declares for itself and its triggers. */
export enum RabbitmqQueueType {
  /** Replicated, durable Raft-based queues: survive the loss of a RabbitMQ node. */
  QUORUM = 'quorum',
  /** Classic single-node queues: lighter, lost with their node unless mirrored by policy. */
  CLASSIC = 'classic',
}

/** The Broker settings that select the RabbitMQ broker and this configuration. */
export interface RabbitmqBrokerSettings {
  /** `RabbitMQBroker`, for `eventing.knative.dev/broker.class`. */
  readonly brokerClass: BrokerClass;
  /** This RabbitmqBrokerConfig, for `spec.config`. */
  readonly config: BrokerConfig;
}

/** Properties of a {@link RabbitmqBrokerConfig}. */
export interface RabbitmqBrokerConfigProps extends EventingResourceProps {
  /**
   * The RabbitMQ server the Brokers use (`spec.rabbitmqClusterReference`): a RabbitmqCluster of
   * the RabbitMQ cluster operator, or any RabbitMQ through a connection Secret in this object's
   * namespace (keys `uri`, `username`, `password`, optionally `port`).
   */
  readonly connection: RabbitmqConnection;

  /**
   * The queue type of the Broker's and its Triggers' queues (`spec.queueType`).
   * @default RabbitmqQueueType.QUORUM - the CRD's default
   */
  readonly queueType?: RabbitmqQueueType;

  /**
   * The RabbitMQ virtual host the Broker's exchanges and queues are created in (`spec.vhost`).
   * @default - the connection's default vhost (`/`)
   */
  readonly vhost?: string;
}

/**
 * How Brokers of class `RabbitMQBroker` (knative-extensions/eventing-rabbitmq) reach RabbitMQ
 * (`eventing.knative.dev/v1alpha1` RabbitmqBrokerConfig). A Broker refers to it in `spec.config`;
 * `brokerSettings()` gives both settings to spread into BrokerProps. Its spec is immutable: the
 * webhook refuses changes, so a new connection means a new config (and new Brokers).
 *
 * @example
 * const rabbit = new RabbitmqBrokerConfig(chart, 'Rabbit', {
 *   connection: RabbitmqConnection.fromClusterName('rabbitmq', 'rabbitmq-system'),
 * });
 * const broker = new Broker(chart, 'Default', { ...rabbit.brokerSettings() });
 */
export class RabbitmqBrokerConfig extends Resource {
  public readonly apiObject: ApiObject;

  public constructor(scope: Construct, id: string, props: RabbitmqBrokerConfigProps) {
    super(scope, id);
    requireProp('RabbitmqBrokerConfig', props, 'connection');
    if (!(props.connection instanceof RabbitmqConnection)) {
      throw new TypeError("RabbitmqBrokerConfig: 'connection' must be a RabbitmqConnection (RabbitmqConnection.fromClusterName or fromConnectionSecret)");
    }
    if (props.vhost !== undefined) reportedNonBlank(this, 'vhost', props.vhost, 'a vhost name such as /, or leave vhost out');
    this.apiObject = createEventingObject(this, RABBITMQ_BROKER_CONFIG_GVK, props.metadata, () => compact({
      rabbitmqClusterReference: { ...props.connection._json },
      queueType: props.queueType ?? RabbitmqQueueType.QUORUM,
      vhost: props.vhost,
    }));
    if (props.connection._secret) reportedSecretNamespace(this, this.apiObject, 'connection', props.connection._secret);
  }

  /**
   * The `brokerClass` and `config` of a Broker that uses this configuration, to spread into
   * BrokerProps. The Broker must be in this config's namespace unless the cluster allows
   * configs from other namespaces.
   */
  public brokerSettings(): RabbitmqBrokerSettings {
    return {
      brokerClass: BrokerClass.RABBITMQ,
      config: BrokerConfig.fromReference({
        apiVersion: this.apiObject.apiVersion,
        kind: this.apiObject.kind,
        name: this.name,
        ...(this.namespace ? { namespace: this.namespace } : {}),
      }),
    };
  }
}
