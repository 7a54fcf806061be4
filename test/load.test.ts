/**
 * What `require('knative-faas-cdk')` loads: the constructs and the engine, but not the CLI, the
 * plugin, the file reader and its YAML parser, nor the CEL evaluator until a schema with CEL
 * rules is used. Start-up is what most apps (tens of objects) and every CLI run pay.
 */
import { spawnSync } from 'child_process';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..');

/** Runs the steps in one fresh process and returns the modules loaded after each (repo-relative). */
function loadedAfterEach(steps: Record<string, string>): Record<string, string[]> {
  const script = [
    'const seen = {};',
    ...Object.entries(steps).map(([name, code]) => `${code}; seen[${JSON.stringify(name)}] = Object.keys(require.cache);`),
    'process.stdout.write(JSON.stringify(seen));',
  ].join('\n');
  const r = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', '-e', script], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
  if (r.status !== 0) throw new Error(r.stderr);
  const seen = JSON.parse(r.stdout) as Record<string, string[]>;
  return Object.fromEntries(Object.entries(seen).map(([k, files]) => [k, files.map((f) => path.relative(ROOT, f))]));
}

// ajv's compiler: the Knative and Istio CRDs have validators generated at build time (imports/validators).
const LAZY = [/^node_modules\/yaml\//, /^node_modules\/js-yaml\//, /^node_modules\/@bufbuild\//, /^node_modules\/ajv\/dist\/(ajv|core)\.js$/, /^lib\/validation\/(cli|plugin|files)\.ts$/, /^lib\/validation\/schema\/cel\.ts$/,
  // The topology and init commands, and the topology functions behind their lazy exports.
  /^lib\/topology\/(?!index\.ts$)/, /^lib\/init\//];
const lazyIn = (files: string[]) => files.filter((f) => LAZY.some((re) => re.test(f)));

test('a bare require of the entry point loads nothing but the entry point: each export loads its module on first access', () => {
  const seen = loadedAfterEach({
    before: '',
    bare: "const lib = require('./lib')",
    keys: 'Object.keys(lib).length',
    serving: 'lib.KnativeService',
  });
  const added = (from: string[], to: string[]) => to.filter((f) => !from.includes(f));
  // Not even cdk8s: the entry point is a table of getters.
  expect(added(seen.before, seen.bare)).toEqual(['lib/index.ts']);
  // Listing the exports loads nothing; reading one loads its area only.
  expect(added(seen.bare, seen.keys)).toEqual([]);
  const serving = added(seen.keys, seen.serving);
  expect(serving).toContain('lib/serving/index.ts');
  expect(serving.filter((f) => /^lib\/(eventing|istio|platform)\//.test(f) || /^imports\/[^/]*istio/.test(f))).toEqual([]);
});

test('the entry point loads no CLI, plugin, YAML parser, ajv compiler or CEL until they are used', () => {
  const seen = loadedAfterEach({
    entry: "const { App, Chart } = require('cdk8s'); const lib = require('./lib')",
    synth: [
      "const app = new App({ outdir: require('os').tmpdir() })",
      "new lib.KnativeService(new Chart(app, 'c', { namespace: 'default' }), 's', { containers: [{ image: 'ghcr.io/knative/helloworld-go' }] })",
      'app.synthYaml()',
    ].join(';'),
    lazyExports: "if (typeof lib.validateFiles !== 'function' || typeof lib.KnativeValidation !== 'function') throw new Error('missing')",
    topology: "if (typeof lib.eventTopology !== 'function' || typeof lib.Topology.attach !== 'function' || lib.TENANT_LABEL !== 'knative-faas-cdk.io/tenant') throw new Error('missing')",
    cel: "lib.validateObject({ apiVersion: 'networking.istio.io/v1', kind: 'ServiceEntry', metadata: { name: 'e', namespace: 'default' }, spec: { hosts: ['a.example.com'], ports: [{ number: 80, name: 'http', protocol: 'HTTP' }], resolution: 'DNS' } })",
  });
  expect(seen.entry).toContain('lib/index.ts');
  // A Knative Service is rendered and validated (schema + webhook rules) without any of them.
  expect(lazyIn(seen.synth)).toEqual([]);
  // Nor cdk8s-plus (only props of its types load it), the generated L1 bindings (the constructs
  // render plain JSON), or the Eventing and Istio rules and constructs.
  expect(seen.synth.filter((f) => /^node_modules\/cdk8s-plus-27\//.test(f) || /^imports\/[^/]+\.ts$/.test(f) || /^lib\/(eventing|istio|platform)\//.test(f)
    || /^lib\/validation\/rules\/(eventing|istio)\//.test(f))).toEqual([]);
  expect(seen.lazyExports).toEqual(expect.arrayContaining(['lib/validation/files.ts', 'lib/validation/plugin.ts']));
  expect(seen.lazyExports).not.toContain('lib/validation/schema/cel.ts');
  expect(seen.lazyExports).not.toContain('lib/topology/model.ts');
  expect(seen.topology).toEqual(expect.arrayContaining(['lib/topology/model.ts', 'lib/topology/write.ts']));
  expect(seen.topology).not.toContain('lib/topology/cli.ts');
  // Istio's CRDs carry CEL rules: the evaluator loads when one of their objects is checked.
  expect(seen.cel).toContain('lib/validation/schema/cel.ts');
});

test('Eventing constructs render without loading the generated L1 bindings', () => {
  const seen = loadedAfterEach({
    synth: [
      "const { App, Chart } = require('cdk8s'); const lib = require('./lib')",
      "const app = new App({ outdir: require('os').tmpdir() }); const chart = new Chart(app, 'c', { namespace: 'default' })",
      "const broker = new lib.Broker(chart, 'b', {})",
      "new lib.Trigger(chart, 't', { broker, subscriber: lib.Sink.fromUri('https://example.com/') })",
      'app.synthYaml()',
    ].join(';'),
  });
  expect(seen.synth).toContain('lib/eventing/trigger.ts');
  expect(seen.synth.filter((f) => /^imports\/[^/]+\.ts$/.test(f))).toEqual([]);
});
