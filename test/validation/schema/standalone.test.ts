/**
 * The validators generated at build time into imports/validators (ajv standalone code, see
 * lib/validation/schema/standalone.ts) report exactly what the schema compiled at run time
 * reports: same errors, paths, keywords and params, on valid objects and on objects that hit every
 * custom keyword (int-or-string, list-map keys, embedded ObjectMeta, CEL) and the formats. Their
 * drift from imports/schemas is caught by test/imports.test.ts (it regenerates imports/).
 */
import { ErrorObject, ValidateFunction } from 'ajv';
import * as fs from 'fs';
import * as path from 'path';
import { validateObject } from '../../../lib/validation/engine';
import { generatedValidator, lookupCrd, registerCrd } from '../../../lib/validation/schema/crd-store';
import { compileCrdSchema } from '../../../lib/validation/schema/structural';

const SECURE = { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } };
const meta = { name: 'x', namespace: 'default' };

/** Objects per `group/version/kind`: valid ones and ones with mistakes of every kind. */
const CASES: Record<string, unknown[]> = {
  'serving.knative.dev/v1/Service': [
    { apiVersion: 'serving.knative.dev/v1', kind: 'Service', metadata: meta, spec: { template: { spec: { containers: [{ image: 'a', securityContext: SECURE }] } } } },
    {
      apiVersion: 'serving.knative.dev/v1', kind: 'Service', metadata: meta, bogus: 1,
      spec: {
        template: {
          metadata: { labels: { a: 'b' }, bogusMeta: 1 },
          spec: {
            containerConcurrency: 2 ** 63, timeoutSeconds: 'x',
            containers: [{ image: 3, ports: [{ containerPort: 1.5 }], env: [{ name: 'A' }, { name: 'A' }], readinessProbe: { httpGet: { port: true } }, unknown: {} }],
          },
        },
        traffic: [{ percent: 'all', latestRevision: 'yes' }],
      },
    },
  ],
  'eventing.knative.dev/v1/Trigger': [
    { apiVersion: 'eventing.knative.dev/v1', kind: 'Trigger', metadata: meta, spec: { broker: 'b', subscriber: { ref: { apiVersion: 'v1', kind: 'Service', name: 's' } } } },
    { apiVersion: 'eventing.knative.dev/v1', kind: 'Trigger', metadata: meta, spec: { broker: 1, filter: { attributes: { a: 2 } }, subscriber: { uri: 3, extra: 1 }, delivery: { retry: 1.5, backoffDelay: 4 } } },
  ],
  'eventing.knative.dev/v1/Broker': [
    { apiVersion: 'eventing.knative.dev/v1', kind: 'Broker', metadata: meta, spec: { config: { apiVersion: 'v1', kind: 'ConfigMap', name: 'c' }, delivery: { retry: -1, x: 1 } } },
  ],
  'networking.istio.io/v1/VirtualService': [
    { apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: meta, spec: { hosts: ['a'], http: [{ route: [{ destination: { host: 'a', port: { number: 80 } }, weight: 100 }] }] } },
    { apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: meta, spec: { hosts: 'a', http: [{ timeout: 'soon', retries: { attempts: 'x' }, route: [{ destination: { port: { number: 2 ** 40 } }, weight: 'w' }], bogus: 1 }] } },
  ],
  'networking.istio.io/v1/ServiceEntry': [
    { apiVersion: 'networking.istio.io/v1', kind: 'ServiceEntry', metadata: meta, spec: { hosts: ['a.example.com'], ports: [{ number: 80, name: 'http', protocol: 'HTTP' }], resolution: 'DNS' } },
    // CEL rules (the hosts and workloadSelector/endpoints rules) and duplicate list items.
    { apiVersion: 'networking.istio.io/v1', kind: 'ServiceEntry', metadata: meta, spec: { hosts: [], ports: [{ number: 80, name: 'a' }, { number: 80, name: 'a' }], workloadSelector: { labels: { a: 'b' } }, endpoints: [{ address: '1.2.3.4' }] } },
  ],
  'security.istio.io/v1/AuthorizationPolicy': [
    { apiVersion: 'security.istio.io/v1', kind: 'AuthorizationPolicy', metadata: meta, spec: { action: 'CUSTOM', rules: [{ from: [{ source: { principals: ['a'] } }] }] } },
    { apiVersion: 'security.istio.io/v1', kind: 'AuthorizationPolicy', metadata: meta, spec: { action: 'NOPE', selector: { matchLabels: { a: 1 } }, targetRef: { kind: 'Service' }, targetRefs: [{}] } },
  ],
};

/** The errors, without `schema`/`parentSchema`/`data` identities (compared by value instead). */
function errorsOf(validate: ValidateFunction, obj: unknown): unknown[] {
  validate(structuredClone(obj));
  return (validate.errors ?? []).map((e: ErrorObject) => ({ ...e }));
}

describe('generated validators report what the compiled schema reports', () => {
  for (const [key, objects] of Object.entries(CASES)) {
    test(key, () => {
      const [group, version, kind] = key.split('/');
      const lookup = lookupCrd(`${group}/${version}`, kind)!;
      const generated = generatedValidator(key)!;
      expect(generated).toBeDefined();
      // The store hands out the generated validator for the CRDs of imports/schemas.
      expect(lookup.validate).toBe(generated);
      const compiled = compileCrdSchema(lookup.version!.schema);
      let invalid = 0;
      for (const obj of objects) {
        const want = errorsOf(compiled, obj);
        if (want.length) invalid++;
        expect(errorsOf(generated, obj)).toEqual(want);
      }
      if (objects.length > 1) expect(invalid).toBeGreaterThan(0);
    });
  }

  test('a duplicate list-map item is reported at its full path', () => {
    const r = validateObject({ apiVersion: 'networking.istio.io/v1', kind: 'ServiceEntry', metadata: meta, spec: { hosts: ['a.example.com'], ports: [{ number: 80, name: 'a' }, { number: 80, name: 'a' }], resolution: 'DNS' } });
    expect(r.findings).toContainEqual(expect.objectContaining({ rule: 'schema', field: 'spec.ports[1]', message: expect.stringContaining('Duplicate value: ["a"]') }));
    expect(r.findings.map((f) => f.field)).not.toContain('[1]');
  });

  test('every generated module loads and exports a validator', () => {
    const index = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../../imports/validators/index.json'), 'utf8')) as Record<string, string>;
    expect(Object.keys(index)).toEqual(expect.arrayContaining(Object.keys(CASES)));
    for (const key of Object.keys(index)) expect([key, typeof generatedValidator(key)]).toEqual([key, 'function']);
  });

  test('a CRD registered at run time is compiled, not served by the generated validator', () => {
    const before = lookupCrd('sinks.knative.dev/v1alpha1', 'JobSink')!;
    const key = 'sinks.knative.dev/v1alpha1/JobSink';
    expect(before.validate).toBe(generatedValidator(key));
    registerCrd({
      apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition',
      spec: { group: 'sinks.knative.dev', scope: 'Namespaced', names: { kind: 'JobSink', plural: 'jobsinks' }, versions: [{ name: 'v1alpha1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', properties: { only: { type: 'string' } } } } } } }] },
    });
    const after = lookupCrd('sinks.knative.dev/v1alpha1', 'JobSink')!;
    expect(after.validate).not.toBe(before.validate);
    expect(after.validate!({ apiVersion: 'sinks.knative.dev/v1alpha1', kind: 'JobSink', metadata: meta, spec: { job: {} } })).toBe(false);
  });
});
