/**
 * {{name}}: the platform repository of one shared Knative cluster, in one program: the Istio and
 * Knative installs, the tenants and their functions. `npm run synth` validates everything as the
 * cluster would and, only when nothing is wrong, writes dist/ (plain/ phase folders with
 * install.sh for a first install by hand, argocd/ an app of apps, flux/ Kustomizations, and the
 * components/ folders both GitOps tools read) and the event topology into topology/.
 *
 * Bootstrap once: either run dist/plain/install.sh, or install Argo CD and apply
 * dist/argocd/project.yaml and dist/argocd/root.yaml (Flux: dist/flux/), after pushing dist/.
 */
import {
  FunctionTrigger, IstioInstall, KnativeInstall, KnativeInstallMode, PlatformApp, ScalingProfile, Tenant, Topology,
} from 'knative-faas-cdk';

/** The domain functions are served under: a wildcard DNS record points at the ingress IP. */
const DOMAIN = 'functions.example.org';

const app = new PlatformApp({
  // Where CI commits dist/: Argo CD and Flux read the component folders from there.
  repository: { url: 'https://gitlab.example.org/platform/{{name}}.git', revision: 'main', path: 'dist' },
  deliveries: { plain: {}, argoCd: {}, flux: {} },
});
// topology/topology.{md,mmd,json}, written after every successful synth.
Topology.attach(app);

const istio = new IstioInstall(app, 'istio', { strictMtls: true });
new KnativeInstall(app, 'knative', {
  mode: KnativeInstallMode.operator(),
  mesh: istio,
  serving: { domains: { [DOMAIN]: {} }, defaults: { maxRevisionTimeoutSeconds: 600 } },
  eventing: { defaultBrokerClass: 'MTChannelBasedBroker' },
});

// A team: its namespace, quota, RBAC for its group, network and mesh isolation, a default Broker.
const teamA = new Tenant(app, 'team-a', { group: 'team-a', domains: [`team-a.${DOMAIN}`] });
// A function: public on its own name, and called with "file uploaded" events from the Broker.
teamA.addFunction('checksum', {
  image: 'ghcr.io/knative/helloworld-go:latest',
  triggers: [
    FunctionTrigger.http({ domain: `checksum.team-a.${DOMAIN}` }),
    FunctionTrigger.event({ type: 'org.example.file.uploaded' }),
  ],
  scaling: ScalingProfile.scaleToZero({ maxScale: 5 }),
});

app.synth();
