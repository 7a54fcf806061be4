import {
  dns1035LabelErrors, dns1123LabelErrors, dns1123SubdomainErrors, envVarNameErrors, labelValueErrors, qualifiedNameErrors,
} from '../../lib/core/names';

test('DNS-1035 labels: start with a letter, no dots, at most 63', () => {
  expect(dns1035LabelErrors('hello-1')).toEqual([]);
  expect(dns1035LabelErrors('1hello')[0]).toMatch(/start with an alphabetic character/);
  expect(dns1035LabelErrors('a.b')).toHaveLength(1);
  expect(dns1035LabelErrors('a'.repeat(64))).toContain('must be no more than 63 characters');
});

test('DNS-1123 labels and subdomains', () => {
  expect(dns1123LabelErrors('1abc')).toEqual([]);
  expect(dns1123LabelErrors('a.b')).toHaveLength(1);
  expect(dns1123SubdomainErrors('a.b-c.d')).toEqual([]);
  expect(dns1123SubdomainErrors('A.b')).toHaveLength(1);
  expect(dns1123SubdomainErrors('a'.repeat(254))).toContain('must be no more than 253 characters');
});

test('qualified names (label and annotation keys)', () => {
  expect(qualifiedNameErrors('app.kubernetes.io/name')).toEqual([]);
  expect(qualifiedNameErrors('serving.knative.dev/rollout-duration')).toEqual([]);
  expect(qualifiedNameErrors('/x')).toContain('prefix part must be non-empty');
  expect(qualifiedNameErrors('a/b/c')).toHaveLength(1);
  expect(qualifiedNameErrors('Bad_Prefix/x')[0]).toMatch(/^prefix part/);
  expect(qualifiedNameErrors('x'.repeat(64))).toContain('name part must be no more than 63 characters');
});

test('label values and env names', () => {
  expect(labelValueErrors('')).toEqual([]);
  expect(labelValueErrors('cluster-local')).toEqual([]);
  expect(labelValueErrors('-x')).toHaveLength(1);
  expect(envVarNameErrors('MY_VAR')).toEqual([]);
  expect(envVarNameErrors('A=B')).toHaveLength(1);
  expect(envVarNameErrors('')).toEqual(['must be non-empty']);
});
