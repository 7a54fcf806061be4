/**
 * imports/ is generated and never edited: these tests fail when it drifts from its source
 * (the CRDs in ../shared/crds) or stops compiling on its own under the repo's strict options.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Chart } from 'cdk8s';
import { VirtualService, VirtualServiceV1Alpha3, VirtualServiceV1Beta1 } from '../imports/networking.istio.io';
import { runImport } from '../scripts/import';

const ROOT = path.resolve(__dirname, '..');
const IMPORTS = path.join(ROOT, 'imports');
const CRDS = path.resolve(ROOT, '..', 'shared', 'crds');
const haveCrds = fs.existsSync(CRDS);

function listFiles(dir: string, prefix = ''): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? listFiles(path.join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`]).sort();
}

if (!haveCrds) {
  // eslint-disable-next-line no-console
  console.warn(`test/imports.test.ts: ${CRDS} is absent, so the drift check of imports/ is skipped (it needs the upstream CRDs).`);
}

(haveCrds ? describe : describe.skip)('npm run import reproduces imports/ (needs ../shared/crds)', () => {
  let out: string;
  beforeAll(async () => {
    out = fs.mkdtempSync(path.join(os.tmpdir(), 'kfc-import-'));
    await runImport({ from: CRDS, release: false, out });
  }, 120_000);
  afterAll(() => fs.rmSync(out, { recursive: true, force: true }));

  test('the same files, byte for byte', () => {
    // imports/openstack/ comes from the Terraform provider schema (scripts/import-openstack.ts, test/openstack/imports.test.ts).
    const expected = listFiles(IMPORTS).filter((f) => !f.startsWith('openstack/'));
    expect(listFiles(out)).toEqual(expected);
    const differing = expected.filter((f) => !fs.readFileSync(path.join(out, f)).equals(fs.readFileSync(path.join(IMPORTS, f))));
    // A failure here means imports/ was edited by hand or generated from other CRDs: run `npm run import`.
    expect(differing).toEqual([]);
  });
});

describe('the generated bindings', () => {
  test('compile on their own under the repo\'s strict compiler options', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kfc-tsc-'));
    try {
      const tsconfig = path.join(dir, 'tsconfig.json');
      const base = JSON.parse(fs.readFileSync(path.join(ROOT, 'tsconfig.json'), 'utf8')) as { compilerOptions: Record<string, unknown> };
      fs.writeFileSync(tsconfig, JSON.stringify({
        // The repo's options (strict, noImplicitAny, noUnusedLocals, ...), but only imports/ and no jest types.
        compilerOptions: { ...base.compilerOptions, types: ['node'], typeRoots: [path.join(ROOT, 'node_modules', '@types')], rootDir: ROOT, noEmit: true, outDir: undefined },
        files: fs.readdirSync(IMPORTS).filter((f) => f.endsWith('.ts')).map((f) => path.join(IMPORTS, f)),
      }));
      expect(base.compilerOptions.strict).toBe(true);
      const tsc = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
      const r = spawnSync(process.execPath, [tsc, '-p', tsconfig], { encoding: 'utf8', cwd: ROOT });
      expect(r.stdout + r.stderr).toBe('');
      expect(r.status).toBe(0);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);

  test('every served version of a multi-version CRD gets its own class with its own apiVersion', () => {
    expect(VirtualService.GVK).toEqual({ apiVersion: 'networking.istio.io/v1', kind: 'VirtualService' });
    expect(VirtualServiceV1Beta1.GVK.apiVersion).toBe('networking.istio.io/v1beta1');
    expect(VirtualServiceV1Alpha3.GVK.apiVersion).toBe('networking.istio.io/v1alpha3');
  });

  test('snake_case fields are written under their upstream names (mirror_percent next to mirrorPercentage)', () => {
    const chart = new Chart(new App(), 'c');
    const vs = new VirtualService(chart, 'vs', {
      metadata: { name: 'vs' },
      spec: { hosts: ['a'], http: [{ mirrorPercent: 5, mirrorPercentage: { value: 7.5 }, route: [{ destination: { host: 'a' } }] }] },
    });
    const http = vs.toJson().spec.http[0];
    expect(http.mirror_percent).toBe(5);
    expect(http.mirrorPercentage).toEqual({ value: 7.5 });
    expect(http).not.toHaveProperty('mirrorPercent');
  });
});
