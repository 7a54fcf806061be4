import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, App, Chart, Lazy, Testing } from 'cdk8s';
import { ClusterSettings } from '../../lib/core/cluster-settings';
import { validateAllOnSynth, validateOnSynth } from '../../lib/validation/construct';
import { formatFinding, validateManifests, validateObject } from '../../lib/validation/engine';
import { registerCrd } from '../../lib/validation/schema/crd-store';
import { findings } from '../helpers';

const ksvc = () => ({
  apiVersion: 'serving.knative.dev/v1',
  kind: 'Service',
  metadata: { name: 'hello', namespace: 'default' },
  spec: { template: { spec: { containers: [{ image: 'ghcr.io/example/hello:1.0' }] } } },
});

describe('structural schema', () => {
  test('a minimal Knative Service passes', () => {
    expect(findings(ksvc()).filter((f) => f.severity === 'error')).toEqual([]);
    expect(validateObject(ksvc()).coverage).toBe('custom-resource');
  });

  test('a field the CRD does not declare is an error, because the API server would prune it', () => {
    const obj = ksvc() as any;
    obj.spec.template.spec.containers[0].lifecycle = { preStop: {} };
    const f = findings(obj).find((x) => x.field === 'spec.template.spec.containers[0].lifecycle');
    expect(f).toMatchObject({ rule: 'schema', severity: 'error' });
    expect(f!.message).toMatch(/unknown field.*prunes it silently/);
    expect(f!.allowed).toMatch(/known fields here: .*image/);
  });

  test('wrong types and enum values name the field, the value and what is allowed', () => {
    const obj = ksvc() as any;
    obj.spec.template.spec.containerConcurrency = 'ten';
    expect(findings(obj)).toContainEqual(expect.objectContaining({ field: 'spec.template.spec.containerConcurrency', message: 'must be of type integer', value: 'ten' }));
    const pa = { apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication', metadata: { name: 'p', namespace: 'ns' }, spec: { mtls: { mode: 'SOMETIMES' } } };
    const e = findings(pa).find((x) => x.field === 'spec.mtls.mode');
    expect(e).toMatchObject({ message: 'Unsupported value', value: 'SOMETIMES' });
    expect(e!.allowed).toContain('"STRICT"');
  });

  test('int-or-string fields accept both and nothing else', () => {
    const obj = ksvc() as any;
    obj.spec.template.spec.containers[0].readinessProbe = { httpGet: { port: 'http1' } };
    expect(findings(obj).filter((f) => f.rule === 'schema')).toEqual([]);
    obj.spec.template.spec.containers[0].readinessProbe = { httpGet: { port: true } };
    expect(findings(obj)).toContainEqual(expect.objectContaining({ field: 'spec.template.spec.containers[0].readinessProbe.httpGet.port', message: 'must be of type integer or string' }));
  });

  test('an apiVersion the CRD does not serve is rejected with the served versions', () => {
    const obj = { ...ksvc(), apiVersion: 'serving.knative.dev/v2' };
    expect(findings(obj)).toContainEqual(expect.objectContaining({
      field: 'apiVersion', message: 'no matches for kind "Service" in version "serving.knative.dev/v2"', allowed: 'serving.knative.dev/v1',
    }));
  });

  test('CRDs registered at run time are validated too', () => {
    registerCrd({
      apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition',
      spec: {
        group: 'example.com', names: { kind: 'Widget', plural: 'widgets' }, scope: 'Namespaced',
        versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', required: ['size'], properties: { size: { type: 'integer', minimum: 1 } } } } } } }],
      },
    });
    const bad = { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' }, spec: { size: 0, colour: 'red' } };
    const messages = findings(bad).map(formatFinding);
    expect(messages).toEqual(expect.arrayContaining([
      expect.stringMatching(/^spec.size: must be >= 1/),
      expect.stringMatching(/^spec.colour: unknown field/),
    ]));
  });
});

describe('built-in kinds and unknown kinds', () => {
  test('core objects are checked against the Kubernetes schema', () => {
    const dep = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' }, spec: { replicas: 'three', selector: {}, template: {} } };
    const r = validateObject(dep);
    expect(r.coverage).toBe('kubernetes');
    expect(r.findings).toContainEqual(expect.objectContaining({ field: 'spec.replicas', message: 'must be of type integer' }));
  });

  test('unknown kinds are unchecked, and errors only in strict mode', () => {
    const obj = { apiVersion: 'example.org/v1', kind: 'Gizmo', metadata: { name: 'g' } };
    expect(validateObject(obj).coverage).toBe('unchecked');
    expect(validateObject(obj).findings).toEqual([]);
    expect(validateObject(obj, { strict: true }).findings).toContainEqual(expect.objectContaining({ message: 'no schema is known for this kind (strict mode)' }));
  });

  test('a non-object and a missing apiVersion/kind are errors', () => {
    expect(validateObject('nope').findings[0].message).toBe('a Kubernetes object must be a mapping, not a string');
    expect(validateObject({ metadata: { name: 'x' } }).findings.map((f) => f.field)).toEqual(['apiVersion', 'kind']);
  });

  test('validateManifests counts errors, warnings and unchecked objects', () => {
    const bad = { ...ksvc(), metadata: { name: 'Bad_Name' } };
    const r = validateManifests([ksvc(), bad, { apiVersion: 'x.io/v1', kind: 'Y', metadata: { name: 'y' } }]);
    expect(r.errors).toBeGreaterThan(0);
    expect(r.unchecked).toBe(1);
  });
});

describe('metadata', () => {
  test.each([
    ['metadata.name', { name: 'Not_Valid' }, /RFC 1123 subdomain/],
    ['metadata.namespace', { name: 'ok', namespace: 'Bad.NS' }, /RFC 1123 label/],
    ['metadata.labels', { name: 'ok', labels: { 'bad key!': 'x' } }, /name part must consist/],
    ['metadata.labels.app', { name: 'ok', labels: { app: 'has space' } }, /a valid label must be an empty string/],
    ['metadata.annotations', { name: 'ok', annotations: { 'a/b/c': 'x' } }, /qualified name/],
    ['metadata.name', {}, /name or generateName is required/],
  ])('%s is checked as the API server does', (field, metadata, message) => {
    const obj = { apiVersion: 'v1', kind: 'ConfigMap', metadata };
    expect(findings(obj)).toContainEqual(expect.objectContaining({ rule: 'metadata', field, message: expect.stringMatching(message) }));
  });

  test('a core Service name must be a DNS-1035 label', () => {
    const obj = { apiVersion: 'v1', kind: 'Service', metadata: { name: '1abc' }, spec: { ports: [{ port: 80 }] } };
    expect(findings(obj)).toContainEqual(expect.objectContaining({ field: 'metadata.name', message: expect.stringMatching(/DNS-1035/) }));
  });

  test('annotations larger than 256 KiB in total are rejected', () => {
    const obj = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'big', annotations: { a: 'x'.repeat(300 * 1024) } } };
    expect(findings(obj)).toContainEqual(expect.objectContaining({ field: 'metadata.annotations', message: 'Too long: must have at most 262144 bytes' }));
  });

  test('generateName may end with a dash', () => {
    const obj = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { generateName: 'job-' } };
    expect(findings(obj)).toEqual([]);
  });
});

