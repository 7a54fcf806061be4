/**
 * splitSubschemas (lib/validation/schema/structural.ts) moves large subschemas into functions of
 * their own; what the validator reports must not change: the findings of the split schema equal
 * those of the same schema inlined into one function, on objects with mistakes at every depth,
 * inside oneOf/anyOf alternatives too, and at two places that share one moved subschema.
 */
import { ErrorObject } from 'ajv';
import fc from 'fast-check';
import { lookupCrd } from '../../../lib/validation/schema/crd-store';
import { newSchemaAjv, schemaFindings, splitSubschemas, toJsonSchema } from '../../../lib/validation/schema/structural';

type Schema = Record<string, any>;

/** The findings of `schema` compiled with ajv for `obj`, split or inlined. */
function findings(schema: Schema, obj: unknown, split: boolean): unknown[] {
  const json = toJsonSchema(schema, true);
  const validate = newSchemaAjv().compile(split ? splitSubschemas(json) : json);
  const data = structuredClone(obj);
  validate(data);
  return schemaFindings(validate.errors as ErrorObject[] | null, data);
}

const meta = { name: 'x', namespace: 'default' };

describe('splitSubschemas', () => {
  test('moves large subschemas to $defs, shares equal ones, and leaves small ones and combinators inline', () => {
    const big = { type: 'object', properties: Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`field${i}`, { type: 'string' }])) };
    const split = splitSubschemas({
      type: 'object',
      properties: { a: big, b: big, small: { type: 'string' }, list: { type: 'array', items: big }, either: { oneOf: [big, { type: 'integer' }] } },
    });
    expect(Object.keys(split.$defs)).toEqual(['s0', 's1']);
    expect(split.$defs.s0).toEqual(big);
    expect(split.properties.a).toEqual({ $ref: '#/$defs/s0' });
    expect(split.properties.b).toEqual({ $ref: '#/$defs/s0' });
    expect(split.properties.list.items).toEqual({ $ref: '#/$defs/s0' });
    expect(split.properties.small).toEqual({ type: 'string' });
    // The oneOf's node moves whole, its alternatives inline.
    expect(split.properties.either).toEqual({ $ref: '#/$defs/s1' });
    expect(split.$defs.s1).toEqual({ oneOf: [big, { type: 'integer' }] });
  });

  test('a schema with nothing large is left as it is', () => {
    const schema = { type: 'object', properties: { a: { type: 'string' } } };
    expect(splitSubschemas(schema)).toEqual(schema);
  });

  const crd = (apiVersion: string, kind: string) => lookupCrd(apiVersion, kind)!.version!.schema;

  test.each([
    ['a Knative Service with mistakes in every container field', 'serving.knative.dev/v1', 'Service', {
      apiVersion: 'serving.knative.dev/v1', kind: 'Service', metadata: meta, bogus: 1,
      spec: {
        template: {
          spec: {
            containers: [
              { image: 3, ports: [{ containerPort: 1.5 }], env: [{ name: 'A', valueFrom: { secretKeyRef: { key: 1, x: 2 } } }], readinessProbe: { httpGet: { port: true }, bogus: 1 }, livenessProbe: { httpGet: { port: true } } },
              { image: 'b', resources: { limits: { cpu: [] } }, securityContext: { capabilities: { drop: 'ALL' } } },
            ],
            initContainers: [{ image: 4, bogus: 1 }],
            volumes: [{ name: 'v', secret: { items: [{ key: 1 }] } }],
          },
        },
        traffic: [{ percent: 'all', latestRevision: 'yes' }],
      },
    }],
    ['an Istio VirtualService with mistakes inside oneOf alternatives at two places', 'networking.istio.io/v1', 'VirtualService', {
      apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: meta,
      spec: {
        hosts: ['a'],
        http: [
          { match: [{ uri: { exact: 'a', prefix: 'b' } }, { headers: { h: { regex: 1 } } }], route: [{ destination: { host: 'a', port: { number: 'x' } } }] },
          { match: [{ uri: { exact: 'a', prefix: 'b' } }], rewrite: { uri: 1 }, corsPolicy: { allowOrigins: [{ exact: 'a', prefix: 'b' }] } },
        ],
      },
    }],
    ['an Istio DestinationRule with mistakes in load balancer alternatives', 'networking.istio.io/v1', 'DestinationRule', {
      apiVersion: 'networking.istio.io/v1', kind: 'DestinationRule', metadata: meta,
      spec: {
        host: 'a',
        trafficPolicy: { loadBalancer: { simple: 'ROUND_ROBIN', consistentHash: { httpHeaderName: 'x' } } },
        subsets: [{ name: 'v1', trafficPolicy: { loadBalancer: { simple: 'NOPE', consistentHash: { httpHeaderName: 1, useSourceIp: true } } } }],
      },
    }],
  ])('%s: the same findings as the inlined schema', (_name, apiVersion, kind, obj) => {
    const schema = crd(apiVersion, kind);
    const want = findings(schema, obj, false);
    expect(want.length).toBeGreaterThan(3);
    expect(findings(schema, obj, true)).toEqual(want);
  });

  test('the same findings as the inlined schema on random mistakes in a VirtualService', () => {
    const schema = crd('networking.istio.io/v1', 'VirtualService');
    const json = toJsonSchema(schema, true);
    const inline = newSchemaAjv().compile(json);
    const split = newSchemaAjv().compile(splitSubschemas(json));
    const junk = fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null), fc.dictionary(fc.constantFrom('exact', 'prefix', 'regex', 'x'), fc.string()));
    const match = fc.dictionary(fc.constantFrom('uri', 'scheme', 'method', 'authority', 'headers', 'queryParams', 'bogus'), junk, { maxKeys: 3 });
    const route = fc.record({ destination: fc.record({ host: junk, port: fc.record({ number: junk }) }), weight: junk }, { requiredKeys: [] });
    const http = fc.record({ match: fc.array(match, { maxLength: 2 }), route: fc.array(route, { maxLength: 2 }), timeout: junk }, { requiredKeys: [] });
    fc.assert(fc.property(fc.array(http, { maxLength: 3 }), (routes) => {
      const obj = { apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: meta, spec: { hosts: ['a'], http: routes } };
      const a = structuredClone(obj);
      const b = structuredClone(obj);
      inline(a);
      split(b);
      expect(schemaFindings(split.errors, b)).toEqual(schemaFindings(inline.errors, a));
    }), { numRuns: 300 });
  });
});
