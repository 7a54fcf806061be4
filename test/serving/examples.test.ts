/** The serving examples synthesize, validate cleanly and show what their header says. */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Testing } from 'cdk8s';
import { validateObject } from '../../lib/validation/engine';

function load(name: string): any[] {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require(path.join('..', '..', 'examples', name)) as { buildApp(outdir: string): App };
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), `serving-${name}-`));
  try {
    const app = mod.buildApp(outdir);
    app.synth(); // runs every construct's validation; throws on errors
    return app.charts.flatMap((c) => Testing.synth(c));
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

const EXAMPLES = ['hello-world', 'checksum-service', 'canary', 'gradual-rollout', 'private-service', 'domain-mapping', 'root-image'];

describe.each(EXAMPLES)('example %s', (name) => {
  test('validates without errors', () => {
    const objects = load(name);
    expect(objects.length).toBeGreaterThan(0);
    for (const o of objects) expect(validateObject(o).findings.filter((f) => f.severity === 'error')).toEqual([]);
  });
});

describe('example content', () => {
  test('hello-world runs helloworld-go with TARGET', () => {
    const [svc] = load('hello-world');
    const c = svc.spec.template.spec.containers[0];
    expect(c.image).toBe('gcr.io/knative-samples/helloworld-go');
    expect(c.env).toEqual([{ name: 'TARGET', value: 'World' }]);
  });

  test('checksum-service serves on 8080, scales to zero and has probes and resources', () => {
    const [svc] = load('checksum-service');
    const t = svc.spec.template;
    expect(t.metadata.annotations['autoscaling.knative.dev/min-scale']).toBe('0');
    const c = t.spec.containers[0];
    expect(c.ports).toEqual([{ containerPort: 8080 }]);
    expect(c.readinessProbe).toBeDefined();
    expect(c.livenessProbe).toBeDefined();
    expect(c.resources.limits.memory).toBe('512Mi');
  });

  test('canary splits 90/10 between hello-v1 and the latest revision', () => {
    const [svc] = load('canary');
    expect(svc.spec.traffic.map((t: any) => [t.revisionName ?? 'latest', t.percent])).toEqual([['hello-v1', 90], ['latest', 10]]);
  });

  test('gradual-rollout sets rollout-duration on the Service metadata', () => {
    const [svc] = load('gradual-rollout');
    expect(svc.metadata.annotations).toEqual({ 'serving.knative.dev/rollout-duration': '120s' });
  });

  test('private-service is cluster-local', () => {
    const [svc] = load('private-service');
    expect(svc.metadata.labels).toEqual({ 'networking.knative.dev/visibility': 'cluster-local' });
  });

  test('domain-mapping creates the mapping and its claim', () => {
    expect(load('domain-mapping').map((o) => `${o.kind}/${o.metadata.name}`))
      .toEqual(['Service/coolcoffee-company', 'DomainMapping/coolcoffee.company', 'ClusterDomainClaim/coolcoffee.company']);
  });

  test('root-image runs as root, still without escalation, capabilities or an unconfined seccomp profile', () => {
    const [svc] = load('root-image');
    expect(svc.spec.template.spec.containers[0].securityContext).toEqual({
      allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, runAsNonRoot: false, seccompProfile: { type: 'RuntimeDefault' },
    });
  });
});
