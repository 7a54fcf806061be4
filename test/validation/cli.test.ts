import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { EXIT_INVALID, EXIT_OK, EXIT_USAGE, runCli } from '../../lib/validation/cli';

const ROOT = path.resolve(__dirname, '..', '..');

// Without a securityContext, Knative warns about the insecure Kubernetes defaults (S-W1).
const INSECURE_SERVICE = `apiVersion: serving.knative.dev/v1
kind: Service
metadata:
  name: hello
  namespace: default
spec:
  template:
    spec:
      containers:
        - image: ghcr.io/knative/helloworld-go:latest
          env:
            - name: TARGET
              value: World
`;

const VALID_SERVICE = `${INSECURE_SERVICE}          securityContext:
            allowPrivilegeEscalation: false
            capabilities: { drop: [ALL] }
            runAsNonRoot: true
            seccompProfile: { type: RuntimeDefault }
`;

// Three independent mistakes: the API server's name check, an unknown (pruned) field and a
// wrong type. All three must be reported in one run.
const BAD_SERVICE = `apiVersion: serving.knative.dev/v1
kind: Service
metadata:
  name: Hello_World
  namespace: default
spec:
  template:
    spec:
      containerConcurrency: lots
      containers:
        - image: ghcr.io/knative/helloworld-go:latest
          bogusField: 1
`;

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: default
spec:
  selector:
    matchLabels: { app: web }
  template:
    metadata:
      labels: { app: web }
    spec:
      containers:
        - name: web
          image: nginx:1.27
`;

const UNKNOWN_KIND = `apiVersion: widgets.example.com/v1
kind: Widget
metadata:
  name: w
  namespace: default
spec:
  size: 3
