/**
 * Composable stacks: a cluster stack (network, template, cluster, ingress path; outputs the API
 * address, the kubeconfig (sensitive), the ingress address and domain) and a platform stack that
 * reads those outputs through remote state, configures the Helm and Kubernetes providers from the
 * Magnum kubeconfig, then installs the platform with Helm releases or bootstraps a GitOps
 * controller. A cluster and what runs on it cannot be one stack: the Kubernetes provider needs a
 * reachable cluster at plan time.
 */
import * as fs from 'fs';
import * as path from 'path';
import { App, AppConfig, DataTerraformRemoteStateS3, Fn, ITerraformDependable, TerraformOutput, TerraformStack } from 'cdktf';
import { Construct, IConstruct } from 'constructs';
import { stringify } from 'yaml';
import { HelmProvider } from '@cdktf/provider-helm/lib/provider';
import { Release, ReleaseConfig } from '@cdktf/provider-helm/lib/release';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { SecretV1 } from '@cdktf/provider-kubernetes/lib/secret-v1';
import { ClusterProps, Cluster, ClusterTemplate, ClusterTemplateProps, NodeGroupProps } from './magnum';
import { ClusterNetwork, ExistingNetworkProps, IngressEndpoint, IngressEndpointProps, IngressValues, Keypair, NewNetworkProps } from './network';
import { OpenStackProvider, OpenStackProviderProps, S3Backend, S3BackendProps } from './provider';
import { isLiteral } from './terraform';
import { formatProblem, reportError, reportWarning, warningsOf, WarningPolicy } from '../core/report';
import type { PlatformComponent } from '../platform/model';

/**
 * A cdktf App whose synth checks every stack before writing any: all errors of all stacks are
 * reported at once (`[construct/path] prop: message`) and a failing app writes no file. (cdktf's
 * own App validates and writes one stack at a time.)
 */
export class OpenStackApp extends App {
  public constructor(config?: AppConfig) {
    super(config);
  }

  /** Every error of the app, `[path] message`, or [] (what synth would report). */
  public validateAll(): string[] {
    const errors: string[] = [];
    for (const c of this.node.findAll()) {
      for (const message of c.node.validate()) errors.push(`[${c.node.path}] ${message}`);
    }
    return errors;
  }

  /** The warnings of the app, `[path] prop: message`, each once. */
  public warnings(): string[] {
    const lines = new Set<string>();
    for (const c of this.node.findAll()) for (const w of warningsOf(c)) lines.add(`[${c.node.path}] ${formatProblem(w)}`);
    return [...lines];
  }

  public synth(): void {
    const errors = this.validateAll();
    if (errors.length) throw new Error(`Validation failed with the following errors:\n  ${errors.join('\n  ')}`);
    const warnings = this.warnings();
    if (warnings.length && WarningPolicy.of(this).printWarnings) process.stderr.write(`Warnings (OpenStack accepts these):\n  ${warnings.join('\n  ')}\n`);
    super.synth();
  }
}

/** Names of the cluster stack's outputs, which the platform and fleet stacks read. */
export const CLUSTER_OUTPUTS = {
  apiAddress: 'api_address',
  kubeconfig: 'kubeconfig',
  ingressAddress: 'ingress_address',
  domain: 'domain',
} as const;

/** The cluster's private network: created, or looked up. */
export interface ClusterStackNetworkProps {
  /** Create a network, subnet and router (its gateway on the template's external network). @default - use `existing` */
  readonly create?: Omit<NewNetworkProps, 'externalNetworkId'>;
  /** Look up an existing network and subnet by name. @default - use `create` */
  readonly existing?: ExistingNetworkProps;
}

/** Options of a cluster stack. */
export interface MagnumClusterStackProps {
  /** Where the stack's state is kept (S3-compatible object storage). */
  readonly backend: S3BackendProps;
  /** The OpenStack provider's settings (clouds.yaml entry, region). @default - the OS_* environment */
  readonly provider?: OpenStackProviderProps;
  /** The cluster template. */
  readonly template: ClusterTemplateProps;
  /** The cluster (its template is the one above; network and keypair come from the props below). */
  readonly cluster: Omit<ClusterProps, 'template' | 'network' | 'provider' | 'dependsOn'>;
  /** The nodes' private network. @default - Magnum creates one */
  readonly network?: ClusterStackNetworkProps;
  /** A public key imported as the cluster's keypair (its name becomes `cluster.keypair`). @default - `cluster.keypair` names an existing keypair, or none */
  readonly keypair?: { readonly name: string; readonly publicKey: string };
  /** More node groups, by construct id. @default - only the default worker group */
  readonly nodeGroups?: Readonly<Record<string, Omit<NodeGroupProps, 'cluster' | 'provider'>>>;
  /** The ingress path (floating IP, wildcard record); the pool defaults to the template's external network. */
  readonly ingress: Omit<IngressEndpointProps, 'pool' | 'provider'> & { readonly pool?: string };
}

