/**
 * `knative-faas-cdk init`: the files of the generated repository (pinned versions, the plugin,
 * CI that runs the checks), the command's refusals, and the main.ts template synthesizing and
 * validating against this checkout. test/init/repository.test.ts runs the generated repository's
 * own commands with the packed package.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parse } from 'yaml';
import { DEFAULT_TEMPLATE, repositoryFiles, TEMPLATES } from '../../lib/init/init';
import { eventTopology } from '../../lib/topology/model';
import { runCli } from '../../lib/validation/cli';
import { validateFiles } from '../../lib/validation/files';

const ROOT = path.resolve(__dirname, '..', '..');
const PKG = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  version: string; devDependencies: Record<string, string>; peerDependencies: Record<string, string>;
};

function cli(argv: string[]): { code: number; out: string; err: string } {
  const out: string[] = [];
  const err: string[] = [];
  const code = runCli(argv, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'kfc-init-'));
const files = repositoryFiles({ name: 'platform' });

test('the repository: its files, with every placeholder filled in', () => {
  expect(Object.keys(files)).toEqual(['.github/workflows/ci.yml', '.gitignore', '.gitlab-ci.yml', 'README.md', 'cdk8s.yaml', 'ci/check.sh', 'main.ts', 'package.json', 'tsconfig.json']);
  for (const [name, text] of Object.entries(files)) {
    expect([name, text.match(/\{\{\w+\}\}/g)]).toEqual([name, null]);
  }
  expect(files['README.md'].startsWith('# platform\n')).toBe(true);
  // GitHub's own expressions are left alone.
  expect(files['.github/workflows/ci.yml']).toContain('BASE_REF: ${{ github.base_ref }}');
});

test('package.json pins the library and its peers exactly as this repository\'s package.json does', () => {
  const pkg = JSON.parse(files['package.json']);
  expect(pkg.dependencies).toEqual({
    'cdk8s': PKG.devDependencies.cdk8s, 'cdk8s-plus-27': PKG.devDependencies['cdk8s-plus-27'], 'constructs': PKG.devDependencies.constructs, 'knative-faas-cdk': PKG.version,
  });
  for (const peer of ['cdk8s', 'cdk8s-plus-27', 'constructs']) expect(PKG.peerDependencies[peer]).toBe(`^${pkg.dependencies[peer]}`);
  expect(pkg.devDependencies).toEqual({
    '@types/node': PKG.devDependencies['@types/node'], 'cdk8s-cli': PKG.devDependencies['cdk8s-cli'], 'ts-node': PKG.devDependencies['ts-node'], 'typescript': PKG.devDependencies.typescript,
  });
  for (const v of [...Object.values(pkg.dependencies), ...Object.values(pkg.devDependencies)] as string[]) expect(v).toMatch(/^\d+\.\d+\.\d+$/);
  expect(pkg.scripts).toMatchObject({ synth: 'cdk8s synth', validate: 'knative-faas-cdk validate dist/ --strict', test: 'sh ci/check.sh' });
});

test('cdk8s.yaml runs main.ts with the validation plugin from node_modules', () => {
  const config = parse(files['cdk8s.yaml']);
  expect(config.app).toBe('CDK8S_RECORD_CONSTRUCT_METADATA=false npx ts-node --transpile-only main.ts');
  expect(config.validations).toEqual([{
    package: './node_modules/knative-faas-cdk/build/lib/validation/plugin.js', version: PKG.version, class: 'KnativeValidation',
    properties: { strict: true, failOnWarnings: false },
  }]);
  // The path the plugin has in the package (tsconfig.build.json compiles lib/ into build/lib/).
  expect(fs.existsSync(path.join(ROOT, 'lib', 'validation', 'plugin.ts'))).toBe(true);
});

test('CI: GitLab on merge requests and the default branch, GitHub on pull requests, both running ci/check.sh', () => {
  const gitlab = parse(files['.gitlab-ci.yml']);
  expect(gitlab.workflow.rules).toEqual([{ if: '$CI_PIPELINE_SOURCE == "merge_request_event"' }, { if: '$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH' }]);
  expect(gitlab.check.script).toContain('sh ci/check.sh');
  expect(gitlab.check.variables.BASE_REF).toBe('$CI_MERGE_REQUEST_TARGET_BRANCH_NAME');
  expect(gitlab.check.image).toBe('node:20');
  const github = parse(files['.github/workflows/ci.yml']);
  expect(Object.keys(github.on)).toEqual(['pull_request', 'push']);
  expect(github.jobs.check.steps.map((s: { run?: string }) => s.run).filter(Boolean)).toContain('sh ci/check.sh');
  const check = files['ci/check.sh'];
  for (const step of ['npm run typecheck', 'npm run synth', 'npx knative-faas-cdk validate dist/ --strict', '--previous "$previous"']) expect(check).toContain(step);
  expect(check.startsWith('#!/bin/sh\n')).toBe(true);
  expect(check).toContain('set -eu');
});

const SHELLCHECK = ['/usr/bin/shellcheck', '/usr/local/bin/shellcheck'].find((p) => fs.existsSync(p));
(SHELLCHECK ? test : test.skip)('ci/check.sh passes shellcheck', () => {
  const dir = tmp();
  fs.writeFileSync(path.join(dir, 'check.sh'), files['ci/check.sh']);
  const r = spawnSync(SHELLCHECK!, [path.join(dir, 'check.sh')], { encoding: 'utf8' });
  expect(r.stdout).toBe('');
  expect(r.status).toBe(0);
});
if (!SHELLCHECK) {
  // eslint-disable-next-line no-console
  console.warn('test/init/init.test.ts: shellcheck not found, its test is skipped');
}

test('init writes into a new or empty folder only, and refuses bad names and templates', () => {
  const dir = path.join(tmp(), 'My Platform');
  const r = cli(['init', dir]);
  expect(r.code).toBe(0);
  expect(r.out).toContain(`created ${path.join(dir, '.gitlab-ci.yml')}`);
  expect(JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')).name).toBe('my-platform');
  expect(fs.statSync(path.join(dir, 'ci', 'check.sh')).mode & 0o111).not.toBe(0);
  const again = cli(['init', dir]);
  expect(again.code).toBe(2);
  expect(again.err).toContain('is not empty');
  expect(cli(['init', path.join(tmp(), 'x'), '--template', 'nope']).err).toContain("unknown template 'nope' (have: basic, faas)");
  expect(cli(['init', path.join(tmp(), 'x'), '--name', 'Bad Name']).code).toBe(2);
  expect(cli(['init']).code).toBe(2);
  expect(cli(['init', 'a', 'b']).code).toBe(2);
  expect(cli(['init', '--help']).out).toContain('Usage: knative-faas-cdk init <folder>');
  const named = path.join(tmp(), 'y');
  expect(cli(['init', named, '--name=team-platform', `--template=${DEFAULT_TEMPLATE}`]).code).toBe(0);
  expect(fs.readFileSync(path.join(named, 'README.md'), 'utf8').startsWith('# team-platform\n')).toBe(true);
});

/** Runs a template's main.ts against this checkout (in place of the installed package). */
function runTemplate(template: 'basic' | 'faas'): string {
  const dir = tmp();
  const main = repositoryFiles({ name: 'p', template })['main.ts'];
  fs.writeFileSync(path.join(dir, 'main.ts'), main.replace("from 'knative-faas-cdk'", `from ${JSON.stringify(path.join(ROOT, 'lib'))}`));
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_PATH: path.join(ROOT, 'node_modules'), TS_NODE_PROJECT: path.join(ROOT, 'tsconfig.json') };
  delete env.CDK8S_OUTDIR;
  const r = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', 'main.ts'], { cwd: dir, encoding: 'utf8', timeout: 120_000, env });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return dir;
}

