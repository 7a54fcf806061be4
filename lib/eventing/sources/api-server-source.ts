import { ApiObject } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { Resource } from '../../core/resource';
import type * as l1 from '../../../imports/sources.knative.dev';
import { checkCeOverrides, compact, createEventingObject, renderCeOverrides, sortedRecord } from '../base';
import { Filter } from '../filter';
import { bindSink, renderDestination } from '../sink';
import { SourceProps } from './source';
import { reportDeferred } from '../problems';
import { reportError, requireProp, showValue } from '../../core/report';

/** The generated L1 GVKs, written out so that rendering does not load the bindings. */
const API_SERVER_SOURCE_GVK: typeof l1.ApiServerSource.GVK = { apiVersion: 'sources.knative.dev/v1', kind: 'ApiServerSource' };

/** What the events of an ApiServerSource carry. */
export enum ApiServerSourceMode {
  /** A reference to the changed object (`dev.knative.apiserver.ref.*` events). */
  REFERENCE = 'Reference',
  /** The whole changed object (`dev.knative.apiserver.resource.*` events). */
  RESOURCE = 'Resource',
}

/** How a label selector requirement relates a label to its values. */
export enum LabelSelectorOperator {
  /** The label is one of `values`. */
  IN = 'In',
  /** The label is absent, or none of `values`. */
  NOT_IN = 'NotIn',
  /** The label is present, whatever its value (no `values`). */
  EXISTS = 'Exists',
  /** The label is absent (no `values`). */
  DOES_NOT_EXIST = 'DoesNotExist',
}

/** One requirement of a label selector (`matchExpressions[]`). */
export interface LabelSelectorRequirement {
  /** The label key. */
  readonly key: string;
  /** How the label relates to `values`. */
  readonly operator: LabelSelectorOperator;
  /**
   * The values: at least one for In and NotIn, none for Exists and DoesNotExist.
   * @default - none
   */
  readonly values?: string[];
}

/** A kind of object to watch. */
export interface ApiServerResource {
  /** The apiVersion of the objects to watch (`v1`, `apps/v1`). */
  readonly apiVersion: string;
  /** The kind of the objects to watch (`Event`, `Deployment`). */
  readonly kind: string;
  /**
   * Only objects with these labels.
   * @default - every object of the kind
   */
  readonly matchLabels?: Record<string, string>;
  /**
   * Only objects whose labels meet all these requirements (`selector.matchExpressions`), ANDed
   * with `matchLabels`.
   * @default - no requirement beyond `matchLabels`
   */
  readonly matchExpressions?: LabelSelectorRequirement[];
}

/** An owner kind: only objects with an owner of this kind are watched. */
export interface ApiServerOwner {
  /** The owner's apiVersion (`apps/v1`). */
  readonly apiVersion: string;
  /** The owner's kind (`Deployment`). */
  readonly kind: string;
}

/** Props of an ApiServerSource. */
export interface ApiServerSourceProps extends SourceProps {
  /**
   * The kinds of objects to watch (`spec.resources`); at least one, here or with `addResource`.
   * @default - none yet: add them with `addResource`
   */
  readonly resources?: ApiServerResource[];
  /**
   * What the events carry (`spec.mode`).
   * @default ApiServerSourceMode.REFERENCE
   */
  readonly mode?: ApiServerSourceMode;
  /**
   * The ServiceAccount the adapter runs as (`spec.serviceAccountName`). It needs RBAC to get,
   * list and watch the resources; the namespace's `default` account usually cannot.
   * @default - the namespace's `default` ServiceAccount
   */
  readonly serviceAccount?: kplus.IServiceAccount | string;
  /**
   * Only objects owned by an object of this apiVersion and kind (`spec.owner`).
   * @default - any owner
   */
  readonly owner?: ApiServerOwner;
  /**
   * Watch the namespaces with these labels (`spec.namespaceSelector`).
   * @default - the source's own namespace
   */
  readonly namespaceSelector?: Record<string, string>;
  /**
   * SubscriptionsAPI filters on the produced events (`spec.filters`). Needs the
   * `new-apiserversource-filters` Eventing feature (Disabled on a stock install).
   * @default - no filters
   */
  readonly filters?: Filter[];
}

