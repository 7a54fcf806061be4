/**
 * Sinks as consumers see them: every `sink`, `subscriber`, `reply`, `deadLetterSink` and step of
 * this library goes through `bindSink`, which turns an ISink into the Destination written in the
 * spec and registers the checks that keep the wiring honest at synth time:
 *
 * - a sink that names an object must find that object in the app, unless it is declared
 *   `external` (the "empty hostname" class of bugs: a name that resolves to nothing);
 * - a target in another namespace must be asked for (`crossNamespace: true`, or an external
 *   declaration that carries a namespace).
 */
import { ApiObject, Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { IConstruct } from 'constructs';
import { showValue } from '../core/report';
import { Destination, IAddressable, ISink, KReference, isAddressable } from '../core/sink';
import { deferProblem, reportDeferred } from './problems';

/** Options shared by every sink. */
export interface SinkOptions {
  /**
   * PEM CA certificates the sender trusts for this destination (`CACerts`).
   * @default - the cluster's trust bundle
   */
  readonly caCerts?: string;
  /**
   * The OIDC audience of the destination (`audience`); needed only when OIDC is on and the
   * target does not publish its own audience.
   * @default - the audience the addressable publishes
   */
  readonly audience?: string;
}

/** Options of a sink that points at an object of this app. */
export interface AddressableSinkOptions extends SinkOptions {
  /**
   * A path appended to the target's address, written as a relative `uri` next to `ref`
   * (`/events`). Knative resolves it against the address of the ref.
   * @default - the target's address as is
   */
  readonly path?: string;
  /**
   * Allows the target to live in another namespace than the consumer. Without it a
   * cross-namespace target is a synth error, because it is more often a mistake than a choice.
   * @default false
   */
  readonly crossNamespace?: boolean;
}

/** Options of a sink that names an object by reference rather than passing it. */
export interface ReferenceSinkOptions extends AddressableSinkOptions {
  /**
   * The namespace of the target. With `external: true`, naming a namespace is the explicit
   * request to cross namespaces.
   * @default - the consumer's namespace
   */
  readonly namespace?: string;
  /**
   * Declares that the target is not defined in this app (another app, a platform component,
   * a Helm chart). Without it the target must exist in the app, or synth fails.
   * @default false
   */
  readonly external?: boolean;
}

/**
 * Where events go. Pass addressable constructs (KnativeService, Broker, Channel, Sequence,
 * Parallel, ...) directly where an ISink is expected; use these factories for URIs, paths,
 * cross-namespace targets and objects the app does not own.
 *
 * @example
 * new PingSource(chart, 'ping', { schedule: '*\/5 * * * *', sink: broker });
 * Sink.fromKnativeService('legacy', { external: true, namespace: 'tools' });
 * Sink.fromUri('https://hooks.example.org/events');
 */
export abstract class Sink implements ISink {
  /**
   * An addressable object, with a path or a cross-namespace permission. Objects that are only
   * declared (`external`, or with no Kubernetes object in the app) are treated as
   * `fromReference(target.reference, { external: true })`.
   */
  public static fromAddressable(target: IAddressable, options: AddressableSinkOptions = {}): Sink {
    if (!isAddressable(target)) {
      throw new TypeError(`Sink.fromAddressable: the target must be an addressable construct (a KnativeService, Broker, Channel, ...), got ${showValue(target)}; use Sink.fromUri or Sink.fromReference for anything else`);
    }
    if (isDeclaredOnly(target)) return Sink.fromReference(target.reference, { ...options, external: true });
    return checkPath(new ConstructSink(target, target.reference, options), options.path);
  }

  /** An absolute URI (scheme and host), for endpoints outside Kubernetes' object model. */
  public static fromUri(uri: string, options: SinkOptions = {}): Sink {
    let parsed: URL | undefined;
    try {
      parsed = new URL(uri);
    } catch {
      parsed = undefined;
    }
    const sink = new UriSink(uri, options);
    if (!parsed || !parsed.host) {
      deferProblem(sink, 'uri', 'must be an absolute URI with a scheme and a host; for a path on an object use Sink.fromAddressable(target, { path })', {
        value: uri, allowed: 'an absolute URI such as https://hooks.example.org/events',
      });
    }
    return sink;
  }

  /**
   * Any addressable object by reference (`apiVersion`, `kind`, `name`). It must exist in the app
   * unless `external: true`.
   */
  public static fromReference(ref: KReference, options: ReferenceSinkOptions = {}): Sink {
    const { namespace, ...rest } = ref;
    const sink = checkPath(new ReferenceSink(rest, { ...options, namespace: namespace ?? options.namespace }), options.path);
    if (ref.namespace !== undefined && options.namespace !== undefined && ref.namespace !== options.namespace) {
      deferProblem(sink, 'namespace', `disagrees with the namespace of the reference (${JSON.stringify(ref.namespace)})`, {
        value: options.namespace, allowed: `${JSON.stringify(ref.namespace)}, or one of the two left out`,
      });
    }
    return sink;
  }

  /** A Knative Service (`serving.knative.dev/v1`) by name. */
  public static fromKnativeService(name: string, options: ReferenceSinkOptions = {}): Sink {
    return Sink.fromReference({ apiVersion: 'serving.knative.dev/v1', kind: 'Service', name }, options);
  }

  /** A Broker (`eventing.knative.dev/v1`) by name. */
  public static fromBroker(name: string, options: ReferenceSinkOptions = {}): Sink {
    return Sink.fromReference({ apiVersion: 'eventing.knative.dev/v1', kind: 'Broker', name }, options);
  }

  /** A Channel (`messaging.knative.dev/v1`) by name. */
  public static fromChannel(name: string, options: ReferenceSinkOptions = {}): Sink {
    return Sink.fromReference({ apiVersion: 'messaging.knative.dev/v1', kind: 'Channel', name }, options);
  }

  /**
   * A plain Kubernetes Service (`v1` `Service`): a cdk8s-plus Service of this app, or a name
   * (which must exist in the app unless `external: true`). Knative sends to its cluster DNS name.
   */
  public static fromKubernetesService(service: kplus.Service | string, options: ReferenceSinkOptions = {}): Sink {
    if (typeof service === 'string') return Sink.fromReference({ apiVersion: 'v1', kind: 'Service', name: service }, options);
    const ref: KReference = {
      apiVersion: 'v1', kind: 'Service', name: service.name,
      ...(service.metadata.namespace ? { namespace: service.metadata.namespace } : {}),
    };
    return checkPath(new ConstructSink(service, ref, options), options.path);
  }

  /** The Destination for `consumer` at `field`; registers the synth-time checks on `consumer`. */
  public abstract toDestination(consumer: IConstruct, field?: string): Destination;
}

/**
 * Attaches `sink` to `consumer` at `field` (`spec.sink`): returns the Destination to write and
 * registers the checks. Bare IAddressables are treated as `Sink.fromAddressable(target)`.
 */
export function bindSink(consumer: IConstruct, field: string, sink: ISink): Destination {
  if (typeof sink !== 'object' || sink === null || typeof sink.toDestination !== 'function') {
    throw new TypeError(`${field}: expected an ISink (an addressable construct or a Sink.fromXxx value), got ${showValue(sink)}`);
  }
  if (sink instanceof Sink) return sink.toDestination(consumer, field);
  if (isAddressable(sink)) return Sink.fromAddressable(sink).toDestination(consumer, field);
  return sink.toDestination(consumer, field);
}

/**
 * True when an addressable is only a declaration: it says so (`external`), or no Kubernetes
 * object stands behind it in the app (e.g. `KnativeService.fromServiceName`).
 */
function isDeclaredOnly(target: IAddressable): boolean {
  if (target.external) return true;
  if (ApiObject.isApiObject(target) || ApiObject.isApiObject((target as { apiObject?: unknown }).apiObject)) return false;
  return !target.node.findAll().some((c) => ApiObject.isApiObject(c));
}

/** A Destination as Knative's JSON spells it (`CACerts`), with empty parts left out. */
export function renderDestination(d: Destination): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (d.ref) out.ref = renderReference(d.ref);
  if (d.uri !== undefined) out.uri = d.uri;
  if (d.CACerts !== undefined) out.CACerts = d.CACerts;
  if (d.audience !== undefined) out.audience = d.audience;
  return out;
}

