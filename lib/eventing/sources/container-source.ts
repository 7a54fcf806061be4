import { ApiObject } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { Resource } from '../../core/resource';
import type * as l1 from '../../../imports/sources.knative.dev';
import { checkCeOverrides, checkContainers, compact, createEventingObject, renderCeOverrides, renderContainers } from '../base';
import { bindSink, renderDestination } from '../sink';
import { ContainerSecurity, effectiveLevel } from '../../serving/security';
import { SourceProps } from './source';
import { requireProp } from '../../core/report';

/** The generated L1 GVKs, written out so that rendering does not load the bindings. */
const CONTAINER_SOURCE_GVK: typeof l1.ContainerSource.GVK = { apiVersion: 'sources.knative.dev/v1', kind: 'ContainerSource' };

/** A container of a ContainerSource. It finds its sink in `K_SINK`. */
export interface ContainerSourceContainer {
  /** The image. */
  readonly image: string;
  /**
   * The container name.
   * @default - `<source name>-<index>`, as Knative defaults it
   */
  readonly name?: string;
  /**
   * The entrypoint.
   * @default - the image's ENTRYPOINT
   */
  readonly command?: string[];
  /**
   * Arguments of the entrypoint.
   * @default - the image's CMD
   */
  readonly args?: string[];
  /**
   * Environment variables (plain values).
   * @default - none besides what Knative injects (K_SINK, K_CE_OVERRIDES)
   */
  readonly env?: Record<string, string>;
}

/** Props of a ContainerSource. */
export interface ContainerSourceProps extends SourceProps {
  /** The containers of the source's pod (`spec.template.spec.containers`); at least one. */
  readonly containers: ContainerSourceContainer[];
  /**
   * The ServiceAccount the pod runs as.
   * @default - the namespace's `default` ServiceAccount
   */
  readonly serviceAccount?: kplus.IServiceAccount | string;
  /**
   * Runs the containers as non-root, without privilege escalation or capabilities, under the
   * runtime-default seccomp profile (the same defaults as KnativeService containers).
   * Turn off for images that need root; `true` applies them whatever the app's level.
   * @default - the level of `ContainerSecurity.of(this)` (ContainerSecurityLevel.ENABLED unless applied)
   */
  readonly secureDefaults?: boolean;
}

/**
 * A ContainerSource (`sources.knative.dev/v1`): runs your image as a Deployment and tells it
 * where to send events (`K_SINK`).
 *
 * @example
 * new ContainerSource(chart, 'heartbeats', { containers: [{ image: 'ghcr.io/knative/heartbeats' }], sink: display });
 */
export class ContainerSource extends Resource {
  public readonly apiObject: ApiObject;

  public constructor(scope: Construct, id: string, props: ContainerSourceProps) {
    super(scope, id);
    requireProp('ContainerSource', props, 'containers', 'sink');
    checkContainers(this, props.containers);
    checkCeOverrides(this, props.ceOverrides);
    const securityLevel = effectiveLevel({ secureDefaults: props.secureDefaults }, ContainerSecurity.of(this));
    const sa = typeof props.serviceAccount === 'string' ? props.serviceAccount : props.serviceAccount?.name;
    this.apiObject = createEventingObject(this, CONTAINER_SOURCE_GVK, props.metadata, () => compact({
      template: {
        spec: compact({
          serviceAccountName: sa,
          containers: renderContainers(props.containers, securityLevel),
        }),
      },
      sink,
      ceOverrides: renderCeOverrides(props.ceOverrides),
    }));
    const sink = renderDestination(bindSink(this, 'spec.sink', props.sink));
  }
}

