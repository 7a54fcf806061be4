/**
 * The revision template (`spec.template`) shared by KnativeService and Configuration: the pod,
 * its containers and volumes, and the revision's metadata, timeouts and autoscaling.
 */
import { Duration } from 'cdk8s';
import type * as kplus from 'cdk8s-plus-27';
import type * as k8s from 'cdk8s-plus-27/lib/imports/k8s';

/** cdk8s-plus's L1 converters, loaded only by the props that take its types (its load is most of a small app's). */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const k8sJson = (): typeof k8s => require('cdk8s-plus-27/lib/imports/k8s') as typeof k8s;
import { IConstruct } from 'constructs';
import { checkedSeconds } from '../core/duration';
import { reportError } from '../core/report';
import { Resource } from '../core/resource';
import { AUTOSCALING_PREFIX, AutoscalingProps, autoscalingAnnotations, checkAutoscaling } from './autoscaling';
import { checkInteger } from './checks';
import { RevisionContainer, RevisionContainerProps } from './container';
import { JsonObject } from './json';
import { RevisionVolume } from './volume';

/** Everything about the revisions a KnativeService or Configuration stamps out. */
export interface RevisionTemplateProps {
  /**
   * The containers. The one that declares `port` serves requests; the others are sidecars.
   * With several containers and no port declared, the first one serves on 8080.
   * @default - none; add them with `addContainer` (Knative requires at least one)
   */
  readonly containers?: RevisionContainerProps[];
  /**
   * Init containers, run to completion before the containers start. Needs the
   * `kubernetes.podspec-init-containers` feature flag.
   * @default - none
   */
  readonly initContainers?: RevisionContainerProps[];
  /**
   * The name of the next revision ("bring your own revision name"). Knative requires the
   * `<parent-name>-` prefix, so a suffix (`v2`) is prefixed with the parent's name
   * (`hello-v2`) and a name that already has the prefix (`hello-v2`) is kept. Change it with
   * every template change: Knative rejects a changed template under an unchanged name.
   * @default - Knative generates `<parent-name>-00001`, `-00002`, ...
   */
  readonly revisionName?: string;
  /**
   * Labels of the revision (`spec.template.metadata.labels`), also put on its pods.
   * @default - none
   */
  readonly revisionLabels?: Record<string, string>;
  /**
   * Annotations of the revision (`spec.template.metadata.annotations`). Prefer the typed
   * `autoscaling` prop to raw `autoscaling.knative.dev/*` keys.
   * @default - none
   */
  readonly revisionAnnotations?: Record<string, string>;
  /**
   * Autoscaling of the revision, emitted as `autoscaling.knative.dev/*` annotations on the
   * revision template.
   * @default - the cluster's config-autoscaler defaults (KPA, concurrency, scale to zero)
   */
  readonly autoscaling?: AutoscalingProps;
  /**
   * The hard limit of concurrent requests per pod (`containerConcurrency`), 0 to 1000.
   * 0 means unlimited.
   * @default - the cluster's `container-concurrency` (0)
   */
  readonly containerConcurrency?: number;
  /**
   * The most time a request may take, start to end (`timeoutSeconds`), in whole seconds. At most
   * 600 seconds on a stock cluster (`max-revision-timeout-seconds`).
   * @default - the cluster's `revision-timeout-seconds` (300 s)
   */
  readonly timeout?: Duration;
  /**
   * The most time until the first response byte (`responseStartTimeoutSeconds`), in whole seconds.
   * @default - the request timeout
   */
  readonly responseStartTimeout?: Duration;
  /**
   * The most time a request may go without sending or receiving bytes (`idleTimeoutSeconds`),
   * in whole seconds.
   * @default - no idle timeout
   */
  readonly idleTimeout?: Duration;
  /**
   * The pod's service account.
   * @default - the namespace's `default` service account
   */
  readonly serviceAccount?: kplus.IServiceAccount | string;
  /**
   * Whether to mount the service-account token. Knative accepts only `false` here.
   * @default - mounted
   */
  readonly automountServiceAccountToken?: boolean;
  /**
   * Secrets to pull the images with.
   * @default - none
   */
  readonly imagePullSecrets?: Array<kplus.ISecret | string>;
  /**
   * Whether Kubernetes service links become environment variables (`enableServiceLinks`).
   * Knative recommends false: many services make many variables and slow cold starts.
   * @default - the Kubernetes default (true)
   */
  readonly enableServiceLinks?: boolean;
  /**
   * Node labels the pod must be scheduled on. Needs `kubernetes.podspec-nodeselector`.
   * @default - any node
   */
  readonly nodeSelector?: Record<string, string>;
  /**
   * Taints the pod tolerates. Needs `kubernetes.podspec-tolerations`.
   * @default - none
   */
  readonly tolerations?: k8s.Toleration[];
  /**
   * Node and pod affinity. Needs `kubernetes.podspec-affinity`.
   * @default - none
   */
  readonly affinity?: k8s.Affinity;
  /**
   * The RuntimeClass (e.g. gVisor, Kata). Needs `kubernetes.podspec-runtimeclassname`.
   * @default - the cluster's default runtime
   */
  readonly runtimeClassName?: string;
  /**
   * The pod-level securityContext. Needs `kubernetes.podspec-securitycontext`, so nothing is
   * emitted by default; the container-level secure defaults do not need it.
   * @default - none
   */
  readonly podSecurityContext?: k8s.PodSecurityContext;
}

