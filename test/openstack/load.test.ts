/**
 * The OpenStack layer is its own entry point (`knative-faas-cdk/openstack`): users of the cdk8s
 * constructs never load cdktf, the provider bindings or the provider generator, even when they
 * synthesize; the openstack entry point loads cdktf and the prebuilt Helm and Kubernetes
 * bindings it uses, not the generated OpenStack bindings (only the behaviour table).
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..', '..');

function loadedAfter(code: string): string[] {
  const script = `${code};\nprocess.stdout.write(JSON.stringify(Object.keys(require.cache)));`;
  const r = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', '-e', script], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
  if (r.status !== 0) throw new Error(r.stderr);
  return (JSON.parse(r.stdout) as string[]).map((f) => path.relative(ROOT, fs.realpathSync(f)).replace(/^\.\.\/\.\.\/main\//, ''));
}

const CDKTF = /^node_modules\/(cdktf|@cdktf)\//;

test('the cdk8s entry point loads no cdktf module, nor lib/openstack, while building and synthesizing', () => {
  const files = loadedAfter([
    "const { App, Chart } = require('cdk8s'); const lib = require('./lib')",
    "const app = new App({ outdir: require('os').tmpdir() })",
    "new lib.KnativeService(new Chart(app, 'c', { namespace: 'default' }), 's', { containers: [{ image: 'ghcr.io/knative/helloworld-go' }] })",
    'app.synthYaml()',
  ].join(';'));
  expect(files).toContain('lib/index.ts');
  expect(files.filter((f) => CDKTF.test(f) || f.startsWith('lib/openstack/') || f.startsWith('imports/openstack/'))).toEqual([]);
});

test('the openstack entry point loads cdktf and the prebuilt Helm/Kubernetes bindings, not the generated OpenStack classes', () => {
  const files = loadedAfter("require('./lib/openstack')");
  expect(files).toContain('lib/openstack/index.ts');
  expect(files.some((f) => f.startsWith('node_modules/cdktf/'))).toBe(true);
  expect(files.some((f) => f.startsWith('node_modules/@cdktf/provider-helm/lib/release/'))).toBe(true);
  // Only the release and provider modules of the prebuilt packages (not their index of hundreds of resources).
  expect(files.filter((f) => f.startsWith('node_modules/@cdktf/provider-kubernetes/lib/')).map((f) => f.split('/')[4]).filter((v, i, a) => a.indexOf(v) === i).sort()).toEqual(['provider', 'secret-v1']);
  expect(files.filter((f) => f.startsWith('imports/openstack/'))).toEqual(['imports/openstack/behaviour.ts']);
  expect(files.filter((f) => f.startsWith('node_modules/@cdktf/provider-generator/'))).toEqual([]);
});

test('package.json: `.` stays the cdk8s entry point, `./openstack` the Terraform one, `./package.json` is readable', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  expect(pkg.main).toBe('build/lib/index.js');
  expect(pkg.exports['.']).toEqual({ types: './build/lib/index.d.ts', default: './build/lib/index.js' });
  expect(pkg.exports['./openstack']).toEqual({ types: './build/lib/openstack/index.d.ts', default: './build/lib/openstack/index.js' });
  expect(pkg.exports['./package.json']).toBe('./package.json');
  expect(pkg.typesVersions['*'].openstack).toEqual(['build/lib/openstack/index.d.ts']);
  for (const dep of ['cdktf', '@cdktf/provider-helm', '@cdktf/provider-kubernetes']) expect(pkg.peerDependenciesMeta[dep]).toEqual({ optional: true });
});
