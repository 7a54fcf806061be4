import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
// Type-only: the contract this plugin implements, checked by tsc (erased at run time).
import type { Validation, ValidationContext as CliValidationContext } from 'cdk8s-cli/lib/plugins';
import { KnativeValidation } from '../../lib/validation/plugin';

const ROOT = path.resolve(__dirname, '..', '..');
const CDK8S_CLI = path.join(ROOT, 'node_modules', 'cdk8s-cli');
// cdk8s-cli's package exports do not list lib/, so load its real ValidationContext by path.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { ValidationContext } = require(path.join(CDK8S_CLI, 'lib', 'plugins', 'validation.js')) as {
  ValidationContext: new (manifests: readonly string[], pkg: string, version: string, metadata?: Record<string, { path: string }>) => CliValidationContext;
};

const VALID = `apiVersion: serving.knative.dev/v1
kind: Service
metadata:
  name: hello
  namespace: default
spec:
  template:
    spec:
      containers:
        - image: ghcr.io/knative/helloworld-go:latest
          securityContext:
            allowPrivilegeEscalation: false
            capabilities: { drop: [ALL] }
            runAsNonRoot: true
            seccompProfile: { type: RuntimeDefault }
`;

// Valid, but Knative warns about the insecure Kubernetes defaults (S-W1).
const INSECURE = VALID.replace(/ {10}securityContext:[^]*$/, '');

const INVALID = `apiVersion: serving.knative.dev/v1
kind: Service
metadata:
  name: Bad_Name
  namespace: default
spec:
  template:
    spec:
      containers:
        - image: ghcr.io/knative/helloworld-go:latest
          bogusField: 1
---
apiVersion: serving.knative.dev/v1
kind: Service
metadata:
  name: other
  namespace: default
spec:
  template:
    spec:
      containers:
        - image: ghcr.io/knative/helloworld-go:latest
          bogusField: 1
`;

const WIDGET = 'apiVersion: widgets.example.com/v1\nkind: Widget\nmetadata: {name: w, namespace: default}\n';