/** The full revision name for `revisionName` under a parent named `parentName`. */
export function fullRevisionName(parentName: string, revisionName: string): string {
  return revisionName.startsWith(`${parentName}-`) ? revisionName : `${parentName}-${revisionName}`;
}

function seconds(d: Duration): number {
  return d.toMilliseconds({ integral: false }) / 1000;
}

function nameOf(x: { name: string } | string): string {
  return typeof x === 'string' ? x : x.name;
}

/**
 * Builds `spec.template` lazily, so containers and annotations added after construction reach
 * the output. KnativeService and Configuration each own one; mistakes in its props are reported
 * on that construct (`scope`) at synth.
 */
export class RevisionTemplate {
  private readonly props: RevisionTemplateProps;
  private readonly _containers: RevisionContainer[] = [];
  private readonly _initContainers: RevisionContainer[] = [];
  private readonly labels: Record<string, string>;
  private readonly annotations: Record<string, string>;
  private readonly checkedVolumes = new Set<RevisionVolume>();
  private typedAnnotations: Record<string, string>;

  public constructor(private readonly scope: IConstruct, props: RevisionTemplateProps) {
    if (scope === undefined || scope === null || typeof (scope as IConstruct).node !== 'object') {
      throw new TypeError('RevisionTemplate: the first argument must be the construct that owns the template (a KnativeService or Configuration)');
    }
    this.props = props;
    this.labels = { ...props.revisionLabels };
    this.annotations = { ...props.revisionAnnotations };
    this.typedAnnotations = {};
    if (props.autoscaling && checkAutoscaling(scope, props.autoscaling)) {
      this.typedAnnotations = autoscalingAnnotations(props.autoscaling);
      for (const [key, value] of Object.entries(this.typedAnnotations)) {
        if (key in this.annotations) {
          reportError(scope, `revisionAnnotations[${JSON.stringify(key)}]`, `is also set by 'autoscaling' (${value}); set it in one place`, {
            value: this.annotations[key], allowed: 'the typed autoscaling prop, without the raw annotation',
          });
        }
      }
    }
    checkInteger(scope, 'containerConcurrency', props.containerConcurrency);
    for (const field of ['timeout', 'responseStartTimeout', 'idleTimeout'] as const) {
      const d = props[field];
      if (d !== undefined) checkedSeconds(scope, field, d);
    }
    for (const c of props.containers ?? []) this.addContainer(c);
    for (const c of props.initContainers ?? []) this.addInitContainer(c);
  }

  /** The containers, in order. */
  public get containers(): RevisionContainer[] {
    return [...this._containers];
  }

  /** The init containers, in order. */
  public get initContainers(): RevisionContainer[] {
    return [...this._initContainers];
  }

  /** Adds a container (the serving container if it declares a port, else a sidecar). */
  public addContainer(props: RevisionContainerProps): RevisionContainer {
    const container = new RevisionContainer(props);
    const prop = `containers[${this._containers.length}]`;
    const serving = this._containers.findIndex((c) => c.declaresPort);
    if (serving >= 0 && container.declaresPort) {
      const other = this._containers[serving];
      reportError(this.scope, `${prop}.port`, `container '${container.name ?? container.image}' sets a port, but containers[${serving}] ('${other.name ?? other.image}') already does: Knative allows exactly one port in the whole pod, on the serving container`, {
        value: container.port ?? container.portProtocol, allowed: 'a port on one container only; sidecars declare none',
      });
    }
    this._containers.push(container);
    this.bind(container, prop);
    return container;
  }

  /** Adds an init container. Needs the `kubernetes.podspec-init-containers` feature flag. */
  public addInitContainer(props: RevisionContainerProps): RevisionContainer {
    const container = new RevisionContainer(props);
    this._initContainers.push(container);
    this.bind(container, `initContainers[${this._initContainers.length - 1}]`);
    return container;
  }

  private bind(container: RevisionContainer, prop: string): void {
    container._bind(this.scope, prop, (volume, at) => {
      if (this.checkedVolumes.has(volume)) return;
      this.checkedVolumes.add(volume);
      volume._check(this.scope, at);
    }, this.props.podSecurityContext?.runAsUser);
  }

  /** Adds a label to the revision template. */
  public addLabel(key: string, value: string): void {
    this.labels[key] = value;
  }

