import { ApiObject, Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct, IConstruct } from 'constructs';
import { Resource } from '../../core/resource';
import { Destination, IAddressable } from '../../core/sink';
import type * as l1 from '../../../imports/sinks.knative.dev';
import { checkContainers, compact, createEventingObject, EventingResourceProps, renderContainers } from '../base';
import { checkedSeconds } from '../../core/duration';
import { reportError, requireProp } from '../../core/report';

const INT32_MAX = 2 ** 31 - 1;
import { Sink } from '../sink';
import { ContainerSecurity, effectiveLevel } from '../../serving/security';
import type { ContainerSourceContainer } from '../sources/container-source';

/** The generated L1 GVKs, written out so that rendering does not load the bindings. */
const JOB_SINK_GVK: typeof l1.JobSink.GVK = { apiVersion: 'sinks.knative.dev/v1alpha1', kind: 'JobSink' };

/** Props of a JobSink. */
export interface JobSinkProps extends EventingResourceProps {
  /**
   * The containers of the Job run for each event. The event is mounted as a file at
   * `/etc/jobsink-event/event`.
   * @default - names `main` (one container) or `main-<index>`
   */
  readonly containers: ContainerSourceContainer[];
  /**
   * How many times a failed pod is retried (`backoffLimit`).
   * @default - Kubernetes' default (6)
   */
  readonly backoffLimit?: number;
  /**
   * How long a finished Job is kept before Kubernetes deletes it (`ttlSecondsAfterFinished`).
   * @default - finished Jobs are kept
   */
  readonly ttlAfterFinished?: Duration;
  /**
   * The ServiceAccount the Job's pods run as.
   * @default - the namespace's `default` ServiceAccount
   */
  readonly serviceAccount?: kplus.IServiceAccount | string;
  /**
   * Runs the containers as non-root, without privilege escalation or capabilities, under the
   * runtime-default seccomp profile (the same defaults as KnativeService containers); `true`
   * applies them whatever the app's level.
   * @default - the level of `ContainerSecurity.of(this)` (ContainerSecurityLevel.ENABLED unless applied)
   */
  readonly secureDefaults?: boolean;
}

/**
 * A JobSink (`sinks.knative.dev/v1alpha1`): an addressable that starts a Kubernetes Job for
 * every event it receives, for work that outlives an HTTP request (checksums of huge files).
 *
 * @example
 * const jobs = new JobSink(chart, 'checksum-jobs', { containers: [{ image: 'registry.example.org/checksum-job:1' }] });
 * broker.addTrigger('big-files', { subscriber: jobs, filters: [Filter.exact({ type: 'ch.cern.file.uploaded' })] });
 */
export class JobSink extends Resource implements IAddressable {
  public readonly apiObject: ApiObject;

  public constructor(scope: Construct, id: string, props: JobSinkProps) {
    super(scope, id);
    requireProp('JobSink', props, 'containers');
    checkContainers(this, props.containers);
    const ttl = props.ttlAfterFinished === undefined ? undefined : checkedSeconds(this, 'ttlAfterFinished', props.ttlAfterFinished);
    if (ttl !== undefined && ttl > INT32_MAX) {
      reportError(this, 'ttlAfterFinished', 'is too long: Kubernetes takes it as an int32 number of seconds', { value: props.ttlAfterFinished!.toHumanString(), allowed: `at most ${INT32_MAX} seconds` });
    }
    if (props.backoffLimit !== undefined && (!Number.isInteger(props.backoffLimit) || props.backoffLimit < 0 || props.backoffLimit > INT32_MAX)) {
      reportError(this, 'backoffLimit', 'must be a whole number of retries, at least 0', { value: props.backoffLimit, allowed: `an integer from 0 to ${INT32_MAX}` });
    }
    const sa = typeof props.serviceAccount === 'string' ? props.serviceAccount : props.serviceAccount?.name;
    const single = props.containers.length === 1;
    const securityLevel = ContainerSecurity.of(this);
    this.apiObject = createEventingObject(this, JOB_SINK_GVK, props.metadata, () => ({
      job: {
        apiVersion: 'batch/v1',
        kind: 'Job',
        spec: compact({
          backoffLimit: props.backoffLimit,
          ttlSecondsAfterFinished: ttl,
          template: {
            spec: compact({
              restartPolicy: 'Never',
              serviceAccountName: sa,
              containers: renderContainers(props.containers, effectiveLevel({ secureDefaults: props.secureDefaults }, securityLevel), (i) => (single ? 'main' : `main-${i}`)),
            }),
          },
        }),
      },
    }));
  }

  /** Addresses this JobSink from `consumer`. */
  public toDestination(consumer: IConstruct, field?: string): Destination {
    return Sink.fromAddressable(this).toDestination(consumer, field);
  }
}
