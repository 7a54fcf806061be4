/**
 * The full path, GitOps bootstrap: the same cluster stack, then a platform stack that installs
 * Argo CD (argo-helm's argo-cd chart) and a root Application (argocd-apps chart) syncing the
 * folder where CI commits the synthesized platform. The platform manifests are synthesized by the
 * same program with the literal ingress address and domain of the cluster stack, so nothing is
 * copied by hand. (PlatformInstall.flux(...) bootstraps Flux from the flux2/flux2-sync charts the
 * same way.)
 */
import { OpenStackApp, PlatformInstall, PlatformStack } from '../../lib/openstack';
import { BACKEND, labClusterStack, labPlatform } from './_lab';
import { OpenStackExample } from './types';

export function buildOpenStackExample(outdir: string): OpenStackExample {
  const terraform = new OpenStackApp({ outdir: `${outdir}/terraform` });
  const cluster = labClusterStack(terraform, 'lab', { name: 'lab', cidr: '10.42.0.0/24', ingressAddress: '203.0.113.10', domain: 'functions.lab.example.org' });
  // CI runs this program and commits the platform to the repository below: PlatformApp writes
  // dist/argocd/ (one Application per component, Helm ones included), which the root Application syncs.
  const repository = { url: 'https://gitlab.lab.example.org/platform/cluster.git', revision: 'main', path: 'dist' };
  const platform = labPlatform(`${outdir}/platform`, cluster.ingress, repository);
  new PlatformStack(terraform, 'lab-gitops', {
    backend: BACKEND, cluster,
    install: PlatformInstall.argoCd({ repository: { ...repository, path: `${repository.path}/argocd` } }),
  });
  return { terraform, platform };
}
