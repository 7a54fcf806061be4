/**
 * `npx knative-faas-cdk init` end to end, from an empty folder: the package is built and packed
 * (as `npm pack` would, into a staging folder so the repo's build/ is untouched), `init` runs
 * from the packed package, and the generated repository's own commands run in it: `npm install`
 * (the one substitution: the packed tarball instead of the registry version of
 * knative-faas-cdk; the other pinned dependencies come from the registry or npm's cache), then
 * `npm test` (ci/check.sh: typecheck, `cdk8s synth` with the validation plugin, strict
 * validation, topology), the drift check once dist/ is committed, the update check against a
 * base branch, and a user mistake failing the synth with the construct path.
 *
 * Slow: 5 to 7 minutes on the shared, loaded 2-core development machine (426 s measured; build
 * and pack ~1.5 min, `npx` + `npm install` ~2.5 min, four `npm test` runs ~3 min). Skip with
 * SKIP_PACK_TEST=1 or SKIP_INIT_TEST=1.
 */
import { spawnSync, SpawnSyncReturns } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..', '..');
const SKIP = process.env.SKIP_PACK_TEST === '1' || process.env.SKIP_INIT_TEST === '1';
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';

const ENV = {
  npm_config_update_notifier: 'false', npm_config_prefer_offline: 'true', npm_config_audit: 'false', npm_config_fund: 'false',
  CDK8S_CHECK_UPGRADE: 'false', FORCE_COLOR: '0',
  GIT_AUTHOR_NAME: 'test', GIT_AUTHOR_EMAIL: 'test@example.org', GIT_COMMITTER_NAME: 'test', GIT_COMMITTER_EMAIL: 'test@example.org',
};

function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): SpawnSyncReturns<string> {
  const e: NodeJS.ProcessEnv = { ...process.env, ...ENV, ...env };
  delete e.CDK8S_OUTDIR;
  delete e.BASE_REF;
  Object.assign(e, env);
  return spawnSync(cmd, args, { cwd, encoding: 'utf8', timeout: 420_000, env: e });
}

