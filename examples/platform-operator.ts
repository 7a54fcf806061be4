/**
 * A complete platform for one real domain, in one file (issue 10): Istio from its Helm charts,
 * Knative Serving + net-istio and Eventing through the Knative Operator, and the Dynafed team with
 * the checksum service on it, delivered three ways from one synth:
 *
 * - `plain/`: one folder per phase and `install.sh` (helm upgrade --install, kubectl apply per
 *   phase, waits between phases), for a first install by hand as in seed 000;
 * - `argocd/`: an AppProject and an app of apps, in sync waves;
 * - `flux/`: a GitRepository, HelmRepositories and HelmReleases, and Kustomizations chained
 *   with dependsOn.
 *
 * The Knative settings are declared once: the install renders them into the KnativeServing /
 * KnativeEventing objects, and the team's function is validated against them at synth. The
 * tenant's domain reaches config-domain by itself (the tenant contributes it, whether created
 * before or after the install), and TenantDefaults holds what every tenant of the platform gets.
 * examples/platform-release.ts is the same platform from Knative's release manifests.
 */
import { App, Duration, Size } from 'cdk8s';
import { ClusterSettingsProps } from '../lib/core/cluster-settings';
import * as kplus from 'cdk8s-plus-27';
import { FunctionTrigger, ScalingProfile, Tenant, TenantDefaults } from '../lib/faas';
import { IstioInstall, KnativeInstall, KnativeInstallMode, PlatformApp } from '../lib/platform';

/** The domain the lab's functions are served under (a wildcard DNS record points at the gateway). */
export const DOMAIN = 'functions.example.org';
/** The floating IP reserved in OpenStack for the ingress gateway. */
export const INGRESS_IP = '203.0.113.10';

/** The cluster this platform installs: its team's services are validated against it. */
export const clusterSettings: ClusterSettingsProps = {
  serving: {
    domains: { [DOMAIN]: {}, 'svc.cluster.local': { selector: { 'networking.knative.dev/visibility': 'cluster-local' } } },
    network: { externalDomainTls: true, httpProtocol: 'Redirected', autocreateClusterDomainClaims: true, defaultExternalScheme: 'https' },
    autoscaler: { enableScaleToZero: true, scaleToZeroGracePeriod: '30s', stableWindow: '60s', maxScaleLimit: 50, maxScale: 20, containerConcurrencyTargetDefault: 100 },
    defaults: { revisionTimeoutSeconds: 300, maxRevisionTimeoutSeconds: 900 },
    securePodDefaults: 'Enabled',
  },
  eventing: { defaultBrokerClass: 'MTChannelBasedBroker' },
};

/** The platform and its tenant on `app`, with Knative installed in `mode`. */
export function buildPlatform(app: App, mode: KnativeInstallMode): void {
  const istio = new IstioInstall(app, 'istio', {
    meshConfig: { outboundTrafficPolicy: 'ALLOW_ANY', accessLogFile: '/dev/stdout', holdApplicationUntilProxyStarts: true },
    pilot: { autoscaleMin: 2, autoscaleMax: 4 },
    ingressGateway: {
      loadBalancerIp: INGRESS_IP,
      // OpenStack's cloud provider keeps the reserved floating IP when the Service goes away.
      serviceAnnotations: { 'loadbalancer.openstack.org/keep-floatingip': 'true' },
      externalTrafficPolicy: 'Local',
      autoscaleMin: 2,
      autoscaleMax: 6,
    },
    strictMtls: true,
  });

  new KnativeInstall(app, 'knative', {
    mode,
    mesh: istio,
    serving: clusterSettings.serving,
    eventing: clusterSettings.eventing,
    servingInstall: {
      certManager: { issuerRef: { kind: 'ClusterIssuer', name: 'letsencrypt' } },
      deployment: { registriesSkippingTagResolving: ['registry.example.org'] },
      gc: { retainSinceCreateTime: Duration.hours(48), minNonActiveRevisions: 2, maxNonActiveRevisions: 5 },
    },
    highAvailability: { replicas: 2 },
  });

  // What every tenant of this platform gets, unless its own props say otherwise (field by field).
  TenantDefaults.apply(app, {
    quota: { cpuRequests: kplus.Cpu.units(4), memoryRequests: Size.gibibytes(8), pods: 50, functions: 20 },
    containerDefaults: { memoryLimit: Size.mebibytes(512) },
  });
  // Its Routes get `<function>.dynafed.dynafed.functions.example.org` from config-domain (no need to
  // list the domain in serving.domains); checksums.dynafed... is a DomainMapping it claims.
  const dynafed = new Tenant(app, 'dynafed', { group: 'dynafed-admins', domains: [`dynafed.${DOMAIN}`] });
  dynafed.addFunction('checksum', {
    image: 'registry.example.org/dynafed/checksum:1.0.0',
    triggers: [
      FunctionTrigger.http({ domain: `checksums.dynafed.${DOMAIN}` }),
      FunctionTrigger.event({ type: 'ch.cern.dynafed.file.uploaded', source: 'https://dynafed.example.org' }),
    ],
    secretEnv: {
      AWS_ACCESS_KEY_ID: { secret: 'dynafed-s3-credentials', key: 'access-key' },
      AWS_SECRET_ACCESS_KEY: { secret: 'dynafed-s3-credentials', key: 'secret-key' },
    },
    env: { S3_ENDPOINT: 'https://s3.example.org' },
    scaling: ScalingProfile.batch({ concurrency: 4, maxScale: 10 }),
    timeout: Duration.minutes(5),
  });
}

export function buildApp(outdir: string): App {
  const app = new PlatformApp({
    outdir,
    // Where CI commits this output; Argo CD and Flux read the component folders from there.
    repository: { url: 'https://gitlab.example.org/lab/platform.git', revision: 'main', path: 'dist/platform-operator' },
    deliveries: { plain: {}, argoCd: {}, flux: {} },
  });
  buildPlatform(app, KnativeInstallMode.operator());
  return app;
}
