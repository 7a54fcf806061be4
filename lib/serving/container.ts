/** The containers of a Knative revision: the serving container, sidecars and init containers. */
import type * as kplus from 'cdk8s-plus-27';
import type * as k8s from 'cdk8s-plus-27/lib/imports/k8s';
import { IConstruct } from 'constructs';
import { checkInt32, checkInteger } from './checks';
import { ContainerImage } from './image';
import { JsonObject } from './json';
import { ContainerProbe } from './probe';
import { checkSecurity, ContainerSecurity, ContainerSecurityLevel, ContainerSecurityProps, securityContextToJson } from './security';
import { RevisionVolume, toRevisionVolume } from './volume';

/**
 * The protocol of the serving container's port, written as the port name. Knative accepts only
 * these names (`http` and `grpc` are rejected).
 */
export enum PortProtocol {
  /** HTTP/1.1 (the default when the port has no name). */
  HTTP1 = 'http1',
  /** HTTP/2 cleartext: use it for gRPC servers. */
  H2C = 'h2c',
}

/** How a volume is mounted. */
export interface MountOptions {
  /**
   * Mount only this path inside the volume.
   * @default - the volume root
   */
  readonly subPath?: string;
  /**
   * Mount read-only. Knative forces Secret, ConfigMap and projected mounts to read-only.
   * @default - true for Secret, ConfigMap and projected volumes; false otherwise
   */
  readonly readOnly?: boolean;
}

/** A volume mounted into a container. */
export interface VolumeMount extends MountOptions {
  /** The volume to mount; a cdk8s-plus Volume is accepted too. */
  readonly volume: RevisionVolume | kplus.Volume;
  /** The absolute mount path (not `/`, `/dev` or `/dev/log`, which Knative reserves). */
  readonly path: string;
}

/** One container of a revision. */
export interface RevisionContainerProps {
  /** The image to run: a reference string (`repo:tag`, `repo@sha256:...`) or a ContainerImage. */
  readonly image: string | ContainerImage;
  /**
   * The container name, unique in the pod (`queue-proxy` is reserved).
   * @default - Knative names it `user-container` (`user-container-<i>` with several containers)
   */
  readonly name?: string;
  /**
   * The entrypoint (`command`), replacing the image's ENTRYPOINT.
   * @default - the image's ENTRYPOINT
   */
  readonly command?: string[];
  /**
   * Arguments to the entrypoint (`args`), replacing the image's CMD.
   * @default - the image's CMD
   */
  readonly args?: string[];
  /**
   * The working directory.
   * @default - the image's WORKDIR
   */
  readonly workingDir?: string;
  /**
   * Environment variables: a literal string or a cdk8s-plus EnvValue (from a Secret key, a
   * ConfigMap key, ...). PORT, K_SERVICE, K_CONFIGURATION and K_REVISION are set by Knative and
   * may not be set on the serving container.
   * @default - none
   */
  readonly env?: Record<string, string | kplus.EnvValue>;
  /**
   * Whole Secrets or ConfigMaps as environment variables (`kplus.Env.fromSecret(...)`,
   * `kplus.Env.fromConfigMap(...)`).
   * @default - none
   */
  readonly envFrom?: kplus.EnvFrom[];
  /**
   * The port the container serves on. Knative allows one port in the whole pod, which marks the
   * serving container; it sets `PORT` to it.
   * @default - 8080 for the serving container
   */
  readonly port?: number;
  /**
   * The protocol on `port`: HTTP1, or H2C for gRPC.
   * @default PortProtocol.HTTP1 (the port has no name)
   */
  readonly portProtocol?: PortProtocol;
  /**
   * CPU, memory and ephemeral-storage requests and limits, as cdk8s-plus ContainerResources.
   * @default - none (the cluster's LimitRange, if any)
   */
  readonly resources?: kplus.ContainerResources;
  /**
   * The liveness probe: the kubelet restarts the container when it fails.
   * @default - none
   */
  readonly liveness?: ContainerProbe;
  /**
   * The readiness probe: Knative routes requests only to ready pods.
   * @default - Knative adds a TCP probe on the serving container's port
   */
  readonly readiness?: ContainerProbe;
  /**
   * The startup probe: holds off the other probes until the app has started.
   * @default - none
   */
  readonly startup?: ContainerProbe;
  /**
   * Volumes to mount. Each mounted volume is added to the pod.
   * @default - none
   */
  readonly volumeMounts?: VolumeMount[];
  /**
   * The container securityContext, secure by default (see ContainerSecurityProps and
   * `ContainerSecurity.apply` for the app-wide level).
   * @default - allowPrivilegeEscalation false, drop ALL capabilities, runAsNonRoot, RuntimeDefault seccomp (ContainerSecurityLevel.ENABLED)
   */
  readonly securityContext?: ContainerSecurityProps;
  /**
   * When the kubelet pulls the image.
   * @default - Always for `:latest` or untagged images, IfNotPresent otherwise
   */
  readonly imagePullPolicy?: kplus.ImagePullPolicy;
}