/** A Terraform stack provisioning one Magnum cluster and its ingress path. */
export class MagnumClusterStack extends TerraformStack {
  /** The state backend (the platform and fleet stacks read this stack's outputs through it). */
  public readonly backend: S3Backend;
  /** The cluster template. */
  public readonly template: ClusterTemplate;
  /** The cluster. */
  public readonly cluster: Cluster;
  /** The ingress endpoint (floating IP and DNS record). */
  public readonly ingressEndpoint: IngressEndpoint;
  /** The values the platform needs: pass `ingress.address` to IstioInstall and `ingress.domain` to KnativeInstall. */
  public readonly ingress: IngressValues;

  public constructor(scope: Construct, id: string, props: MagnumClusterStackProps) {
    super(scope, id);
    if (!props || typeof props !== 'object') throw new TypeError('MagnumClusterStack: props are required; pass { backend, template, cluster, ingress }');
    this.backend = new S3Backend(this, props.backend);
    new OpenStackProvider(this, 'openstack', props.provider);
    this.template = new ClusterTemplate(this, 'template', props.template);
    let network: ClusterNetwork | undefined;
    if (props.network) {
      network = new ClusterNetwork(this, 'network', {
        create: props.network.create ? { ...props.network.create, externalNetworkId: this.template.externalNetworkId } : undefined,
        existing: props.network.existing,
      });
    }
    let keypair = props.cluster.keypair;
    if (props.keypair) {
      const kp = new Keypair(this, 'keypair', props.keypair);
      if (keypair !== undefined && keypair !== props.keypair.name) reportError(this, 'cluster.keypair', 'the cluster names another keypair than the one imported', { value: { cluster: keypair, imported: props.keypair.name } });
      keypair = kp.keypairName;
    }
    this.cluster = new Cluster(this, 'cluster', { ...props.cluster, keypair, template: this.template, network, dependsOn: network?.dependables });
    for (const [ngId, ng] of Object.entries(props.nodeGroups ?? {})) this.cluster.addNodeGroup(ngId, ng);
    this.ingressEndpoint = new IngressEndpoint(this, 'ingress', { ...props.ingress, pool: props.ingress.pool ?? props.template.externalNetwork });
    this.ingress = this.ingressEndpoint.values;

    new TerraformOutput(this, CLUSTER_OUTPUTS.apiAddress, { value: this.cluster.apiAddress, description: 'The Kubernetes API address of the Magnum cluster' }).overrideLogicalId(CLUSTER_OUTPUTS.apiAddress);
    new TerraformOutput(this, CLUSTER_OUTPUTS.kubeconfig, { value: this.cluster.kubeconfigMap, sensitive: true, description: 'The kubeconfig Magnum returns (raw_config, host, cluster_ca_certificate, client_certificate, client_key)' }).overrideLogicalId(CLUSTER_OUTPUTS.kubeconfig);
    new TerraformOutput(this, CLUSTER_OUTPUTS.ingressAddress, { value: this.ingressEndpoint.addressReference, description: 'The floating IP of the Istio ingress gateway' }).overrideLogicalId(CLUSTER_OUTPUTS.ingressAddress);
    new TerraformOutput(this, CLUSTER_OUTPUTS.domain, { value: this.ingress.domain, description: 'The Knative domain' }).overrideLogicalId(CLUSTER_OUTPUTS.domain);
  }
}

/** The cluster stack's outputs as read by another stack (Terraform references). */
export interface RemoteCluster {
  /** The API server URL. */
  readonly host: string;
  /** The cluster CA (PEM). */
  readonly clusterCaCertificate: string;
  /** The admin client certificate (PEM). */
  readonly clientCertificate: string;
  /** The admin client key (PEM). */
  readonly clientKey: string;
  /** The ingress address: the literal when the cluster stack fixed it, else its output. */
  readonly ingressAddress: string;
  /** The Knative domain. */
  readonly domain: string;
}

