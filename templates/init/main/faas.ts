/**
 * {{name}}: the platform repository of one shared Knative cluster: the Istio and Knative
 * installs, the tenants and their functions, delivered through GitOps. `npm run synth` writes
 * everything into dist/ (validated as the cluster would, before anything is written), with the
 * event topology beside it.
 *
 * Template "faas". TODO(integration): written against the CONTRACT names (PlatformApp,
 * IstioInstall, KnativeInstall, Tenant, Function); check the props against the final API and
 * make this the default template in lib/init/init.ts.
 */
import {
  IstioInstall, KnativeInstall, KnativeInstallMode, PlatformApp, Tenant,
} from 'knative-faas-cdk';

const app = new PlatformApp({
  outdir: 'dist',
  repository: { url: 'https://gitlab.example.org/platform/cluster.git', revision: 'main', path: 'dist' },
  deliveries: { plain: {}, argoCd: {} },
});
const istio = new IstioInstall(app, 'istio', { strictMtls: true });
new KnativeInstall(app, 'knative', {
  mode: KnativeInstallMode.operator(),
  mesh: istio,
  serving: { domains: { 'functions.example.org': {} } },
  eventing: { defaultBrokerClass: 'MTChannelBasedBroker' },
});

const teamA = new Tenant(app, 'team-a', { group: 'team-a', domains: ['a.functions.example.org'] });
teamA.addFunction('checksum', {
  image: 'ghcr.io/knative/helloworld-go:latest',
  triggers: [],
});

app.synth();