let dir: string;
beforeEach(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kfc-plugin-')); });
afterEach(() => { fs.rmSync(dir, { recursive: true, force: true }); });

function write(name: string, text: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}

async function runPlugin(plugin: Validation, manifests: string[], metadata: Record<string, { path: string }> = {}) {
  const context = new ValidationContext(manifests, 'knative-faas-cdk', '0.1.0', metadata);
  const logs: string[] = [];
  jest.spyOn(context.logger, 'log').mockImplementation((m: string) => { logs.push(m); });
  await plugin.validate(context);
  return { context, report: context.report.toJson(), success: context.report.success, logs };
}

describe('KnativeValidation (cdk8s validation plugin)', () => {
  test('implements cdk8s-cli\'s Validation contract', () => {
    const plugin: Validation = new KnativeValidation({});
    expect(typeof plugin.validate).toBe('function');
  });

  test('valid manifests: success, no violations, counts in the summary', async () => {
    const { success, report } = await runPlugin(new KnativeValidation(), [write('ok.yaml', VALID)]);
    expect(success).toBe(true);
    expect(report.violations).toEqual([]);
    expect(report.summary).toMatchObject({ status: 'success', plugin: 'knative-faas-cdk', metadata: { objects: '1', errors: '0', unchecked: '0' } });
  });

  test('Helm values files among the manifests (a PlatformApp\'s plain/values/*.values.yaml) are not read', async () => {
    const { success, report } = await runPlugin(new KnativeValidation(), [write('ok.yaml', VALID), write('istiod.values.yaml', 'pilot:\n  autoscaleEnabled: false\n')]);
    expect(success).toBe(true);
    expect(report.summary).toMatchObject({ metadata: { objects: '1', errors: '0' } });
  });

  test('invalid manifests: failure, one violation per distinct problem with resource, file, location and fix', async () => {
    const file = write('bad.yaml', INVALID);
    const { success, report } = await runPlugin(new KnativeValidation(), [file], { Bad_Name: { path: 'app/chart/bad' } });
    expect(success).toBe(false);
    expect(report.summary.status).toBe('failure');

    const name = report.violations.find((v) => v.ruleName === 'metadata')!;
    expect(name.recommendation).toMatch(/^Invalid value: a lowercase RFC 1123 subdomain .* \(value: "Bad_Name"\)$/);
    expect(name.fix).toBe("Change the object's metadata; the API server rejects the object.");
    expect(name.violatingConstructs).toEqual([
      { resourceName: 'Bad_Name', locations: ['metadata.name'], manifestPath: file, constructPath: 'app/chart/bad' },
    ]);

    // The same unknown field in two objects is one violation naming both.
    const unknown = report.violations.find((v) => v.ruleName === 'schema' && v.recommendation.startsWith('unknown field'))!;
    expect(unknown.violatingConstructs.map((c) => [c.resourceName, c.locations])).toEqual([
      ['Bad_Name', ['spec.template.spec.containers[0].bogusField']],
      ['other', ['spec.template.spec.containers[0].bogusField']],
    ]);
    expect(unknown.fix).toMatch(/^Use an allowed value: known fields here: args, command, env/);
  });

  test('warnings are listed as "(warning)" violations without failing the report', async () => {
    const { success, report } = await runPlugin(new KnativeValidation(), [write('insecure.yaml', INSECURE)]);
    expect(success).toBe(true);
    expect(report.violations.length).toBeGreaterThan(0);
    for (const v of report.violations) expect(v.ruleName).toBe('S-W1 (warning)');
    expect(report.summary.metadata).toMatchObject({ errors: '0', warnings: String(report.violations.length) });
  });

  test('warnings are logged in a summary line, and fail the report with failOnWarnings: true', async () => {
    const file = write('insecure.yaml', INSECURE);
    const lax = await runPlugin(new KnativeValidation(), [file]);
    expect(lax.logs).toEqual([expect.stringMatching(/^knative-faas-cdk: [1-9]\d* warnings: the cluster accepts these .*set 'failOnWarnings: true'/)]);
    const strict = await runPlugin(new KnativeValidation({ failOnWarnings: true }), [file]);
    expect(strict.success).toBe(false);
    expect(strict.report.summary).toMatchObject({ status: 'failure', metadata: { errors: '0', failOnWarnings: 'true' } });
    for (const v of strict.report.violations) expect(v.ruleName).toBe('S-W1 (warning)');
    expect(strict.logs).toEqual([expect.stringMatching(/warnings? \(listed as "\(warning\)" violations\) fail the synth because failOnWarnings is true$/)]);
    // Without warnings, failOnWarnings changes nothing.
    expect((await runPlugin(new KnativeValidation({ failOnWarnings: true }), [write('ok.yaml', VALID)])).success).toBe(true);
    expect(() => new KnativeValidation({ failOnWarnings: 'yes' as never })).toThrow("'failOnWarnings' (\"yes\") must be true or false");
  });

  test('an unreadable or refused manifest is an "input" violation naming the file; the others are still checked', async () => {
    const missing = path.join(dir, 'gone.yaml');
    const { success, report } = await runPlugin(new KnativeValidation(), [missing, write('bad.yaml', INVALID)]);
    expect(success).toBe(false);
    expect(report.violations.find((v) => v.ruleName === 'input')).toMatchObject({
      recommendation: 'no such file or directory', violatingConstructs: [expect.objectContaining({ manifestPath: missing })],
    });
    expect(report.violations.some((v) => v.ruleName === 'metadata')).toBe(true);
  });

  test('unknown kinds are logged as unchecked, and fail only with strict: true', async () => {
    const file = write('w.yaml', WIDGET);
    const lax = await runPlugin(new KnativeValidation(), [file]);
    expect(lax.success).toBe(true);
    expect(lax.logs).toEqual([expect.stringContaining("unchecked: widgets.example.com/v1 Widget (1 object): no schema known for this kind; set 'strict: true'")]);
    const strict = await runPlugin(new KnativeValidation({ strict: true }), [file]);
    expect(strict.success).toBe(false);
    expect(strict.report.violations[0].recommendation).toContain('no schema is known for this kind (strict mode)');
  });

  test('YAML syntax errors fail the report', async () => {
    const file = write('broken.yaml', 'kind: [unclosed\n');
    const { success, report } = await runPlugin(new KnativeValidation(), [file]);
    expect(success).toBe(false);
    expect(report.violations[0]).toMatchObject({ ruleName: 'yaml', violatingConstructs: [expect.objectContaining({ manifestPath: expect.stringContaining('broken.yaml') })] });
  });

  test('settings and settingsFile are read; bad properties are rejected when cdk8s loads the plugin', async () => {
    const insecure = write('insecure.yaml', INSECURE);
    const settingsFile = write('settings.json', '{"serving": {"securePodDefaults": "Enabled"}}');
    expect((await runPlugin(new KnativeValidation(), [insecure])).report.violations).not.toEqual([]);
    expect((await runPlugin(new KnativeValidation({ settingsFile }), [insecure])).report.violations).toEqual([]);
    expect((await runPlugin(new KnativeValidation({ settings: { serving: { securePodDefaults: 'Enabled' } } }), [insecure])).report.violations).toEqual([]);
    expect(() => new KnativeValidation({ settings: {}, settingsFile })).toThrow("'settings' and 'settingsFile' cannot both be given");
    expect(() => new KnativeValidation({ settings: { servng: {} } as never })).toThrow("unknown key 'servng'");
    expect(() => new KnativeValidation({ strict: 'yes' as never })).toThrow("'strict' (\"yes\") must be true or false");
    await expect(new KnativeValidation({ settingsFile: path.join(dir, 'nope.json') }).validate(new ValidationContext([], 'p', '1.0.0')))
      .rejects.toThrow('nope.json: no such file');
  });
});

describe('cdk8s synth with the plugin configured in cdk8s.yaml', () => {
  // A tiny cdk8s app: one plain ApiObject (not checked at synth by the library's constructs),
  // valid or not depending on BAD. The plugin is loaded from a relative path, as in this repo's
  // cdk8s.yaml; the shim lets the test use the TypeScript source without a build.
  function makeApp(bad: boolean): string {
    fs.writeFileSync(path.join(dir, 'app.js'), `
const { App, Chart, ApiObject } = require('cdk8s');
const app = new App();
const chart = new Chart(app, 'demo', { namespace: 'default' });
new ApiObject(chart, 'svc', {
  apiVersion: 'serving.knative.dev/v1', kind: 'Service', metadata: { name: ${bad ? "'Bad_Name'" : "'hello'"} },
  spec: { template: { spec: { containers: [{ image: 'ghcr.io/knative/helloworld-go:latest'${bad ? ', bogusField: 1' : ''} }] } } },
});
app.synth();
`);
    fs.writeFileSync(path.join(dir, 'plugin-shim.js'), `
require(${JSON.stringify(require.resolve('ts-node'))}).register({ transpileOnly: true, project: ${JSON.stringify(path.join(ROOT, 'tsconfig.json'))} });
module.exports = require(${JSON.stringify(path.join(ROOT, 'lib', 'validation', 'plugin.ts'))});
`);
    fs.writeFileSync(path.join(dir, 'cdk8s.yaml'), [
      'language: typescript',
      'app: node app.js',
      'validations:',
      '  - package: ./plugin-shim.js',
      '    version: 0.1.0',
      '    class: KnativeValidation',
      '    properties:',
      '      strict: true',
      '',
    ].join('\n'));
    return dir;
  }

  function synth(cwd: string) {
    return spawnSync(process.execPath, [path.join(CDK8S_CLI, 'bin', 'cdk8s'), 'synth', '--plugins-dir', path.join(cwd, '.plugins')], {
      cwd, encoding: 'utf8',
      env: { ...process.env, NODE_PATH: path.join(ROOT, 'node_modules'), CDK8S_CHECK_UPGRADE: 'false', FORCE_COLOR: '0' },
    });
  }

  test('a valid app synthesizes and the plugin reports success', () => {
    const r = synth(makeApp(false));
    expect(r.stdout).toContain('Validation Report (');
    expect(r.stdout).toContain('Validations ended succesfully');
    expect(r.status).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'dist', 'demo.k8s.yaml'), 'utf8')).toContain('name: hello');
  }, 60_000);

  test('an invalid app fails cdk8s synth (exit 2) with the violations in the report', () => {
    const r = synth(makeApp(true));
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('Validation failed');
    expect(r.stdout).toContain('Resource Name: Bad_Name');
    expect(r.stdout).toContain('spec.template.spec.containers[0].bogusField');
    expect(r.stdout).toContain('Invalid value: a lowercase RFC 1123 subdomain');
  }, 60_000);
});