/** Reads a cluster stack's outputs into `scope`'s stack through a terraform_remote_state data source. */
export function remoteCluster(scope: Construct, id: string, cluster: MagnumClusterStack): RemoteCluster {
  const stack = TerraformStack.of(scope);
  if (stack === cluster) throw new TypeError('remoteCluster: a stack cannot read its own outputs');
  stack.addDependency(cluster);
  const state = new DataTerraformRemoteStateS3(scope, id, { ...cluster.backend.config } as never);
  const kc = (k: string) => state.getString(`${CLUSTER_OUTPUTS.kubeconfig}.${k}`);
  return {
    host: kc('host'),
    clusterCaCertificate: kc('cluster_ca_certificate'),
    clientCertificate: kc('client_certificate'),
    clientKey: kc('client_key'),
    ingressAddress: cluster.ingressEndpoint.addressIsLiteral ? cluster.ingress.address : state.getString(CLUSTER_OUTPUTS.ingressAddress),
    domain: isLiteral(cluster.ingress.domain) ? cluster.ingress.domain : state.getString(CLUSTER_OUTPUTS.domain),
  };
}

/** Configures the Helm and Kubernetes providers of `scope`'s stack for a remote cluster. */
export function clusterProviders(scope: Construct, remote: RemoteCluster, alias?: string): { helm: HelmProvider; kubernetes: KubernetesProvider } {
  const auth = { host: remote.host, clusterCaCertificate: remote.clusterCaCertificate, clientCertificate: remote.clientCertificate, clientKey: remote.clientKey };
  const helm = new HelmProvider(scope, alias ? `helm-${alias}` : 'helm', { alias, kubernetes: auth });
  const kubernetes = new KubernetesProvider(scope, alias ? `kubernetes-${alias}` : 'kubernetes', { alias, ...auth });
  return { helm, kubernetes };
}

/** A git repository and folder the GitOps controller syncs (the shape of the delivery's GitRepositoryRef). */
export interface GitSource {
  /** The repository URL (https or ssh). */
  readonly url: string;
  /** The branch, tag or commit. */
  readonly revision: string;
  /** The folder in the repository where CI commits the synthesized platform for this cluster. */
  readonly path: string;
}

/** A published chart, pinned. */
export interface ChartPin {
  /** The chart repository URL. */
  readonly repository: string;
  /** The chart's name. */
  readonly chart: string;
  /** The exact version. */
  readonly version: string;
}

/** The Argo CD charts (argo-helm): argo-cd 9.1.0 installs Argo CD v3.2.0, the version whose CRDs the validator knows. */
export const ARGO_CD_CHART: ChartPin = { repository: 'https://argoproj.github.io/argo-helm', chart: 'argo-cd', version: '9.1.0' };
/** argo-helm's argocd-apps chart: Applications and ApplicationSets as Helm values (no CRDs needed at plan time). */
export const ARGOCD_APPS_CHART: ChartPin = { repository: 'https://argoproj.github.io/argo-helm', chart: 'argocd-apps', version: '2.0.2' };
/** The Flux community chart (flux2) and its sync chart (flux2-sync). */
export const FLUX2_CHART: ChartPin = { repository: 'https://fluxcd-community.github.io/helm-charts', chart: 'flux2', version: '2.17.2' };
/** The Flux sync chart: a GitRepository and a Kustomization as Helm values. */
export const FLUX2_SYNC_CHART: ChartPin = { repository: 'https://fluxcd-community.github.io/helm-charts', chart: 'flux2-sync', version: '1.14.1' };

/** Options of a direct install. */
export interface DirectInstallProps {
  /**
   * The platform's components in install order (`componentsInOrder(platformApp)`). Helm
   * components become helm_release resources of their published chart; the others become Helm
   * releases of a local chart written beside cdk.tf.json (charts/<component>/), whose objects are
   * applied verbatim (Helm does not need their CRDs at plan time, kubernetes_manifest would).
   */
  readonly components: readonly PlatformComponent[];
  /** The namespace holding the Helm release records of the local charts. @default 'knative-faas-cdk' */
  readonly releaseNamespace?: string;
  /** How long each release may take to become ready, in seconds. @default 600 */
  readonly timeoutSeconds?: number;
}