function ok(r: SpawnSyncReturns<string>, what: string): string {
  if (r.status !== 0) throw new Error(`${what} failed (${r.status ?? r.signal}):\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

if (SKIP) {
  // eslint-disable-next-line no-console
  console.warn('test/init/repository.test.ts: skipped because SKIP_PACK_TEST=1 or SKIP_INIT_TEST=1');
}

(SKIP ? describe.skip : describe)('a repository from `npx knative-faas-cdk init`', () => {
  let work: string;
  let repo: string;
  let tarball: string;

  beforeAll(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'kfc-init-e2e-'));
    const stage = path.join(work, 'stage');
    fs.mkdirSync(stage);
    for (const f of ['package.json', 'README.md']) fs.copyFileSync(path.join(ROOT, f), path.join(stage, f));
    for (const d of [['imports', 'schemas'], ['imports', 'validators'], ['templates']]) {
      fs.cpSync(path.join(ROOT, ...d), path.join(stage, ...d), { recursive: true });
    }
    // What the prepack script (`npm run build`) does, into the staging folder.
    ok(run(process.execPath, [path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', path.join(ROOT, 'tsconfig.build.json'), '--outDir', path.join(stage, 'build')], ROOT), 'npm run build');
    const packed = ok(run(NPM, ['pack', '--ignore-scripts', '--json', '--pack-destination', work], stage), 'npm pack');
    tarball = path.join(work, (JSON.parse(packed) as { filename: string }[])[0].filename);

    // From an empty folder, as the README says: npx knative-faas-cdk init platform
    const empty = path.join(work, 'empty');
    fs.mkdirSync(empty);
    ok(run(NPM, ['exec', '--yes', `--package=${tarball}`, '--', 'knative-faas-cdk', 'init', 'platform'], empty), 'npx knative-faas-cdk init platform');
    repo = path.join(empty, 'platform');
    const pkgFile = path.join(repo, 'package.json');
    const pkg = fs.readFileSync(pkgFile, 'utf8');
    expect(pkg).toMatch(/"knative-faas-cdk": "\d+\.\d+\.\d+"/);
    fs.writeFileSync(pkgFile, pkg.replace(/"knative-faas-cdk": "[^"]+"/, `"knative-faas-cdk": "file:${tarball}"`));
    ok(run(NPM, ['install'], repo), 'npm install');
  }, 900_000);

  afterAll(() => {
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  test('npm test (ci/check.sh) passes: typecheck, cdk8s synth with the plugin, strict validation, topology', () => {
    const out = ok(run(NPM, ['test'], repo), 'npm test');
    expect(out).toContain('Validations ended succesfully');
    expect(out).toMatch(/^\d+ objects in \d+ files: 0 errors, 0 warnings, 0 unchecked$/m);
    expect(out).toContain('all checks passed');
    expect(fs.readdirSync(path.join(repo, 'dist')).sort()).toEqual(['argocd', 'components', 'flux', 'plain']);
    expect(fs.readFileSync(path.join(repo, 'topology', 'topology.md'), 'utf8')).toContain('Trigger<br/>checksum-event');
  }, 600_000);

  test('once dist/ is committed, CI fails when it is not what main.ts synthesizes, and checks updates against the base branch', () => {
    ok(run('git', ['init', '-q', '-b', 'main'], repo), 'git init');
    ok(run('git', ['add', '-A'], repo), 'git add');
    ok(run('git', ['commit', '-qm', 'platform'], repo), 'git commit');
    expect(ok(run('git', ['ls-files', 'dist'], repo), 'git ls-files')).toContain('dist/plain/04-applications/01-team-a.yaml');
    expect(ok(run('git', ['ls-files', 'node_modules'], repo), 'git ls-files')).toBe('');
    // The base branch, as CI sees it.
    ok(run('git', ['init', '-q', '--bare', path.join(work, 'origin.git')], work), 'git init --bare');
    ok(run('git', ['remote', 'add', 'origin', path.join(work, 'origin.git')], repo), 'git remote add');
    ok(run('git', ['push', '-q', 'origin', 'main'], repo), 'git push');
    const base = ok(run(NPM, ['test'], repo, { BASE_REF: 'main' }), 'npm test with BASE_REF');
    expect(base).toContain('checking updates against the manifests of main');
    expect(base).toMatch(/^previous: \d+ objects in \d+ files compared for update-only rules$/m);

    // main.ts changed and committed, dist/ not synthesized again: the drift check fails the pipeline.
    const main = path.join(repo, 'main.ts');
    fs.writeFileSync(main, fs.readFileSync(main, 'utf8').replace('maxScale: 5', 'maxScale: 6'));
    const stale = run('sh', ['-c', 'git add main.ts && git commit -qm "scale" && npm test'], repo);
    expect(stale.status).not.toBe(0);
    expect(stale.stderr).toContain("dist/ or topology/ is not what main.ts synthesizes: run 'npm run synth' and commit the result");
  }, 600_000);

  test('a user mistake fails the synth with the construct path and field, and writes no topology', () => {
    fs.rmSync(path.join(repo, 'topology'), { recursive: true, force: true });
    const main = path.join(repo, 'main.ts');
    fs.writeFileSync(main, fs.readFileSync(main, 'utf8').replace(/maxScale: \d+/, 'maxScale: 2.5'));
    const r = run(NPM, ['run', 'synth'], repo);
    expect(r.status).not.toBe(0);
    expect(`${r.stdout}\n${r.stderr}`).toContain('[team-a/checksum/Service/Resource] Service team-a/checksum: spec.template.metadata.annotations.autoscaling.knative.dev/max-scale: invalid value: 2.5');
    expect(fs.existsSync(path.join(repo, 'topology'))).toBe(false);
  }, 300_000);
});
