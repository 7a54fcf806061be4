/** Volumes a revision can mount: Secret, ConfigMap, emptyDir and projected, or a cdk8s-plus Volume. */
import { Duration, Size } from 'cdk8s';
import type * as kplus from 'cdk8s-plus-27';
import type * as k8s from 'cdk8s-plus-27/lib/imports/k8s';

/** cdk8s-plus's L1 converters, loaded only by the props that take its types (its load is most of a small app's). */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const k8sJson = (): typeof k8s => require('cdk8s-plus-27/lib/imports/k8s') as typeof k8s;
import { IConstruct } from 'constructs';
import { checkedSeconds } from '../core/duration';
import { reportError } from '../core/report';
import { checkInt32 } from './checks';
import { JsonObject } from './json';

/** One key of a Secret or ConfigMap projected to a file. */
export interface KeyToPath {
  /** The file path, relative to the mount point. */
  readonly path: string;
  /**
   * The file mode bits (octal, e.g. 0o400).
   * @default - the volume's defaultMode
   */
  readonly mode?: number;
}

/** Options of a Secret or ConfigMap volume. */
export interface KeyVolumeOptions {
  /**
   * The volume name (a DNS-1123 label, unique in the pod).
   * @default - `secret-<name>` or `configmap-<name>`
   */
  readonly name?: string;
  /**
   * Which keys to project and where. Keys not listed are not projected.
   * @default - every key, each as a file named after the key
   */
  readonly items?: Record<string, KeyToPath>;
  /**
   * Mode bits of the created files (octal, e.g. 0o440).
   * @default 0o644
   */
  readonly defaultMode?: number;
  /**
   * Whether the pod may start when the Secret/ConfigMap or a listed key is missing.
   * @default false
   */
  readonly optional?: boolean;
}

/** The storage medium of an emptyDir volume. Knative accepts only these two. */
export enum EmptyDirMedium {
  /** The node's default storage. */
  DEFAULT = '',
  /** A tmpfs (RAM-backed); counts against the container's memory limit. */
  MEMORY = 'Memory',
}

/** Options of an emptyDir volume. */
export interface EmptyDirVolumeOptions {
  /**
   * Where the volume lives.
   * @default EmptyDirMedium.DEFAULT
   */
  readonly medium?: EmptyDirMedium;
  /**
   * The most space the volume may use.
   * @default - unlimited
   */
  readonly sizeLimit?: Size;
}

/** A service-account token projected into a volume. */
export interface ServiceAccountTokenProjection {
  /** The file path of the token, relative to the mount point. */
  readonly path: string;
  /**
   * The audience the token is minted for.
   * @default - the API server's audience
   */
  readonly audience?: string;
  /**
   * How long the token is valid (`expirationSeconds`); the kubelet refreshes it before expiry.
   * Whole seconds, at least 10 minutes and at most 2^32 seconds, as Kubernetes requires.
   * @default Duration.hours(1)
   */
  readonly expiration?: Duration;
}

/** What a projected volume combines. */
export interface ProjectedVolumeOptions {
  /**
   * Secrets whose keys all appear as files.
   * @default - none
   */
  readonly secrets?: Array<kplus.ISecret | string>;
  /**
   * ConfigMaps whose keys all appear as files.
   * @default - none
   */
  readonly configMaps?: Array<kplus.IConfigMap | string>;
  /**
   * A service-account token, e.g. for an audience-bound token to call another service.
   * @default - none
   */
  readonly serviceAccountToken?: ServiceAccountTokenProjection;
  /**
   * Mode bits of the created files.
   * @default 0o644
   */
  readonly defaultMode?: number;
}

function nameOf(x: { name: string } | string): string {
  return typeof x === 'string' ? x : x.name;
}

/** The `secret` or `configMap` source of a volume: `ref` names the Secret or ConfigMap. */
function keySource(ref: JsonObject, options: KeyVolumeOptions): JsonObject {
  const source: JsonObject = { ...ref };
  if (options.items) {
    source.items = Object.entries(options.items).map(([key, v]) => (v.mode === undefined ? { key, path: v.path } : { key, path: v.path, mode: v.mode }));
  }
  if (options.defaultMode !== undefined) source.defaultMode = options.defaultMode;
  if (options.optional !== undefined) source.optional = options.optional;
  return source;
}

const fromKplusCache = new WeakMap<kplus.Volume, RevisionVolume>();

