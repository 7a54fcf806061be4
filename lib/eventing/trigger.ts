import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { Resource } from '../core/resource';
import { ISink } from '../core/sink';
import * as l1 from '../../imports/eventing.knative.dev';
import { compact, createEventingObject, EventingResourceProps, sortedRecord } from './base';
import type { IBroker } from './broker';
import { Delivery, renderDelivery } from './delivery';
import { ATTRIBUTE_NAME_MESSAGE, badAttributeNames, Filter } from './filter';
import { reportDeferred } from './problems';
import { reportError, requireProp, showValue } from '../core/report';
import { bindSink, describeRef, namespaceOf, renderDestination } from './sink';

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
    this.apiObject = createEventingObject(this, l1.Trigger.GVK, props.metadata, () => this.renderSpec());
    this.subscriber = renderDestination(bindSink(this, 'spec.subscriber', props.subscriber));
    if (props.delivery) this.delivery = renderDelivery(this, 'spec.delivery', props.delivery);
    for (const [k, v] of Object.entries(props.attributes ?? {})) this.addAttributeFilter(k, v);
    for (const f of props.filters ?? []) this.addFilter(f);
    this.node.addValidation({ validate: () => this.checkBroker() });
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
      ? { apiVersion: l1.Broker.GVK.apiVersion, kind: l1.Broker.GVK.kind, name: this.broker.name, namespace: this.broker.namespace }
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