/** Options of a GitOps bootstrap. */
export interface GitOpsBootstrapProps {
  /** Where CI commits the synthesized platform. */
  readonly repository: GitSource;
  /** The controller's chart. @default - ARGO_CD_CHART or FLUX2_CHART */
  readonly controllerChart?: ChartPin;
  /** The chart of the root application (argocd-apps or flux2-sync). @default - ARGOCD_APPS_CHART or FLUX2_SYNC_CHART */
  readonly rootChart?: ChartPin;
  /** Values for the controller's chart. @default - the chart's defaults */
  readonly controllerValues?: Readonly<Record<string, unknown>>;
}

/** How a platform stack puts the platform on its cluster. */
export class PlatformInstall {
  /** Helm releases applied by Terraform, in the platform's install order. */
  public static direct(props: DirectInstallProps): PlatformInstall {
    return new PlatformInstall('direct', props);
  }

  /** Argo CD from argo-helm, with a root Application syncing the repository. */
  public static argoCd(props: GitOpsBootstrapProps): PlatformInstall {
    return new PlatformInstall('argocd', props);
  }

  /** Flux from the community chart, with a GitRepository and Kustomization syncing the repository. */
  public static flux(props: GitOpsBootstrapProps): PlatformInstall {
    return new PlatformInstall('flux', props);
  }

  private constructor(
    /** The kind of install. */
    public readonly kind: 'direct' | 'argocd' | 'flux',
    /** Its options. */
    public readonly props: DirectInstallProps | GitOpsBootstrapProps,
  ) {}
}

/** Options of a platform stack. */
export interface PlatformStackProps {
  /** Where this stack's state is kept. */
  readonly backend: S3BackendProps;
  /** The cluster stack whose cluster the platform goes on (read through remote state). */
  readonly cluster: MagnumClusterStack;
  /** Direct install or GitOps bootstrap. */
  readonly install: PlatformInstall;
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

function helmValues(values: Readonly<Record<string, unknown>>): string[] {
  return [JSON.stringify(values)];
}

/** A Terraform stack putting the platform on a cluster of a MagnumClusterStack. */
export class PlatformStack extends TerraformStack {
  /** The cluster's outputs, read through remote state. */
  public readonly remote: RemoteCluster;
  /** The Helm releases, in install order. */
  public readonly releases: Release[] = [];
  private readonly localCharts = new Map<string, PlatformComponent>();

  public constructor(scope: Construct, id: string, props: PlatformStackProps) {
    super(scope, id);
    if (!props || typeof props !== 'object' || !(props.cluster instanceof MagnumClusterStack) || !(props.install instanceof PlatformInstall)) {
      throw new TypeError('PlatformStack: pass { backend, cluster: a MagnumClusterStack, install: PlatformInstall.direct(...) | .argoCd(...) | .flux(...) }');
    }
    new S3Backend(this, props.backend);
    this.remote = remoteCluster(this, 'cluster', props.cluster);
    clusterProviders(this, this.remote);
    if (props.install.kind === 'direct') this.direct(props.install.props as DirectInstallProps);
    else {
      this.gitOps(props.install.kind, props.install.props as GitOpsBootstrapProps);
      if (!props.cluster.ingressEndpoint.addressIsLiteral) {
        reportWarning(this, 'cluster.ingress.address', 'the ingress address is chosen by Neutron at apply time, so the manifests in git cannot hold it (the gateway gets another address than the floating IP and DNS record); fix it with ingress.address on the cluster stack');
      }
    }
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { addCustomSynthesis } = require('cdktf/lib/synthesize/synthesizer') as { addCustomSynthesis(c: IConstruct, s: { onSynthesize(session: { outdir: string; manifest: { forStack(s: TerraformStack): { workingDirectory: string } } }): void }): void };
    addCustomSynthesis(this, { onSynthesize: (session) => this.writeLocalCharts(path.join(session.outdir, session.manifest.forStack(this).workingDirectory)) });
  }

  /** A Helm release that waits for the previous one (Terraform's depends_on). */
  private chain(id: string, config: ReleaseConfig): Release {
    const previous = this.releases[this.releases.length - 1];
    const release = new Release(this, id, { ...config, dependsOn: previous ? [previous] : undefined });
    this.releases.push(release);
    return release;
  }