/** A KReference as JSON, with its namespace only when it has one. */
export function renderReference(r: KReference): Record<string, string> {
  return {
    apiVersion: r.apiVersion,
    kind: r.kind,
    name: r.name,
    ...(r.namespace !== undefined ? { namespace: r.namespace } : {}),
  };
}

/** The namespace a construct's object is written to: its own, or its chart's. */
export function namespaceOf(c: IConstruct): string | undefined {
  if (ApiObject.isApiObject(c)) return c.metadata.namespace;
  const wrapped = (c as { apiObject?: unknown }).apiObject;
  if (ApiObject.isApiObject(wrapped)) return wrapped.metadata.namespace;
  const resource = c.node.tryFindChild('Resource');
  if (resource && ApiObject.isApiObject(resource)) return resource.metadata.namespace;
  try {
    return Chart.of(c).namespace;
  } catch {
    return undefined;
  }
}

/** `Kind "name" in namespace "ns"` for messages. */
export function describeRef(ref: KReference, namespace: string | undefined): string {
  return `${ref.kind} "${ref.name}" (${ref.apiVersion}) in ${nsText(namespace)}`;
}

function nsText(namespace: string | undefined): string {
  return namespace ? `namespace "${namespace}"` : 'no namespace';
}

function groupOf(apiVersion: string): string {
  const i = apiVersion.indexOf('/');
  return i < 0 ? '' : apiVersion.slice(0, i);
}

