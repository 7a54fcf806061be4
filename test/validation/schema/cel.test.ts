import * as fs from 'fs';
import * as path from 'path';
import { registerCrd } from '../../../lib/validation/schema/crd-store';
import { celCompileProblems, evaluateCelRule, toCel } from '../../../lib/validation/schema/cel';
import { byRule, findings, variant } from '../../helpers';

const SCHEMAS = path.resolve(__dirname, '../../../imports/schemas');

/** Every x-kubernetes-validations entry of every shipped CRD schema. */
function shippedRules(): { where: string; rule: string; messageExpression?: string }[] {
  const out: { where: string; rule: string; messageExpression?: string }[] = [];
  const walk = (node: unknown, where: string) => {
    if (!node || typeof node !== 'object') return;
    if (Array.isArray(node)) return node.forEach((n, i) => walk(n, `${where}[${i}]`));
    const rec = node as Record<string, unknown>;
    if (Array.isArray(rec['x-kubernetes-validations'])) {
      for (const r of rec['x-kubernetes-validations'] as any[]) out.push({ where, rule: r.rule, messageExpression: r.messageExpression });
    }
    for (const [k, v] of Object.entries(rec)) if (k !== 'x-kubernetes-validations') walk(v, `${where}/${k}`);
  };
  for (const file of fs.readdirSync(SCHEMAS).filter((f) => f.endsWith('.json'))) {
    const stored = JSON.parse(fs.readFileSync(path.join(SCHEMAS, file), 'utf8'));
    // kubernetes-fields.json (built-in kinds' field names) holds no CRDs.
    for (const crd of stored.crds ?? []) for (const v of crd.versions) walk(v.schema, `${file}:${crd.kind}@${v.name}`);
  }
  return out;
}

describe('shipped CRD rules', () => {
  test('every x-kubernetes-validations rule in imports/schemas compiles', () => {
    const rules = shippedRules();
    expect(rules.length).toBeGreaterThan(300);
    const broken = rules.flatMap((r) => [
      ...celCompileProblems(r.rule).map((p) => `${r.where}: ${r.rule}: ${p}`),
      ...(r.messageExpression ? celCompileProblems(r.messageExpression).map((p) => `${r.where}: ${r.messageExpression}: ${p}`) : []),
    ]);
    expect(broken).toEqual([]);
  });
});

const DR = {
  apiVersion: 'networking.istio.io/v1', kind: 'DestinationRule', metadata: { name: 'reviews', namespace: 'default' },
  spec: { host: 'reviews', trafficPolicy: { connectionPool: { tcp: { connectTimeout: '30ms' } } } },
};

describe('Istio CRD CEL', () => {
  test('the valid DestinationRule has no CEL finding', () => {
    expect(byRule(DR, 'cel')).toEqual([]);
  });

  test('DestinationRule durations must be at least 1ms', () => {
    const bad = variant(DR, (o) => { o.spec.trafficPolicy.connectionPool.tcp.connectTimeout = '500us'; });
    const f = byRule(bad, 'cel');
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({
      severity: 'error', field: 'spec.trafficPolicy.connectionPool.tcp.connectTimeout', message: 'must be a valid duration greater than 1ms',
    });
  });

  test('an unparsable duration fails the rule with the evaluation error appended', () => {
    const bad = variant(DR, (o) => { o.spec.trafficPolicy.connectionPool.tcp.connectTimeout = 'soon'; });
    const f = byRule(bad, 'cel');
    expect(f).toHaveLength(1);
    expect(f[0].message).toMatch(/^must be a valid duration greater than 1ms: /);
  });

  test('ServiceEntry: duplicate port numbers and a wildcard host', () => {
    const se = {
      apiVersion: 'networking.istio.io/v1', kind: 'ServiceEntry', metadata: { name: 'ext', namespace: 'default' },
      spec: { hosts: ['*'], resolution: 'DNS', ports: [{ number: 443, name: 'https', protocol: 'TLS' }, { number: 443, name: 'tls', protocol: 'TLS' }] },
    };
    expect(byRule(se, 'cel').map((f) => [f.field, f.message])).toEqual(expect.arrayContaining([
      ['spec.hosts[0]', 'hostname cannot be wildcard'],
      ['spec.ports', 'port number cannot be duplicated'],
    ]));
  });

  test('RequestAuthentication jwksUri must be http(s) (url() library)', () => {
    const ra = {
      apiVersion: 'security.istio.io/v1', kind: 'RequestAuthentication', metadata: { name: 'jwt', namespace: 'default' },
      spec: { jwtRules: [{ issuer: 'https://issuer.example.com', jwksUri: 'ftp://issuer.example.com/keys' }] },
    };
    expect(byRule(ra, 'cel')).toEqual([expect.objectContaining({ field: 'spec.jwtRules[0].jwksUri', message: 'url must have scheme http:// or https://' })]);
    expect(byRule(variant(ra, (o) => { o.spec.jwtRules[0].jwksUri = 'https://issuer.example.com/keys'; }), 'cel')).toEqual([]);
  });

  test('PeerAuthentication port keys are checked with int() on map keys', () => {
    const pa = {
      apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication', metadata: { name: 'p', namespace: 'default' },
      spec: { selector: { matchLabels: { app: 'x' } }, portLevelMtls: { 70000: { mode: 'DISABLE' } } },
    };
    expect(byRule(pa, 'cel')).toEqual([expect.objectContaining({ field: 'spec.portLevelMtls', message: 'port must be between 1-65535' })]);
  });
});