  private direct(p: DirectInstallProps): void {
    if (!Array.isArray(p.components)) throw new TypeError('PlatformInstall.direct: components must be an array of PlatformComponent (componentsInOrder(app))');
    if (p.components.length === 0) reportError(this, 'install.components', 'no platform components to install', { allowed: 'componentsInOrder(platformApp)' });
    const ns = p.releaseNamespace ?? 'knative-faas-cdk';
    if (!DNS_LABEL.test(ns)) reportError(this, 'install.releaseNamespace', 'not a valid namespace name', { value: ns, allowed: 'a DNS-1123 label' });
    const timeout = p.timeoutSeconds ?? 600;
    if (!Number.isInteger(timeout) || timeout < 1) reportError(this, 'install.timeoutSeconds', 'must be a positive integer', { value: timeout });
    // Checked at synth, when the components hold all their objects.
    this.node.addValidation({
      validate: () => p.components.filter((c) => containsTerraformToken(c.helm ? c.helm.values : c.toJson())).map((c) => formatProblem({
        prop: `install.components.${c.componentName}`,
        message: 'the component holds a Terraform reference (an ingress address that is not fixed?); the platform\'s manifests and Helm values must be literal',
        allowed: 'fix the address with ingress.address on the cluster stack, so that cluster.ingress.address is a literal',
      })),
    });
    const names = new Set<string>();
    for (const c of p.components) {
      if (names.has(c.componentName)) { reportError(this, 'install.components', 'two components have the same name', { value: c.componentName }); continue; }
      names.add(c.componentName);
      if (c.helm) {
        this.chain(c.componentName, {
          name: c.helm.releaseName, repository: c.helm.chart.repository, chart: c.helm.chart.chart, version: c.helm.chart.version,
          namespace: c.helm.namespace, createNamespace: true, values: helmValues(c.helm.values), wait: true, timeout, atomic: true,
          description: c.description,
        });
      } else {
        this.localCharts.set(c.componentName, c);
        this.chain(c.componentName, {
          name: c.componentName, chart: `\${path.module}/charts/${c.componentName}`, namespace: ns, createNamespace: true,
          wait: true, timeout, atomic: true, description: c.description ?? `${c.componentName} (phase ${c.phase}), rendered by knative-faas-cdk`,
        });
      }
    }
  }

  private gitOps(kind: 'argocd' | 'flux', p: GitOpsBootstrapProps): void {
    const repo = p.repository;
    if (!repo || typeof repo.url !== 'string' || !/^(https:\/\/|ssh:\/\/|git@)[^\s]+$/.test(repo.url)) {
      reportError(this, 'install.repository.url', 'not a git repository URL the controller can clone', { value: repo?.url, allowed: 'https://…, ssh://… or git@host:path' });
    } else if (/^https:\/\/[^/]*@/.test(repo.url)) {
      reportError(this, 'install.repository.url', 'credentials do not belong in the URL: they would be written to cdk.tf.json and the state', { value: repo.url.replace(/\/\/[^@]*@/, '//***@'), allowed: 'a repository Secret created out of band' });
    }
    if (!repo || typeof repo.revision !== 'string' || repo.revision.trim() === '') reportError(this, 'install.repository.revision', 'give the branch, tag or commit', { value: repo?.revision });
    if (!repo || typeof repo.path !== 'string' || repo.path.startsWith('/') || repo.path.split('/').includes('..')) reportError(this, 'install.repository.path', 'must be a relative folder of the repository', { value: repo?.path });
    const controller = p.controllerChart ?? (kind === 'argocd' ? ARGO_CD_CHART : FLUX2_CHART);
    const root = p.rootChart ?? (kind === 'argocd' ? ARGOCD_APPS_CHART : FLUX2_SYNC_CHART);
    const namespace = kind === 'argocd' ? 'argocd' : 'flux-system';
    this.chain(kind === 'argocd' ? 'argo-cd' : 'flux2', {
      name: kind === 'argocd' ? 'argo-cd' : 'flux2', repository: controller.repository, chart: controller.chart, version: controller.version,
      namespace, createNamespace: true, values: helmValues(p.controllerValues ?? {}), wait: true, atomic: true,
    });
    const values = kind === 'argocd' ? argoRootValues(repo) : fluxSyncValues(repo);
    this.chain(kind === 'argocd' ? 'root-application' : 'flux-sync', {
      name: kind === 'argocd' ? 'root-application' : 'flux-sync', repository: root.repository, chart: root.chart, version: root.version,
      namespace, values: helmValues(values), wait: true, atomic: true,
    });
  }

