import { ApiObject } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct, IConstruct } from 'constructs';
import type * as l1 from '../../../../imports/sources.knative.dev';
import { reportError, requireProp } from '../../../core/report';
import { Resource } from '../../../core/resource';
import { Destination, ISink } from '../../../core/sink';
import { checkCeOverrides, compact, createEventingObject, EventingResourceProps, renderCeOverrides } from '../../base';
import { Delivery, renderDelivery } from '../../delivery';
import { bindSink, renderDestination } from '../../sink';
import { CloudEventExtensions, requireIntegerIn, requireNonEmptyList, secretKeySelector } from './common';

/** The generated L1 GVKs, written out so that rendering does not load the bindings. */
const KAFKA_SOURCE_GVK: typeof l1.KafkaSource.GVK = { apiVersion: 'sources.knative.dev/v1beta1', kind: 'KafkaSource' };

/** Where a new consumer group starts reading a partition that has no committed offset. */
export enum KafkaOffset {
  /** The oldest message still retained. */
  EARLIEST = 'earliest',
  /** Only messages written after the consumer group starts. */
  LATEST = 'latest',
}

/** How a KafkaSource dispatches the records of one partition. */
export enum KafkaDeliveryOrdering {
  /** One record at a time per partition, in order: the next waits for the sink's answer. */
  ORDERED = 'ordered',
  /** Records of a partition are sent concurrently; faster, with no ordering guarantee. */
  UNORDERED = 'unordered',
}

/**
 * TLS to the Kafka brokers (`spec.net.tls`). Giving this object turns TLS on; each certificate is
 * a key of a Secret in the source's namespace, never a value.
 */
export interface KafkaTls {
  /**
   * The CA certificate (PEM) that signed the brokers' certificates (`caCert.secretKeyRef`).
   * @default - the system trust store
   */
  readonly caCert?: kplus.SecretValue;
  /**
   * The client certificate (PEM) for mutual TLS (`cert.secretKeyRef`); needs `key`.
   * @default - no client certificate
   */
  readonly cert?: kplus.SecretValue;
  /**
   * The client certificate's private key (PEM) for mutual TLS (`key.secretKeyRef`); needs `cert`.
   * @default - no client certificate
   */
  readonly key?: kplus.SecretValue;
}

/**
 * SASL authentication to the Kafka brokers (`spec.net.sasl`). Giving this object turns SASL on;
 * credentials are keys of a Secret in the source's namespace, never values.
 */
export interface KafkaSasl {
  /** The SASL user name (`user.secretKeyRef`). */
  readonly user: kplus.SecretValue;
  /** The SASL password (`password.secretKeyRef`). */
  readonly password: kplus.SecretValue;
  /**
   * The SASL mechanism (`type.secretKeyRef`): a Secret key whose value is `PLAIN`,
   * `SCRAM-SHA-256` or `SCRAM-SHA-512`. Upstream reads the mechanism from a Secret too.
   * @default - PLAIN
   */
  readonly mechanism?: kplus.SecretValue;
}

/** Properties of a {@link KafkaSource}. */
export interface KafkaSourceProps extends EventingResourceProps {
  /**
   * The Kafka brokers to connect to (`spec.bootstrapServers`), as `host:port`; at least one.
   */
  readonly bootstrapServers: readonly string[];

  /** The topics to consume (`spec.topics`); at least one. */
  readonly topics: readonly string[];

  /**
   * The consumer group ID (`spec.consumerGroup`). Immutable once created: the webhook refuses to
   * change it.
   * @default - `knative-kafka-source-<namespace>-<name>` (or `knative-kafka-source-<name>` without a
   * namespace). Upstream would pick a random UUID at admission; a stable name lets a re-created
   * source resume from its committed offsets and keeps the output deterministic.
   */
  readonly consumerGroup?: string;

  /**
   * How many consumers run in the consumer group (`spec.consumers`), at least 1. More consumers
   * than partitions leaves the extra ones idle.
   * @default 1
   */
  readonly consumers?: number;

  /**
   * Where a new consumer group starts (`spec.initialOffset`).
   * @default KafkaOffset.LATEST
   */
  readonly initialOffset?: KafkaOffset;

  /**
   * How records of one partition are dispatched (`spec.ordering`).
   * @default KafkaDeliveryOrdering.ORDERED
   */
  readonly ordering?: KafkaDeliveryOrdering;

  /**
   * TLS to the brokers (`spec.net.tls`); giving it enables TLS.
   * @default - plaintext connections
   */
  readonly tls?: KafkaTls;

  /**
   * SASL authentication (`spec.net.sasl`); giving it enables SASL.
   * @default - no authentication
   */
  readonly sasl?: KafkaSasl;

  /** Where the records go, one CloudEvent per record (`spec.sink`). */
  readonly sink: ISink;

  /**
   * Retries and dead-lettering when the sink refuses an event (`spec.delivery`). The KafkaSource
   * CRD has no `format`, so leave it out.
   * @default - the Kafka data plane's defaults (no retries, no dead-letter sink)
   */
  readonly delivery?: Delivery;