describe('Flux and cert-manager CRD CEL', () => {
  const hr = {
    apiVersion: 'helm.toolkit.fluxcd.io/v2', kind: 'HelmRelease', metadata: { name: 'app', namespace: 'flux-system' },
    spec: { interval: '10m', chart: { spec: { chart: 'podinfo', sourceRef: { kind: 'HelmRepository', name: 'podinfo' } } } },
  };

  test('HelmRelease needs exactly one of chart and chartRef', () => {
    expect(byRule(hr, 'cel')).toEqual([]);
    const bad = variant(hr, (o) => { o.spec.chartRef = { kind: 'OCIRepository', name: 'podinfo' }; });
    expect(byRule(bad, 'cel')).toEqual([expect.objectContaining({ field: 'spec', message: 'either chart or chartRef must be set' })]);
  });

  test('schema defaults are applied before the rules run, as the API server does', () => {
    // Bucket.spec.provider defaults to 'generic', for which an 'ldap' STS provider is right.
    const bucket = {
      apiVersion: 'source.toolkit.fluxcd.io/v1', kind: 'Bucket', metadata: { name: 'b', namespace: 'flux-system' },
      spec: { bucketName: 'x', endpoint: 'minio.example.com', interval: '5m', sts: { provider: 'ldap', endpoint: 'https://sts.example.com' } },
    };
    expect(byRule(bucket, 'cel')).toEqual([]);
    const aws = variant(bucket, (o) => { o.spec.provider = 'aws'; });
    expect(byRule(aws, 'cel')).toEqual([expect.objectContaining({ field: 'spec', message: "'aws' is the only supported STS provider for the 'aws' Bucket provider" })]);
  });

  test('cert-manager venafi issuer needs exactly one backend', () => {
    const issuer = {
      apiVersion: 'cert-manager.io/v1', kind: 'ClusterIssuer', metadata: { name: 'venafi' },
      spec: { venafi: { zone: 'z' } },
    };
    expect(byRule(issuer, 'cel')).toEqual([expect.objectContaining({ field: 'spec.venafi', message: 'exactly one of tpp, cloud, or ngts must be configured' })]);
  });
});

describe('rule semantics of the API server', () => {
  const group = 'celtest.example.com';
  registerCrd({
    apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: `widgets.${group}` },
    spec: {
      group, scope: 'Namespaced', names: { kind: 'Widget', plural: 'widgets' },
      versions: [{
        name: 'v1', served: true, storage: true,
        schema: {
          openAPIV3Schema: {
            type: 'object',
            properties: {
              spec: {
                type: 'object',
                'x-kubernetes-validations': [
                  { rule: 'self.replicas <= self.max', messageExpression: "'replicas (' + string(self.replicas) + ') must be <= max (' + string(self.max) + ')'", fieldPath: '.replicas' },
                  { rule: 'self.name.size() > 2', messageExpression: "''", message: 'name is too short' },
                  { rule: 'self.name != "forbidden"' },
                  { rule: 'self.replicas == oldSelf.replicas', message: 'replicas is immutable' },
                  { rule: '!oldSelf.hasValue() || self.name == oldSelf.value().name', optionalOldSelf: true, message: 'name is immutable' },
                  { rule: "!has(self.labels) || self.labels.all(k, k != 'x')", fieldPath: ".labels['app.kubernetes.io/name']", message: 'no x' },
                  { rule: 'self.size.compareTo(quantity("1Gi")) <= 0 && isURL(self.url) && cidr("10.0.0.0/8").containsIP(self.ip)', message: 'library' },
                ],
                properties: {
                  replicas: { type: 'integer' }, max: { type: 'integer' }, name: { type: 'string' }, url: { type: 'string' },
                  ip: { type: 'string' }, size: { type: 'string' },
                  labels: { type: 'object', additionalProperties: { type: 'string' } },
                },
              },
            },
          },
        },
      }],
    },
  });
  const ok = {
    apiVersion: `${group}/v1`, kind: 'Widget', metadata: { name: 'w', namespace: 'default' },
    spec: { replicas: 1, max: 3, name: 'widget', url: 'https://example.com/x', ip: '10.1.2.3', size: '512Mi' },
  };

  test('a valid object passes every rule (transition rules are skipped on create)', () => {
    expect(findings(ok)).toEqual([]);
  });

  test('messageExpression gives the message and fieldPath extends the field', () => {
    const f = byRule(variant(ok, (o) => { o.spec.replicas = 5; }), 'cel');
    expect(f).toEqual([expect.objectContaining({ severity: 'error', field: 'spec.replicas', message: 'replicas (5) must be <= max (3)' })]);
  });

  test('an empty messageExpression result falls back to message', () => {
    expect(byRule(variant(ok, (o) => { o.spec.name = 'ab'; }), 'cel')).toEqual([expect.objectContaining({ field: 'spec', message: 'name is too short' })]);
  });

  test('without message the API server says "failed rule: <rule>"', () => {
    expect(byRule(variant(ok, (o) => { o.spec.name = 'forbidden'; }), 'cel')).toEqual([expect.objectContaining({ field: 'spec', message: 'failed rule: self.name != "forbidden"' })]);
  });

  test("fieldPath with ['key'] notation", () => {
    const f = byRule(variant(ok, (o) => { o.spec.labels = { x: 'y' }; }), 'cel');
    expect(f).toEqual([expect.objectContaining({ field: 'spec.labels.app.kubernetes.io/name', message: 'no x' })]);
  });

  test('Kubernetes libraries: quantity, isURL, cidr/ip', () => {
    expect(byRule(variant(ok, (o) => { o.spec.size = '2Gi'; }), 'cel')).toEqual([expect.objectContaining({ message: 'library' })]);
    expect(byRule(variant(ok, (o) => { o.spec.url = 'not a url'; }), 'cel')).toEqual([expect.objectContaining({ message: 'library' })]);
    expect(byRule(variant(ok, (o) => { o.spec.ip = '192.168.0.1'; }), 'cel')).toEqual([expect.objectContaining({ message: 'library' })]);
  });

  test('an evaluation error is the rule failing', () => {
    const f = byRule(variant(ok, (o) => { delete o.spec.max; }), 'cel');
    expect(f).toHaveLength(1);
    expect(f[0].field).toBe('spec.replicas');
    expect(f[0].message).toMatch(/^failed rule: self.replicas <= self.max: /);
  });
});