/**
 * A container of a Knative revision. Create it through `KnativeService.addContainer` (or the
 * `containers` prop) and grow it with `addEnv`, `addEnvFrom` and `mount`.
 */
export class RevisionContainer {
  /** The container name, if set. */
  public readonly name?: string;
  /** The image reference. */
  public readonly image: string;
  /** The declared port, if any. */
  public readonly port?: number;
  /** The declared port protocol, if any. */
  public readonly portProtocol?: PortProtocol;

  private readonly props: RevisionContainerProps;
  private readonly env = new Map<string, string | kplus.EnvValue>();
  private readonly envFrom: kplus.EnvFrom[] = [];
  private readonly mounts: VolumeMount[] = [];
  private readonly imageRef: ContainerImage;
  private binding?: { readonly scope: IConstruct; readonly prop: string; readonly onMount: (v: RevisionVolume, prop: string) => void };
  private level = ContainerSecurityLevel.ENABLED;

  public constructor(props: RevisionContainerProps) {
    if (props === undefined || props === null || typeof props !== 'object') throw new TypeError(`RevisionContainer: props are required (got ${String(props)}); pass an object with 'image'`);
    if (typeof props.image !== 'string' && !(props.image instanceof ContainerImage)) {
      throw new TypeError(`RevisionContainer: the required prop 'image' must be a string or a ContainerImage (got ${typeof props.image}); see the RevisionContainerProps documentation`);
    }
    this.props = props;
    this.name = props.name;
    this.imageRef = typeof props.image === 'string' ? ContainerImage.fromReference(props.image) : props.image;
    this.image = this.imageRef.reference;
    this.port = props.port;
    this.portProtocol = props.portProtocol;
    for (const [k, v] of Object.entries(props.env ?? {})) this.addEnv(k, v);
    for (const e of props.envFrom ?? []) this.addEnvFrom(e);
    for (const m of props.volumeMounts ?? []) this.mount(m.path, m.volume, m);
  }

  /** Whether this container declares the pod's port. */
  public get declaresPort(): boolean {
    return this.port !== undefined || this.portProtocol !== undefined;
  }

  /** Adds (or replaces) an environment variable. */
  public addEnv(name: string, value: string | kplus.EnvValue): void {
    // A plain string is kept as is (what kplus.EnvValue.fromValue would hold), so rendering the
    // common case does not load cdk8s-plus.
    this.env.set(name, value);
  }

  /** Adds a whole Secret or ConfigMap as environment variables. */
  public addEnvFrom(source: kplus.EnvFrom): void {
    this.envFrom.push(source);
  }

  /**
   * Mounts `volume` at `path` (absolute; Knative reserves `/`, `/dev` and `/dev/log`). The volume
   * joins the pod.
   */
  public mount(path: string, volume: RevisionVolume | kplus.Volume, options: MountOptions = {}): void {
    this.mounts.push({ ...options, path, volume });
    if (this.binding) this.binding.onMount(toRevisionVolume(volume), `${this.binding.prop}.volumeMounts[${this.mounts.length - 1}]`);
  }

  /**
   * @internal Attaches the container to the construct that renders it, at `prop`
   * (`containers[0]`): reads the app's ContainerSecurity level and reports the container's
   * mistakes there, now and for later mounts. `podUser` is the pod-level runAsUser.
   */
  public _bind(scope: IConstruct, prop: string, onMount: (v: RevisionVolume, prop: string) => void, podUser?: number): void {
    this.binding = { scope, prop, onMount };
    this.level = ContainerSecurity.of(scope);
    const p = this.props;
    this.imageRef._check(scope, `${prop}.image`);
    checkInt32(scope, `${prop}.port`, p.port);
    checkInteger(scope, `${prop}.securityContext.user`, p.securityContext?.user);
    checkInteger(scope, `${prop}.securityContext.group`, p.securityContext?.group);
    p.liveness?._check(scope, `${prop}.liveness`, 'liveness');
    p.readiness?._check(scope, `${prop}.readiness`, 'readiness');
    p.startup?._check(scope, `${prop}.startup`, 'startup');
    checkSecurity(scope, `${prop}.securityContext`, p.securityContext, this.level, podUser);
    this.mounts.forEach((m, i) => onMount(toRevisionVolume(m.volume), `${prop}.volumeMounts[${i}]`));
  }

  /** The volumes this container mounts, in mount order. */
  public get volumes(): RevisionVolume[] {
    return this.mounts.map((m) => toRevisionVolume(m.volume));
  }

