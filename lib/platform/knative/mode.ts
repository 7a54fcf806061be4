/**
 * How Knative gets into the cluster: through the Knative Operator, or from Knative's release
 * manifests. Both take the same typed configuration.
 */

/** The Knative Operator's published Helm chart. */
export const KNATIVE_OPERATOR_CHART = {
  /** The operator's Helm repository. */
  repository: 'https://knative.github.io/operator',
  /** The chart's name. */
  chart: 'knative-operator',
  /** The chart version of operator 1.23.0 (`hack/generate-helm.sh` stamps it with the leading v). */
  version: 'v1.23.0',
} as const;

/** The Knative release this library targets. */
export const KNATIVE_VERSION = '1.23.0';

/** Where Knative's own release files are published (GitHub releases of each repository). */
export const KNATIVE_GITHUB_RELEASES = 'https://github.com/knative';

/** Options of the operator mode. */
export interface OperatorModeOptions {
  /**
   * `spec.version` of the KnativeServing and KnativeEventing objects: the Knative release the
   * operator installs. The operator accepts `latest`, `major.minor` (its newest patch) or a full
   * version it ships manifests for (1.20.0 to 1.23.0 for operator 1.23).
   * @default '1.23.0'
   */
  readonly version?: string;
  /**
   * The operator chart's version.
   * @default 'v1.23.0'
   */
  readonly chartVersion?: string;
  /**
   * The namespace the operator is installed into (the Helm release's namespace).
   * @default 'knative-operator'
   */
  readonly namespace?: string;
  /**
   * Values for the operator chart (its values.yaml: `knative_operator.knative_operator.resources`, ...).
   * @default - the chart's
   */
  readonly values?: Record<string, unknown>;
}

/** Options of the release-manifests mode. */
export interface ReleaseManifestsOptions {
  /**
   * Where the release files are: a folder (searched, sub-folders included, for `serving-core.yaml`,
   * `net-istio.yaml`, `eventing-core.yaml`, ..., with or without the numeric prefix the operator's
   * copies carry, e.g. `2-serving-core.yaml`), or a URL read synchronously at synth:
   * `https://github.com/knative` (KNATIVE_GITHUB_RELEASES) reads each file from its repository's
   * release `knative-v<version>`, any other URL is a flat folder of the files.
   */
  readonly from: string;
  /**
   * The release, for URLs under https://github.com/knative.
   * @default '1.23.0'
   */
  readonly version?: string;
  /**
   * What happens to the post-install Jobs (storage-version-migration, cleanup), which upstream
   * names with `generateName` (GitOps tools cannot own such objects: every apply creates another).
   * `named`: named after the release (`storage-version-migration-serving-v1-23-0`), without
   * `ttlSecondsAfterFinished` (a deleted Job would be recreated and run again by the GitOps
   * tool), so each release runs them once. `omit`: left out, for teams that run them by hand.
   * @default 'named'
   */
  readonly postInstallJobs?: 'named' | 'omit';
}

/** Options of the kustomize mode. */
export interface KustomizeModeOptions {
  /**
   * The Knative release whose files the kustomizations reference
   * (`https://github.com/knative/<repo>/releases/download/knative-v<version>/<file>`).
   * @default '1.23.0'
   */
  readonly version?: string;
  /**
   * Where the release files are referenced from: KNATIVE_GITHUB_RELEASES, or a flat mirror URL.
   * @default KNATIVE_GITHUB_RELEASES
   */
  readonly from?: string;
}

/** What KnativeInstallMode holds (read by KnativeInstall). */
export type KnativeInstallModeSpec =
  | { readonly kind: 'operator'; readonly options: OperatorModeOptions }
  | { readonly kind: 'release'; readonly options: ReleaseManifestsOptions }
  | { readonly kind: 'kustomize'; readonly options: KustomizeModeOptions };

/** How Knative is installed: `KnativeInstallMode.operator()` or `KnativeInstallMode.releaseManifests({ from })`. */
export class KnativeInstallMode {
  /**
   * The Knative Operator (its Helm chart) and a KnativeServing / KnativeEventing object carrying
   * the configuration; the operator installs and upgrades Knative itself.
   */
  public static operator(options: OperatorModeOptions = {}): KnativeInstallMode {
    return new KnativeInstallMode({ kind: 'operator', options });
  }

  /**
   * Knative's release manifests, read at synth from a folder or URL, with their ConfigMaps set
   * from the typed configuration and their objects placed in install phases.
   */
  public static releaseManifests(options: ReleaseManifestsOptions): KnativeInstallMode {
    if (options === null || typeof options !== 'object' || typeof options.from !== 'string') {
      throw new TypeError(`KnativeInstallMode.releaseManifests: 'from' is required (got ${JSON.stringify(options)}); pass { from: 'path/to/release/folder' } or { from: KNATIVE_GITHUB_RELEASES }`);
    }
    return new KnativeInstallMode({ kind: 'release', options });
  }

  /**
   * Kustomizations that reference Knative's release files by URL and patch them (ConfigMap data,
   * gateway selectors, namespace labels, replicas) instead of copying the manifests into git.
   * The install then holds no objects: `KnativeInstall.kustomization` holds the files and
   * `writeKustomization(dir)` writes them, for `kubectl apply -k`, an Argo CD Application or a
   * Flux Kustomization pointed at the folder. The post-install Jobs are not included (kustomize
   * cannot give their `generateName` a stable name); run them once per release.
   */
  public static kustomize(options: KustomizeModeOptions = {}): KnativeInstallMode {
    return new KnativeInstallMode({ kind: 'kustomize', options });
  }

  private constructor(public readonly spec: KnativeInstallModeSpec) {}
}
