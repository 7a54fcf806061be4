/**
 * The schema check sees what the API server sees: nulls it prunes are gone, numbers are held to
 * their format's Go type, and ObjectMeta keeps only ObjectMeta fields.
 */
import { ApiObject, Chart, JsonPatch, Testing } from 'cdk8s';
import { KnativeService } from '../../../lib';
import { formatFinding, NON_FINITE_MESSAGE, validateObject } from '../../../lib/validation/engine';
import { DROPPED_META_FIELD_MESSAGE, UNKNOWN_META_FIELD_MESSAGE } from '../../../lib/validation/rules/metadata';
import { registerCrd } from '../../../lib/validation/schema/crd-store';
import { pruneNulls } from '../../../lib/validation/schema/structural';
import { findings, synthErrors } from '../../helpers';

const SECURE = { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } };
const ksvc = (container: Record<string, unknown> = {}, spec: Record<string, unknown> = {}, templateMeta?: Record<string, unknown>): any => ({
  apiVersion: 'serving.knative.dev/v1',
  kind: 'Service',
  metadata: { name: 'hello', namespace: 'default' },
  spec: { template: { ...(templateMeta ? { metadata: templateMeta } : {}), spec: { containers: [{ image: 'ghcr.io/example/hello:1.0', securityContext: SECURE, ...container }], ...spec } } },
});
const errorsOf = (obj: unknown) => findings(obj).filter((f) => f.severity === 'error');

describe('nulls the API server prunes', () => {
  test('a null on a field that is not nullable is dropped before validation, not an error', () => {
    // Helm and kustomize output routinely has `env: null`, `ports: ~`.
    expect(errorsOf(ksvc({ env: null, ports: null }, { timeoutSeconds: null }))).toEqual([]);
  });

  test('the webhook rules see the pruned object: a null list is no list', () => {
    expect(errorsOf(ksvc({ volumeMounts: null }, { volumes: null }))).toEqual([]);
  });

  test('a null on a field with a default gets the default', () => {
    const schema = { type: 'object', properties: { a: { type: 'integer', default: 3 }, b: { type: 'string' }, c: { type: 'string', nullable: true } } };
    expect(pruneNulls({ a: null, b: null, c: null }, schema)).toEqual({ a: 3, c: null });
  });

  test('maps (additionalProperties) are pruned too; null list items stay and fail their type', () => {
    const schema = {
      type: 'object', properties: {
        m: { type: 'object', additionalProperties: { type: 'string' } },
        l: { type: 'array', items: { type: 'string' } },
      },
    };
    expect(pruneNulls({ m: { x: null, y: 'v' }, l: ['a', null] }, schema)).toEqual({ m: { y: 'v' }, l: ['a', null] });
    expect(errorsOf(ksvc({ args: ['a', null] }))).toContainEqual(expect.objectContaining({ field: 'spec.template.spec.containers[0].args[1]', message: 'must be of type string' }));
  });

  test('a nullable field keeps its null and the schema accepts it', () => {
    registerCrd({
      apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'nulls.fidelity.example.com' },
      spec: {
        group: 'fidelity.example.com', scope: 'Namespaced', names: { kind: 'Nullish', plural: 'nullishes' },
        versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', properties: { n: { type: 'string', nullable: true }, m: { type: 'string' } }, required: ['m'] } } } } }],
      },
    });
    const obj = { apiVersion: 'fidelity.example.com/v1', kind: 'Nullish', metadata: { name: 'x', namespace: 'd' }, spec: { n: null, m: null } };
    // m: null is pruned, so the required field is missing, as the API server says.
    expect(errorsOf(obj).map(formatFinding)).toEqual(['spec.m: Required value [schema]']);
  });

  test('the object in the result is the one given, nulls included', () => {
    const obj = ksvc({ env: null });
    expect(validateObject(obj).object).toBe(obj);
    expect(obj.spec.template.spec.containers[0].env).toBeNull();
  });
});

