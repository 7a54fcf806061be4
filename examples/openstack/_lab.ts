/**
 * The lab's cloud, shared by the OpenStack examples: the state bucket, the Magnum cluster stack
 * (private network, floating IP for the Istio ingress gateway, wildcard DNS record of the Knative
 * domain) and the cdk8s platform built from the cluster's typed ingress values.
 *
 * The platform here is made of PlatformComponents directly (Istio's charts, the Knative Operator's
 * chart, a KnativeServing resource). Once IstioInstall and KnativeInstall land, the same values go
 * to them instead:
 *   new IstioInstall(app, 'istio', { ingressGateway: { loadBalancerIp: cluster.ingress.address } })
 *   new KnativeInstall(app, 'knative', { mode: KnativeInstallMode.operator(), mesh: istio, serving: { domains: { [cluster.ingress.domain]: {} } } })
 */
import { ApiObject, App } from 'cdk8s';
import { Construct } from 'constructs';
import { IngressValues, MagnumClusterStack, MagnumDriverKind, S3BackendProps } from '../../lib/openstack';
import { Phase, PlatformComponent } from '../../lib/platform/model';

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

const ISTIO = 'https://istio-release.storage.googleapis.com/charts';

/** The platform of one cluster, as cdk8s components, from the cluster's typed ingress values. */
export function labPlatform(outdir: string, ingress: IngressValues): App {
  const app = new App({ outdir });
  const base = new PlatformComponent(app, 'istio-base', {
    phase: Phase.FOUNDATION, description: 'Istio CRDs',
    helm: { chart: { repository: ISTIO, chart: 'base', version: '1.30.3' }, releaseName: 'istio-base', namespace: 'istio-system', values: {} },
  });
  const istiod = new PlatformComponent(app, 'istiod', {
    phase: Phase.CONTROLLERS, dependsOn: [base], description: 'Istio control plane',
    helm: { chart: { repository: ISTIO, chart: 'istiod', version: '1.30.3' }, releaseName: 'istiod', namespace: 'istio-system', values: { meshConfig: { outboundTrafficPolicy: { mode: 'REGISTRY_ONLY' } } } },
  });
  new PlatformComponent(app, 'istio-ingressgateway', {
    phase: Phase.CONTROLLERS, dependsOn: [istiod], description: 'Istio ingress gateway on the reserved floating IP',
    helm: {
      chart: { repository: ISTIO, chart: 'gateway', version: '1.30.3' }, releaseName: 'istio-ingressgateway', namespace: 'istio-system',
      values: {
        labels: { istio: 'ingressgateway' },
        service: {
          type: 'LoadBalancer',
          // The OpenStack cloud controller takes the floating IP Terraform reserved; it must not release it.
          loadBalancerIP: ingress.address,
          annotations: { 'loadbalancer.openstack.org/keep-floatingip': 'true' },
        },
      },
    },
  });
  new PlatformComponent(app, 'knative-operator', {
    phase: Phase.CONTROLLERS, description: 'Knative Operator',
    helm: { chart: { repository: 'https://knative.github.io/operator', chart: 'knative-operator', version: 'v1.23.0' }, releaseName: 'knative-operator', namespace: 'knative-operator', values: {} },
  });
  const serving = new PlatformComponent(app, 'knative-serving', { phase: Phase.CONFIGURATION, description: 'Knative Serving on the cluster\'s domain' });
  new ApiObject(serving, 'namespace', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'knative-serving' } });
  new ApiObject(serving, 'serving', {
    apiVersion: 'operator.knative.dev/v1beta1', kind: 'KnativeServing',
    metadata: { name: 'knative-serving', namespace: 'knative-serving' },
    spec: {
      version: '1.23',
      ingress: { istio: { enabled: true } },
      config: {
        domain: { [ingress.domain]: '' },
        network: { 'ingress-class': 'istio.ingress.networking.knative.dev', 'domain-template': '{{.Name}}.{{.Namespace}}.{{.Domain}}' },
      },
    },
  });
  return app;
}
