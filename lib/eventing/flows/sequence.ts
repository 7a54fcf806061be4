import { ApiObject } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { Resource } from '../../core/resource';
import { Destination, IAddressable, ISink } from '../../core/sink';
import type * as l1 from '../../../imports/flows.knative.dev';
import { compact, createEventingObject, EventingResourceProps } from '../base';
import { Delivery, renderDelivery } from '../delivery';
import { ChannelTemplate } from '../messaging/channel';
import { bindSink, renderDestination, Sink } from '../sink';
import { reportDeferred } from '../problems';
import { requireProp } from '../../core/report';

/** The generated L1 GVKs, written out so that rendering does not load the bindings. */
const SEQUENCE_GVK: typeof l1.Sequence.GVK = { apiVersion: 'flows.knative.dev/v1', kind: 'Sequence' };

/** Options of one step of a Sequence. */
export interface SequenceStepOptions {
  /**
   * Delivery to this step.
   * @default - the channel's delivery
   */
  readonly delivery?: Delivery;
}

/** Props of a Sequence. */
export interface SequenceProps extends EventingResourceProps {
  /**
   * The steps, in order (`spec.steps`): each step's reply is the next step's input. At least
   * one, here or with `addStep`.
   * @default - none yet: add them with `addStep`
   */
  readonly steps?: ISink[];
  /**
   * Where the last step's reply goes (`spec.reply`).
   * @default - the last reply is dropped
   */
  readonly reply?: ISink;
  /**
   * The channels between steps (`spec.channelTemplate`).
   * @default - the cluster default (InMemoryChannel on a stock install)
   */
  readonly channelTemplate?: ChannelTemplate;
}

/**
 * A Sequence (`flows.knative.dev/v1`): sends each event through its steps in order; it is
 * addressable, so sources and triggers can send to it.
 *
 * @example
 * const seq = new Sequence(chart, 'pipeline', { steps: [checksum, indexer], reply: notifier });
 */
export class Sequence extends Resource implements IAddressable {
  public readonly apiObject: ApiObject;
  private readonly steps: Record<string, unknown>[] = [];

  public constructor(scope: Construct, id: string, props: SequenceProps = {}) {
    super(scope, id);
    requireProp('Sequence', props);
    reportDeferred(this, 'channelTemplate', props.channelTemplate);
    this.apiObject = createEventingObject(this, SEQUENCE_GVK, props.metadata, () => compact({
      steps: this.steps,
      channelTemplate: props.channelTemplate?.toJson(),
      reply,
    }));
    const reply = props.reply ? renderDestination(bindSink(this, 'spec.reply', props.reply)) : undefined;
    for (const step of props.steps ?? []) this.addStep(step);
  }

  /** Appends a step. */
  public addStep(step: ISink, options: SequenceStepOptions = {}): void {
    const field = `spec.steps[${this.steps.length}]`;
    this.steps.push({
      ...renderDestination(bindSink(this, field, step)),
      ...(options.delivery ? { delivery: renderDelivery(this, `${field}.delivery`, options.delivery) } : {}),
    });
  }

  /** Addresses this sequence from `consumer`. */
  public toDestination(consumer: IConstruct, field?: string): Destination {
    return Sink.fromAddressable(this).toDestination(consumer, field);
  }
}