  /** Adds an annotation to the revision template. */
  public addAnnotation(key: string, value: string): void {
    if (key.startsWith(AUTOSCALING_PREFIX) && key in this.typedAnnotations) {
      reportError(this.scope, `addRevisionAnnotation(${JSON.stringify(key)})`, `is already set by the 'autoscaling' prop (${this.typedAnnotations[key]}); set it in one place`, {
        value, allowed: 'the typed autoscaling prop, without the raw annotation',
      });
      return;
    }
    this.annotations[key] = value;
  }

  /** The full name of the next revision, if one was chosen. */
  public revisionName(parentName: string): string | undefined {
    return this.props.revisionName === undefined ? undefined : fullRevisionName(parentName, this.props.revisionName);
  }

  /** @internal The `spec.template` JSON. */
  public _toJson(parentName: string): JsonObject {
    const p = this.props;
    const template: JsonObject = {};
    const metadata: JsonObject = {};
    const revisionName = this.revisionName(parentName);
    if (revisionName !== undefined) metadata.name = revisionName;
    if (Object.keys(this.labels).length > 0) metadata.labels = { ...this.labels };
    const annotations = { ...this.annotations, ...this.typedAnnotations };
    if (Object.keys(annotations).length > 0) metadata.annotations = annotations;
    if (Object.keys(metadata).length > 0) template.metadata = metadata;

    const markFirst = this._containers.length > 1 && !this._containers.some((c) => c.declaresPort);
    const volumes = new Set<RevisionVolume>();
    for (const c of [...this._containers, ...this._initContainers]) for (const v of c.volumes) volumes.add(v);
    const spec: JsonObject = {
      containers: this._containers.map((c, i) => c._toJson({ markServing: markFirst && i === 0 })),
    };
    if (this._initContainers.length > 0) spec.initContainers = this._initContainers.map((c) => c._toJson());
    if (volumes.size > 0) spec.volumes = [...volumes].map((v) => v._toJson());
    if (p.containerConcurrency !== undefined) spec.containerConcurrency = p.containerConcurrency;
    // Checked in the constructor: whole, finite seconds.
    if (p.timeout !== undefined) spec.timeoutSeconds = seconds(p.timeout);
    if (p.responseStartTimeout !== undefined) spec.responseStartTimeoutSeconds = seconds(p.responseStartTimeout);
    if (p.idleTimeout !== undefined) spec.idleTimeoutSeconds = seconds(p.idleTimeout);
    if (p.serviceAccount !== undefined) spec.serviceAccountName = nameOf(p.serviceAccount);
    if (p.automountServiceAccountToken !== undefined) spec.automountServiceAccountToken = p.automountServiceAccountToken;
    if (p.imagePullSecrets !== undefined) spec.imagePullSecrets = p.imagePullSecrets.map((s) => ({ name: nameOf(s) }));
    if (p.enableServiceLinks !== undefined) spec.enableServiceLinks = p.enableServiceLinks;
    if (p.nodeSelector !== undefined) spec.nodeSelector = { ...p.nodeSelector };
    // These props take the cdk8s-plus L1 types, whose JSON may differ from the props' shape.
    if (p.tolerations !== undefined) spec.tolerations = p.tolerations.map((t) => k8sJson().toJson_Toleration(t));
    if (p.affinity !== undefined) spec.affinity = k8sJson().toJson_Affinity(p.affinity);
    if (p.runtimeClassName !== undefined) spec.runtimeClassName = p.runtimeClassName;
    if (p.podSecurityContext !== undefined) spec.securityContext = k8sJson().toJson_PodSecurityContext(p.podSecurityContext);
    template.spec = spec;
    return template;
  }
}

/**
 * Base of the constructs that own a revision template (KnativeService, Configuration): the
 * template's containers and metadata, grown after construction.
 */
export abstract class RevisionTemplateResource extends Resource {
  /** The revision template: containers, revision metadata, autoscaling. */
  public abstract readonly template: RevisionTemplate;

  /** The containers of the revision template. */
  public get containers(): RevisionContainer[] {
    return this.template.containers;
  }

  /** The full name of the next revision, when `revisionName` was given. */
  public get revisionName(): string | undefined {
    return this.template.revisionName(this.name);
  }

  /** Adds a container: the serving container if it declares a port, else a sidecar. */
  public addContainer(props: RevisionContainerProps): RevisionContainer {
    return this.template.addContainer(props);
  }

  /** Adds an init container (needs `kubernetes.podspec-init-containers`). */
  public addInitContainer(props: RevisionContainerProps): RevisionContainer {
    return this.template.addInitContainer(props);
  }

  /** Adds a label to the revision template (and so to the revision's pods). */
  public addRevisionLabel(key: string, value: string): void {
    this.template.addLabel(key, value);
  }

  /** Adds an annotation to the revision template. */
  public addRevisionAnnotation(key: string, value: string): void {
    this.template.addAnnotation(key, value);
  }
}
