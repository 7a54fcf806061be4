/**
 * Installing Knative Serving (with net-istio) and Knative Eventing through the Knative Operator,
 * on an Istio mesh with STRICT mTLS, configured from the same typed settings the validator checks
 * the teams' services against. Each platform component is a Chart (one file per component in
 * dist/platform-knative/); a delivery (PlatformApp) lays them out by phase for kubectl, Argo CD
 * or Flux.
 *
 * The release-manifests mode is the same call with
 * `mode: KnativeInstallMode.releaseManifests({ from: 'vendor/knative/1.23.0' })` (a folder of
 * Knative's release files, or `from: KNATIVE_GITHUB_RELEASES` to read them at synth).
 */
import { App, Chart, Duration } from 'cdk8s';
import { ClusterSettingsProps } from '../lib/core/cluster-settings';
import { IMeshInstall, KnativeInstall, KnativeInstallMode, Phase, PlatformComponent } from '../lib/platform';
import { KnativeService } from '../lib/serving';

/** The cluster this example installs (and validates its team's service against). */
export const clusterSettings: ClusterSettingsProps = {
  serving: {
    domains: { 'functions.example.org': {}, 'internal.example.org': { selector: { visibility: 'internal' } } },
    network: { externalDomainTls: true, httpProtocol: 'Redirected', autocreateClusterDomainClaims: true },
    autoscaler: { maxScaleLimit: 20, maxScale: 10 },
    features: { 'kubernetes.podspec-affinity': 'Enabled' },
    securePodDefaults: 'Enabled',
    defaults: { maxRevisionTimeoutSeconds: 900 },
  },
  eventing: { defaultBrokerClass: 'MTChannelBasedBroker' },
};

export function buildApp(outdir: string): App {
  const app = new App({ outdir });

  // The mesh: an IstioInstall provides this; here it describes a mesh installed by other means,
  // whose control plane and gateway are the components Knative waits for.
  const istiod = new PlatformComponent(app, 'istio-control-plane', { phase: Phase.CONTROLLERS, description: 'istiod (installed elsewhere)' });
  const mesh: IMeshInstall = {
    ingressGatewaySelector: { istio: 'ingressgateway' },
    ingressGatewayNamespace: 'istio-system',
    ingressGatewayService: 'istio-ingressgateway',
    strictMtls: true,
    settings: {},
    readyComponents: [istiod],
  };

  new KnativeInstall(app, 'knative', {
    mode: KnativeInstallMode.operator(),
    mesh,
    serving: clusterSettings.serving,
    eventing: clusterSettings.eventing,
    servingInstall: {
      certManager: { issuerRef: { kind: 'ClusterIssuer', name: 'letsencrypt' } },
      deployment: { registriesSkippingTagResolving: ['registry.example.org'], queueSidecar: { cpuRequest: '25m', memoryRequest: '64Mi' } },
      gc: { retainSinceCreateTime: Duration.hours(24), maxNonActiveRevisions: 10, minNonActiveRevisions: 2 },
    },
    highAvailability: { replicas: 2 },
  });

  // A team's function, validated against the platform above (900 s is within its maximum).
  const team = new Chart(app, 'team-a', { namespace: 'team-a' });
  new KnativeService(team, 'checksum', {
    metadata: { name: 'checksum' },
    containers: [{ image: 'registry.example.org/dynafed/checksum:1.0.0', port: 8080 }],
    timeout: Duration.seconds(900),
    autoscaling: { maxScale: 10 },
  });
  return app;
}