/**
 * A volume of a revision's pod. Knative accepts Secret, ConfigMap, projected and emptyDir volumes
 * without feature flags; other sources (PVC, hostPath, CSI...) need one and arrive here through
 * `RevisionVolume.fromKplus`. A volume enters the pod when a container mounts it, because Knative
 * rejects volumes that no container mounts.
 *
 * @example
 * const config = RevisionVolume.fromConfigMap('app-config');
 * container.mount('/etc/app', config);
 */
export class RevisionVolume {
  /** A volume holding the keys of a Secret. */
  public static fromSecret(secret: kplus.ISecret | string, options: KeyVolumeOptions = {}): RevisionVolume {
    const secretName = nameOf(secret);
    const name = options.name ?? `secret-${secretName}`;
    return new RevisionVolume(name, true, {
      secret: keySource({ secretName }, options),
    }, modeChecks(`RevisionVolume.fromSecret('${secretName}')`, options));
  }

  /** A volume holding the keys of a ConfigMap. */
  public static fromConfigMap(configMap: kplus.IConfigMap | string, options: KeyVolumeOptions = {}): RevisionVolume {
    const name = nameOf(configMap);
    return new RevisionVolume(options.name ?? `configmap-${name}`, true, {
      configMap: keySource({ name }, options),
    }, modeChecks(`RevisionVolume.fromConfigMap('${name}')`, options));
  }

  /** A scratch directory that lives as long as the pod. */
  public static fromEmptyDir(name: string, options: EmptyDirVolumeOptions = {}): RevisionVolume {
    const emptyDir: Record<string, string> = {};
    if (options.medium) emptyDir.medium = options.medium;
    if (options.sizeLimit) emptyDir.sizeLimit = `${options.sizeLimit.toMebibytes()}Mi`;
    return new RevisionVolume(name, false, { emptyDir });
  }

  /** Several Secrets, ConfigMaps and a service-account token in one directory. */
  public static fromProjected(name: string, options: ProjectedVolumeOptions): RevisionVolume {
    const sources: JsonObject[] = [
      ...(options.secrets ?? []).map((s) => ({ secret: { name: nameOf(s) } })),
      ...(options.configMaps ?? []).map((c) => ({ configMap: { name: nameOf(c) } })),
    ];
    const token = options.serviceAccountToken;
    const checks: VolumeCheck[] = [...modeChecks(`RevisionVolume.fromProjected('${name}')`, options)];
    if (token) {
      const serviceAccountToken: JsonObject = { path: token.path };
      if (token.audience !== undefined) serviceAccountToken.audience = token.audience;
      const expiration = token.expiration;
      if (expiration !== undefined) {
        // Checked when the volume is mounted (see _check); rendered only when valid.
        serviceAccountToken.expirationSeconds = expiration.toMilliseconds({ integral: false }) / 1000;
        checks.push((scope, prop) => {
          const at = `${prop}: RevisionVolume.fromProjected('${name}') serviceAccountToken.expiration`;
          const secs = checkedSeconds(scope, at, expiration);
          if (secs !== undefined && (secs < 600 || secs > 2 ** 32)) {
            reportError(scope, at, 'must be at least 10 minutes and at most 2^32 seconds, as Kubernetes requires', { value: expiration.toHumanString(), allowed: 'Duration.minutes(10) to Duration.seconds(4294967296)' });
          }
        });
      }
      sources.push({ serviceAccountToken });
    }
    if (sources.length === 0) {
      checks.push((scope, prop) => reportError(scope, `${prop}: RevisionVolume.fromProjected('${name}')`, 'a projected volume needs at least one source', {
        value: options, allowed: "at least one of 'secrets', 'configMaps' or 'serviceAccountToken'",
      }));
    }
    const projected: JsonObject = { sources };
    if (options.defaultMode !== undefined) projected.defaultMode = options.defaultMode;
    return new RevisionVolume(name, true, { projected }, checks);
  }

  /**
   * A cdk8s-plus volume (`kplus.Volume.fromSecret(...)`, `fromConfigMap`, `fromEmptyDir`, ...).
   * Sources other than Secret, ConfigMap, projected and emptyDir need a Knative feature flag.
   */
  public static fromKplus(volume: kplus.Volume): RevisionVolume {
    const cached = fromKplusCache.get(volume);
    if (cached) return cached;
    const json = k8sJson().toJson_Volume(volume._toKube()) as JsonObject;
    const source = pick(json, KNATIVE_VOLUME_SOURCES);
    if (source.projected) source.projected = projectedFromJson(source.projected as JsonObject);
    const writable = 'emptyDir' in source || 'persistentVolumeClaim' in source || 'ephemeral' in source;
    const name = json.name as string;
    const result = new RevisionVolume(name, !writable, source);
    fromKplusCache.set(volume, result);
    return result;
  }

