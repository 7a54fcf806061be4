import * as fc from 'fast-check';
import { ApiObject, App, Chart, IResolver, JsonPatch, Lazy, ResolutionContext } from 'cdk8s';
import * as k8s from 'cdk8s-plus-27/lib/imports/k8s';
import { renderApiObject } from '../../lib/synth/render';
import { validateOnSynth } from '../../lib/validation/construct';
import { exampleNames, loadExample } from '../../scripts/synth-examples';

/** cdk8s's own rendering of the object (the prototype's toJson, not the library's wrapper). */
const cdk8sJson = (o: ApiObject): unknown => ApiObject.prototype.toJson.call(o);
const rendered = (o: ApiObject): unknown => renderApiObject(o, () => cdk8sJson(o));

const json = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, fc.string(), fc.integer(), fc.boolean(), fc.constant(null), fc.constant(undefined), tie('list'), tie('map'), tie('lazy')),
  list: fc.array(tie('value'), { maxLength: 3 }),
  map: fc.dictionary(fc.constantFrom('b', 'a', 'c', 'A', '1', '_x', 'z.y/w'), tie('value'), { maxKeys: 4, noNullPrototype: true }),
  lazy: tie('value').map((v) => Lazy.any({ produce: () => v })),
}));
const strings = fc.dictionary(fc.constantFrom('b', 'a', 'app.kubernetes.io/name', 'x'), fc.string({ maxLength: 3 }), { maxKeys: 3, noNullPrototype: true });

describe('rendering an ApiObject in one pass', () => {
  test('gives what cdk8s gives, for random props, metadata and JSON patches', () => {
    fc.assert(fc.property(json.map, fc.option(strings), fc.option(strings), fc.option(fc.array(fc.string({ maxLength: 3 }), { maxLength: 2 })), fc.boolean(), (props, labels, annotations, finalizers, patch) => {
      const app = new App();
      const chart = new Chart(app, 'c', { namespace: 'ns', labels: { chart: 'yes' } });
      const o = new ApiObject(chart, 'o', { apiVersion: 'example.org/v1', kind: 'Thing', ...props, metadata: { name: 'o', labels: labels ?? undefined, annotations: annotations ?? undefined, finalizers: finalizers ?? undefined } });
      if (patch) o.addJsonPatch(JsonPatch.add('/spec', { patched: true }));
      expect(rendered(o)).toEqual(cdk8sJson(o));
      expect(Object.keys(rendered(o) as object)).toEqual(Object.keys(cdk8sJson(o) as object));
    }), { numRuns: 500 });
  });

  test('keeps key order unsorted under CDK8S_DISABLE_SORT, as cdk8s does', () => {
    const o = new ApiObject(new Chart(new App(), 'c'), 'o', { apiVersion: 'v1', kind: 'ConfigMap', data: { b: '1', a: '2' } });
    process.env.CDK8S_DISABLE_SORT = '1';
    try {
      expect(Object.keys((rendered(o) as { data: object }).data)).toEqual(['b', 'a']);
    } finally {
      delete process.env.CDK8S_DISABLE_SORT;
    }
    expect(Object.keys((rendered(o) as { data: object }).data)).toEqual(['a', 'b']);
  });

  test('leaves an app with resolvers of its own, tokens and class instances to cdk8s', () => {
    class Upper implements IResolver {
      public resolve(context: ResolutionContext): void {
        if (typeof context.value === 'string' && context.value.startsWith('up:')) context.replaceValue(context.value.slice(3).toUpperCase());
      }
    }
    const custom = new ApiObject(new Chart(new App({ resolvers: [new Upper()] }), 'c'), 'o', { apiVersion: 'v1', kind: 'ConfigMap', data: { a: 'up:x' } });
    expect(rendered(custom)).toEqual(cdk8sJson(custom));
    expect((rendered(custom) as { data: { a: string } }).data.a).toBe('X');
    const chart = new Chart(new App(), 'c');
    const union = new ApiObject(chart, 'p', { apiVersion: 'v1', kind: 'Service', spec: { ports: [{ port: 80, targetPort: k8s.IntOrString.fromNumber(8080) }] } });
    expect(rendered(union)).toEqual(cdk8sJson(union));
    const broken = new ApiObject(chart, 'b', { apiVersion: 'v1', kind: 'ConfigMap', data: Lazy.any({ produce: () => { throw new Error('boom'); } }) });
    expect(() => rendered(broken)).toThrow(/Failed serializing construct at path 'c\/b'.*boom/);
  });

  test('leaves an object with a toJson of its own to it', () => {
    class Custom extends ApiObject {
      public toJson(): any {
        return { ...super.toJson(), data: { from: 'subclass' } };
      }
    }
    const app = new App();
    const o = new Custom(new Chart(app, 'c'), 'o', { apiVersion: 'v1', kind: 'ConfigMap', data: { from: 'props' } });
    validateOnSynth(o);
    expect(app.synthYaml()).toContain('from: subclass');
  });

  test('gives what cdk8s gives for every object of every example', () => {
    let objects = 0;
    for (const name of exampleNames()) {
      const example = loadExample(name);
      if (example.skip) continue;
      const app = example.buildApp('/nonexistent');
      for (const c of app.node.findAll()) {
        if (!ApiObject.isApiObject(c)) continue;
        expect(rendered(c)).toEqual(cdk8sJson(c));
        objects++;
      }
    }
    // Fewer without ../shared: the release-mode example is skipped there.
    expect(objects).toBeGreaterThan(150);
  });
});