  private writeLocalCharts(workingDirectory: string): void {
    for (const [name, component] of this.localCharts) {
      const dir = path.join(workingDirectory, 'charts', name);
      fs.rmSync(dir, { recursive: true, force: true });
      fs.mkdirSync(path.join(dir, 'templates'), { recursive: true });
      fs.mkdirSync(path.join(dir, 'files'), { recursive: true });
      fs.writeFileSync(path.join(dir, 'Chart.yaml'), stringify({ apiVersion: 'v2', name, description: `${component.description ?? name} (phase ${component.phase}); rendered by knative-faas-cdk`, type: 'application', version: '0.1.0' }));
      // The objects are a file the template includes verbatim: Helm never evaluates `{{ }}` inside
      // them (Knative's domain-template uses that syntax).
      const docs = component.toJson().map((o) => stringify(o, { lineWidth: 0 }));
      fs.writeFileSync(path.join(dir, 'files', 'objects.yaml'), docs.map((d) => `---\n${d}`).join(''));
      fs.writeFileSync(path.join(dir, 'templates', 'objects.yaml'), '{{ .Files.Get "files/objects.yaml" }}\n');
    }
  }
}

/** Whether a value holds an unresolved cdktf token (`${TfToken[...]}`) anywhere. */
function containsTerraformToken(value: unknown): boolean {
  return JSON.stringify(value ?? null).includes('${TfToken[');
}

/** The argocd-apps values of the root Application. */
export function argoRootValues(repo: GitSource): Record<string, unknown> {
  return {
    applications: {
      platform: {
        namespace: 'argocd',
        project: 'default',
        source: { repoURL: repo.url, targetRevision: repo.revision, path: repo.path, directory: { recurse: true } },
        destination: { server: 'https://kubernetes.default.svc', namespace: 'argocd' },
        syncPolicy: { automated: { prune: true, selfHeal: true }, syncOptions: ['CreateNamespace=true'] },
      },
    },
  };
}

/** The flux2-sync values: a GitRepository and the Kustomization applying the folder. */
export function fluxSyncValues(repo: GitSource): Record<string, unknown> {
  const rev = repo.revision ?? '';
  const ref = /^[0-9a-f]{40}$/.test(rev) ? { commit: rev } : /^v?\d+\.\d+\.\d+/.test(rev) ? { tag: rev } : { branch: rev };
  return {
    gitRepository: { spec: { url: repo.url, ref, interval: '1m' } },
    kustomization: { spec: { path: `./${(repo.path ?? '').replace(/^\.\//, '')}`, prune: true, interval: '10m' } },
  };
}

/** One member cluster of a fleet. */
export interface FleetMember {
  /** The member's cluster stack. */
  readonly cluster: MagnumClusterStack;
  /** The folder of the repository holding this member's synthesized platform. */
  readonly path: string;
}

/** Options of a fleet stack. */
export interface FleetStackProps {
  /** Where this stack's state is kept. */
  readonly backend: S3BackendProps;
  /** The control cluster, running Argo CD (bootstrapped by its PlatformStack with PlatformInstall.argoCd). */
  readonly control: MagnumClusterStack;
  /** The clusters Argo CD manages. */
  readonly members: readonly FleetMember[];
  /** The repository of the platforms (the path of each member is its own). */
  readonly repository: Omit<GitSource, 'path'>;
  /** The fleet's name: the cluster Secrets' label that the ApplicationSet selects. @default 'platform' */
  readonly fleetName?: string;
  /** The argocd-apps chart. @default ARGOCD_APPS_CHART */
  readonly appsChart?: ChartPin;
}

/** The label and annotations the fleet puts on each cluster Secret. */
export const FLEET_KEYS = {
  fleet: 'knative-faas-cdk.io/fleet',
  ingressAddress: 'knative-faas-cdk.io/ingress-address',
  domain: 'knative-faas-cdk.io/domain',
  path: 'knative-faas-cdk.io/platform-path',
} as const;

/**
 * Several clusters managed by the Argo CD of one control cluster: a cluster Secret per member
 * (credentials from the member's remote state, never in git), labelled for the fleet and
 * annotated with its per-cluster values (ingress address, domain, platform folder), and an
 * ApplicationSet whose cluster generator makes one Application per member from them.
 */
export class FleetStack extends TerraformStack {
  /** The cluster Secrets, by member cluster name. */
  public readonly clusterSecrets: Record<string, SecretV1> = {};
  /** The Helm release of the ApplicationSet. */
  public readonly applicationSet: Release;