/** Records on `sink` a `path` that is not a relative URI (the consumer reports it); returns `sink`. */
function checkPath<T extends Sink>(sink: T, path: string | undefined): T {
  if (path !== undefined && (/^[A-Za-z][A-Za-z0-9+.-]*:/.test(path) || path.startsWith('//'))) {
    deferProblem(sink, 'path', 'must be a relative URI: Knative rejects an absolute URI next to a ref; use Sink.fromUri for absolute URIs', {
      value: path, allowed: 'a relative URI such as "/events"',
    });
  }
  return sink;
}

function consumerLabel(consumer: IConstruct): string {
  const kind = namespaceOwnerKind(consumer);
  return kind ? `this ${kind}` : 'the consumer';
}

function namespaceOwnerKind(c: IConstruct): string | undefined {
  if (ApiObject.isApiObject(c)) return c.kind;
  const wrapped = (c as { apiObject?: unknown }).apiObject;
  if (ApiObject.isApiObject(wrapped)) return wrapped.kind;
  return undefined;
}

function crossNamespaceError(field: string, consumer: IConstruct, ref: KReference, targetNs: string | undefined, consumerNs: string | undefined, hint: string): string {
  return `${field}: ${describeRef(ref, targetNs)} is not in ${consumerLabel(consumer)}'s ${nsText(consumerNs)}; `
    + `crossing namespaces must be explicit: ${hint}`;
}

function withOptions(d: Destination, options: SinkOptions & { path?: string }): Destination {
  return {
    ...d,
    ...(options.path !== undefined ? { uri: options.path } : {}),
    ...(options.caCerts !== undefined ? { CACerts: options.caCerts } : {}),
    ...(options.audience !== undefined ? { audience: options.audience } : {}),
  };
}

/** The target is a construct: it exists if it belongs to the consumer's app. */
class ConstructSink extends Sink {
  public constructor(private readonly target: IConstruct, private readonly ref: KReference, private readonly options: AddressableSinkOptions) {
    super();
  }

  public toDestination(consumer: IConstruct, field = 'sink'): Destination {
    reportDeferred(consumer, field, this);
    const consumerNs = namespaceOf(consumer);
    const targetNs = this.ref.namespace;
    const { target, ref, options } = this;
    consumer.node.addValidation({
      validate: () => {
        if (target.node.root !== consumer.node.root) {
          return [`${field}: ${describeRef(ref, targetNs)} (construct ${target.node.path}) is not defined in this app; an object deployed by another app must be declared external, e.g. Sink.fromReference(ref, { external: true })`];
        }
        if (targetNs !== consumerNs && !options.crossNamespace) {
          return [crossNamespaceError(field, consumer, ref, targetNs, consumerNs, 'Sink.fromAddressable(target, { crossNamespace: true })')];
        }
        if (targetNs === undefined && consumerNs !== undefined) {
          // A ref without a namespace means "the consumer's namespace" to Knative.
          return [`${field}: ${describeRef(ref, targetNs)} cannot be addressed from ${nsText(consumerNs)}: give the target (or its chart) a namespace`];
        }
        return [];
      },
    });
    const { namespace, ...sameNs } = ref;
    return withOptions({ ref: namespace === consumerNs ? sameNs : ref }, options);
  }
}

/** The target is named: it must be found in the app, unless declared external. */
class ReferenceSink extends Sink {
  public constructor(private readonly ref: KReference, private readonly options: ReferenceSinkOptions) {
    super();
  }

  public toDestination(consumer: IConstruct, field = 'sink'): Destination {
    reportDeferred(consumer, field, this);
    const consumerNs = namespaceOf(consumer);
    const { ref, options } = this;
    const targetNs = options.namespace ?? consumerNs;
    consumer.node.addValidation({
      validate: () => {
        const errors: string[] = [];
        const explicit = options.crossNamespace || (options.external && options.namespace !== undefined);
        if (targetNs !== consumerNs && !explicit) {
          errors.push(crossNamespaceError(field, consumer, ref, targetNs, consumerNs, 'pass { crossNamespace: true }'));
        }
        if (!options.external && !findObject(consumer, ref, targetNs)) {
          errors.push(`${field}: ${describeRef(ref, targetNs)} is not defined in this app; pass the construct itself, `
            + 'or, if it is deployed by something else, declare it with { external: true }');
        }
        return errors;
      },
    });
    const full: KReference = targetNs !== consumerNs && targetNs !== undefined ? { ...ref, namespace: targetNs } : ref;
    return withOptions({ ref: full }, options);
  }
}

class UriSink extends Sink {
  public constructor(private readonly uri: string, private readonly options: SinkOptions) {
    super();
  }

  public toDestination(consumer: IConstruct, field = 'sink'): Destination {
    reportDeferred(consumer, field, this);
    return withOptions({ uri: this.uri }, this.options);
  }
}

function findObject(consumer: IConstruct, ref: KReference, namespace: string | undefined): ApiObject | undefined {
  const group = groupOf(ref.apiVersion);
  return consumer.node.root.node.findAll().find((c): c is ApiObject => ApiObject.isApiObject(c)
    && c.kind === ref.kind && c.name === ref.name && groupOf(c.apiVersion) === group
    && c.metadata.namespace === namespace) as ApiObject | undefined;
}
