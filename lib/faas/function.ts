/**
 * Function: the team-facing unit of the FaaS layer. An image, its triggers, a scaling profile
 * and timeouts; it renders the KnativeService, Triggers, sources and DomainMappings of the
 * serving and eventing constructs, which stay reachable as public properties.
 *
 * Naming: this module exports a class called `Function`, as the FaaS vocabulary has it. In a
 * module that imports it (`import { Function } from 'knative-faas-cdk'`), `Function` no longer
 * means JavaScript's global; use `globalThis.Function` there, or import the alias
 * `FaasFunction` instead.
 */
import { Chart, Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct, IConstruct } from 'constructs';
import { dns1035LabelErrors } from '../core/names';
import { reportError, requireProp, showValue } from '../core/report';
import { Destination, IAddressable, KReference } from '../core/sink';
import { IBroker } from '../eventing/broker';
import { Filter } from '../eventing/filter';
import { GitHubSource } from '../eventing/sources/contrib/github-source';
import { GitLabSource } from '../eventing/sources/contrib/gitlab-source';
import { KafkaSource } from '../eventing/sources/contrib/kafka-source';
import { RabbitmqSource } from '../eventing/sources/contrib/rabbitmq-source';
import { PingSource } from '../eventing/sources/ping-source';
import { Trigger } from '../eventing/trigger';
import { RevisionContainerProps, PortProtocol } from '../serving/container';
import { DomainMapping } from '../serving/domain-mapping';
import { ContainerImage } from '../serving/image';
import { Visibility } from '../serving/networking';
import { KnativeService } from '../serving/service';
import { RevisionVolume } from '../serving/volume';
import { ScalingProfile } from './scaling';
import {
  BucketEvent, BucketNotificationTriggerOptions, EventTriggerOptions, FunctionTrigger, FunctionTriggerKind,
  HttpTriggerOptions, ScheduleTriggerOptions,
} from './trigger';

/** A key of a Secret, by reference: the value never appears in the manifests. */
export interface SecretKeyReference {
  /** The Secret (a cdk8s-plus ISecret, or its name in the function's namespace). */
  readonly secret: kplus.ISecret | string;
  /** The key within the Secret. */
  readonly key: string;
}

/**
 * The container settings a Function passes through to its KnativeService's container, for what
 * the Function props do not cover (probes, volumes, security context, command).
 */
export type FunctionContainerOptions = Omit<RevisionContainerProps, 'image' | 'port' | 'portProtocol' | 'env' | 'resources'>;

/** Props of a Function. */
export interface FunctionProps {
  /** The image to run: a reference (`registry.example.org/checksum:1.0`) or a ContainerImage. */
  readonly image: string | ContainerImage;
  /**
   * What runs the function. At least one.
   */
  readonly triggers: FunctionTrigger[];
  /**
   * The function's name: the KnativeService's name, so part of its URL (a DNS-1035 label, at
   * most 63 characters), and the prefix of the names of its Triggers and sources.
   * @default - the construct id
   */
  readonly name?: string;
  /**
   * The port the function listens on (Knative passes it as `PORT`).
   * @default 8080
   */
  readonly port?: number;
  /**
   * The protocol on `port`: HTTP1, or H2C for gRPC.
   * @default PortProtocol.HTTP1
   */
  readonly portProtocol?: PortProtocol;
  /**
   * Environment variables, literal or cdk8s-plus EnvValues.
   * @default - none
   */
  readonly env?: Record<string, string | kplus.EnvValue>;
  /**
   * Environment variables read from Secret keys, by reference (`secretKeyRef`).
   * @default - none
   */
  readonly secretEnv?: Record<string, SecretKeyReference>;
  /**
   * Whole Secrets mounted read-only as files, by absolute mount path.
   * @default - none
   */
  readonly secretFiles?: Record<string, kplus.ISecret | string>;
  /**
   * CPU and memory requests and limits.
   * @default - none: the tenant's LimitRange defaults (in a Tenant), else the cluster's
   */
  readonly resources?: kplus.ContainerResources;
  /**
   * How the function scales.
   * @default ScalingProfile.scaleToZero() (0 to 10 pods)
   */
  readonly scaling?: ScalingProfile;
  /**
   * The most time a request may take, start to end (`timeoutSeconds`), whole seconds.
   * @default - the cluster's `revision-timeout-seconds` (300 s)
   */
  readonly timeout?: Duration;
  /**
   * The most time until the first response byte (`responseStartTimeoutSeconds`), whole seconds.
   * @default - the request timeout
   */
  readonly responseStartTimeout?: Duration;
  /**
   * The most time a request may go without bytes either way (`idleTimeoutSeconds`), whole seconds.
   * @default - no idle timeout
   */
  readonly idleTimeout?: Duration;
  /**
   * The broker that event and bucket-notification triggers subscribe to (unless a trigger names
   * its own).
   * @default - the Tenant's broker when the function is in a Tenant; none otherwise (such
   * triggers are then an error)
   */
  readonly broker?: IBroker;
  /**
   * More container settings (probes, volumes, security context, command, args).
   * @default - none: the library's secure container defaults
   */
  readonly container?: FunctionContainerOptions;
  /**
   * Labels of the KnativeService (and of its revisions' pods, under `revisionLabels`).
   * @default - none
   */
  readonly labels?: Record<string, string>;
}