  public constructor(scope: Construct, id: string, props: FleetStackProps) {
    super(scope, id);
    if (!props || typeof props !== 'object' || !(props.control instanceof MagnumClusterStack) || !Array.isArray(props.members)) {
      throw new TypeError('FleetStack: pass { backend, control: a MagnumClusterStack, members: [{ cluster, path }], repository }');
    }
    new S3Backend(this, props.backend);
    const fleet = props.fleetName ?? 'platform';
    if (!DNS_LABEL.test(fleet)) reportError(this, 'fleetName', 'must be a DNS-1123 label (it is a label value and names the ApplicationSet)', { value: fleet });
    if (props.members.length === 0) reportError(this, 'members', 'a fleet needs at least one member cluster');
    const control = clusterProviders(this, remoteCluster(this, 'control', props.control));
    const seen = new Set<string>();
    const secrets: ITerraformDependable[] = [];
    props.members.forEach((m, n) => {
      if (!(m.cluster instanceof MagnumClusterStack)) throw new TypeError(`FleetStack: members[${n}].cluster must be a MagnumClusterStack`);
      const name = m.cluster.cluster.clusterName;
      if (seen.has(name)) reportError(this, `members[${n}]`, 'two members have the same cluster name', { value: name });
      seen.add(name);
      if (typeof m.path !== 'string' || m.path.startsWith('/') || m.path.split('/').includes('..')) reportError(this, `members[${n}].path`, 'must be a relative folder of the repository', { value: m.path });
      const remote = remoteCluster(this, `member-${m.cluster.node.id}`, m.cluster);
      const secretName = `cluster-${name.toLowerCase().replace(/[^a-z0-9-]/g, '-')}`.slice(0, 253);
      const secret = new SecretV1(this, `secret-${m.cluster.node.id}`, {
        provider: control.kubernetes,
        metadata: {
          name: secretName,
          namespace: 'argocd',
          labels: { 'argocd.argoproj.io/secret-type': 'cluster', [FLEET_KEYS.fleet]: fleet },
          annotations: { [FLEET_KEYS.ingressAddress]: remote.ingressAddress, [FLEET_KEYS.domain]: remote.domain, [FLEET_KEYS.path]: m.path },
        },
        data: {
          name,
          server: remote.host,
          config: Fn.jsonencode({ tlsClientConfig: { caData: Fn.base64encode(remote.clusterCaCertificate), certData: Fn.base64encode(remote.clientCertificate), keyData: Fn.base64encode(remote.clientKey) } }),
        },
        type: 'Opaque',
      });
      this.clusterSecrets[name] = secret;
      secrets.push(secret);
    });
    const chart = props.appsChart ?? ARGOCD_APPS_CHART;
    this.applicationSet = new Release(this, 'applicationset', {
      provider: control.helm,
      name: `${fleet}-fleet`, repository: chart.repository, chart: chart.chart, version: chart.version, namespace: 'argocd',
      values: helmValues(fleetApplicationSetValues(fleet, props.repository)), wait: true, atomic: true,
      dependsOn: secrets,
    });
  }
}

/** The argocd-apps values of the fleet's ApplicationSet (Go templates read the cluster Secret's annotations). */
export function fleetApplicationSetValues(fleet: string, repo: Omit<GitSource, 'path'>): Record<string, unknown> {
  return {
    applicationsets: {
      [fleet]: {
        namespace: 'argocd',
        goTemplate: true,
        goTemplateOptions: ['missingkey=error'],
        generators: [{ clusters: { selector: { matchLabels: { [FLEET_KEYS.fleet]: fleet } } } }],
        template: {
          metadata: { name: `${fleet}-{{.name}}`, annotations: { [FLEET_KEYS.ingressAddress]: `{{index .metadata.annotations "${FLEET_KEYS.ingressAddress}"}}`, [FLEET_KEYS.domain]: `{{index .metadata.annotations "${FLEET_KEYS.domain}"}}` } },
          spec: {
            project: 'default',
            source: { repoURL: repo.url, targetRevision: repo.revision, path: `{{index .metadata.annotations "${FLEET_KEYS.path}"}}`, directory: { recurse: true } },
            destination: { server: '{{.server}}', namespace: 'argocd' },
            syncPolicy: { automated: { prune: true, selfHeal: true }, syncOptions: ['CreateNamespace=true'] },
          },
        },
      },
    },
  };
}
