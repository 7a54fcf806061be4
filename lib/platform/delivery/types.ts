/**
 * The props of the three deliveries of a platform (plain kubectl + helm, Argo CD, Flux) and of
 * the repository the GitOps deliveries read from.
 */
import { Duration } from 'cdk8s';

/**
 * Where CI commits the synth output: the Git repository Argo CD and Flux read the component
 * folders from.
 */
export interface GitRepositoryRef {
  /**
   * The repository's URL as Argo CD and Flux clone it (`https://gitlab.example.org/platform/cluster.git`,
   * `ssh://git@gitlab.example.org/platform/cluster.git`).
   */
  readonly url: string;
  /**
   * The revision to deploy: a branch (`main`), a tag or full ref (`refs/tags/v1.2.0`), or a
   * commit SHA (40 or 64 hex digits). Argo CD takes it as `targetRevision`; Flux as
   * `ref.branch`, `ref.name` (for `refs/...`) or `ref.commit`.
   */
  readonly revision: string;
  /**
   * The folder, relative to the repository root, that holds this app's outdir (`dist`, or `''`
   * for the root): where CI commits what `synth()` writes.
   */
  readonly path: string;
}

/** How the plain install script waits and applies. */
export interface PlainDelivery {
  /**
   * How long `install.sh` waits for each wait (a CRD Established, a Deployment rolled out, a
   * health check, a Helm release); `--timeout` overrides it at run time.
   * @default Duration.minutes(5)
   */
  readonly timeout?: Duration;
  /**
   * The field manager of server-side applies (`kubectl apply --server-side --field-manager`),
   * used for objects too large for client-side apply's last-applied annotation.
   * @default 'knative-faas-cdk'
   */
  readonly fieldManager?: string;
}

/** Argo CD's retry of a failed sync (`syncPolicy.retry`). */
export interface ArgoCdRetry {
  /**
   * How many times a failed sync is retried (`retry.limit`); a CRD or webhook that is not ready
   * yet makes the first attempt of a dependent fail.
   * @default 5
   */
  readonly limit?: number;
  /** The first wait between attempts (`retry.backoff.duration`). @default Duration.seconds(5) */
  readonly duration?: Duration;
  /** The factor each wait is multiplied by (`retry.backoff.factor`). @default 2 */
  readonly factor?: number;
  /** The longest wait between attempts (`retry.backoff.maxDuration`). @default Duration.minutes(3) */
  readonly maxDuration?: Duration;
}

/** How the platform is delivered by Argo CD: an AppProject and an app of apps. */
export interface ArgoCdDelivery {
  /** The namespace Argo CD runs in, where its Applications and AppProjects live. @default 'argocd' */
  readonly namespace?: string;
  /** The name of the AppProject of the platform's Applications. @default 'platform' */
  readonly project?: string;
  /** The name of the root Application (the app of apps). @default 'platform' */
  readonly rootName?: string;
  /** The cluster the platform is installed into (`destination.server`). @default 'https://kubernetes.default.svc' */
  readonly destinationServer?: string;
  /**
   * Whether Argo CD syncs by itself when Git changes (`syncPolicy.automated`); false leaves
   * syncing to a person or a pipeline.
   * @default true
   */
  readonly automated?: boolean;
  /**
   * Whether automated syncs delete what was removed from Git (`automated.prune`). CRDs are
   * never pruned (they carry `argocd.argoproj.io/sync-options: Prune=false`): deleting a CRD
   * deletes every custom resource of it.
   * @default true
   */
  readonly prune?: boolean;
  /** Whether automated syncs undo changes made in the cluster (`automated.selfHeal`). @default true */
  readonly selfHeal?: boolean;
  /** The retry of failed syncs. @default - 5 attempts, backoff 5s doubling up to 3m */
  readonly retry?: ArgoCdRetry;
}

/** How the platform is delivered by Flux: a GitRepository, HelmRepositories, HelmReleases, Kustomizations. */
export interface FluxDelivery {
  /** The namespace the Flux objects live in. @default 'flux-system' */
  readonly namespace?: string;
  /** The name of the GitRepository the Kustomizations read. @default 'platform' */
  readonly sourceName?: string;
  /** How often the GitRepository and HelmRepositories are fetched (`spec.interval`). @default Duration.minutes(1) */
  readonly sourceInterval?: Duration;
  /** How often the Kustomizations and HelmReleases reconcile (`spec.interval`). @default Duration.minutes(10) */
  readonly interval?: Duration;
  /** How soon a failed Kustomization is retried (`spec.retryInterval`). @default Duration.minutes(1) */
  readonly retryInterval?: Duration;
  /** How long a Kustomization or HelmRelease may take to become healthy (`spec.timeout`). @default Duration.minutes(5) */
  readonly timeout?: Duration;
  /**
   * Whether Kustomizations delete what was removed from Git (`spec.prune`). CRDs are never
   * pruned (they carry `kustomize.toolkit.fluxcd.io/prune: disabled`).
   * @default true
   */
  readonly prune?: boolean;
}

/** The deliveries a PlatformApp writes. */
export interface PlatformDeliveries {
  /** Folders per phase and an install script (`<outdir>/plain/`). @default - not written */
  readonly plain?: PlainDelivery;
  /** An AppProject and an app of apps (`<outdir>/argocd/`). Needs `repository`. @default - not written */
  readonly argoCd?: ArgoCdDelivery;
  /** Flux sources, HelmReleases and Kustomizations (`<outdir>/flux/`). Needs `repository`. @default - not written */
  readonly flux?: FluxDelivery;
}