  /**
   * @internal The container JSON. `markServing` gives the container the default port 8080 when
   * the pod has several containers and none declares a port, because Knative then needs one marked.
   */
  public _toJson(options: { markServing?: boolean } = {}): JsonObject {
    const p = this.props;
    const port = this.declaresPort || options.markServing ? (this.port ?? 8080) : undefined;
    const c: JsonObject = {};
    if (this.name !== undefined) c.name = this.name;
    c.image = this.image;
    if (p.imagePullPolicy !== undefined) c.imagePullPolicy = p.imagePullPolicy;
    if (p.command !== undefined) c.command = p.command;
    if (p.args !== undefined) c.args = p.args;
    if (p.workingDir !== undefined) c.workingDir = p.workingDir;
    if (this.env.size > 0) c.env = [...this.env.entries()].map(([name, v]) => envToJson(name, v));
    if (this.envFrom.length > 0) c.envFrom = this.envFrom.map(envFromToJson);
    if (port !== undefined) c.ports = [this.portProtocol === undefined ? { containerPort: port } : { containerPort: port, name: this.portProtocol }];
    if (p.resources) c.resources = resourcesToJson(p.resources);
    if (p.liveness) c.livenessProbe = p.liveness._toJson(port);
    if (p.readiness) c.readinessProbe = p.readiness._toJson(port);
    if (p.startup) c.startupProbe = p.startup._toJson(port);
    if (this.mounts.length > 0) c.volumeMounts = this.mounts.map(mountToJson);
    const securityContext = securityContextToJson(p.securityContext, this.level);
    if (securityContext) c.securityContext = securityContext;
    return c;
  }
}

function mountToJson(m: VolumeMount): JsonObject {
  const v = toRevisionVolume(m.volume);
  const mount: JsonObject = { name: v.name, mountPath: m.path };
  if (m.subPath !== undefined) mount.subPath = m.subPath;
  const readOnly = m.readOnly ?? (v.readOnlyByDefault ? true : undefined);
  if (readOnly !== undefined) mount.readOnly = readOnly;
  return mount;
}

/** Copies the fields of a cdk8s-plus object that are set, and only those listed. */
function defined(obj: object, keys: string[]): JsonObject {
  const src = obj as JsonObject;
  const out: JsonObject = {};
  for (const key of keys) if (src[key] !== undefined) out[key] = src[key];
  return out;
}

const KEY_REF_FIELDS = ['key', 'name', 'optional'];

function envToJson(name: string, v: string | kplus.EnvValue): JsonObject {
  if (typeof v === 'string') return { name, value: v };
  const from = v.valueFrom as k8s.EnvVarSource | undefined;
  if (from === undefined) return v.value === undefined ? { name } : { name, value: v.value };
  const valueFrom: JsonObject = {};
  if (from.configMapKeyRef) valueFrom.configMapKeyRef = defined(from.configMapKeyRef, KEY_REF_FIELDS);
  if (from.secretKeyRef) valueFrom.secretKeyRef = defined(from.secretKeyRef, KEY_REF_FIELDS);
  if (from.fieldRef) valueFrom.fieldRef = from.fieldRef;
  if (from.resourceFieldRef) {
    const ref = defined(from.resourceFieldRef, ['containerName', 'divisor', 'resource']);
    // cdk8s-plus keeps the divisor as an IntOrString object; the manifest needs its value.
    const divisor = from.resourceFieldRef.divisor;
    if (divisor !== undefined) ref.divisor = divisor.value ?? divisor;
    valueFrom.resourceFieldRef = ref;
  }
  return { name, valueFrom };
}

function envFromToJson(e: kplus.EnvFrom): JsonObject {
  const k = e._toKube();
  const out: JsonObject = {};
  if (k.prefix !== undefined) out.prefix = k.prefix;
  if (k.configMapRef) out.configMapRef = defined(k.configMapRef, ['name', 'optional']);
  if (k.secretRef) out.secretRef = defined(k.secretRef, ['name', 'optional']);
  return out;
}

function resourcesToJson(r: kplus.ContainerResources): JsonObject {
  const limits: Record<string, string> = {};
  const requests: Record<string, string> = {};
  const add = (key: string, req: string | undefined, lim: string | undefined) => {
    if (req !== undefined) requests[key] = req;
    if (lim !== undefined) limits[key] = lim;
  };
  add('cpu', r.cpu?.request?.amount, r.cpu?.limit?.amount);
  add('memory', mebi(r.memory?.request), mebi(r.memory?.limit));
  add('ephemeral-storage', mebi(r.ephemeralStorage?.request), mebi(r.ephemeralStorage?.limit));
  const out: JsonObject = {};
  if (Object.keys(limits).length > 0) out.limits = limits;
  if (Object.keys(requests).length > 0) out.requests = requests;
  return out;
}

function mebi(size: { toMebibytes(): number } | undefined): string | undefined {
  return size === undefined ? undefined : `${size.toMebibytes()}Mi`;
}