describe('synth-time validation of constructs', () => {
  function badApp(outdir: string): App {
    const app = new App({ outdir });
    const chart = new Chart(app, 'chart');
    const a = new ApiObject(chart, 'a', { apiVersion: 'serving.knative.dev/v1', kind: 'Service', metadata: { name: 'a' }, spec: { template: { spec: { containers: [{ image: 'x', bogus: 1 }] } } } });
    const b = new ApiObject(chart, 'b', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'B!' } });
    validateOnSynth(a);
    validateOnSynth(b);
    return app;
  }

  test('all errors of an app are reported together with construct paths, and nothing is written', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'kfc-'));
    let message = '';
    try {
      badApp(outdir).synth();
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toContain('[chart/a] Service a: spec.template.spec.containers[0].bogus: unknown field');
    expect(message).toContain('[chart/b] ConfigMap B!: metadata.name: Invalid value');
    expect(fs.readdirSync(outdir)).toEqual([]);
  });

  test('validateAllOnSynth covers plain ApiObjects too', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'c');
    new ApiObject(chart, 'x', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'UPPER' } });
    validateAllOnSynth(app);
    expect(() => app.synth()).toThrow(/\[c\/x\] ConfigMap UPPER: metadata.name/);
  });

  test('cluster settings applied to a scope reach the validation of objects below it', () => {
    const app = Testing.app();
    const settings = ClusterSettings.apply(app, { serving: { defaults: { maxRevisionTimeoutSeconds: 900 } } });
    const chart = new Chart(app, 'c');
    expect(ClusterSettings.of(chart)).toBe(settings);
    expect(ClusterSettings.of(new Chart(Testing.app(), 'other'))).toBe(ClusterSettings.STOCK);
  });
});

describe('rule sets that throw', () => {
  test('are reported as an internal finding instead of aborting validation', () => {
    jest.isolateModules(() => {
      jest.doMock('../../lib/validation/rules', () => ({
        rulesFor: () => [{ group: 'serving.knative.dev', kinds: ['Service'], validate: () => { throw new Error('boom'); } }],
      }));
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const engine = require('../../lib/validation/engine') as typeof import('../../lib/validation/engine');
      const r = engine.validateObject(ksvc());
      expect(r.findings).toContainEqual(expect.objectContaining({ rule: 'internal', message: 'the serving.knative.dev rules could not check this object: boom' }));
    });
  });
});

describe('synth passes', () => {
  function appWithCounter(charts: number) {
    const app = Testing.app();
    let renders = 0;
    const objects: ApiObject[] = [];
    for (let i = 0; i < charts; i++) {
      const chart = new Chart(app, `c${i}`);
      const data: Record<string, string> = { key: 'v1' };
      const obj = new ApiObject(chart, 'cm', {
        apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `cm${i}` },
        data: Lazy.any({ produce: () => { renders++; return { ...data }; } }),
      });
      validateOnSynth(obj);
      objects.push(obj);
      (obj as any)._data = data;
    }
    return { app, objects, renders: () => renders };
  }

  test('each object is rendered and checked once per synth call, however many charts', () => {
    const { app, renders } = appWithCounter(5);
    const yaml = app.synthYaml();
    expect(yaml).toContain('name: cm4');
    expect(renders()).toBe(5);
  });

  test('a later synth sees changes made after an earlier one', () => {
    const { app, objects } = appWithCounter(2);
    app.synthYaml();
    (objects[1] as any)._data.key = 'v2';
    expect(app.synthYaml()).toContain('key: v2');
    objects[1].metadata.addLabel('bad label', 'x');
    expect(() => app.synthYaml()).toThrow(/\[c1\/cm\] ConfigMap cm1: metadata.labels/);
  });
});

test('a finding prints as one line even when upstream\'s message spans several (Go multierror lists)', () => {
  const line = formatFinding({ severity: 'error', rule: 'IAP4', field: 'spec.rules[0]', message: '2 errors occurred:\n\t* bad IP address (a)\n\t* bad IP address (b)\n\n' });
  expect(line).toBe('spec.rules[0]: 2 errors occurred: * bad IP address (a) * bad IP address (b) [IAP4]');
});
