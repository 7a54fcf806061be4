import { ApiObject } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct, IConstruct } from 'constructs';
import type * as l1 from '../../../../imports/eventing.knative.dev';
import { reportError, requireProp } from '../../../core/report';
import { Resource } from '../../../core/resource';
import { Destination, IAddressable } from '../../../core/sink';
import { compact, createEventingObject, EventingResourceProps } from '../../base';
import { Sink } from '../../sink';
import { checkSecretNamespace, requireIntegerIn, requireNonEmptyList } from './common';

/** The generated L1 GVKs, written out so that rendering does not load the bindings. */
const KAFKA_SINK_GVK: typeof l1.KafkaSink.GVK = { apiVersion: 'eventing.knative.dev/v1alpha1', kind: 'KafkaSink' };

/**
 * How CloudEvents are written into Kafka records (the CloudEvents Kafka protocol binding).
 */
export enum KafkaContentMode {
  /** Attributes as record headers (`ce_type`, ...), data as the record value. */
  BINARY = 'binary',
  /** The whole event, attributes and data, as a JSON record value. */
  STRUCTURED = 'structured',
}

/** Properties of a {@link KafkaSink}. */
export interface KafkaSinkProps extends EventingResourceProps {
  /** The topic events are written to (`spec.topic`). Immutable once created. */
  readonly topic: string;

  /** The Kafka brokers to connect to (`spec.bootstrapServers`), as `host:port`; at least one. */
  readonly bootstrapServers: readonly string[];

  /**
   * How events are written into records (`spec.contentMode`).
   * @default KafkaContentMode.BINARY
   */
  readonly contentMode?: KafkaContentMode;

  /**
   * Partitions of the topic, when the sink should create it (`spec.numPartitions`). Immutable.
   * @default - the topic is not created: it must already exist
   */
  readonly numPartitions?: number;

  /**
   * Replication factor of the topic, when the sink should create it (`spec.replicationFactor`);
   * at most the number of Kafka brokers. Immutable.
   * @default - the topic is not created: it must already exist
   */
  readonly replicationFactor?: number;

  /**
   * The Secret with the connection security settings (`spec.auth.secret.ref.name`), in the
   * sink's namespace. Its keys follow eventing-kafka-broker's convention: `protocol`
   * (`PLAINTEXT`, `SSL`, `SASL_PLAINTEXT` or `SASL_SSL`), and as needed `sasl.mechanism`, `user`,
   * `password`, `ca.crt`, `user.crt`, `user.key`.
   * @default - plaintext, unauthenticated connections
   */
  readonly authSecret?: kplus.ISecret;
}

/**
 * An addressable endpoint that writes the CloudEvents it receives to a Kafka topic
 * (`eventing.knative.dev/v1alpha1` KafkaSink, from knative-extensions/eventing-kafka-broker).
 * Pass it wherever an ISink is expected: Trigger subscribers, source sinks, dead-letter sinks.
 *
 * @example
 * const archive = new KafkaSink(this, 'Archive', {
 *   topic: 'audit-events',
 *   bootstrapServers: ['my-cluster-kafka-bootstrap.kafka:9092'],
 * });
 * broker.addTrigger('archive', { subscriber: archive });
 */
export class KafkaSink extends Resource implements IAddressable {
  public readonly apiObject: ApiObject;

  /** The topic events are written to. */
  public readonly topic: string;

  public constructor(scope: Construct, id: string, props: KafkaSinkProps) {
    super(scope, id);
    requireProp('KafkaSink', props, 'topic', 'bootstrapServers');
    if (!props.topic.trim()) reportError(this, 'topic', 'must not be empty', { value: props.topic, allowed: 'a Kafka topic name' });
    requireNonEmptyList(this, 'bootstrapServers', props.bootstrapServers);
    requireIntegerIn(this, 'numPartitions', props.numPartitions, 1, 2 ** 31 - 1);
    requireIntegerIn(this, 'replicationFactor', props.replicationFactor, 1, 2 ** 31 - 1);
    this.topic = props.topic;

    this.apiObject = createEventingObject(this, KAFKA_SINK_GVK, props.metadata, () => compact({
      topic: this.topic,
      bootstrapServers: [...props.bootstrapServers],
      contentMode: props.contentMode ?? KafkaContentMode.BINARY,
      numPartitions: props.numPartitions,
      replicationFactor: props.replicationFactor,
      auth: props.authSecret ? { secret: { ref: { name: props.authSecret.name } } } : undefined,
    }));
    if (props.authSecret) checkSecretNamespace(this, this.apiObject, 'authSecret', props.authSecret);
  }

  /** Addresses this sink from `consumer` (a `ref` to the KafkaSink). */
  public toDestination(consumer: IConstruct, field?: string): Destination {
    return Sink.fromAddressable(this).toDestination(consumer, field);
  }
}
