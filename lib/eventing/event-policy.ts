import { ApiObject } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import type * as l1 from '../../imports/eventing.knative.dev';
import { reportError, reportWarning, requireProp } from '../core/report';
import { Resource } from '../core/resource';
import { IAddressable, KReference } from '../core/sink';
import { compact, createEventingObject, EventingResourceProps, sortedRecord } from './base';
import { Filter } from './filter';
import { namespaceOf } from './sink';

/** The generated L1 GVKs, written out so that rendering does not load the bindings. */
const EVENT_POLICY_GVK: typeof l1.EventPolicy.GVK = { apiVersion: 'eventing.knative.dev/v1alpha1', kind: 'EventPolicy' };

/**
 * A resource an EventPolicy protects (an entry of `spec.to`): an addressable object of the
 * policy's namespace (Broker, Channel, KafkaSink, JobSink, ...), by object, reference or labels.
 */
export class EventPolicyTarget {
  /** An addressable object of this app, in the policy's namespace. */
  public static fromResource(target: IAddressable): EventPolicyTarget {
    return new EventPolicyTarget(target.reference, undefined, target);
  }

  /** An addressable object by apiVersion, kind and name, in the policy's namespace. */
  public static fromReference(ref: Omit<KReference, 'namespace'>): EventPolicyTarget {
    return new EventPolicyTarget({ apiVersion: ref.apiVersion, kind: ref.kind, name: ref.name }, undefined);
  }

  /** Every object of a kind (`eventing.knative.dev/v1` `Broker`) with these labels, in the policy's namespace. */
  public static fromSelector(apiVersion: string, kind: string, matchLabels: Record<string, string>): EventPolicyTarget {
    return new EventPolicyTarget(undefined, { apiVersion, kind, matchLabels: { ...matchLabels } });
  }

  private constructor(
    /** @internal */ public readonly _ref: KReference | undefined,
    /** @internal */ public readonly _selector: { apiVersion: string; kind: string; matchLabels: Record<string, string> } | undefined,
    /** @internal */ public readonly _construct?: IAddressable,
  ) {}
}

/**
 * Who may send events (an entry of `spec.from`): a resource whose OIDC identity Knative resolves
 * (a source, a Trigger, a Subscription, ...), or an OIDC subject.
 */
export class EventPolicySender {
  /**
   * A source or other sender of this app (PingSource, ApiServerSource, Trigger, ...): Knative
   * resolves it to the OIDC service account it sends with. It may live in another namespace.
   */
  public static fromResource(sender: Resource): EventPolicySender {
    return new EventPolicySender(sender.reference, undefined);
  }

  /** A sender by reference; without a namespace, the policy's namespace. */
  public static fromReference(ref: KReference): EventPolicySender {
    return new EventPolicySender({ ...ref }, undefined);
  }

  /**
   * An OIDC subject (the token's `sub` claim), such as `system:serviceaccount:team-a:uploader`. A
   * trailing `*` matches any suffix (`system:serviceaccount:team-a:*`); `*` anywhere else is refused.
   */
  public static fromSubject(subject: string): EventPolicySender {
    return new EventPolicySender(undefined, subject);
  }

  /**
   * A Kubernetes ServiceAccount (a cdk8s-plus one, or a name), as the subject
   * `system:serviceaccount:<namespace>:<name>`, for workloads that send with a projected token.
   * @param namespace the ServiceAccount's namespace; defaults to the one it declares, else the policy's
   */
  public static fromServiceAccount(serviceAccount: kplus.IServiceAccount | string, namespace?: string): EventPolicySender {
    const name = typeof serviceAccount === 'string' ? serviceAccount : serviceAccount.name;
    const declared = typeof serviceAccount === 'string' ? undefined : (serviceAccount as { metadata?: { namespace?: string } }).metadata?.namespace;
    return new EventPolicySender(undefined, undefined, { name, namespace: namespace ?? declared });
  }

  private constructor(
    /** @internal */ public readonly _ref: KReference | undefined,
    /** @internal */ public readonly _sub: string | undefined,
    /** @internal */ public readonly _serviceAccount?: { name: string; namespace?: string },
  ) {}
}

/** Properties of an {@link EventPolicy}. */
export interface EventPolicyProps extends EventingResourceProps {
  /**
   * Who may send events to the targets (`spec.from`). An empty list lets nobody in (and is
   * reported as a warning).
   */
  readonly from: readonly EventPolicySender[];

  /**
   * The resources the policy protects (`spec.to`), all in the policy's namespace.
   * @default - every addressable resource in the policy's namespace
   */
  readonly to?: readonly EventPolicyTarget[];

