/**
 * What makes a Function run: HTTP requests, a schedule, events on a broker, and the event
 * sources of the seeds (GitLab, GitHub, OpenStack over RabbitMQ, S3-style bucket
 * notifications, Kafka). Each trigger is a value; the Function turns it into Knative objects.
 */
import * as kplus from 'cdk8s-plus-27';
import { showValue } from '../core/report';
import type { IBroker } from '../eventing/broker';
import { Delivery } from '../eventing/delivery';
import { Filter } from '../eventing/filter';
import { GitHubSourceProps } from '../eventing/sources/contrib/github-source';
import { GitLabSourceProps } from '../eventing/sources/contrib/gitlab-source';
import { KafkaSourceProps } from '../eventing/sources/contrib/kafka-source';
import { RabbitmqSourceProps } from '../eventing/sources/contrib/rabbitmq-source';
import { PingData } from '../eventing/sources/ping-source';
import { Visibility } from '../serving/networking';

/** Options of `FunctionTrigger.http`. */
export interface HttpTriggerOptions {
  /**
   * Who can call the function: `Visibility.EXTERNAL` through the cluster's ingress (on the
   * tenant's domain), or `Visibility.CLUSTER_LOCAL` from inside the cluster only
   * (`<name>.<namespace>.svc.cluster.local`).
   * @default - Visibility.EXTERNAL when `domain` is set, else Visibility.CLUSTER_LOCAL
   */
  readonly visibility?: Visibility;
  /**
   * A custom domain to serve the function on (a DomainMapping, and in a Tenant the
   * ClusterDomainClaim for it). In a Tenant it must be one of the tenant's `domains` or under
   * one of them. Needs `Visibility.EXTERNAL`.
   * @default - only the URL Knative gives the service (`<name>.<namespace>.<cluster domain>`)
   */
  readonly domain?: string;
  /**
   * A TLS Secret (type kubernetes.io/tls) for `domain`, in the function's namespace.
   * @default - no TLS on the custom domain, unless the cluster provisions certificates
   */
  readonly tlsSecret?: kplus.ISecret | string;
}

/** Options of `FunctionTrigger.schedule`. */
export interface ScheduleTriggerOptions {
  /**
   * The IANA time zone the cron expression is read in (`spec.timezone`), e.g. `Europe/Zurich`.
   * @default - the ping adapter's time zone (UTC on most clusters)
   */
  readonly timeZone?: string;
  /**
   * The event data sent on every tick.
   * @default - events without data
   */
  readonly data?: PingData;
  /**
   * The name of the PingSource.
   * @default - `<function>-schedule` (`-2`, `-3`... for further schedules)
   */
  readonly name?: string;
}

/** Options of `FunctionTrigger.event`. */
export interface EventTriggerOptions {
  /**
   * Only events of this CloudEvent `type` (exact match).
   * @default - any type
   */
  readonly type?: string;
  /**
   * Only events from this CloudEvent `source` (exact match).
   * @default - any source
   */
  readonly source?: string;
  /**
   * Only events whose extension attributes have these values (exact match). Names are
   * lower-case letters and digits.
   * @default - no extension filter
   */
  readonly extensions?: Record<string, string>;
  /**
   * More SubscriptionsAPI filters (`Filter.prefix`, `Filter.cesql`, ...), all of which must match
   * together with `type`, `source` and `extensions`.
   * @default - none
   */
  readonly filters?: Filter[];
  /**
   * The broker to subscribe to.
   * @default - the function's broker (FunctionProps.broker, or its Tenant's broker)
   */
  readonly broker?: IBroker;
  /**
   * Delivery of this trigger's events (retries, dead letter sink, timeout).
   * @default - the broker's delivery
   */
  readonly delivery?: Delivery;
  /**
   * The name of the Trigger.
   * @default - `<function>-event` (`-2`, `-3`... for further event triggers)
   */
  readonly name?: string;
}

/**
 * A kind of S3 bucket notification. Ceph RGW (with `cloudevents=true` on its HTTP push
 * endpoint) sends it as a CloudEvent of type `com.amazonaws.<event>`, e.g.
 * `com.amazonaws.ObjectCreated:Put`.
 */
