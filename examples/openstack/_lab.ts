/**
 * The lab's cloud, shared by the OpenStack examples: the state bucket, the Magnum cluster stack
 * (private network, floating IP for the Istio ingress gateway, wildcard DNS record of the Knative
 * domain) and the cdk8s platform built from the cluster's typed ingress values.
 *
 * The platform is IstioInstall + KnativeInstall (operator mode) with the cluster stack's ingress
 * address as the gateway's load balancer IP and its domain as Knative's default domain: typed
 * values from the same program, nothing copied between files.
 */
import { App } from 'cdk8s';
import { Construct } from 'constructs';
import { IngressValues, MagnumClusterStack, MagnumDriverKind, S3BackendProps } from '../../lib/openstack';
import { GitRepositoryRef, IstioInstall, KnativeInstall, KnativeInstallMode, PlatformApp } from '../../lib/platform';

/** The state bucket on the lab's Swift (S3 API); credentials come from AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY (EC2 credentials). */
export const BACKEND: S3BackendProps = { bucket: 'terraform-state', endpoint: 'https://object.lab.example.org', keyPrefix: 'knative-platform' };

/** One cluster of the lab: its name, node subnet, reserved ingress address and Knative domain. */
export interface LabCluster {
  readonly name: string;
  readonly cidr: string;
  readonly ingressAddress: string;
  readonly domain: string;
  readonly nodeCount?: number;
}

/** The cluster stack of one lab cluster (Cluster API Helm driver, three masters, Designate record). */
export function labClusterStack(scope: Construct, id: string, c: LabCluster): MagnumClusterStack {
  return new MagnumClusterStack(scope, id, {
    backend: BACKEND,
    provider: { cloud: 'lab' },
    template: {
      name: `${c.name}-k8s-1-33`,
      driver: MagnumDriverKind.CAPI_HELM,
      image: 'ubuntu-jammy-kube-v1.33.4',
      externalNetwork: 'public',
      flavor: 'm1.xlarge',
      masterFlavor: 'm1.large',
      networkDriver: 'calico',
      dnsNameservers: ['192.0.2.53'],
      labels: {
        autoScalingEnabled: true, minNodeCount: 3, maxNodeCount: 10, monitoringEnabled: true,
        kubeDashboardEnabled: false, csiCinderReclaimPolicy: 'Delete', apiMasterLbAllowedCidrs: ['198.51.100.0/24'],
      },
    },
    cluster: { name: c.name, masterCount: 3, nodeCount: c.nodeCount ?? 3 },
    network: { create: { name: `${c.name}-nodes`, cidr: c.cidr, dnsNameservers: ['192.0.2.53'] } },
    keypair: { name: `${c.name}-ops`, publicKey: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHq6c9m3UVKWGv0dIdYmN7E3wYhQ1w9jZ0m3xkT0lFZo ops@lab.example.org' },
    nodeGroups: { gpu: { name: 'gpu', flavor: 'g1.xlarge', nodeCount: 1, minNodeCount: 0, maxNodeCount: 2, role: 'gpu' } },
    ingress: { address: c.ingressAddress, domain: c.domain, zone: { zoneName: 'lab.example.org.' } },
  });
}

/**
 * The platform of one cluster from the cluster's typed ingress values: a plain cdk8s App whose
 * components a direct install reads, or, with `gitops`, a PlatformApp writing the Argo CD app of
 * apps (and plain/ + flux/) that CI commits to that repository.
 */
export function labPlatform(outdir: string, ingress: IngressValues, gitops?: GitRepositoryRef): App {
  const app = gitops ? new PlatformApp({ outdir, repository: gitops, deliveries: { plain: {}, argoCd: {}, flux: {} } }) : new App({ outdir });
  const istio = new IstioInstall(app, 'istio', {
    meshConfig: { outboundTrafficPolicy: 'REGISTRY_ONLY' },
    ingressGateway: {
      // The OpenStack cloud controller takes the floating IP Terraform reserved; it must not release it.
      loadBalancerIp: ingress.address,
      serviceAnnotations: { 'loadbalancer.openstack.org/keep-floatingip': 'true' },
    },
  });
  new KnativeInstall(app, 'knative', {
    mode: KnativeInstallMode.operator(),
    mesh: istio,
    serving: { domains: { [ingress.domain]: {} } },
  });
  return app;
}