const edgesOf = (dir: string): string[] => (JSON.parse(fs.readFileSync(path.join(dir, 'topology', 'topology.json'), 'utf8')) as { edges: { from: string; relation: string; to: string }[] })
  .edges.map((e) => `${e.from} ${e.relation} ${e.to}`);

test('the default template is the whole platform in one program', () => {
  expect(TEMPLATES).toEqual(['basic', 'faas']);
  expect(DEFAULT_TEMPLATE).toBe('faas');
});

test('the faas main.ts synthesizes the platform, a tenant and its function, delivered three ways, that validate, with its topology', () => {
  const dir = runTemplate('faas');
  expect(fs.readdirSync(path.join(dir, 'dist')).sort()).toEqual(['argocd', 'components', 'flux', 'plain']);
  expect(fs.readdirSync(path.join(dir, 'dist', 'plain', '04-applications'))).toEqual(['01-team-a.yaml']);
  const report = validateFiles([path.join(dir, 'dist')], { strict: true });
  expect(report.lines.filter((l) => / error: /.test(l) || l.startsWith('unchecked'))).toEqual([]);
  expect(report.errors).toBe(0);
  expect(report.results.map((r) => (r.object as { kind: string }).kind)).toEqual(expect.arrayContaining(['Application', 'Kustomization', 'KnativeServing', 'Service', 'Trigger', 'Broker']));
  expect(edgesOf(dir)).toEqual([
    'eventing.knative.dev/Broker/team-a/default trigger eventing.knative.dev/Trigger/team-a/checksum-event',
    'eventing.knative.dev/Trigger/team-a/checksum-event subscriber serving.knative.dev/Service/team-a/checksum',
  ]);
});

test('the basic main.ts synthesizes a tenant and a function that validate, with its topology', () => {
  const dir = runTemplate('basic');
  expect(fs.readdirSync(path.join(dir, 'dist')).sort()).toEqual(['namespaces.k8s.yaml', 'team-a.k8s.yaml']);
  const report = validateFiles([path.join(dir, 'dist')], { strict: true });
  expect(report.lines.filter((l) => / error: /.test(l) || l.startsWith('unchecked'))).toEqual([]);
  expect(edgesOf(dir)).toEqual([
    'sources.knative.dev/PingSource/team-a/nightly sink eventing.knative.dev/Broker/team-a/default',
    'eventing.knative.dev/Broker/team-a/default trigger eventing.knative.dev/Trigger/team-a/checksum-on-upload',
    'eventing.knative.dev/Trigger/team-a/checksum-on-upload subscriber serving.knative.dev/Service/team-a/checksum',
  ]);
  expect(eventTopology(validateFiles([path.join(dir, 'dist')], { strict: true }).results.map((x) => x.object)).edges).toHaveLength(3);
});
