/**
 * Container securityContext with secure defaults: what Knative's `secure-pod-defaults` feature
 * applies, and what its webhook warns about when left unset ("Kubernetes default value is
 * insecure, Knative may default this to secure in a future release").
 */
import { JsonObject } from './json';

/** The seccomp profile a container runs under. */
export enum SeccompProfileType {
  /** The container runtime's default profile. */
  RUNTIME_DEFAULT = 'RuntimeDefault',
  /** No seccomp filtering. */
  UNCONFINED = 'Unconfined',
  /** A profile file on the node; set `seccompLocalhostProfile`. */
  LOCALHOST = 'Localhost',
}

/**
 * A container's securityContext. Every field Knative accepts without a feature flag is here.
 *
 * With `secureDefaults` (the default), the container gets `allowPrivilegeEscalation: false`,
 * `capabilities.drop: [ALL]`, `runAsNonRoot: true` and `seccompProfile.type: RuntimeDefault`
 * unless a field says otherwise. An image that runs as root needs `user` set to a non-zero uid
 * (or `ensureNonRoot: false`), or the kubelet refuses to start it.
 */
export interface ContainerSecurityProps {
  /**
   * Whether to apply the secure defaults described above. `false` emits only the fields set
   * explicitly here: the explicit opt-out for images that cannot run restricted.
   * @default true
   */
  readonly secureDefaults?: boolean;
  /**
   * `runAsNonRoot`: the kubelet refuses to start the container as uid 0.
   * @default true (with secureDefaults)
   */
  readonly ensureNonRoot?: boolean;
  /**
   * `allowPrivilegeEscalation`: whether a process may gain more privileges than its parent.
   * @default false (with secureDefaults)
   */
  readonly allowPrivilegeEscalation?: boolean;
  /**
   * `readOnlyRootFilesystem`: mount the image read-only; write to an emptyDir instead.
   * @default - unset (writable)
   */
  readonly readOnlyRootFilesystem?: boolean;
  /**
   * `runAsUser`: the uid of the container process (0 to 2147483647).
   * @default - the image's USER
   */
  readonly user?: number;
  /**
   * `runAsGroup`: the gid of the container process (0 to 2147483647).
   * @default - the image's group
   */
  readonly group?: number;
  /**
   * `capabilities.drop`.
   * @default ['ALL'] (with secureDefaults)
   */
  readonly dropCapabilities?: string[];
  /**
   * `capabilities.add`. Knative accepts it only with `kubernetes.containerspec-addcapabilities`,
   * or exactly `['NET_BIND_SERVICE']` under `secure-pod-defaults`.
   * @default - none
   */
  readonly addCapabilities?: string[];
  /**
   * `seccompProfile.type`.
   * @default SeccompProfileType.RUNTIME_DEFAULT (with secureDefaults)
   */
  readonly seccompProfile?: SeccompProfileType;
  /**
   * `seccompProfile.localhostProfile`, for SeccompProfileType.LOCALHOST.
   * @default - none
   */
  readonly seccompLocalhostProfile?: string;
}

/** The container `securityContext` JSON for `props`, or undefined when it would be empty. */
export function securityContextToJson(props: ContainerSecurityProps = {}): JsonObject | undefined {
  const secure = props.secureDefaults ?? true;
  const ctx: JsonObject = {};
  const allowPrivilegeEscalation = props.allowPrivilegeEscalation ?? (secure ? false : undefined);
  if (allowPrivilegeEscalation !== undefined) ctx.allowPrivilegeEscalation = allowPrivilegeEscalation;
  const drop = props.dropCapabilities ?? (secure ? ['ALL'] : undefined);
  if (drop || props.addCapabilities) {
    const capabilities: JsonObject = {};
    if (drop) capabilities.drop = drop;
    if (props.addCapabilities) capabilities.add = props.addCapabilities;
    ctx.capabilities = capabilities;
  }
  const runAsNonRoot = props.ensureNonRoot ?? (secure ? true : undefined);
  if (runAsNonRoot !== undefined) ctx.runAsNonRoot = runAsNonRoot;
  if (props.user !== undefined) ctx.runAsUser = props.user;
  if (props.group !== undefined) ctx.runAsGroup = props.group;
  if (props.readOnlyRootFilesystem !== undefined) ctx.readOnlyRootFilesystem = props.readOnlyRootFilesystem;
  const seccomp = props.seccompProfile ?? (secure ? SeccompProfileType.RUNTIME_DEFAULT : undefined);
  if (seccomp) {
    ctx.seccompProfile = props.seccompLocalhostProfile === undefined
      ? { type: seccomp }
      : { type: seccomp, localhostProfile: props.seccompLocalhostProfile };
  }
  return Object.keys(ctx).length > 0 ? ctx : undefined;
}
