/**
 * A two-cluster fleet from one program: a control cluster running Argo CD (bootstrapped by its
 * platform stack) and two site clusters, each with its own ingress address and domain. The fleet
 * stack registers the sites in the control cluster's Argo CD (cluster Secrets whose credentials
 * come from the sites' remote state, labelled for the fleet and annotated with the per-cluster
 * values) and an ApplicationSet with a cluster generator syncs each site's platform folder.
 */
import { App } from 'cdk8s';
import { FleetStack, OpenStackApp, PlatformInstall, PlatformStack } from '../../lib/openstack';
import { BACKEND, labClusterStack, labPlatform } from './_lab';
import { OpenStackExample } from './types';

const REPO = { url: 'https://gitlab.lab.example.org/platform/fleet.git', revision: 'main' };

export function buildOpenStackExample(outdir: string): OpenStackExample {
  const terraform = new OpenStackApp({ outdir: `${outdir}/terraform` });
  const control = labClusterStack(terraform, 'control', { name: 'control', cidr: '10.40.0.0/24', ingressAddress: '203.0.113.20', domain: 'functions.control.lab.example.org', nodeCount: 2 });
  new PlatformStack(terraform, 'control-argocd', { backend: BACKEND, cluster: control, install: PlatformInstall.argoCd({ repository: { ...REPO, path: 'control/dist/argocd' } }) });
  const sites = [
    labClusterStack(terraform, 'site-a', { name: 'site-a', cidr: '10.41.0.0/24', ingressAddress: '203.0.113.21', domain: 'functions.a.lab.example.org' }),
    labClusterStack(terraform, 'site-b', { name: 'site-b', cidr: '10.43.0.0/24', ingressAddress: '203.0.113.22', domain: 'functions.b.lab.example.org' }),
  ];
  const platforms: Record<string, App> = {};
  for (const site of sites) platforms[site.node.id] = labPlatform(`${outdir}/platform/${site.node.id}`, site.ingress);
  new FleetStack(terraform, 'fleet', {
    backend: BACKEND, control, repository: REPO,
    members: sites.map((s) => ({ cluster: s, path: `${s.node.id}/dist/argocd` })),
  });
  return { terraform, platforms };
}
