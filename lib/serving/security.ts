/**
 * Container securityContext with secure defaults: what Knative's `secure-pod-defaults` feature
 * applies, and what its webhook warns about when left unset ("Kubernetes default value is
 * insecure, Knative may default this to secure in a future release").
 *
 * How much is applied follows the levels of Knative's own `secure-pod-defaults`
 * (pkg/apis/serving/v1/revision_defaults.go), chosen for an app or a chart with
 * `ContainerSecurity.apply`.
 */
import { IConstruct } from 'constructs';
import { reportError } from '../core/report';
import { JsonObject } from './json';

/**
 * How much of the secure container defaults this library writes, named after the levels of
 * Knative's `secure-pod-defaults` feature flag.
 */
export enum ContainerSecurityLevel {
  /**
   * `allowPrivilegeEscalation: false`, `capabilities.drop: [ALL]`, `seccompProfile: RuntimeDefault`
   * and `runAsNonRoot: true`: the Kubernetes "restricted" profile. The kubelet refuses to start an
   * image whose USER is root or a name rather than a numeric uid (many Knative sample images)
   * unless `user` is set to a non-zero uid.
   * The default.
   */
  ENABLED = 'Enabled',
  /**
   * The same without `runAsNonRoot`: containers may still run as root, but without privilege
   * escalation, capabilities or syscalls outside the runtime's default profile. For images that
   * run as root. Knative's webhook warns about the unset `runAsNonRoot` unless the cluster's
   * `secure-pod-defaults` is AllowRootBounded or Enabled; set `ensureNonRoot: false` on a
   * container to say so explicitly. On a cluster whose own `secure-pod-defaults` is Enabled,
   * Knative adds `runAsNonRoot: true` to containers that leave it unset: there, root images need
   * `ensureNonRoot: false`.
   */
  ALLOW_ROOT_BOUNDED = 'AllowRootBounded',
  /** Nothing is defaulted: only the securityContext fields set on a container are written. */
  DISABLED = 'Disabled',
}

/** Props of `ContainerSecurity.apply`. */
export interface ContainerSecurityPolicyProps {
  /**
   * The level of secure defaults for every container rendered below the scope
   * (KnativeService, Configuration, ContainerSource and JobSink containers, sidecars and init
   * containers). A container's own `securityContext.secureDefaults` still overrides it.
   * @default ContainerSecurityLevel.ENABLED
   */
  readonly level?: ContainerSecurityLevel;
}

const LEVELS = new WeakMap<IConstruct, ContainerSecurityLevel>();
/** Constructs that read the level, and what they read, so a later `apply` above them can be reported. */
const READERS = new WeakMap<IConstruct, ContainerSecurityLevel>();

/**
 * The secure-defaults level of an app or a chart: how much of the restricted securityContext every
 * container below it gets by default (see ContainerSecurityLevel). Apply it before creating the
 * constructs: each reads the level when it is created.
 *
 * @example
 * // Images that run as root, still without privilege escalation or capabilities:
 * ContainerSecurity.apply(app, { level: ContainerSecurityLevel.ALLOW_ROOT_BOUNDED });
 */
export class ContainerSecurity {
  /**
   * Sets the level for everything created below `scope` from now on. Applying it above a
   * construct that has already read its level is a synth error on that construct.
   */
  public static apply(scope: IConstruct, props: ContainerSecurityPolicyProps): void {
    const level = props.level ?? ContainerSecurityLevel.ENABLED;
    if (!Object.values(ContainerSecurityLevel).includes(level)) {
      throw new TypeError(`ContainerSecurity.apply: 'level' must be a ContainerSecurityLevel (got ${JSON.stringify(level)})`);
    }
    LEVELS.set(scope, level);
    const early = scope.node.findAll().filter((c) => READERS.has(c) && READERS.get(c) !== ContainerSecurity.lookup(c));
    for (const c of early) {
      reportError(c, 'ContainerSecurity', `a level was applied at '${scope.node.path || '<app>'}' after this construct rendered its containers under another level`, {
        value: level, allowed: 'ContainerSecurity.apply(...) before the constructs below it are created',
      });
    }
  }

