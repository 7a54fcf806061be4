import { ApiObject } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { Resource } from '../../core/resource';
import type * as l1 from '../../../imports/sources.knative.dev';
import { checkCeOverrides, compact, createEventingObject, renderCeOverrides, sortedRecord } from '../base';
import { bindSink, renderDestination } from '../sink';
import { SourceProps } from './source';
import { deferProblem, reportDeferred } from '../problems';
import { requireProp, showValue } from '../../core/report';

/** The generated L1 GVKs, written out so that rendering does not load the bindings. */
const SINK_BINDING_GVK: typeof l1.SinkBinding.GVK = { apiVersion: 'sources.knative.dev/v1', kind: 'SinkBinding' };

/** The workloads a SinkBinding injects `K_SINK` into. */
export class BindingSubject {
  /**
   * An object of this app: a cdk8s-plus Deployment, Job, CronJob, ... or any ApiObject with a pod
   * template. It must live in the binding's namespace.
   */
  public static fromObject(object: IConstruct): BindingSubject {
    const api = ApiObject.isApiObject(object) ? object : (object as { apiObject?: unknown }).apiObject;
    if (!ApiObject.isApiObject(api)) {
      throw new TypeError(`BindingSubject.fromObject: ${showValue(object?.node?.path ?? object)} is neither an ApiObject nor a construct with an 'apiObject'; pass a cdk8s-plus workload or an ApiObject, or use BindingSubject.fromName`);
    }
    return new BindingSubject(api.apiVersion, api.kind, api.name, undefined);
  }

  /** One object by apiVersion, kind and name. */
  public static fromName(apiVersion: string, kind: string, name: string): BindingSubject {
    return new BindingSubject(apiVersion, kind, name, undefined);
  }

  /** Every object of a kind with these labels. */
  public static fromLabels(apiVersion: string, kind: string, matchLabels: Record<string, string>): BindingSubject {
    if (typeof matchLabels !== 'object' || matchLabels === null) throw new TypeError(`BindingSubject.fromLabels: 'matchLabels' must be an object of labels, got ${showValue(matchLabels)}`);
    const out = new BindingSubject(apiVersion, kind, undefined, matchLabels);
    if (Object.keys(matchLabels).length === 0) deferProblem(out, 'matchLabels', 'must not be empty: an empty selector would bind every workload of the kind', { value: {}, allowed: 'one or more labels' });
    return out;
  }

  private constructor(
    private readonly apiVersion: string,
    private readonly kind: string,
    private readonly name: string | undefined,
    private readonly matchLabels: Record<string, string> | undefined,
  ) {}

  /** The subject as written in `spec.subject`, in `namespace`. */
  public toJson(namespace: string | undefined): Record<string, unknown> {
    return compact({
      apiVersion: this.apiVersion,
      kind: this.kind,
      namespace,
      name: this.name,
      selector: this.matchLabels ? { matchLabels: sortedRecord(this.matchLabels) } : undefined,
    })!;
  }
}

/** Props of a SinkBinding. */
export interface SinkBindingProps extends SourceProps {
  /** The workloads that get `K_SINK` (and `K_CE_OVERRIDES`) injected (`spec.subject`). */
  readonly subject: BindingSubject;
}

/**
 * A SinkBinding (`sources.knative.dev/v1`): tells existing workloads where to send events by
 * injecting the sink's URL as `K_SINK`.
 *
 * @example
 * new SinkBinding(chart, 'bind', { subject: BindingSubject.fromObject(deployment), sink: broker });
 */
export class SinkBinding extends Resource {
  public readonly apiObject: ApiObject;

  public constructor(scope: Construct, id: string, props: SinkBindingProps) {
    super(scope, id);
    requireProp('SinkBinding', props, 'subject', 'sink');
    if (!(props.subject instanceof BindingSubject)) throw new TypeError(`SinkBinding: 'subject' must be a BindingSubject (BindingSubject.fromObject(...), ...), got ${showValue(props.subject)}`);
    reportDeferred(this, 'subject', props.subject);
    checkCeOverrides(this, props.ceOverrides);
    this.apiObject = createEventingObject(this, SINK_BINDING_GVK, props.metadata, () => compact({
      subject: props.subject.toJson(this.namespace),
      sink,
      ceOverrides: renderCeOverrides(props.ceOverrides),
    }));
    const sink = renderDestination(bindSink(this, 'spec.sink', props.sink));
  }
}