`;

let dir: string;

function write(name: string, text: string): string {
  const file = path.join(dir, name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  return file;
}

function run(...argv: string[]): { code: number; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  const code = runCli(argv, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out, err };
}

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kfc-cli-'));
});

afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('knative-faas-cdk validate', () => {
  test('a valid Knative Service passes with a summary line and exit 0', () => {
    const r = run('validate', write('svc.yaml', VALID_SERVICE));
    expect(r.code).toBe(EXIT_OK);
    expect(r.out).toEqual(['1 objects in 1 files: 0 errors, 0 warnings, 0 unchecked']);
    expect(r.err).toEqual([]);
  });

  test('every error of an invalid Service is reported with file:line and the object, exit 1', () => {
    const file = write('bad.yaml', BAD_SERVICE);
    const r = run('validate', file);
    expect(r.code).toBe(EXIT_INVALID);
    const findings = r.out.filter((l) => l.includes(': error: '));
    expect(findings.length).toBeGreaterThanOrEqual(3);
    // The path as given: absolute here.
    const where = `${file}:1 Service default/Hello_World: error: `;
    for (const l of findings) expect(l.startsWith(where)).toBe(true);
    expect(findings.some((l) => l.includes('metadata.name: Invalid value') && l.endsWith('[metadata]'))).toBe(true);
    expect(findings.some((l) => l.includes('spec.template.spec.containers[0].bogusField: unknown field') && l.endsWith('[schema]'))).toBe(true);
    expect(findings.some((l) => l.includes('spec.template.spec.containerConcurrency') && l.endsWith('[schema]'))).toBe(true);
    expect(r.out[r.out.length - 1]).toMatch(/^1 objects in 1 files: [3-9]\d* errors/);
  });

  test('mixed multi-document file: a Deployment is checked, an unknown kind is listed as unchecked, exit 0', () => {
    const file = write('mixed.yaml', [VALID_SERVICE, DEPLOYMENT, UNKNOWN_KIND].join('---\n'));
    const r = run('validate', file);
    expect(r.code).toBe(EXIT_OK);
    expect(r.out).toContain('unchecked: widgets.example.com/v1 Widget (1 object): no schema known for this kind; pass --strict to make this an error');
    expect(r.out[r.out.length - 1]).toBe('3 objects in 1 files: 0 errors, 0 warnings, 1 unchecked');
  });

  test('--strict makes the unknown kind an error, exit 1', () => {
    const file = write('mixed.yaml', [VALID_SERVICE, DEPLOYMENT, UNKNOWN_KIND].join('---\n'));
    const r = run('validate', '--strict', file);
    expect(r.code).toBe(EXIT_INVALID);
    expect(r.out.some((l) => /mixed\.yaml:\d+ Widget default\/w: error: kind: no schema is known for this kind \(strict mode\)/.test(l))).toBe(true);
  });

  test('a Deployment with a wrong type is rejected by the Kubernetes schema', () => {
    const r = run('validate', write('d.yaml', DEPLOYMENT.replace('image: nginx:1.27', 'image: nginx:1.27\n          ports: 80')));
    expect(r.code).toBe(EXIT_INVALID);
    expect(r.out.some((l) => l.includes('Deployment default/web: error:') && l.includes('ports'))).toBe(true);
  });

  test('folders are searched recursively for yaml, yml and json, and List kinds are expanded', () => {
    write('a/svc.yaml', VALID_SERVICE);
    write('a/b/deploy.yml', DEPLOYMENT);
    write('a/b/c/bad.json', JSON.stringify({
      apiVersion: 'v1', kind: 'List',
      items: [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'Bad_Name', namespace: 'default' }, data: { a: 'b' } }],
    }));
    write('a/README.md', '# not a manifest');
    const r = run('validate', path.join(dir, 'a'));
    expect(r.code).toBe(EXIT_INVALID);
    expect(r.out.some((l) => l.includes('bad.json:1 ConfigMap default/Bad_Name: error: metadata.name'))).toBe(true);
    expect(r.out[r.out.length - 1]).toBe('3 objects in 3 files: 1 errors, 0 warnings, 0 unchecked');
  });

  test('cdk8s\'s construct-metadata.json in a synth output folder is not taken for a manifest', () => {
    write('dist/app.k8s.yaml', VALID_SERVICE);
    write('dist/construct-metadata.json', JSON.stringify({ version: '1.0.0', resources: { hello: { path: 'app/hello/Resource' } } }));
    const r = run('validate', path.join(dir, 'dist'));
    expect(r.code).toBe(EXIT_OK);
    expect(r.out).toEqual(['1 objects in 1 files: 0 errors, 0 warnings, 0 unchecked']);
  });

  test('in a Helm chart the walk takes files/, crds/ and subcharts, not Chart.yaml, values or templates', () => {
    write('out/charts/app/Chart.yaml', 'apiVersion: v2\nname: app\nversion: 0.1.0\n');
    write('out/charts/app/values.yaml', 'replicas: 2\n');
    write('out/charts/app/values.schema.json', '{"type": "object"}\n');
    write('out/charts/app/templates/objects.yaml', '{{ .Files.Get "files/objects.yaml" }}\n');
    write('out/charts/app/files/objects.yaml', VALID_SERVICE);
    write('out/charts/app/crds/cm.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: in-crds\n  namespace: default\n');
    write('out/charts/app/charts/sub/Chart.yaml', 'apiVersion: v2\nname: sub\nversion: 0.1.0\n');
    write('out/charts/app/charts/sub/templates/x.yaml', '{{ include "x" . }}\n');
    write('out/charts/app/charts/sub/files/deploy.yaml', DEPLOYMENT);
    write('out/app.k8s.yaml', VALID_SERVICE.replace('name: hello', 'name: beside'));
    const r = run('validate', path.join(dir, 'out'));
    expect(r.out).toEqual(['4 objects in 4 files: 0 errors, 0 warnings, 0 unchecked']);
    // A chart's file named on the command line is read as given.
    expect(run('validate', path.join(dir, 'out/charts/app/Chart.yaml')).out.some((l) => l.includes('error: kind: Required value'))).toBe(true);
  });

  test('a YAML syntax error is reported with its file and line, and the other documents are still checked', () => {
    const file = write('broken.yaml', `${BAD_SERVICE}---\nkind: [unclosed\n`);
    const r = run('validate', file);
    expect(r.code).toBe(EXIT_INVALID);
    expect(r.out.some((l) => /broken\.yaml:\d+: error: YAML: /.test(l))).toBe(true);
    expect(r.out.some((l) => l.includes('Service default/Hello_World: error:'))).toBe(true);
  });

  test('a CustomResourceDefinition in the input registers its kind, so its objects are checked', () => {
    const crd = {
      apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition',
      metadata: { name: 'gadgets.cli-test.example.com' },
      spec: {
        group: 'cli-test.example.com', scope: 'Namespaced',
        names: { kind: 'Gadget', plural: 'gadgets', singular: 'gadget', listKind: 'GadgetList' },
        versions: [{
          name: 'v1', served: true, storage: true,
          schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', properties: { size: { type: 'integer', maximum: 10 } } } } } },
        }],
      },
    };
    // The object comes first in the folder order: registration must not depend on it.
    write('a-gadget.yaml', 'apiVersion: cli-test.example.com/v1\nkind: Gadget\nmetadata: {name: g, namespace: default}\nspec: {size: 11}\n');
    write('z-crd.yaml', JSON.stringify(crd));
    const r = run('validate', '--strict', dir);
    expect(r.code).toBe(EXIT_INVALID);
    expect(r.out.some((l) => l.includes('Gadget default/g: error: spec.size') && l.endsWith('[schema]'))).toBe(true);
    expect(r.out.join('\n')).not.toContain('no schema is known');
  });

  test('--format json prints the whole report as JSON', () => {
    const file = write('mixed.yaml', [BAD_SERVICE, UNKNOWN_KIND].join('---\n'));
    const r = run('validate', file, '--format', 'json');
    expect(r.code).toBe(EXIT_INVALID);
    const report = JSON.parse(r.out.join('\n'));
    expect(report).toMatchObject({ ok: false, files: 1, objects: 2, unchecked: 1, parseErrors: [] });
    expect(report.errors).toBeGreaterThanOrEqual(3);
    expect(report.results[0]).toMatchObject({ kind: 'Service', name: 'Hello_World', namespace: 'default', line: 1, coverage: 'custom-resource' });
    expect(report.results[0].findings).toContainEqual(expect.objectContaining({ severity: 'error', rule: 'metadata', field: 'metadata.name', value: 'Hello_World' }));
    expect(report.results[1]).toMatchObject({ kind: 'Widget', coverage: 'unchecked', findings: [] });
  });

  test('--format=json reports YAML syntax errors as parseErrors', () => {
    const r = run('validate', `--format=json`, write('broken.yaml', 'kind: [unclosed\n'));
    expect(r.code).toBe(EXIT_INVALID);
    const report = JSON.parse(r.out.join('\n'));
    expect(report.parseErrors).toHaveLength(1);
    expect(report.parseErrors[0]).toMatchObject({ line: 1 });
    expect(report.parseErrors[0].message).toMatch(/^YAML: /);
  });

  test('warnings are printed but do not fail the run', () => {
    const r = run('validate', write('svc.yaml', INSECURE_SERVICE));
    expect(r.code).toBe(EXIT_OK);
    expect(r.out.some((l) => l.includes('Service default/hello: warning: spec.template.spec.containers[0].securityContext.runAsNonRoot:') && l.endsWith('[S-W1]'))).toBe(true);
    expect(r.out[r.out.length - 1]).toMatch(/^1 objects in 1 files: 0 errors, [1-9]\d* warnings, 0 unchecked$/);
  });

  test('--fail-on-warnings makes warnings fail the run with exit 1; --strict does not', () => {
    const file = write('svc.yaml', INSECURE_SERVICE);
    expect(run('validate', '--strict', file).code).toBe(EXIT_OK);
    const r = run('validate', '--fail-on-warnings', file);
    expect(r.code).toBe(EXIT_INVALID);
    expect(r.out[r.out.length - 1]).toMatch(/^--fail-on-warnings: [1-9]\d* warnings fail the run$/);
    expect(run('validate', '--fail-on-warnings', write('ok.yaml', VALID_SERVICE)).code).toBe(EXIT_OK);
  });

  test('--settings reads ClusterSettingsProps from JSON and the rules follow them', () => {
    // A feature flag: affinity is rejected on a stock cluster and accepted where it is enabled.
    const withAffinity = write('affinity.yaml', VALID_SERVICE.replace('      containers:', '      affinity: { nodeAffinity: {} }\n      containers:'));
    const stock = run('validate', withAffinity);
    expect(stock.code).toBe(EXIT_INVALID);
    expect(stock.out.some((l) => l.includes('spec.template.spec.affinity'))).toBe(true);
    const enabled = write('enabled.json', JSON.stringify({ serving: { features: { 'kubernetes.podspec-affinity': 'Enabled' } } }));
    expect(run('validate', withAffinity, '--settings', enabled).code).toBe(EXIT_OK);
    // secure-pod-defaults: Knative fills in the secure securityContext itself, so no warnings.
    const secure = write('secure.json', JSON.stringify({ serving: { securePodDefaults: 'Enabled' } }));
    expect(run('validate', write('svc.yaml', INSECURE_SERVICE), '--settings', secure).out)
      .toEqual(['1 objects in 1 files: 0 errors, 0 warnings, 0 unchecked']);
  });

  test('--settings rejects unreadable files, bad JSON and unknown keys with exit 2', () => {
    const svc = write('svc.yaml', VALID_SERVICE);
    const missing = run('validate', svc, '--settings', path.join(dir, 'nope.json'));
    expect(missing.code).toBe(EXIT_USAGE);
    expect(missing.err[0]).toContain('nope.json: no such file');
    const bad = run('validate', svc, '--settings', write('bad.json', '{serving:'));
    expect(bad.code).toBe(EXIT_USAGE);
    expect(bad.err[0]).toContain('not valid JSON');
    const typo = run('validate', svc, '--settings', write('typo.json', '{"servng": {}}'));
    expect(typo.code).toBe(EXIT_USAGE);
    expect(typo.err[0]).toContain("unknown key 'servng' (allowed: serving, eventing, istio)");
  });

  test.each([
    [[], 'Usage: knative-faas-cdk validate'],
    [['validate'], 'no files or folders to validate'],
    [['validate', 'x.yaml', '--frobnicate'], 'unknown option --frobnicate'],
    [['validate', 'x.yaml', '--format', 'xml'], "--format must be text or json, not 'xml'"],
    [['validate', 'x.yaml', '--settings'], '--settings needs a value'],
    [['lint', 'x.yaml'], "unknown command 'lint'"],
  ])('bad arguments %j print usage and exit 2', (argv, message) => {
    const r = run(...argv);
    expect(r.code).toBe(EXIT_USAGE);
    expect(r.err.join('\n')).toContain(message);
    expect(r.err.join('\n')).toContain('Usage: knative-faas-cdk validate');
    expect(r.out).toEqual([]);
  });

  test('a missing input path is an error with exit 2; the other inputs are still validated', () => {
    const missing = path.join(dir, 'missing.yaml');
    const r = run('validate', missing, write('bad.yaml', BAD_SERVICE));
    expect(r.code).toBe(EXIT_USAGE);
    expect(r.out[0]).toBe(`${missing}: error: no such file or directory`);
    expect(r.out.some((l) => l.includes('Service default/Hello_World: error: metadata.name'))).toBe(true);
    expect(r.out[r.out.length - 1]).toMatch(/^1 objects in 1 files, 1 unreadable or refused: [4-9]\d* errors/);
    expect(r.err).toEqual([`knative-faas-cdk validate: 1 input file could not be read or was refused: ${missing}`]);
  });

  test('--help prints usage on stdout with exit 0; --version prints the package version', () => {
    const help = run('--help');
    expect(help.code).toBe(EXIT_OK);
    expect(help.out[0]).toContain('Usage: knative-faas-cdk validate');
    const version = run('--version');
    expect(version.out).toEqual([JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version]);
  });
});

describe('the built CLI as a subprocess', () => {
  let cli: string;
  let tmpBuild: string | undefined;
  const env = { ...process.env, NODE_PATH: path.join(ROOT, 'node_modules') };

  beforeAll(() => {
    cli = path.join(ROOT, 'build', 'bin', 'knative-faas-cdk.js');
    if (fs.existsSync(cli)) return;
    // No `npm run build` output: compile into a temporary folder laid out like build/.
    tmpBuild = fs.mkdtempSync(path.join(os.tmpdir(), 'kfc-build-'));
    const tsc = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
    // Type errors elsewhere in the tree (other work in progress) still emit JavaScript.
    spawnSync(process.execPath, [tsc, '-p', path.join(ROOT, 'tsconfig.build.json'), '--outDir', tmpBuild, '--declaration', 'false'], { stdio: 'ignore' });
    fs.symlinkSync(path.join(ROOT, 'imports', 'schemas'), path.join(tmpBuild, 'imports', 'schemas'));
    cli = path.join(tmpBuild, 'bin', 'knative-faas-cdk.js');
  }, 120_000);

  afterAll(() => {
    if (tmpBuild) fs.rmSync(tmpBuild, { recursive: true, force: true });
  });

  test('starts with a shebang and validates files with the right exit codes', () => {
    expect(fs.readFileSync(cli, 'utf8').startsWith('#!/usr/bin/env node')).toBe(true);
    const ok = write('svc.yaml', VALID_SERVICE);
    expect(execFileSync(process.execPath, [cli, 'validate', ok], { env, encoding: 'utf8' }))
      .toBe('1 objects in 1 files: 0 errors, 0 warnings, 0 unchecked\n');
    const bad = spawnSync(process.execPath, [cli, 'validate', write('bad.yaml', BAD_SERVICE)], { env, encoding: 'utf8' });
    expect(bad.status).toBe(1);
    expect(bad.stdout).toContain('Service default/Hello_World: error: metadata.name');
    const piped = spawnSync(process.execPath, [cli, 'validate', '-'], { env, encoding: 'utf8', input: BAD_SERVICE });
    expect(piped.status).toBe(1);
    expect(piped.stdout).toContain('<stdin>:1 Service default/Hello_World: error: metadata.name');
    const usage = spawnSync(process.execPath, [cli], { env, encoding: 'utf8' });
    expect(usage.status).toBe(2);
    expect(usage.stderr).toContain('Usage: knative-faas-cdk validate');
  });
});

describe('standard input', () => {
  const { validateFiles } = require('../../lib/validation/files') as typeof import('../../lib/validation/files');
  test('`-` reads manifests from standard input, as in `helm template . | knative-faas-cdk validate -`', () => {
    const yaml = [
      'apiVersion: serving.knative.dev/v1', 'kind: Service', 'metadata: {name: from-stdin, namespace: default}',
      'spec: {template: {spec: {containerConcurrency: 5000, containers: [{image: ghcr.io/x/y:1}]}}}',
    ].join('\n');
    const report = validateFiles(['-'], { readStdin: () => yaml });
    expect(report.errors).toBeGreaterThan(0);
    expect(report.lines.some((l) => l.startsWith('<stdin>:1 Service default/from-stdin: error: spec.template.spec.containerConcurrency'))).toBe(true);
  });
});
