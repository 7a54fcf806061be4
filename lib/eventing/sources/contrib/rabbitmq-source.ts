import { ApiObject, Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import type * as l1 from '../../../../imports/sources.knative.dev';
import { toIsoSeconds } from '../../../core/duration';
import { isoMillis } from '../../delivery';
import { reportError, requireProp } from '../../../core/report';
import { Resource } from '../../../core/resource';
import { Destination, ISink } from '../../../core/sink';
import { compact, createEventingObject, EventingResourceProps } from '../../base';
import { BackoffPolicy } from '../../delivery';
import { bindSink, renderDestination } from '../../sink';
import { deferProblem, reportDeferred } from '../../problems';
import { checkSecretNamespace, requireIntegerIn } from './common';

/** The generated L1 GVKs, written out so that rendering does not load the bindings. */
const RABBITMQ_SOURCE_GVK: typeof l1.RabbitmqSource.GVK = { apiVersion: 'sources.knative.dev/v1alpha1', kind: 'RabbitmqSource' };

/**
 * The RabbitMQ server a RabbitmqSource connects to (`spec.rabbitmqClusterReference`): a
 * RabbitmqCluster of the RabbitMQ cluster operator, or any RabbitMQ (such as the one of an
 * OpenStack control plane) through a connection Secret. Exactly one of the two, as the webhook
 * requires.
 */
export class RabbitmqConnection {
  /**
   * A `RabbitmqCluster` (rabbitmq.com/v1beta1) managed by the RabbitMQ cluster operator.
   * @param name the RabbitmqCluster's name
   * @param namespace its namespace; defaults (in the webhook) to the source's namespace
   */
  public static fromClusterName(name: string, namespace?: string): RabbitmqConnection {
    const out = new RabbitmqConnection({ name, ...(namespace ? { namespace } : {}) });
    if (!name.trim()) deferProblem(out, 'name', 'the name of the RabbitmqCluster must not be empty', { value: name, allowed: 'a RabbitmqCluster name' });
    return out;
  }

  /**
   * A RabbitMQ reached through a Secret in the source's namespace with the keys `uri` (the HTTP
   * management API URL, e.g. `http://rabbit.example.org:15672`), `username` and `password`, and
   * optionally `port` (AMQP, default 5672). This is how an external broker such as OpenStack's
   * is used.
   */
  public static fromConnectionSecret(secret: kplus.ISecret): RabbitmqConnection {
    return new RabbitmqConnection({ connectionSecret: { name: secret.name } }, secret);
  }

  private constructor(
    /** @internal */ public readonly _json: Record<string, unknown>,
    /** @internal */ public readonly _secret?: kplus.ISecret,
  ) {}
}

/**
 * Retries of the receive adapter when the sink refuses an event (`spec.delivery`). Unlike
 * Knative's DeliverySpec, the RabbitmqSource's has no dead-letter sink, timeout or format.
 */
export interface RabbitmqSourceDelivery {
  /**
   * The minimum number of retries before the message is given up (`retry`), at least 0.
   * @default - no retries
   */
  readonly retry?: number;
  /**
   * How the delay between retries grows (`backoffPolicy`).
   * @default BackoffPolicy.EXPONENTIAL
   */
  readonly backoffPolicy?: BackoffPolicy;
  /**
   * The base delay between retries (`backoffDelay`), written as ISO-8601 (`PT0.2S`), which is
   * what the controller parses (despite the CRD's mention of Go durations).
   * @default - the adapter's default
   */
  readonly backoffDelay?: Duration;
}

/** Properties of a {@link RabbitmqSource}. */
export interface RabbitmqSourceProps extends EventingResourceProps {
  /** The RabbitMQ server (`spec.rabbitmqClusterReference`). */
  readonly connection: RabbitmqConnection;

  /**
   * The queue the adapter consumes (`spec.rabbitmqResourcesConfig.queueName`). With
   * `predeclared: true` it must exist; otherwise the source declares it and binds it to
   * `exchangeName`.
   */
  readonly queueName: string;

  /**
   * The exchange the source binds its queue to (`spec.rabbitmqResourcesConfig.exchangeName`);
   * required unless `predeclared` is true.
   * @default - none (allowed only with `predeclared: true`)
   */
  readonly exchangeName?: string;

  /**
   * Whether the queue (and its bindings) already exist and must not be declared
   * (`spec.rabbitmqResourcesConfig.predeclared`). Use it when the RabbitMQ user may not declare
   * queues and exchanges, as on an OpenStack control plane.
   * @default false - the source declares its exchange, queue and binding (through the RabbitMQ
   * messaging topology operator)
   */
  readonly predeclared?: boolean;

  /**
   * The RabbitMQ virtual host (`spec.rabbitmqResourcesConfig.vhost`).
   * @default - the default vhost of the connection (`/` on a stock RabbitMQ)
   */
  readonly vhost?: string;

  /**
   * The channel prefetch count and number of workers consuming concurrently
   * (`spec.rabbitmqResourcesConfig.parallelism`), 1 to 1000. More than 1 gives up ordering.
   * @default 1
   */
  readonly parallelism?: number;

  /** Where the messages go, one CloudEvent per message (`spec.sink`). */
  readonly sink: ISink;

  /**
   * Retries when the sink refuses an event (`spec.delivery`).
   * @default - no retries, exponential policy
   */
  readonly delivery?: RabbitmqSourceDelivery;

  /**
   * The ServiceAccount the receive adapter Deployment runs as (`spec.serviceAccountName`).
   * @default - the namespace's `default` ServiceAccount
   */
  readonly serviceAccount?: kplus.IServiceAccount;
}

/**
 * A RabbitMQ queue as an event source (`sources.knative.dev/v1alpha1` RabbitmqSource, from
 * knative-extensions/eventing-rabbitmq). Each message becomes a CloudEvent of type
 * `dev.knative.rabbitmq.event` with source
 * `/apis/v1/namespaces/<namespace>/rabbitmqsources/<name>#<queue>`; the message body is the
 * event data. The whole spec is immutable after creation: the webhook rejects any change, so a
 * change means a new source.
 *
 * OpenStack services (nova, cinder, neutron, ...) publish their notifications through
 * oslo.messaging on the control plane's RabbitMQ: to the exchange named after the service
 * (`nova`, `cinder`, or the deployment's `control_exchange`) with routing key
 * `notifications.<priority>` (or `versioned_notifications.<priority>` for nova's versioned
 * notifications). Ask the OpenStack operators for a dedicated queue bound to those exchanges
 * (consuming the shared `notifications.info` queue would steal messages from Ceilometer and
 * others) and consume it with `predeclared: true`; each notification then arrives as a
 * CloudEvent whose data is the oslo envelope (`{"oslo.version": "2.0", "oslo.message": "..."}`,
 * with `event_type` such as `compute.instance.create.end` inside `oslo.message`).
 *
 * @example
 * const rabbit = kplus.Secret.fromSecretName(this, 'OpenStackRabbit', 'openstack-rabbitmq');
 * new RabbitmqSource(this, 'NovaNotifications', {
 *   connection: RabbitmqConnection.fromConnectionSecret(rabbit),
 *   vhost: '/',
 *   queueName: 'knative-nova-notifications', // bound to exchange `nova`, key `notifications.info`
 *   predeclared: true,
 *   sink: broker,
 *   delivery: { retry: 5, backoffDelay: Duration.seconds(1) },
 * });
 */
export class RabbitmqSource extends Resource {
  /** The CloudEvent `type` of every event a RabbitmqSource sends. */
  public static readonly CLOUD_EVENT_TYPE = 'dev.knative.rabbitmq.event';

  public readonly apiObject: ApiObject;

  /** The queue consumed. */
  public readonly queueName: string;

  private readonly sink: Destination;

  public constructor(scope: Construct, id: string, props: RabbitmqSourceProps) {
    super(scope, id);
    requireProp('RabbitmqSource', props, 'connection', 'queueName', 'sink');
    reportDeferred(this, 'connection', props.connection);
    if (!props.queueName.trim()) reportError(this, 'queueName', 'must not be empty', { value: props.queueName, allowed: 'a queue name' });
    if (!props.predeclared && !props.exchangeName) {
      reportError(this, 'exchangeName', "is required unless 'predeclared' is true: the source binds its queue to that exchange", {
        value: props.exchangeName, allowed: "an exchange name, or predeclared: true",
      });
    }
    requireIntegerIn(this, 'parallelism', props.parallelism, 1, 1000);
    requireIntegerIn(this, 'delivery.retry', props.delivery?.retry, 0, 2 ** 31 - 1);
    this.queueName = props.queueName;
    const delivery = renderRabbitDelivery(this, props.delivery);

    this.apiObject = createEventingObject(this, RABBITMQ_SOURCE_GVK, props.metadata, () => compact({
      rabbitmqClusterReference: { ...props.connection._json },
      rabbitmqResourcesConfig: compact({
        vhost: props.vhost,
        queueName: this.queueName,
        exchangeName: props.exchangeName,
        predeclared: props.predeclared ?? false,
        parallelism: props.parallelism ?? 1,
      }),
      // Always written: some controller versions read spec.delivery without a nil check.
      delivery,
      serviceAccountName: props.serviceAccount?.name,
      sink: renderDestination(this.sink),
    }));
    if (props.connection._secret) checkSecretNamespace(this, this.apiObject, 'connection', props.connection._secret);
    this.sink = bindSink(this, 'spec.sink', props.sink);
  }

  /**
   * The CloudEvent `source` of this source's events
   * (`/apis/v1/namespaces/<namespace>/rabbitmqsources/<name>#<queue>`), to tell sources apart in
   * Trigger filters (nova's notifications from cinder's, say). Needs a namespace on the source or
   * its chart, since the attribute contains it: without one, asking for it is a synth error.
   */
  public get cloudEventSource(): string {
    if (!this.namespace) {
      reportError(this, 'metadata.namespace', 'is needed to know the CloudEvent source (cloudEventSource), which contains it; give the source (or its chart) a namespace', {
        value: this.namespace, allowed: 'a namespace',
      });
    }
    return `/apis/v1/namespaces/${this.namespace}/rabbitmqsources/${this.name}#${this.queueName}`;
  }
}

function renderRabbitDelivery(scope: RabbitmqSource, d: RabbitmqSourceDelivery | undefined): Record<string, unknown> {
  const delay = d?.backoffDelay !== undefined && isoMillis(scope, 'delivery.backoffDelay', d.backoffDelay) !== undefined ? d.backoffDelay : undefined;
  return {
    ...(d?.retry !== undefined ? { retry: d.retry } : {}),
    backoffPolicy: d?.backoffPolicy ?? BackoffPolicy.EXPONENTIAL,
    ...(delay !== undefined ? { backoffDelay: toIsoSeconds(delay) } : {}),
  };
}