describe('numbers against their format', () => {
  const rule = (maxConnections: unknown) => ({
    apiVersion: 'networking.istio.io/v1', kind: 'DestinationRule', metadata: { name: 'r', namespace: 'default' },
    spec: { host: 'x.default.svc.cluster.local', trafficPolicy: { connectionPool: { tcp: { maxConnections } } } },
  });
  const FIELD = 'spec.trafficPolicy.connectionPool.tcp.maxConnections';

  test('an int32 field refuses 2^31 and accepts 2^31 - 1, as the API server\'s range check', () => {
    expect(errorsOf(rule(2 ** 31))).toContainEqual(expect.objectContaining({ field: FIELD, rule: 'schema', message: 'must be of type int32', value: 2 ** 31 }));
    expect(errorsOf(rule(-(2 ** 31) - 1))).toContainEqual(expect.objectContaining({ field: FIELD, message: 'must be of type int32' }));
    expect(errorsOf(rule(2 ** 31 - 1)).filter((f) => f.field === FIELD)).toEqual([]);
  });

  test('an int64 field refuses 2^63 and accepts 2^53', () => {
    expect(errorsOf(ksvc({}, { timeoutSeconds: 2 ** 63 }))).toContainEqual(expect.objectContaining({ field: 'spec.template.spec.timeoutSeconds', message: 'must be of type int64' }));
    expect(errorsOf(ksvc({}, { timeoutSeconds: 2 ** 53 })).filter((f) => f.rule === 'schema')).toEqual([]);
  });

  test('built-in kinds too: a Deployment\'s int32 replicas and containerPort refuse 2^31, as Go\'s decoder does', () => {
    const deploy = {
      apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'default' },
      spec: { replicas: 2 ** 31, selector: { matchLabels: { a: 'b' } }, template: { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'c', image: 'nginx', ports: [{ containerPort: 2 ** 31 - 1 }] }] } } },
    };
    expect(errorsOf(deploy).map(formatFinding)).toEqual(['spec.replicas: must be of type int32 (value: 2147483648) [schema]']);
  });

  test('NaN and Infinity are never valid: one finding each, printed as NaN/Infinity, not null', () => {
    const found = errorsOf(ksvc({}, { containerConcurrency: NaN, timeoutSeconds: Infinity })).filter((f) => f.rule === 'schema');
    expect(found).toEqual([
      expect.objectContaining({ field: 'spec.template.spec.containerConcurrency', message: NON_FINITE_MESSAGE }),
      expect.objectContaining({ field: 'spec.template.spec.timeoutSeconds', message: NON_FINITE_MESSAGE }),
    ]);
    expect(formatFinding(found[0])).toContain('(value: NaN; allowed: a finite number)');
    expect(formatFinding(found[1])).toContain('(value: Infinity; allowed: a finite number)');
  });

  test('NaN is refused in built-in kinds and unknown kinds as well', () => {
    const cm = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd', namespace: 'x' }, spec: { replicas: -Infinity, selector: {}, template: {} } };
    expect(errorsOf(cm).map(formatFinding).filter((l) => l.startsWith('spec.replicas'))).toEqual([`spec.replicas: ${NON_FINITE_MESSAGE} (value: -Infinity; allowed: a finite number) [schema]`]);
    const widget = { apiVersion: 'widgets.example.com/v1', kind: 'Widget', metadata: { name: 'w' }, spec: { size: NaN } };
    expect(errorsOf(widget)).toContainEqual(expect.objectContaining({ field: 'spec.size', message: NON_FINITE_MESSAGE }));
  });
});

describe('unknown fields in metadata', () => {
  test('top level: a custom resource, a built-in kind and an unknown kind all report metadata.lables', () => {
    const svc = ksvc();
    svc.metadata.lables = { app: 'x' };
    const deploy = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'd', lables: {} } };
    const widget = { apiVersion: 'widgets.example.com/v1', kind: 'Widget', metadata: { name: 'w', lables: {} } };
    for (const obj of [svc, deploy, widget]) {
      expect(errorsOf(obj)).toContainEqual(expect.objectContaining({ rule: 'metadata', field: 'metadata.lables', message: UNKNOWN_META_FIELD_MESSAGE, allowed: expect.stringContaining('labels, annotations') }));
    }
    expect(errorsOf(ksvc())).toEqual([]);
  });

  test('Knative\'s template metadata: kept by the API server, pruned by the defaulting webhook, so an error', () => {
    const found = errorsOf(ksvc({}, {}, { annotaions: { a: 'b' }, labels: { a: 'b' } }));
    expect(found).toEqual([expect.objectContaining({ rule: 'metadata', field: 'spec.template.metadata.annotaions', message: DROPPED_META_FIELD_MESSAGE })]);
  });

  test('a pod template of a built-in kind is ObjectMeta: spec.template.metadata.annotaions is an error', () => {
    const deploy = {
      apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'default' },
      spec: { selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' }, annotaions: {} }, spec: { containers: [{ name: 'web', image: 'nginx' }] } } },
    };
    expect(errorsOf(deploy)).toEqual([expect.objectContaining({ field: 'spec.template.metadata.annotaions', message: UNKNOWN_META_FIELD_MESSAGE })]);
  });

  test('an embedded resource (x-kubernetes-embedded-resource) has its ObjectMeta checked by the API server', () => {
    registerCrd({
      apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'wrappers.fidelity.example.com' },
      spec: {
        group: 'fidelity.example.com', scope: 'Namespaced', names: { kind: 'Wrapper', plural: 'wrappers' },
        versions: [{
          name: 'v1', served: true, storage: true,
          schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', properties: { inner: { type: 'object', 'x-kubernetes-embedded-resource': true, 'x-kubernetes-preserve-unknown-fields': true } } } } } },
        }],
      },
    });
    const obj = { apiVersion: 'fidelity.example.com/v1', kind: 'Wrapper', metadata: { name: 'w', namespace: 'd' }, spec: { inner: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', lables: {} } } } };
    expect(errorsOf(obj)).toEqual([expect.objectContaining({ field: 'spec.inner.metadata.lables', message: UNKNOWN_META_FIELD_MESSAGE })]);
  });

  test('constructs: a misspelt metadata field added through an escape hatch fails the synth with the construct path', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'c', { namespace: 'default' });
    const svc = new KnativeService(chart, 'svc', { containers: [{ image: 'ghcr.io/example/hello:1.0' }] });
    svc.apiObject.addJsonPatch(JsonPatch.add('/metadata/lables', { a: 'b' }));
    svc.apiObject.addJsonPatch(JsonPatch.add('/spec/template/metadata', { annotaions: { a: 'b' } }));
    const plain = new ApiObject(chart, 'cm', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm' } });
    plain.addJsonPatch(JsonPatch.add('/metadata/lables', {}));
    const lines = synthErrors(app);
    expect(lines).toContainEqual(expect.stringMatching(/^\[c\/svc\/Resource\] Service default\/c-svc-.*: metadata\.lables: unknown field: not an ObjectMeta field/));
    expect(lines).toContainEqual(expect.stringMatching(/^\[c\/svc\/Resource\] .*spec\.template\.metadata\.annotaions: unknown field: .*defaulting webhook/));
  });
});
