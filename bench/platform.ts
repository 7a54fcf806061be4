/**
 * The platform-scale cases: a whole platform (Istio, Knative through the operator or its release
 * manifests, a team's services) delivered three ways by PlatformApp, and a shared cluster of
 * tenants with their functions. Their plain side is the same objects as plain cdk8s ApiObjects,
 * read from the JSON the library side produced once (`dumpObjects`; bench/plain.ts `plainFromDump`), so the ratio measures
 * what the library adds over writing that JSON by hand.
 */
import * as fs from 'fs';
import { App, Chart, Duration } from 'cdk8s';
// The package entry point, as users import it.
import { asOneSynth } from '../lib/validation/construct';
import { RELEASE_DIR } from './shape';
import { FunctionTrigger, IstioInstall, KnativeInstall, KnativeInstallMode, KnativeService, PlatformApp, ScalingProfile, Tenant } from '../lib';

/** Functions per tenant in the tenants case. */
export const FUNCTIONS_PER_TENANT = 20;


const tenantName = (t: number) => `team-${String(t).padStart(3, '0')}`;

/** `count` tenants, each with FUNCTIONS_PER_TENANT functions (an HTTP and an event trigger each). */
export function libraryTenants(count: number): App {
  const app = new App({ outdir: '/nonexistent' });
  for (let t = 0; t < count; t++) {
    const tenant = new Tenant(app, tenantName(t), { group: `${tenantName(t)}-devs`, domains: [`${tenantName(t)}.functions.example.org`] });
    for (let f = 0; f < FUNCTIONS_PER_TENANT; f++) {
      tenant.addFunction(`fn-${f}`, {
        image: `registry.example.org/${tenantName(t)}/fn-${f}:1.0.${f}`,
        triggers: [
          FunctionTrigger.http({ domain: `fn-${f}.${tenantName(t)}.functions.example.org` }),
          FunctionTrigger.event({ type: `org.example.${tenantName(t)}.v${f % 5}`, source: '/uploads' }),
        ],
        scaling: f % 2 ? ScalingProfile.scaleToZero() : ScalingProfile.latencySensitive({ minScale: 1 }),
        timeout: Duration.minutes(1),
      });
    }
  }
  return app;
}

/** A whole platform with `services` Knative Services of one team, Knative in `mode`, written to `outdir`. */
export function libraryPlatform(services: number, mode: 'operator' | 'release', outdir: string): App {
  const app = new PlatformApp({
    outdir,
    repository: { url: 'https://gitlab.example.org/lab/platform.git', revision: 'main', path: 'dist' },
    deliveries: { plain: {}, argoCd: {}, flux: {} },
  });
  const istio = new IstioInstall(app, 'istio', { ingressGateway: { loadBalancerIp: '203.0.113.10' }, strictMtls: true });
  new KnativeInstall(app, 'knative', {
    mode: mode === 'operator' ? KnativeInstallMode.operator() : KnativeInstallMode.releaseManifests({ from: RELEASE_DIR }),
    mesh: istio,
    serving: { domains: { 'functions.example.org': {} }, network: { externalDomainTls: true } },
    eventing: { defaultBrokerClass: 'MTChannelBasedBroker' },
  });
  const team = new Chart(app, 'team', { namespace: 'team' });
  for (let i = 0; i < services; i++) {
    new KnativeService(team, `fn-${i}`, {
      metadata: { name: `fn-${String(i).padStart(4, '0')}` },
      containers: [{ image: `registry.example.org/team/fn:1.${i % 10}.0`, securityContext: { user: 65532 } }],
      autoscaling: { maxScale: 10 },
    });
  }
  return app;
}

/** The objects an app synthesizes, chart by chart, as JSON (the plain side's input). */
export function dumpObjects(app: App, file: string): void {
  // As one synth call, as synthYaml() renders it (app-wide look-ups once, not once per chart).
  const charts = asOneSynth(app, () => app.charts.map((c) => ({ id: c.node.id, objects: Object.values(c.toJson()) })));
  fs.writeFileSync(file, JSON.stringify(charts));
}