export class BucketEvent {
  /** Any object created (`s3:ObjectCreated:*`). */
  public static readonly OBJECT_CREATED = new BucketEvent('ObjectCreated:', true);
  /** Any object removed (`s3:ObjectRemoved:*`). */
  public static readonly OBJECT_REMOVED = new BucketEvent('ObjectRemoved:', true);
  /** An object written by PUT. */
  public static readonly OBJECT_CREATED_PUT = new BucketEvent('ObjectCreated:Put', false);
  /** An object written by a completed multipart upload. */
  public static readonly OBJECT_CREATED_MULTIPART = new BucketEvent('ObjectCreated:CompleteMultipartUpload', false);
  /** An object copied. */
  public static readonly OBJECT_CREATED_COPY = new BucketEvent('ObjectCreated:Copy', false);
  /** An object deleted. */
  public static readonly OBJECT_REMOVED_DELETE = new BucketEvent('ObjectRemoved:Delete', false);

  /** Any other event name, without the `s3:` prefix (`ObjectLifecycle:Expiration:Current`). */
  public static of(eventName: string): BucketEvent {
    if (typeof eventName !== 'string') throw new TypeError(`BucketEvent.of: the event name must be a string, got ${showValue(eventName)}`);
    return new BucketEvent(eventName, false);
  }

  private constructor(
    /** The event name (`ObjectCreated:Put`), or its prefix for the wildcards. */
    public readonly eventName: string,
    /** True for the `*` wildcards, matched by prefix. */
    public readonly wildcard: boolean,
  ) {}

  /** The CloudEvent type (or type prefix, for a wildcard) RGW sends. */
  public get cloudEventType(): string {
    return `com.amazonaws.${this.eventName}`;
  }
}

/** Options of `FunctionTrigger.bucketNotification`. */
export interface BucketNotificationTriggerOptions {
  /** The bucket whose notifications run the function. */
  readonly bucket: string;
  /**
   * The RGW zonegroup (the `awsRegion` of the records), part of the CloudEvent source
   * `ceph:s3.<region>.<bucket>`.
   * @default 'default'
   */
  readonly region?: string;
  /**
   * The notifications to react to.
   * @default [BucketEvent.OBJECT_CREATED]
   */
  readonly events?: BucketEvent[];
  /**
   * The broker RGW pushes to.
   * @default - the function's broker (FunctionProps.broker, or its Tenant's broker)
   */
  readonly broker?: IBroker;
  /**
   * Delivery of this trigger's events.
   * @default - the broker's delivery
   */
  readonly delivery?: Delivery;
  /**
   * The name of the Trigger.
   * @default - `<function>-bucket` (`-2`, `-3`... for further bucket triggers)
   */
  readonly name?: string;
}

/** Options of `FunctionTrigger.gitlab`: a GitLabSource's props without the sink (the function). */
export type GitLabTriggerOptions = Omit<GitLabSourceProps, 'sink'>;
/** Options of `FunctionTrigger.github`: a GitHubSource's props without the sink (the function). */
export type GitHubTriggerOptions = Omit<GitHubSourceProps, 'sink'>;
/** Options of `FunctionTrigger.rabbitmq` and `.openstack`: a RabbitmqSource's props without the sink. */
export type RabbitmqTriggerOptions = Omit<RabbitmqSourceProps, 'sink'>;
/** Options of `FunctionTrigger.kafka`: a KafkaSource's props without the sink (the function). */
export type KafkaTriggerOptions = Omit<KafkaSourceProps, 'sink'>;

/** The kinds of trigger, as `FunctionTrigger.kind` names them. */
export enum FunctionTriggerKind {
  /** HTTP requests. */
  HTTP = 'http',
  /** A cron schedule (PingSource). */
  SCHEDULE = 'schedule',
  /** Events on a broker (Trigger). */
  EVENT = 'event',
  /** S3-style bucket notifications pushed to a broker (Trigger). */
  BUCKET = 'bucket',
  /** GitLab project webhooks (GitLabSource). */
  GITLAB = 'gitlab',
  /** GitHub repository webhooks (GitHubSource). */
  GITHUB = 'github',
  /** Messages of a RabbitMQ queue (RabbitmqSource). */
  RABBITMQ = 'rabbitmq',
  /** OpenStack notifications, over the control plane's RabbitMQ (RabbitmqSource). */
  OPENSTACK = 'openstack',
  /** Records of Kafka topics (KafkaSource). */
  KAFKA = 'kafka',
}

