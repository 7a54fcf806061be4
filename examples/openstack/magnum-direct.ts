/**
 * The full path, direct install: a Magnum cluster on a private network with a reserved floating
 * IP and a wildcard DNS record (cluster stack), then the platform installed by Terraform with
 * Helm releases (platform stack), from one program. The ingress address and the Knative domain
 * are typed values of the cluster stack, used by the Terraform floating IP and by the platform's
 * gateway and Knative configuration.
 *
 *   npm run synth:openstack -- --only magnum-direct
 *   cd dist/openstack/magnum-direct/terraform/stacks/lab && terraform init && terraform apply
 *   cd ../lab-platform && terraform init && terraform apply
 */
import { componentsInOrder } from '../../lib/platform/model';
import { OpenStackApp, PlatformInstall, PlatformStack } from '../../lib/openstack';
import { BACKEND, labClusterStack, labPlatform } from './_lab';
import { OpenStackExample } from './types';

export function buildOpenStackExample(outdir: string): OpenStackExample {
  const terraform = new OpenStackApp({ outdir: `${outdir}/terraform` });
  const cluster = labClusterStack(terraform, 'lab', { name: 'lab', cidr: '10.42.0.0/24', ingressAddress: '203.0.113.10', domain: 'functions.lab.example.org' });
  const platform = labPlatform(`${outdir}/platform`, cluster.ingress);
  new PlatformStack(terraform, 'lab-platform', { backend: BACKEND, cluster, install: PlatformInstall.direct({ components: componentsInOrder(platform) }) });
  return { terraform, platform };
}
