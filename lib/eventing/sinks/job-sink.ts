import { ApiObject, Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct, IConstruct } from 'constructs';
import { Resource } from '../../core/resource';
import { Destination, IAddressable } from '../../core/sink';
import * as l1 from '../../../imports/sinks.knative.dev';
import { compact, createEventingObject, EventingResourceProps, renderContainers } from '../base';
import { Sink } from '../sink';
import { ContainerSecurity, effectiveLevel } from '../../serving/security';
import type { ContainerSourceContainer } from '../sources/container-source';

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
    if (props.containers.length === 0) throw new Error("'containers' must list at least one container");
    const ttlMs = props.ttlAfterFinished?.toMilliseconds();
    const ttl = ttlMs === undefined ? undefined : ttlMs / 1000;
    if (ttl !== undefined && !Number.isInteger(ttl)) {
      throw new Error(`'ttlAfterFinished' (${props.ttlAfterFinished!.toHumanString()}) must be a whole number of seconds`);
    }
    const sa = typeof props.serviceAccount === 'string' ? props.serviceAccount : props.serviceAccount?.name;
    const single = props.containers.length === 1;
    const securityLevel = ContainerSecurity.of(this);
    this.apiObject = createEventingObject(this, l1.JobSink.GVK, props.metadata, () => ({
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
