/**
 * Three teams on one shared cluster (issue 12). Each Tenant gets its namespace, quota, limits,
 * RBAC for its group, a NetworkPolicy and Istio policies that admit only itself, the ingress
 * gateway and the Knative system components, a default Broker and its own domain. Each team runs
 * a public function on its domain and a private one that only the team (and its events) reach;
 * test/faas/isolation.test.ts evaluates these very manifests and shows that no team reaches
 * another's functions, while the gateway, the activator, the autoscaler, the probes and event
 * delivery still do. The platform's defaults for every team (quota, container defaults) are
 * declared once with TenantDefaults; a team's own props override them field by field.
 */
import { App, Duration, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { FunctionTrigger, ScalingProfile, Tenant, TenantDefaults } from '../lib/faas';

/** The teams, their groups and domains. */
export const TEAMS = [
  { name: 'team-a', domain: 'a.functions.example.org', pods: undefined },
  { name: 'team-b', domain: 'b.functions.example.org', pods: undefined },
  { name: 'team-c', domain: 'c.functions.example.org', pods: 80 },  // a bigger batch team: more pods, the rest as everyone
] as const;

export function buildApp(outdir: string): App {
  const app = new App({ outdir });
  // Before the tenants: every tenant created below `app` from here on gets these.
  TenantDefaults.apply(app, {
    quota: { cpuRequests: kplus.Cpu.units(2), memoryRequests: Size.gibibytes(4), cpuLimits: kplus.Cpu.units(4), memoryLimits: Size.gibibytes(8), pods: 40, functions: 20 },
    containerDefaults: { cpuRequest: kplus.Cpu.millis(100), memoryRequest: Size.mebibytes(128), memoryLimit: Size.mebibytes(512) },
  });
  for (const team of TEAMS) {
    const tenant = new Tenant(app, team.name, {
      group: `${team.name}-developers`,
      domains: [team.domain],
      ...(team.pods !== undefined ? { quota: { pods: team.pods } } : {}),
    });
    tenant.addFunction('api', {
      image: `registry.example.org/${team.name}/api:1.0.0`,
      triggers: [FunctionTrigger.http({ domain: `api.${team.domain}` })],
      scaling: ScalingProfile.latencySensitive({ minScale: 1, maxScale: 5 }),
      timeout: Duration.seconds(30),
      container: { securityContext: { user: 65532 } },
    });
    tenant.addFunction('worker', {
      image: `registry.example.org/${team.name}/worker:1.0.0`,
      triggers: [
        FunctionTrigger.http(),                                           // private to the cluster (and, by policy, to the team)
        FunctionTrigger.event({ type: `org.example.${team.name.replace('-', '')}.job` }),
        FunctionTrigger.schedule('0 2 * * *', { timeZone: 'Europe/Zurich' }),
      ],
      scaling: ScalingProfile.batch({ concurrency: 20, maxScale: 10 }),
      timeout: Duration.minutes(10),
      container: { securityContext: { user: 65532 } },
    });
  }
  return app;
}