  /** The level that applies to `scope`: the nearest one applied above it, or ENABLED. */
  public static of(scope: IConstruct): ContainerSecurityLevel {
    const level = ContainerSecurity.lookup(scope);
    READERS.set(scope, level);
    return level;
  }

  private static lookup(scope: IConstruct): ContainerSecurityLevel {
    for (let s: IConstruct | undefined = scope; s; s = s.node.scope) {
      const found = LEVELS.get(s);
      if (found) return found;
    }
    return ContainerSecurityLevel.ENABLED;
  }

  private constructor() {}
}

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
 * By default (`ContainerSecurityLevel.ENABLED`), the container gets `allowPrivilegeEscalation:
 * false`, `capabilities.drop: [ALL]`, `runAsNonRoot: true` and `seccompProfile.type: RuntimeDefault`
 * unless a field says otherwise. An image that runs as root needs `user` set to a non-zero uid
 * (or `ensureNonRoot: false`), or the kubelet refuses to start it; `user: 0` with `runAsNonRoot`
 * is a synth error. `ContainerSecurity.apply(app, { level })` changes the defaults of a whole app
 * or chart (ALLOW_ROOT_BOUNDED leaves out `runAsNonRoot`; DISABLED writes no defaults).
 */
export interface ContainerSecurityProps {
  /**
   * Whether to apply the secure defaults described above. `false` emits only the fields set
   * explicitly here: the explicit opt-out for images that cannot run restricted. `true` applies
   * all of them (ContainerSecurityLevel.ENABLED) whatever the app's level.
   * @default - the level of `ContainerSecurity.of(scope)` (ContainerSecurityLevel.ENABLED unless applied)
   */
  readonly secureDefaults?: boolean;
  /**
   * `runAsNonRoot`: the kubelet refuses to start the container as uid 0.
   * @default true (with secure defaults at ContainerSecurityLevel.ENABLED); unset otherwise
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

/** The level a container's securityContext is rendered at, given the app's level. */
export function effectiveLevel(props: ContainerSecurityProps | undefined, appLevel: ContainerSecurityLevel): ContainerSecurityLevel {
  if (props?.secureDefaults === false) return ContainerSecurityLevel.DISABLED;
  if (props?.secureDefaults === true) return ContainerSecurityLevel.ENABLED;
  return appLevel;
}

/**
 * Reports the securityContext mistakes the kubelet would refuse long after synth: uid 0 under
 * `runAsNonRoot: true`. `podUser` is the pod-level runAsUser, which a container without `user`
 * inherits.
 */
export function checkSecurity(scope: IConstruct, prop: string, props: ContainerSecurityProps | undefined, appLevel: ContainerSecurityLevel, podUser?: number): void {
  const level = effectiveLevel(props, appLevel);
  const nonRoot = props?.ensureNonRoot ?? (level === ContainerSecurityLevel.ENABLED ? true : undefined);
  if (nonRoot !== true) return;
  const user = props?.user ?? podUser;
  if (user === 0) {
    reportError(scope, props?.user === 0 ? `${prop}.user` : `${prop}.user (from podSecurityContext.runAsUser)`,
      'uid 0 (root) with runAsNonRoot: true: the kubelet refuses to start the container', {
        value: 0,
        allowed: 'a non-zero uid, or ensureNonRoot: false, or ContainerSecurity.apply(scope, { level: ContainerSecurityLevel.ALLOW_ROOT_BOUNDED })',
      });
  }
}

/**
 * The container `securityContext` JSON for `props` at `level` (the app's level, see
 * `ContainerSecurity.of`), or undefined when it would be empty.
 */
export function securityContextToJson(props: ContainerSecurityProps = {}, level: ContainerSecurityLevel = ContainerSecurityLevel.ENABLED): JsonObject | undefined {
  const effective = effectiveLevel(props, level);
  const secure = effective !== ContainerSecurityLevel.DISABLED;
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
  const runAsNonRoot = props.ensureNonRoot ?? (effective === ContainerSecurityLevel.ENABLED ? true : undefined);
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
