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
const PARALLEL_GVK: typeof l1.Parallel.GVK = { apiVersion: 'flows.knative.dev/v1', kind: 'Parallel' };

/** One branch of a Parallel. */
export interface ParallelBranch {
  /**
   * Decides whether the branch gets the event: a sink that replies with the event to pass it
   * on, or with nothing to drop it (`filter`).
   * @default - every event enters the branch
   */
  readonly filter?: ISink;
  /** Handles the events of the branch (`subscriber`). */
  readonly subscriber: ISink;
  /**
   * Where this branch's replies go (`reply`).
   * @default - the Parallel's reply
   */
  readonly reply?: ISink;
  /**
   * Delivery to the subscriber.
   * @default - the channel's delivery
   */
  readonly delivery?: Delivery;
}

/** Props of a Parallel. */
export interface ParallelProps extends EventingResourceProps {
  /**
   * The branches (`spec.branches`); every event is offered to each. At least one, here or with
   * `addBranch`.
   * @default - none yet: add them with `addBranch`
   */
  readonly branches?: ParallelBranch[];
  /**
   * Where the branches' replies go unless a branch sets its own (`spec.reply`).
   * @default - replies are dropped
   */
  readonly reply?: ISink;
  /**
   * The channels behind the branches (`spec.channelTemplate`).
   * @default - the cluster default (InMemoryChannel on a stock install)
   */
  readonly channelTemplate?: ChannelTemplate;
}

/**
 * A Parallel (`flows.knative.dev/v1`): offers each event to every branch; a branch's filter
 * decides whether its subscriber gets it.
 *
 * @example
 * new Parallel(chart, 'fanout', { branches: [{ filter: isRootFile, subscriber: rootIndexer }, { subscriber: auditor }] });
 */
export class Parallel extends Resource implements IAddressable {
  public readonly apiObject: ApiObject;
  private readonly branches: Record<string, unknown>[] = [];

  public constructor(scope: Construct, id: string, props: ParallelProps = {}) {
    super(scope, id);
    requireProp('Parallel', props);
    reportDeferred(this, 'channelTemplate', props.channelTemplate);
    this.apiObject = createEventingObject(this, PARALLEL_GVK, props.metadata, () => compact({
      branches: this.branches,
      channelTemplate: props.channelTemplate?.toJson(),
      reply,
    }));
    const reply = props.reply ? renderDestination(bindSink(this, 'spec.reply', props.reply)) : undefined;
    for (const branch of props.branches ?? []) this.addBranch(branch);
  }

  /** Adds a branch. */
  public addBranch(branch: ParallelBranch): void {
    requireProp('ParallelBranch', branch, 'subscriber');
    const field = `spec.branches[${this.branches.length}]`;
    this.branches.push(compact({
      filter: branch.filter ? renderDestination(bindSink(this, `${field}.filter`, branch.filter)) : undefined,
      subscriber: renderDestination(bindSink(this, `${field}.subscriber`, branch.subscriber)),
      reply: branch.reply ? renderDestination(bindSink(this, `${field}.reply`, branch.reply)) : undefined,
      delivery: branch.delivery ? renderDelivery(this, `${field}.delivery`, branch.delivery) : undefined,
    })!);
  }

  /** Addresses this parallel from `consumer`. */
  public toDestination(consumer: IConstruct, field?: string): Destination {
    return Sink.fromAddressable(this).toDestination(consumer, field);
  }
}