/** The broker a scope provides to the functions inside it (implemented by Tenant). */
export interface IFunctionHost extends IConstruct {
  /** The broker functions subscribe to by default. @default - none */
  readonly defaultBroker?: IBroker | undefined;
  /** @internal Called for each custom domain a function in it serves; reports when it may not. */
  _claimDomain(fn: Function, prop: string, domain: string): void;
  /** @internal Called once per function created in it. */
  _registerFunction(fn: Function): void;
}

function isFunctionHost(x: IConstruct): x is IFunctionHost {
  return typeof (x as Partial<IFunctionHost>)._claimDomain === 'function' && typeof (x as Partial<IFunctionHost>)._registerFunction === 'function';
}

/**
 * A function: an image that runs when its triggers fire, scaled by Knative.
 *
 * Named `Function` as the vocabulary has it; in a module that imports it the global
 * `Function` is shadowed (use `globalThis.Function`, or import the alias `FaasFunction`).
 *
 * @example
 * new Function(chart, 'checksum', {
 *   image: 'registry.example.org/dynafed/checksum:1.0.0',
 *   triggers: [FunctionTrigger.http({ domain: 'checksum.example.org' }), FunctionTrigger.event({ type: 'ch.cern.dynafed.file.uploaded' })],
 *   scaling: ScalingProfile.batch({ concurrency: 4 }),
 * });
 */
export class Function extends Construct implements IAddressable {
  /** The Tenant (or other host) that the construct `scope` is in, if any. */
  public static hostOf(scope: IConstruct): IFunctionHost | undefined {
    for (let s: IConstruct | undefined = scope; s; s = s.node.scope) if (isFunctionHost(s)) return s;
    return undefined;
  }

  /** The KnativeService that runs the function. */
  public readonly service: KnativeService;
  /** The Triggers of its event and bucket-notification triggers, in order. */
  public readonly triggers: Trigger[] = [];
  /** The event sources of its schedule, GitLab, GitHub, RabbitMQ, OpenStack and Kafka triggers, in order. */
  public readonly sources: Array<PingSource | GitLabSource | GitHubSource | RabbitmqSource | KafkaSource> = [];
  /** The DomainMappings of its HTTP triggers with a domain. */
  public readonly domainMappings: DomainMapping[] = [];
  /** The broker its event triggers use by default, if any. */
  public readonly broker?: IBroker;
  /** The function's name (the KnativeService's). */
  public readonly functionName: string;

