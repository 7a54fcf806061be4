import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { Resource } from '../core/resource';
import { ISink, KReference } from '../core/sink';
import type * as l1 from '../../imports/eventing.knative.dev';
import { compact, createEventingObject, EventingResourceProps, sortedRecord } from './base';
import type { IBroker } from './broker';
import { Delivery, renderDelivery } from './delivery';
import { ATTRIBUTE_NAME_MESSAGE, badAttributeNames, Filter } from './filter';
import { reportDeferred } from './problems';
import { reportError, requireProp, showValue } from '../core/report';
import { bindSink, describeRef, namespaceOf, renderDestination } from './sink';

/** The generated L1 GVKs, written out so that rendering does not load the bindings. */
const BROKER_GVK: typeof l1.Broker.GVK = { apiVersion: 'eventing.knative.dev/v1', kind: 'Broker' };
const TRIGGER_GVK: typeof l1.Trigger.GVK = { apiVersion: 'eventing.knative.dev/v1', kind: 'Trigger' };

/** The annotation that makes a Trigger wait for another object to be ready. */
export const TRIGGER_DEPENDENCY_ANNOTATION = 'knative.dev/dependency';
/** The annotation that asks Knative to create the namespace's `default` broker for a Trigger. */
export const TRIGGER_INJECTION_ANNOTATION = 'eventing.knative.dev/injection';

/**
 * What a Trigger can wait for: any construct of this library with a `reference` (usually an event
 * source, e.g. a PingSource), or a reference to an object deployed by something else.
 */
export type TriggerDependency = { readonly reference: KReference } | KReference;

/** Props of a Trigger, apart from its broker (what `broker.addTrigger` takes). */
export interface TriggerOptions extends EventingResourceProps {
  /**
   * Where matching events go (`spec.subscriber`): a KnativeService, a Sequence, a URI, ...
   * Whatever it replies is sent back to the broker as a new event.
   */
  readonly subscriber: ISink;
  /**
   * Exact-match filter on CloudEvent attributes (`spec.filter.attributes`). An empty value
   * matches any value of an attribute that is present. Names are lower-case letters and
   * digits, starting with a letter (no `_`, `-` or `.`), as the webhook requires.
   * @default - no attribute filter
   */
  readonly attributes?: Record<string, string>;
  /**
   * SubscriptionsAPI filters (`spec.filters`): all must match. When set, Knative ignores
   * `attributes`.
   * @default - no filters: every event matches
   */
  readonly filters?: Filter[];
  /**
   * Delivery for this trigger (`spec.delivery`), overriding the broker's.
   * @default - the broker's delivery
   */
  readonly delivery?: Delivery;
  /**
   * Allows the broker to live in another namespace (written as `spec.brokerRef`). Needs the
   * `cross-namespace-event-links` Eventing feature.
   * @default false
   */
  readonly crossNamespace?: boolean;
  /**
   * An object the Trigger waits for before it is Ready (`knative.dev/dependency` annotation),
   * typically the source whose events it subscribes to, so that no event is sent before the
   * subscription is in place. It must be in the Trigger's namespace.
   * @default - no dependency
   */
  readonly dependency?: TriggerDependency;
  /**
   * Asks Knative to create (true) the namespace's `default` broker for this Trigger, or not
   * (false) (`eventing.knative.dev/injection: enabled|disabled`). Only allowed on a Trigger of the
   * broker named `default` in its own namespace, as the webhook requires.
   * @default - no annotation: the broker must exist
   */
  readonly injection?: boolean;
}

/** Props of a Trigger. */
export interface TriggerProps extends TriggerOptions {
  /**
   * The broker to receive events from (`spec.broker`). Immutable after creation.
   */
  readonly broker: IBroker;
}

/**
 * A Knative Trigger (`eventing.knative.dev/v1`): delivers the events of a broker that match its
 * filters to a subscriber.
 *
 * @example
 * new Trigger(chart, 'uploads', {
 *   broker, subscriber: checksum,
 *   filters: [Filter.exact({ type: 'ch.cern.file.uploaded' })],
 * });
 */
export class Trigger extends Resource {
  public readonly apiObject: ApiObject;
  /** The broker this trigger subscribes to. */
  public readonly broker: IBroker;
  private readonly subscriber: Record<string, unknown>;
  private readonly attributes: Record<string, string> = {};
  private readonly filters: Filter[] = [];
  private readonly delivery?: Record<string, unknown>;
  private readonly crossNamespace: boolean;

  public constructor(scope: Construct, id: string, props: TriggerProps) {
    super(scope, id);
    requireProp('Trigger', props, 'broker', 'subscriber');
    this.broker = props.broker;
    this.crossNamespace = props.crossNamespace ?? false;
    this.apiObject = createEventingObject(this, TRIGGER_GVK, props.metadata, () => this.renderSpec());
    this.subscriber = renderDestination(bindSink(this, 'spec.subscriber', props.subscriber));
    if (props.delivery) this.delivery = renderDelivery(this, 'spec.delivery', props.delivery);
    for (const [k, v] of Object.entries(props.attributes ?? {})) this.addAttributeFilter(k, v);
    for (const f of props.filters ?? []) this.addFilter(f);
    this.node.addValidation({ validate: () => this.checkBroker() });
    if (props.dependency !== undefined) this.addDependency(props.dependency);
    if (props.injection !== undefined) this.setInjection(props.injection);
  }