  /**
   * SubscriptionsAPI filters an event must pass, in addition to coming from an allowed sender
   * (`spec.filters`); every filter must match.
   * @default - no filters
   */
  readonly filters?: readonly Filter[];
}

/**
 * Who may send events to which addressables (`eventing.knative.dev/v1alpha1` EventPolicy).
 * Knative checks the OIDC token of each request against the policies that apply to the target;
 * a target that no policy applies to follows the cluster's `default-authorization-mode`.
 * EventPolicies need the `authentication-oidc` Eventing feature: the webhook refuses them
 * otherwise, and so does the synth unless the app's ClusterSettings enable it.
 *
 * @example
 * ClusterSettings.apply(app, { eventing: { features: { 'authentication-oidc': 'Enabled' } } });
 * new EventPolicy(chart, 'OnlyPing', {
 *   to: [EventPolicyTarget.fromResource(broker)],
 *   from: [EventPolicySender.fromResource(ping), EventPolicySender.fromSubject('system:serviceaccount:ops:*')],
 * });
 */
export class EventPolicy extends Resource {
  public readonly apiObject: ApiObject;

  public constructor(scope: Construct, id: string, props: EventPolicyProps) {
    super(scope, id);
    requireProp('EventPolicy', props, 'from');
    this.apiObject = createEventingObject(this, EVENT_POLICY_GVK, props.metadata, () => compact({
      to: to.length ? to : undefined,
      from,
      filters: props.filters?.length ? props.filters.map((f) => f.toJson()) : undefined,
    }));
    const ns = this.namespace;
    const from = props.from.map((f, i) => this.renderSender(f, `from[${i}]`, ns));
    const to = (props.to ?? []).map((t, i) => this.renderTarget(t, `to[${i}]`, ns));
    if (props.from.length === 0) {
      reportWarning(this, 'from', 'an EventPolicy without senders lets no one send to its targets', { allowed: 'at least one EventPolicySender' });
    }
  }

  private renderSender(sender: EventPolicySender, prop: string, ns: string | undefined): Record<string, unknown> {
    if (sender._ref) {
      const ref = sender._ref;
      for (const field of ['apiVersion', 'kind', 'name'] as const) {
        if (!ref[field]) reportError(this, `${prop}.${field}`, 'must not be empty', { value: ref[field] });
      }
      return { ref: compact({ apiVersion: ref.apiVersion, kind: ref.kind, name: ref.name, namespace: ref.namespace ?? ns })! };
    }
    if (sender._serviceAccount) {
      const sa = sender._serviceAccount;
      const saNs = sa.namespace ?? ns;
      if (!sa.name) reportError(this, prop, 'the ServiceAccount name must not be empty', { value: sa.name });
      if (!saNs) reportError(this, prop, 'the ServiceAccount needs a namespace: give the policy (or its chart) one, or pass it', { value: sa.name });
      return { sub: `system:serviceaccount:${saNs}:${sa.name}` };
    }
    const sub = sender._sub ?? '';
    if (!sub) {
      reportError(this, `${prop}.sub`, 'must not be empty', { value: sub, allowed: 'an OIDC subject, optionally ending in *' });
    } else if (sub.length > 1 && sub.slice(0, -1).includes('*')) {
      reportError(this, `${prop}.sub`, "'*' is only allowed as suffix", { value: sub, allowed: 'a subject with at most a trailing *, e.g. system:serviceaccount:team-a:*' });
    }
    return { sub };
  }

  private renderTarget(target: EventPolicyTarget, prop: string, ns: string | undefined): Record<string, unknown> {
    if (target._selector) {
      const s = target._selector;
      if (!s.apiVersion || !s.kind) reportError(this, prop, 'a selector needs an apiVersion and a kind', { value: { apiVersion: s.apiVersion, kind: s.kind } });
      return { selector: { apiVersion: s.apiVersion, kind: s.kind, matchLabels: sortedRecord(s.matchLabels) } };
    }
    const ref = target._ref!;
    for (const field of ['apiVersion', 'kind', 'name'] as const) {
      if (!ref[field]) reportError(this, `${prop}.${field}`, 'must not be empty', { value: ref[field] });
    }
    const targetNs = target._construct ? namespaceOf(target._construct) : ref.namespace;
    if (targetNs !== undefined && ns !== undefined && targetNs !== ns) {
      reportError(this, prop, `${ref.kind} "${ref.name}" is in namespace "${targetNs}": an EventPolicy protects only resources of its own namespace`, {
        value: targetNs, allowed: ns,
      });
    }
    return { ref: { apiVersion: ref.apiVersion, kind: ref.kind, name: ref.name } };
  }
}
