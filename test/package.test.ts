/**
 * The package as a user gets it: `npm pack`, installed into an empty project, where the README's
 * quick start compiles with tsc, synthesizes, and the installed CLI and cdk8s plugin validate
 * the output. Skip with SKIP_PACK_TEST=1.
 *
 * The repo's build/ is not touched (other tests may be reading it): the package is built and
 * packed in a staging folder holding package.json, README.md and a fresh `npm run build`
 * output, so the `files` list of package.json decides what ships exactly as in a real pack.
 * The install uses npm's cache (`--prefer-offline`), which `npm ci` in this repo has filled.
 */
import { spawnSync, SpawnSyncReturns } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..');
const SKIP = process.env.SKIP_PACK_TEST === '1';
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';

const README = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const QUICK_START_SECTION = README.slice(README.indexOf('## Quick start'), README.indexOf('A fuller taste'));

/** The files the quick start tells the reader to create: a `name`: line, then a fenced block. */
function quickStartFiles(): Record<string, string> {
  const files: Record<string, string> = {};
  for (const m of QUICK_START_SECTION.matchAll(/^`([\w.]+)`:\n\n```\w+\n([\s\S]*?)```$/gm)) files[m[1]] = m[2];
  return files;
}

/** The shell commands of the quick start's last block (after 'Then:'), comments removed. */
function quickStartCommands(): string[] {
  const block = /Then:\n\n```sh\n([\s\S]*?)```/.exec(QUICK_START_SECTION)?.[1] ?? '';
  return block.split('\n').map((l) => l.replace(/\s+#.*$/, '').trim()).filter(Boolean);
}

const QUICK_START = quickStartFiles()['main.ts'];

function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): SpawnSyncReturns<string> {
  return spawnSync(cmd, args, {
    cwd, encoding: 'utf8', timeout: 300_000,
    env: { ...process.env, npm_config_update_notifier: 'false', CDK8S_CHECK_UPGRADE: 'false', FORCE_COLOR: '0', ...env },
  });
}

function ok(r: SpawnSyncReturns<string>, what: string): string {
  if (r.status !== 0) throw new Error(`${what} failed (${r.status ?? r.signal}):\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

if (SKIP) {
  // eslint-disable-next-line no-console
  console.warn('test/package.test.ts: skipped because SKIP_PACK_TEST=1');
}

(SKIP ? describe.skip : describe)('the npm package', () => {
  let work: string;
  let consumer: string;
  let tarball: string;

  beforeAll(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'kfc-pack-'));
    const stage = path.join(work, 'stage');
    fs.mkdirSync(stage);
    for (const f of ['package.json', 'README.md']) {
      if (fs.existsSync(path.join(ROOT, f))) fs.copyFileSync(path.join(ROOT, f), path.join(stage, f));
    }
    fs.cpSync(path.join(ROOT, 'imports', 'schemas'), path.join(stage, 'imports', 'schemas'), { recursive: true });
    fs.cpSync(path.join(ROOT, 'imports', 'validators'), path.join(stage, 'imports', 'validators'), { recursive: true });
    // What the prepack script (`npm run build`) does, into the staging folder.
    ok(run(process.execPath, [path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', path.join(ROOT, 'tsconfig.build.json'), '--outDir', path.join(stage, 'build')], ROOT), 'npm run build');
    const packed = ok(run(NPM, ['pack', '--ignore-scripts', '--json', '--pack-destination', work], stage), 'npm pack');
    tarball = path.join(work, (JSON.parse(packed) as { filename: string }[])[0].filename);

    consumer = path.join(work, 'consumer');
    fs.mkdirSync(consumer);
    fs.writeFileSync(path.join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true }));
    ok(run(NPM, ['install', tarball, '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts'], consumer), 'npm install <tarball>');
  }, 420_000);

  afterAll(() => {
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  test('ships the compiled library, its typings, the CLI and the CRD schemas, and nothing else', () => {
    const installed = path.join(consumer, 'node_modules', 'knative-faas-cdk');
    for (const f of ['build/lib/index.js', 'build/lib/index.d.ts', 'build/bin/knative-faas-cdk.js', 'build/lib/validation/plugin.js', 'imports/schemas/serving.knative.dev.json', 'imports/validators/index.json', 'imports/validators/serving.knative.dev.v1.Service.js']) {
      expect(fs.existsSync(path.join(installed, f))).toBe(true);
    }
    for (const f of ['lib', 'test', 'bench', 'scripts', 'examples', 'build/test']) {
      expect(fs.existsSync(path.join(installed, f))).toBe(false);
    }
  });

  test('the package exports: `.`, `./openstack` (resolvable without loading cdktf, an optional peer) and `./package.json`', () => {
    const script = [
      "const p = require('knative-faas-cdk/package.json')",
      "const o = require.resolve('knative-faas-cdk/openstack')",
      "const m = require.resolve('knative-faas-cdk')",
      'process.stdout.write(JSON.stringify({ v: p.version, o: require("path").relative(process.cwd(), o), m: require("path").relative(process.cwd(), m) }))',
    ].join(';');
    const out = JSON.parse(ok(run(process.execPath, ['-e', script], consumer), 'node -e'));
    expect(out).toEqual({ v: '0.1.0', o: 'node_modules/knative-faas-cdk/build/lib/openstack/index.js', m: 'node_modules/knative-faas-cdk/build/lib/index.js' });
  });

  test('the README quick start, word for word, from an empty folder to validated YAML', () => {
    const files = quickStartFiles();
    expect(Object.keys(files).sort()).toEqual(['main.ts', 'package.json', 'tsconfig.json']);
    const commands = quickStartCommands();
    expect(commands).toEqual(['npm install', 'npm run synth', 'npx knative-faas-cdk validate dist/']);
    const folder = path.join(work, 'quick-start');
    fs.mkdirSync(folder);
    for (const [name, text] of Object.entries(files)) {
      // The one substitution: the packed tarball instead of the registry version.
      const content = name === 'package.json' ? text.replace(/"knative-faas-cdk": "[^"]+"/, `"knative-faas-cdk": "file:${tarball}"`) : text;
      if (name === 'package.json') expect(content).toContain(`file:${tarball}`);
      fs.writeFileSync(path.join(folder, name), content);
    }
    for (const command of commands) {
      ok(run('sh', ['-c', command], folder, { npm_config_prefer_offline: 'true', npm_config_audit: 'false', npm_config_fund: 'false' }), command);
    }
    const yaml = fs.readFileSync(path.join(folder, 'dist', 'hello.k8s.yaml'), 'utf8');
    expect(yaml).toMatch(/^apiVersion: serving\.knative\.dev\/v1\nkind: Service\nmetadata:\n {2}name: hello\n {2}namespace: default\n/);
    expect(yaml).toContain('image: ghcr.io/knative/helloworld-go:latest');
  }, 240_000);

  test('the README quick start compiles with tsc under the strictest options and synthesizes the service', () => {
    fs.writeFileSync(path.join(consumer, 'main.ts'), QUICK_START);
    fs.writeFileSync(path.join(consumer, 'tsconfig.json'), JSON.stringify({
      compilerOptions: {
        target: 'ES2022', module: 'commonjs', moduleResolution: 'node', strict: true, esModuleInterop: true,
        // The package's own .d.ts files are checked too: users do not always set skipLibCheck.
        skipLibCheck: false, types: ['node'], typeRoots: [path.join(ROOT, 'node_modules', '@types')],
      },
      files: ['main.ts'],
    }));
    ok(run(process.execPath, [path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', '.'], consumer), 'tsc');
    ok(run(process.execPath, ['main.js'], consumer), 'node main.js');
    const yaml = fs.readFileSync(path.join(consumer, 'dist', 'hello.k8s.yaml'), 'utf8');
    expect(yaml).toMatch(/^apiVersion: serving\.knative\.dev\/v1\nkind: Service\n/m);
    expect(yaml).toContain('image: ghcr.io/knative/helloworld-go:latest');
  });

  test('the published typings compile under exactOptionalPropertyTypes and noUncheckedIndexedAccess, lib checks on', () => {
    fs.writeFileSync(path.join(consumer, 'all.ts'), "import * as kfc from 'knative-faas-cdk';\nexport const names: string[] = Object.keys(kfc);\n");
    fs.writeFileSync(path.join(consumer, 'tsconfig.strictest.json'), JSON.stringify({
      compilerOptions: {
        target: 'ES2022', module: 'commonjs', moduleResolution: 'node', strict: true, noEmit: true,
        exactOptionalPropertyTypes: true, noUncheckedIndexedAccess: true, noImplicitOverride: true, noPropertyAccessFromIndexSignature: true,
        skipLibCheck: false, types: ['node'], typeRoots: [path.join(ROOT, 'node_modules', '@types')],
      },
      files: ['all.ts'],
    }));
    const r = run(process.execPath, [path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.strictest.json'], consumer);
    const errorLines = r.stdout.split('\n').filter((l) => / error TS\d+:/.test(l));
    // cdk8s-plus-27's own typings fail exactOptionalPropertyTypes (its `resourceName`); ours must not.
    expect(errorLines.filter((l) => !l.startsWith('node_modules/cdk8s-plus-27/'))).toEqual([]);
  });

  test('the installed CLI validates that output, and rejects a broken copy of it', () => {
    const bin = path.join(consumer, 'node_modules', '.bin', 'knative-faas-cdk');
    const good = run(bin, ['validate', 'dist'], consumer);
    expect(good.stderr).toBe('');
    expect(good.stdout).toMatch(/^1 objects in 1 files: 0 errors, 0 warnings, 0 unchecked$/m);
    expect(good.status).toBe(0);

    const broken = fs.readFileSync(path.join(consumer, 'dist', 'hello.k8s.yaml'), 'utf8').replace(/^(\s+)- image: /m, '$1- imagePullPolcy: Always\n$1  image: ');
    fs.writeFileSync(path.join(consumer, 'broken.yaml'), broken);
    const bad = run(bin, ['validate', 'broken.yaml', '--format', 'json'], consumer);
    expect(bad.status).toBe(1);
    const report = JSON.parse(bad.stdout);
    expect(report.results[0].findings).toContainEqual(expect.objectContaining({ rule: 'schema', field: 'spec.template.spec.containers[0].imagePullPolcy' }));
  });

  test('cdk8s synth in the consumer runs the installed plugin from node_modules', () => {
    fs.writeFileSync(path.join(consumer, 'cdk8s.yaml'), [
      'language: typescript',
      'app: node main.js',
      'validations:',
      '  - package: ./node_modules/knative-faas-cdk/build/lib/validation/plugin.js',
      '    version: 0.1.0',
      '    class: KnativeValidation',
      '',
    ].join('\n'));
    const r = run(process.execPath, [path.join(ROOT, 'node_modules', 'cdk8s-cli', 'bin', 'cdk8s'), 'synth', '--plugins-dir', path.join(work, 'plugins')], consumer);
    expect(r.stdout).toContain('Validations ended succesfully');
    expect(r.status).toBe(0);
  });

  // `package: knative-faas-cdk` makes cdk8s require the package's main module from
  // <plugins-dir>/knative-faas-cdk/<version>/node_modules (npm-installing it there first if it
  // is missing), so KnativeValidation must be exported from lib/index.ts. The plugins dir is
  // filled from the tarball here, as cdk8s would from the registry.
  test('cdk8s synth with the plugin named by its npm package name', () => {
    const pluginsDir = path.join(work, 'plugins-by-name');
    ok(run(NPM, ['install', tarball, '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', '--no-save', '--prefix', path.join(pluginsDir, 'knative-faas-cdk', '0.1.0')], consumer), 'npm install into the plugins dir');
    fs.writeFileSync(path.join(consumer, 'cdk8s.yaml'), [
      'language: typescript',
      'app: node main.js',
      'validations:',
      '  - package: knative-faas-cdk',
      '    version: 0.1.0',
      '    class: KnativeValidation',
      '    properties:',
      '      strict: true',
      '',
    ].join('\n'));
    const r = run(process.execPath, [path.join(ROOT, 'node_modules', 'cdk8s-cli', 'bin', 'cdk8s'), 'synth', '--plugins-dir', pluginsDir], consumer);
    expect(r.stdout).toContain('Validation Report (knative-faas-cdk@0.1.0)');
    expect(r.stdout).toContain('Validations ended succesfully');
    expect(r.status).toBe(0);
  });
});