  private constructor(
    /** The volume name, unique within the pod. */
    public readonly name: string,
    /**
     * Whether mounts of this volume are read-only by default. Knative forces Secret, ConfigMap
     * and projected mounts to read-only, so the output says so.
     */
    public readonly readOnlyByDefault: boolean,
    /** The volume source (`secret`, `configMap`, ...): the volume JSON without its name. */
    private readonly source: JsonObject,
    /** Mistakes in the volume's options, reported on the construct that mounts it. */
    private readonly checks: readonly VolumeCheck[] = [],
  ) {}

  /** @internal Reports mistakes in this volume's options on `scope`; `prop` is the mount (`containers[0].volumeMounts[1]`). */
  public _check(scope: IConstruct, prop: string): void {
    for (const check of this.checks) check(scope, prop);
  }

  /** @internal The volume JSON. */
  public _toJson(): JsonObject {
    return { name: this.name, ...this.source };
  }
}

type VolumeCheck = (scope: IConstruct, prop: string) => void;

/**
 * Checks that the file modes of a volume are what Kubernetes accepts in the revision's pods:
 * integers from 0 to 0o777.
 */
function modeChecks(what: string, options: { defaultMode?: number; items?: Record<string, KeyToPath> }): VolumeCheck[] {
  const check = (scope: IConstruct, prop: string, mode: number | undefined) => {
    if (checkInt32(scope, prop, mode) && mode !== undefined && (mode < 0 || mode > 0o777)) {
      reportError(scope, prop, 'must be a file mode from 0 to 0o777: Kubernetes refuses the revision\'s pods otherwise', { value: mode, allowed: '0..511 (0o0..0o777)' });
    }
  };
  return [(scope, prop) => {
    check(scope, `${prop}: ${what} defaultMode`, options.defaultMode);
    for (const [key, item] of Object.entries(options.items ?? {})) check(scope, `${prop}: ${what} items[${JSON.stringify(key)}].mode`, item.mode);
  }];
}

/** Converts one volume given either way to a RevisionVolume. */
export function toRevisionVolume(volume: RevisionVolume | kplus.Volume): RevisionVolume {
  return volume instanceof RevisionVolume ? volume : RevisionVolume.fromKplus(volume);
}

/**
 * The volume sources the Knative Service schema knows; the API server would prune any other
 * (a cdk8s-plus NFS or AWS volume, say), so they are left out.
 */
const KNATIVE_VOLUME_SOURCES = ['configMap', 'csi', 'emptyDir', 'ephemeral', 'hostPath', 'image', 'persistentVolumeClaim', 'projected', 'secret'];
/** The projected sources the Knative Service schema knows. */
const KNATIVE_PROJECTED_SOURCES = ['configMap', 'downwardAPI', 'secret', 'serviceAccountToken'];

function pick(json: JsonObject, keys: string[]): JsonObject {
  const out: JsonObject = {};
  for (const key of keys) if (json[key] !== undefined) out[key] = json[key];
  return out;
}

/** A projected source from the Kubernetes JSON, with Quantity divisors as strings as the schema wants. */
function projectedFromJson(projected: JsonObject): JsonObject {
  const sources = (projected.sources ?? []) as JsonObject[];
  const out: JsonObject = {
    sources: sources.map((s) => {
      const source = pick(s, KNATIVE_PROJECTED_SOURCES);
      const downwardAPI = source.downwardAPI as JsonObject | undefined;
      if (downwardAPI) {
        source.downwardAPI = {
          items: ((downwardAPI.items ?? []) as JsonObject[]).map((i) => {
            const ref = i.resourceFieldRef as JsonObject | undefined;
            if (ref?.divisor === undefined) return i;
            return { ...i, resourceFieldRef: { ...ref, divisor: String(ref.divisor) } };
          }),
        };
      }
      return source;
    }),
  };
  if (projected.defaultMode !== undefined) out.defaultMode = projected.defaultMode;
  return out;
}
