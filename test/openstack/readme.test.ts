/**
 * The README's OpenStack snippet runs against the library (with a `buildPlatform` of two
 * components), and what it writes passes the provider-schema checker.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as ts from 'typescript';
import { ApiObject, App } from 'cdk8s';
import { Phase, PlatformComponent } from '../../lib/platform/model';
import { IngressValues } from '../../lib/openstack';
import { checkTerraformJson } from '../../scripts/terraform-schema-check';
import { terraformSchemas } from '../../scripts/synth-openstack';

const ROOT = path.resolve(__dirname, '..', '..');
const README = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const SECTION = README.slice(README.indexOf('## OpenStack (CDK for Terraform)'), README.indexOf('## Layout'));
const SNIPPET = /```ts\n([\s\S]*?)```/.exec(SECTION)?.[1] ?? '';

function buildPlatform(ingress: IngressValues): App {
  const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'kfc-os-readme-platform-')) });
  new PlatformComponent(app, 'istio-ingressgateway', {
    phase: Phase.CONTROLLERS,
    helm: { chart: { repository: 'https://istio-release.storage.googleapis.com/charts', chart: 'gateway', version: '1.30.3' }, releaseName: 'istio-ingressgateway', namespace: 'istio-system', values: { service: { loadBalancerIP: ingress.address } } },
  });
  const cfg = new PlatformComponent(app, 'knative-domain', { phase: Phase.CONFIGURATION });
  new ApiObject(cfg, 'domain', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'config-domain', namespace: 'knative-serving' }, data: { [ingress.domain]: '' } });
  return app;
}

test('the README\'s OpenStack snippet synthesizes a cluster stack and a platform stack the provider schemas accept', () => {
  expect(SNIPPET).toContain("from 'knative-faas-cdk/openstack'");
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'kfc-os-readme-'));
  try {
    const source = SNIPPET.replace("'dist/terraform'", 'outdir');
    const js = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } }).outputText;
    const requireMapped = (id: string) => (id === 'knative-faas-cdk' ? require('../../lib') : id === 'knative-faas-cdk/openstack' ? require('../../lib/openstack') : require(id));
    // eslint-disable-next-line @typescript-eslint/no-implied-eval
    new Function('require', 'exports', 'outdir', 'buildPlatform', js)(requireMapped, {}, outdir, buildPlatform);
    const stacks = fs.readdirSync(path.join(outdir, 'stacks')).sort();
    expect(stacks).toEqual(['lab', 'lab-platform']);
    const schemas = terraformSchemas();
    for (const stack of stacks) {
      const json = JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', stack, 'cdk.tf.json'), 'utf8'));
      let problems = checkTerraformJson(json, schemas);
      if (!schemas.openstack) problems = problems.filter((p) => !/^(resource|data|provider)\.openstack/.test(p));
      expect(problems).toEqual([]);
    }
    const platform = JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', 'lab-platform', 'cdk.tf.json'), 'utf8'));
    expect(JSON.parse(platform.resource.helm_release['istio-ingressgateway'].values[0])).toEqual({ service: { loadBalancerIP: '203.0.113.10' } });
    expect(fs.readFileSync(path.join(outdir, 'stacks', 'lab-platform', 'charts', 'knative-domain', 'files', 'objects.yaml'), 'utf8')).toContain('functions.lab.example.org: ""');
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
});