  private addDependency(dependency: TriggerDependency): void {
    const ref: KReference = typeof dependency === 'object' && dependency !== null && 'reference' in dependency ? dependency.reference : dependency as KReference;
    if (typeof ref !== 'object' || ref === null) {
      throw new TypeError(`Trigger: 'dependency' must be a construct with a reference (a PingSource, ...) or a KReference, got ${showValue(dependency)}`);
    }
    for (const field of ['apiVersion', 'kind', 'name'] as const) {
      if (typeof ref[field] !== 'string' || !ref[field].trim()) reportError(this, `dependency.${field}`, 'missing field(s)', { value: ref[field], allowed: 'a non-empty string' });
    }
    if (ref.namespace !== undefined && ref.namespace !== this.namespace) {
      reportError(this, 'dependency.namespace', `must be empty or equal to the trigger namespace ${JSON.stringify(this.namespace ?? '')}`, {
        value: ref.namespace, allowed: this.namespace ?? 'no namespace',
      });
    }
    // Written in the Trigger's namespace; a namespace is not needed (and upstream allows only that one).
    this.apiObject.metadata.addAnnotation(TRIGGER_DEPENDENCY_ANNOTATION, JSON.stringify({ apiVersion: ref.apiVersion, kind: ref.kind, name: ref.name }));
  }

  private setInjection(enabled: boolean): void {
    if (typeof enabled !== 'boolean') throw new TypeError(`Trigger: 'injection' must be a boolean, got ${showValue(enabled)}`);
    const useRef = !this.sameNamespace && this.explicitCrossNamespace;
    if (this.broker.name !== 'default' || useRef) {
      reportError(this, 'injection', 'The provided injection annotation is only used for default broker, but non-default broker specified here', {
        value: useRef ? `brokerRef ${this.broker.namespace}/${this.broker.name}` : this.broker.name, allowed: "a Trigger of the broker named 'default' in its own namespace",
      });
    }
    this.apiObject.metadata.addAnnotation(TRIGGER_INJECTION_ANNOTATION, enabled ? 'enabled' : 'disabled');
  }

  /** Requires CloudEvent attribute `name` to equal `value` (`spec.filter.attributes`); `''` means "present". */
  public addAttributeFilter(name: string, value: string): void {
    if (badAttributeNames({ [name]: value }).length) {
      reportError(this, 'attributes', `invalid key name ${JSON.stringify(name)}: ${ATTRIBUTE_NAME_MESSAGE}`, {
        value: name, allowed: 'lower-case letters and digits, starting with a letter',
      });
    }
    this.attributes[name] = value;
  }

  /** Adds a SubscriptionsAPI filter (`spec.filters`); every filter must match. */
  public addFilter(filter: Filter): void {
    if (!(filter instanceof Filter)) throw new TypeError(`Trigger.addFilter: expected a Filter (Filter.exact(...), Filter.cesql(...), ...), got ${showValue(filter)}`);
    reportDeferred(this, `filters[${this.filters.length}]`, filter);
    this.filters.push(filter);
  }

  private get sameNamespace(): boolean {
    return this.broker.namespace === this.namespace;
  }

  private get explicitCrossNamespace(): boolean {
    return this.crossNamespace || (this.broker.external === true && this.broker._explicitNamespace === true);
  }

  private renderSpec(): Record<string, unknown> | undefined {
    // An unasked-for cross-namespace broker is reported by checkBroker; it stays a plain name here.
    const useRef = !this.sameNamespace && this.explicitCrossNamespace;
    const brokerRef = useRef
      ? { apiVersion: BROKER_GVK.apiVersion, kind: BROKER_GVK.kind, name: this.broker.name, namespace: this.broker.namespace }
      : undefined;
    return compact({
      broker: useRef ? undefined : this.broker.name,
      brokerRef,
      filter: Object.keys(this.attributes).length ? { attributes: sortedRecord(this.attributes) } : undefined,
      filters: this.filters.length ? this.filters.map((f) => f.toJson()) : undefined,
      subscriber: this.subscriber,
      delivery: this.delivery,
    });
  }

  private checkBroker(): string[] {
    const broker = this.broker;
    if (!broker.external && broker.node.root !== this.node.root) {
      return [`spec.broker: ${describeRef(broker.reference, broker.namespace)} (construct ${broker.node.path}) is not defined in this app; use Broker.fromBrokerName() for a broker deployed elsewhere`];
    }
    if (this.sameNamespace) return [];
    if (!this.explicitCrossNamespace) {
      return [`spec.broker: ${describeRef(broker.reference, broker.namespace)} is not in this Trigger's ${this.namespace ? `namespace "${this.namespace}"` : 'namespace'}; `
        + 'crossing namespaces must be explicit: pass { crossNamespace: true } (needs the cross-namespace-event-links feature)'];
    }
    if (broker.namespace === undefined) {
      return [`spec.broker: ${describeRef(broker.reference, undefined)} has no namespace, so a Trigger in namespace "${namespaceOf(this)}" cannot reference it across namespaces`];
    }
    return [];
  }
}