  /**
   * CloudEvent extension attributes added to every event (`spec.ceOverrides.extensions`).
   * @default - none
   */
  readonly ceOverrides?: CloudEventExtensions;
}

/**
 * Apache Kafka topics as an event source (`sources.knative.dev/v1beta1` KafkaSource, from
 * knative-extensions/eventing-kafka-broker): each record becomes a CloudEvent of type
 * `dev.knative.kafka.event` sent to the sink. The stored version is v1beta1, so this writes
 * v1beta1 and does not depend on the conversion webhook.
 *
 * @example
 * const creds = kplus.Secret.fromSecretName(this, 'Creds', 'kafka-user');
 * new KafkaSource(this, 'Uploads', {
 *   bootstrapServers: ['my-cluster-kafka-bootstrap.kafka:9093'],
 *   topics: ['uploads'],
 *   tls: { caCert: { secret: creds, key: 'ca.crt' } },
 *   sasl: { user: { secret: creds, key: 'user' }, password: { secret: creds, key: 'password' } },
 *   sink: checksumService,
 * });
 */
export class KafkaSource extends Resource {
  /** The CloudEvent `type` of the events a KafkaSource makes from records (unless a record is itself a CloudEvent). */
  public static readonly CLOUD_EVENT_TYPE = 'dev.knative.kafka.event';

  public readonly apiObject: ApiObject;

  /** The consumer group ID written to the spec. */
  public readonly consumerGroup: string;

  private readonly topics: string[];
  private readonly sink: Destination;
  private readonly net?: Record<string, unknown>;
  private readonly delivery?: Record<string, unknown>;

  public constructor(scope: Construct, id: string, props: KafkaSourceProps) {
    super(scope, id);
    requireProp('KafkaSource', props, 'bootstrapServers', 'topics', 'sink');
    requireNonEmptyList(this, 'bootstrapServers', props.bootstrapServers);
    requireNonEmptyList(this, 'topics', props.topics);
    requireIntegerIn(this, 'consumers', props.consumers, 1);
    checkCeOverrides(this, props.ceOverrides);
    if (props.consumerGroup !== undefined && props.consumerGroup.trim() === '') {
      reportError(this, 'consumerGroup', 'must not be empty; leave it out for the default', { value: props.consumerGroup, allowed: 'a non-empty consumer group ID, or none' });
    }
    this.topics = [...props.topics];

    this.apiObject = createEventingObject(this, KAFKA_SOURCE_GVK, props.metadata, () => compact({
      bootstrapServers: [...props.bootstrapServers],
      topics: [...this.topics],
      consumerGroup: this.consumerGroup,
      consumers: props.consumers ?? 1,
      initialOffset: props.initialOffset ?? KafkaOffset.LATEST,
      ordering: props.ordering ?? KafkaDeliveryOrdering.ORDERED,
      net: this.net,
      sink: renderDestination(this.sink),
      delivery: this.delivery,
      ceOverrides: props.ceOverrides ? renderCeOverrides({ ...props.ceOverrides }) : undefined,
    }));
    const ns = this.apiObject.metadata.namespace;
    this.consumerGroup = props.consumerGroup ?? `knative-kafka-source-${ns ? `${ns}-` : ''}${this.apiObject.name}`;
    this.net = renderNet(this, this.apiObject, props.tls, props.sasl);
    this.sink = bindSink(this, 'spec.sink', props.sink);
    if (props.delivery) this.delivery = renderDelivery(this, 'spec.delivery', props.delivery);
  }

  /** Consumes one more topic. */
  public addTopic(topic: string): void {
    if (!topic.trim()) reportError(this, 'topics', 'must not hold an empty topic', { value: topic, allowed: 'a non-empty topic name' });
    if (!this.topics.includes(topic)) this.topics.push(topic);
  }
}

function renderNet(scope: IConstruct, owner: ApiObject, tls: KafkaTls | undefined, sasl: KafkaSasl | undefined): Record<string, unknown> | undefined {
  if (!tls && !sasl) return undefined;
  const ref = (prop: string, v: kplus.SecretValue | undefined) => (v ? { secretKeyRef: secretKeySelector(scope, owner, prop, v) } : undefined);
  const net: Record<string, unknown> = {};
  if (tls) {
    if ((tls.cert === undefined) !== (tls.key === undefined)) {
      reportError(scope, tls.cert ? 'tls.key' : 'tls.cert', `'tls.cert' and 'tls.key' go together for mutual TLS (got only '${tls.cert ? 'tls.cert' : 'tls.key'}')`, { allowed: 'both tls.cert and tls.key, or neither' });
    }
    net.tls = compact({ enable: true, caCert: ref('tls.caCert', tls.caCert), cert: ref('tls.cert', tls.cert), key: ref('tls.key', tls.key) });
  }
  if (sasl) {
    net.sasl = compact({
      enable: true,
      user: ref('sasl.user', sasl.user),
      password: ref('sasl.password', sasl.password),
      type: ref('sasl.mechanism', sasl.mechanism),
    });
  }
  return net;
}