describe('library functions', () => {
  const holds = (rule: string, self: unknown = null) => evaluateCelRule({ rule }, toCel(self)).outcome;
  test.each([
    'url("https://a.example.com:8443/p?x=1&x=2").getHostname() == "a.example.com"',
    'url("https://a.example.com:8443/p").getPort() == "8443"',
    'url("https://[::1]:80/").getHost() == "[::1]:80"',
    'url("/just/a/path").getScheme() == ""',
    'url("https://x/p?x=1&x=2").getQuery()["x"] == ["1", "2"]',
    '!isURL("example.com") && isURL("mailto:a@b")',
    'ip("2001:db8::1").family() == 6 && ip("127.0.0.1").isLoopback() && !isIP("1.2.3.04")',
    'ip.isCanonical("2001:db8::1") && !ip.isCanonical("2001:DB8::1")',
    'cidr("10.0.0.0/8").containsCIDR("10.1.0.0/16") && cidr("10.1.2.3/8").masked() == cidr("10.0.0.0/8") && cidr("::/0").prefixLength() == 0',
    'quantity("1.5Gi").isGreaterThan(quantity("1500Mi")) && quantity("100m").asApproximateFloat() == 0.1',
    'quantity("1k").add(24).asInteger() == 1024 && quantity("2").sub(quantity("500m")).compareTo(quantity("1.5")) == 0',
    'isQuantity("1Ki") && !isQuantity("1KB") && quantity("-1").sign() == -1',
    '[1, 2, 3].isSorted() && [3, 1, 2].max() == 3 && [3, 1, 2].min() == 1 && [1, 2].sum() == 3 && ["a", "b", "a"].lastIndexOf("a") == 2',
    '"abc123def456".find("[0-9]+") == "123" && "abc123def456".findAll("[0-9]+") == ["123", "456"]',
    '"A,B".lowerAscii().split(",").join("-") == "a-b" && "%s=%d".format(["x", 1]) == "x=1"',
    'sets.contains([1, 2, 3], [3, 1]) && sets.equivalent(["a", "b"], ["b", "a", "a"]) && !sets.intersects([1], [2])',
  ])('%s', (rule) => {
    expect(holds(rule)).toBe(true);
  });

  test('integers in the data are CEL ints, numbers declared `number` are doubles', () => {
    expect(holds('self.a + 1 == 3 && self.b == 1.5', { a: 2, b: 1.5 })).toBe(true);
  });

  test('optional-type syntax is not supported: the rule is reported as not checked, never as failing', () => {
    expect(evaluateCelRule({ rule: 'self.?a.orValue(1) == 1' }, toCel({})).outcome).toBe('not-compiled');
  });

  test('transition rules are skipped on create unless optionalOldSelf is set', () => {
    expect(evaluateCelRule({ rule: 'self == oldSelf' }, toCel(1)).outcome).toBe('skipped');
    expect(evaluateCelRule({ rule: '!oldSelf.hasValue() && oldSelf.orValue(5) == 5', optionalOldSelf: true }, toCel(1)).outcome).toBe(true);
  });

  test('unknown functions do not compile', () => {
    expect(celCompileProblems('self.frobnicate()')).toEqual([expect.stringContaining('frobnicate')]);
  });
});