  public constructor(scope: Construct, id: string, props: FunctionProps) {
    super(scope, id);
    requireProp('Function', props, 'image', 'triggers');
    if (!Array.isArray(props.triggers)) throw new TypeError(`Function: 'triggers' must be an array of FunctionTrigger (FunctionTrigger.http(), ...), got ${showValue(props.triggers)}`);
    props.triggers.forEach((t, i) => {
      if (!(t instanceof FunctionTrigger)) throw new TypeError(`Function: triggers[${i}] must be a FunctionTrigger (FunctionTrigger.http(), .event(), ...), got ${showValue(t)}`);
    });
    if (props.scaling !== undefined && !(props.scaling instanceof ScalingProfile)) {
      throw new TypeError(`Function: 'scaling' must be a ScalingProfile (ScalingProfile.scaleToZero(), ...), got ${showValue(props.scaling)}`);
    }
    const host = Function.hostOf(scope);
    this.functionName = props.name ?? id;
    this.broker = props.broker ?? host?.defaultBroker;
    if (typeof this.functionName !== 'string' || dns1035LabelErrors(this.functionName).length > 0) {
      reportError(this, 'name', `must be a DNS-1035 label: it is the KnativeService's name and part of its URL (${dns1035LabelErrors(String(this.functionName)).join('; ')})`, {
        value: this.functionName, allowed: "lower-case letters, digits and '-', starting with a letter, at most 63 characters",
      });
    }
    if (props.triggers.length === 0) {
      reportError(this, 'triggers', 'must hold at least one trigger: a function nothing calls never runs', {
        value: [], allowed: 'FunctionTrigger.http(), .schedule(), .event(), .gitlab(), ...',
      });
    }

    const http = props.triggers.filter((t) => t.kind === FunctionTriggerKind.HTTP).map((t) => t._options as HttpTriggerOptions);
    const external = http.some((o) => (o.visibility ?? (o.domain !== undefined ? Visibility.EXTERNAL : Visibility.CLUSTER_LOCAL)) === Visibility.EXTERNAL);
    const scaling = (props.scaling ?? ScalingProfile.scaleToZero())._render(this, 'scaling');

    const env: Record<string, string | kplus.EnvValue> = { ...props.env };
    for (const [name, ref] of Object.entries(props.secretEnv ?? {})) {
      if (name in env) {
        reportError(this, `secretEnv.${name}`, "is also set in 'env'; set each variable in one place", { value: name, allowed: 'a name not in env' });
        continue;
      }
      env[name] = kplus.EnvValue.fromSecretValue({ secret: this.secretOf(ref.secret, `SecretEnv-${name}`), key: ref.key });
    }
    const mounts = [...(props.container?.volumeMounts ?? [])];
    let n = 0;
    for (const [path, secret] of Object.entries(props.secretFiles ?? {})) {
      mounts.push({ path, volume: RevisionVolume.fromSecret(typeof secret === 'string' ? secret : secret, { name: `secret-${n++}` }), readOnly: true });
    }

    this.service = new KnativeService(this, 'Service', {
      metadata: { name: this.functionName, ...(props.labels ? { labels: { ...props.labels } } : {}) },
      visibility: external ? Visibility.EXTERNAL : Visibility.CLUSTER_LOCAL,
      containers: [{
        ...props.container,
        image: props.image,
        port: props.port ?? 8080,
        ...(props.portProtocol !== undefined ? { portProtocol: props.portProtocol } : {}),
        env,
        ...(props.resources !== undefined ? { resources: props.resources } : {}),
        volumeMounts: mounts,
      }],
      ...scaling,
      ...(props.timeout !== undefined ? { timeout: props.timeout } : {}),
      ...(props.responseStartTimeout !== undefined ? { responseStartTimeout: props.responseStartTimeout } : {}),
      ...(props.idleTimeout !== undefined ? { idleTimeout: props.idleTimeout } : {}),
      ...(props.labels ? { revisionLabels: { ...props.labels } } : {}),
    });

    const counts = new Map<FunctionTriggerKind, number>();
    props.triggers.forEach((t, i) => {
      const k = (counts.get(t.kind) ?? 0) + 1;
      counts.set(t.kind, k);
      this.bindTrigger(t, `triggers[${i}]`, k, host);
    });
    host?._registerFunction(this);
  }

  /** The reference to the function's KnativeService. */
  public get reference(): KReference {
    return this.service.reference;
  }

  /** The function's namespace, if its chart has one. */
  public get namespace(): string | undefined {
    return this.service.namespace;
  }

  /** Addresses the function's KnativeService from `consumer` (so a Function is a sink). */
  public toDestination(consumer: IConstruct): Destination {
    return this.service.toDestination(consumer);
  }

  private secretOf(secret: kplus.ISecret | string, id: string): kplus.ISecret {
    return typeof secret === 'string' ? kplus.Secret.fromSecretName(this, id, secret) : secret;
  }

  private childName(kind: string, k: number, given?: string): string {
    return given ?? (k === 1 ? `${this.functionName}-${kind}` : `${this.functionName}-${kind}-${k}`);
  }

  private brokerFor(prop: string, given: IBroker | undefined): IBroker | undefined {
    const broker = given ?? this.broker;
    if (!broker) {
      reportError(this, `${prop}.broker`, 'an event trigger needs a broker to subscribe to', {
        value: undefined, allowed: "a 'broker' on the trigger or on the function, or a function in a Tenant (which has one)",
      });
    }
    return broker;
  }