/**
 * What makes a Function run. Build one with the static factories and pass it in
 * `FunctionProps.triggers`.
 *
 * @example
 * triggers: [
 *   FunctionTrigger.http({ domain: 'checksum.a.functions.example.org' }),
 *   FunctionTrigger.event({ type: 'ch.cern.dynafed.file.uploaded' }),
 *   FunctionTrigger.schedule('0 3 * * *', { timeZone: 'Europe/Zurich' }),
 * ]
 */
export class FunctionTrigger {
  /** HTTP requests: public on a domain, or private to the cluster (the default). */
  public static http(options: HttpTriggerOptions = {}): FunctionTrigger {
    return new FunctionTrigger(FunctionTriggerKind.HTTP, options);
  }

  /**
   * A cron schedule (a PingSource that calls the function): 5 fields, 6 with leading seconds,
   * or a descriptor such as `@hourly`.
   */
  public static schedule(cron: string, options: ScheduleTriggerOptions = {}): FunctionTrigger {
    if (typeof cron !== 'string') throw new TypeError(`FunctionTrigger.schedule: the cron expression must be a string, got ${showValue(cron)}`);
    return new FunctionTrigger(FunctionTriggerKind.SCHEDULE, { ...options, cron });
  }

  /** Events on a broker that match type, source, extensions and filters (a Trigger). */
  public static event(options: EventTriggerOptions = {}): FunctionTrigger {
    return new FunctionTrigger(FunctionTriggerKind.EVENT, options);
  }

  /**
   * S3-style bucket notifications. Ceph RGW has no Knative source; it pushes notifications
   * itself: create an RGW topic whose `push-endpoint` is the broker's ingress URL with
   * `cloudevents=true`, and a bucket notification on that topic. RGW then posts CloudEvents of
   * type `com.amazonaws.<event>` and source `ceph:s3.<region>.<bucket>` to the broker, and this
   * trigger (a Trigger with those filters) hands them to the function. RGW notifications over
   * Kafka instead arrive with `FunctionTrigger.kafka`.
   */
  public static bucketNotification(options: BucketNotificationTriggerOptions): FunctionTrigger {
    if (options === undefined || options === null || typeof options.bucket !== 'string') {
      throw new TypeError(`FunctionTrigger.bucketNotification: the required option 'bucket' must be a string, got ${showValue(options?.bucket)}`);
    }
    return new FunctionTrigger(FunctionTriggerKind.BUCKET, options);
  }

  /** GitLab project webhooks (a GitLabSource that sends to the function). */
  public static gitlab(options: GitLabTriggerOptions): FunctionTrigger {
    return new FunctionTrigger(FunctionTriggerKind.GITLAB, FunctionTrigger.required('gitlab', options));
  }

  /** GitHub repository webhooks (a GitHubSource that sends to the function). */
  public static github(options: GitHubTriggerOptions): FunctionTrigger {
    return new FunctionTrigger(FunctionTriggerKind.GITHUB, FunctionTrigger.required('github', options));
  }

  /** Messages of a RabbitMQ queue (a RabbitmqSource that sends to the function). */
  public static rabbitmq(options: RabbitmqTriggerOptions): FunctionTrigger {
    return new FunctionTrigger(FunctionTriggerKind.RABBITMQ, FunctionTrigger.required('rabbitmq', options));
  }

  /**
   * OpenStack notifications: OpenStack's services publish them on the control plane's RabbitMQ
   * (exchanges `nova`, `neutron`, ...; topic `notifications`); a RabbitmqSource consumes the
   * queue the OpenStack operators bound for this purpose. `predeclared` defaults to true here, so
   * the source never declares or deletes anything on their broker.
   */
  public static openstack(options: RabbitmqTriggerOptions): FunctionTrigger {
    const o = FunctionTrigger.required('openstack', options);
    return new FunctionTrigger(FunctionTriggerKind.OPENSTACK, { ...o, predeclared: o.predeclared ?? true });
  }

  /** Records of Kafka topics (a KafkaSource that sends to the function). */
  public static kafka(options: KafkaTriggerOptions): FunctionTrigger {
    return new FunctionTrigger(FunctionTriggerKind.KAFKA, FunctionTrigger.required('kafka', options));
  }

  private static required<T>(factory: string, options: T): T {
    if (options === undefined || options === null || typeof options !== 'object') {
      throw new TypeError(`FunctionTrigger.${factory}: options are required (got ${showValue(options)})`);
    }
    return options;
  }

  private constructor(
    /** The kind of trigger. */
    public readonly kind: FunctionTriggerKind,
    /** @internal The options, as given. */
    public readonly _options: object,
  ) {}
}