/**
 * An ApiServerSource (`sources.knative.dev/v1`): Kubernetes API changes as CloudEvents.
 *
 * @example
 * new ApiServerSource(chart, 'k8s-events', {
 *   resources: [{ apiVersion: 'v1', kind: 'Event' }],
 *   serviceAccount: watcher, sink: broker,
 * });
 */
export class ApiServerSource extends Resource {
  public readonly apiObject: ApiObject;
  private readonly resources: ApiServerResource[] = [];

  public constructor(scope: Construct, id: string, props: ApiServerSourceProps) {
    super(scope, id);
    requireProp('ApiServerSource', props, 'sink');
    checkCeOverrides(this, props.ceOverrides);
    (props.filters ?? []).forEach((f, i) => {
      if (!(f instanceof Filter)) throw new TypeError(`ApiServerSource: 'filters[${i}]' must be a Filter (Filter.exact(...), ...), got ${showValue(f)}`);
      reportDeferred(this, `filters[${i}]`, f);
    });
    for (const r of props.resources ?? []) this.addResource(r);
    const sa = typeof props.serviceAccount === 'string' ? props.serviceAccount : props.serviceAccount?.name;
    this.apiObject = createEventingObject(this, API_SERVER_SOURCE_GVK, props.metadata, () => compact({
      mode: props.mode ?? ApiServerSourceMode.REFERENCE,
      resources: this.resources.map((r) => compact({
        apiVersion: r.apiVersion,
        kind: r.kind,
        selector: r.matchLabels || r.matchExpressions?.length ? compact({
          matchExpressions: r.matchExpressions?.length ? r.matchExpressions.map((e) => compact({ key: e.key, operator: e.operator, values: e.values ? [...e.values] : undefined })) : undefined,
          matchLabels: r.matchLabels ? sortedRecord(r.matchLabels) : undefined,
        }) : undefined,
      })),
      owner: props.owner ? { apiVersion: props.owner.apiVersion, kind: props.owner.kind } : undefined,
      namespaceSelector: props.namespaceSelector ? { matchLabels: sortedRecord(props.namespaceSelector) } : undefined,
      serviceAccountName: sa,
      filters: props.filters?.length ? props.filters.map((f) => f.toJson()) : undefined,
      sink,
      ceOverrides: renderCeOverrides(props.ceOverrides),
    }));
    const sink = renderDestination(bindSink(this, 'spec.sink', props.sink));
  }

  /** Watches one more kind of object. */
  public addResource(resource: ApiServerResource): void {
    requireProp('ApiServerResource', resource, 'apiVersion', 'kind');
    const at = `resources[${this.resources.length}]`;
    if (!resource.apiVersion.trim()) reportError(this, `${at}.apiVersion`, 'must not be empty', { value: resource.apiVersion, allowed: "an apiVersion such as 'v1' or 'apps/v1'" });
    if (!resource.kind.trim()) reportError(this, `${at}.kind`, 'must not be empty', { value: resource.kind, allowed: "a kind such as 'Event'" });
    (resource.matchExpressions ?? []).forEach((e, i) => {
      const prop = `${at}.matchExpressions[${i}]`;
      const values = e.values ?? [];
      const needsValues = e.operator === LabelSelectorOperator.IN || e.operator === LabelSelectorOperator.NOT_IN;
      if (!Object.values(LabelSelectorOperator).includes(e.operator)) {
        reportError(this, `${prop}.operator`, 'is not a valid label selector operator', { value: e.operator, allowed: 'In, NotIn, Exists, DoesNotExist' });
      } else if (needsValues && values.length === 0) {
        reportError(this, `${prop}.values`, `must be non-empty for operator ${e.operator}`, { value: values, allowed: 'one or more label values' });
      } else if (!needsValues && values.length > 0) {
        reportError(this, `${prop}.values`, `must be empty for operator ${e.operator}`, { value: values, allowed: 'no values' });
      }
    });
    this.resources.push(resource);
  }
}