  private bindTrigger(t: FunctionTrigger, prop: string, k: number, host: IFunctionHost | undefined): void {
    const id = `${t.kind}${k}`;
    switch (t.kind) {
      case FunctionTriggerKind.HTTP: {
        const o = t._options as HttpTriggerOptions;
        if (o.domain === undefined) return;
        if (o.visibility === Visibility.CLUSTER_LOCAL) {
          reportError(this, `${prop}.domain`, 'a private (cluster-local) HTTP trigger cannot have a custom domain: a DomainMapping serves it on the ingress gateway', {
            value: o.domain, allowed: 'no domain, or visibility Visibility.EXTERNAL',
          });
          return;
        }
        host?._claimDomain(this, `${prop}.domain`, o.domain);
        this.domainMappings.push(new DomainMapping(this, `Domain${k}`, {
          domain: o.domain, ref: this.service,
          ...(o.tlsSecret !== undefined ? { tlsSecret: o.tlsSecret } : {}),
        }));
        return;
      }
      case FunctionTriggerKind.SCHEDULE: {
        const o = t._options as ScheduleTriggerOptions & { cron: string };
        this.sources.push(new PingSource(this, id, {
          metadata: { name: this.childName('schedule', k, o.name) },
          schedule: o.cron,
          ...(o.timeZone !== undefined ? { timezone: o.timeZone } : {}),
          ...(o.data !== undefined ? { data: o.data } : {}),
          sink: this.service,
        }));
        return;
      }
      case FunctionTriggerKind.EVENT: {
        const o = t._options as EventTriggerOptions;
        const broker = this.brokerFor(prop, o.broker);
        if (!broker) return;
        const exact: Record<string, string> = { ...o.extensions };
        if (o.type !== undefined) exact.type = o.type;
        if (o.source !== undefined) exact.source = o.source;
        const filters = [...(Object.keys(exact).length > 0 ? [Filter.exact(exact)] : []), ...(o.filters ?? [])];
        this.addTrigger(id, prop, broker, this.childName('event', k, o.name), filters, o);
        return;
      }
      case FunctionTriggerKind.BUCKET: {
        const o = t._options as BucketNotificationTriggerOptions;
        const broker = this.brokerFor(prop, o.broker);
        if (!broker) return;
        const events = o.events ?? [BucketEvent.OBJECT_CREATED];
        if (events.length === 0) {
          reportError(this, `${prop}.events`, 'must name at least one bucket event', { value: [], allowed: 'BucketEvent.OBJECT_CREATED, ...' });
          return;
        }
        const byType = events.map((e) => e.wildcard ? Filter.prefix({ type: e.cloudEventType }) : Filter.exact({ type: e.cloudEventType }));
        const source = `ceph:s3.${o.region ?? 'default'}.${o.bucket}`;
        const filters = [Filter.exact({ source }), byType.length === 1 ? byType[0] : Filter.any(byType[0], ...byType.slice(1))];
        this.addTrigger(id, prop, broker, this.childName('bucket', k, o.name), filters, o);
        return;
      }
      case FunctionTriggerKind.GITLAB: {
        const o = t._options as ConstructorParameters<typeof GitLabSource>[2];
        this.sources.push(new GitLabSource(this, id, { ...o, metadata: { ...o.metadata, name: o.metadata?.name ?? this.childName('gitlab', k) }, sink: this.service }));
        return;
      }
      case FunctionTriggerKind.GITHUB: {
        const o = t._options as ConstructorParameters<typeof GitHubSource>[2];
        this.sources.push(new GitHubSource(this, id, { ...o, metadata: { ...o.metadata, name: o.metadata?.name ?? this.childName('github', k) }, sink: this.service }));
        return;
      }
      case FunctionTriggerKind.RABBITMQ:
      case FunctionTriggerKind.OPENSTACK: {
        const o = t._options as ConstructorParameters<typeof RabbitmqSource>[2];
        this.sources.push(new RabbitmqSource(this, id, { ...o, metadata: { ...o.metadata, name: o.metadata?.name ?? this.childName(t.kind, k) }, sink: this.service }));
        return;
      }
      case FunctionTriggerKind.KAFKA: {
        const o = t._options as ConstructorParameters<typeof KafkaSource>[2];
        this.sources.push(new KafkaSource(this, id, { ...o, metadata: { ...o.metadata, name: o.metadata?.name ?? this.childName('kafka', k) }, sink: this.service }));
        return;
      }
    }
  }

  private addTrigger(id: string, _prop: string, broker: IBroker, name: string, filters: Filter[], o: { delivery?: EventTriggerOptions['delivery'] }): void {
    const namespace = this.service.namespace ?? Chart.of(this).namespace;
    const crossNamespace = broker.namespace !== undefined && namespace !== undefined && broker.namespace !== namespace;
    this.triggers.push(new Trigger(this, id, {
      metadata: { name, ...(namespace !== undefined ? { namespace } : {}) },
      broker, subscriber: this.service, filters,
      ...(o.delivery !== undefined ? { delivery: o.delivery } : {}),
      ...(crossNamespace ? { crossNamespace: true } : {}),
    }));
  }
}

/** `Function` under a name that does not shadow JavaScript's global `Function`. */
export const FaasFunction = Function;
/** `Function` under a name that does not shadow JavaScript's global `Function`. */
export type FaasFunction = Function;
