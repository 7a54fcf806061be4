import * as fc from 'fast-check';
import { cdk8sYamlStringify, writeYamlDocument } from '../../lib/synth/yaml';

/** Characters that change how `yaml` writes a scalar: indicators, whitespace, quotes, controls. */
const NASTY = [...' \t\n\r:#-?&*!|>\'"%@`,[]{}~.0123456789+_eEoOxXyYnNtTfF<=/\\', '\u0000', '\u0001', '\u001b', '\u007f', '\u0085', '\u00a0', '\u2028', 'é', '中', '\ud800', '😀'];
const nastyString = fc.oneof(
  fc.string({ unit: fc.constantFrom(...NASTY), maxLength: 12 }),
  fc.constantFrom('yes', 'No', 'ON', 'off', 'y', 'N', 'true', 'False', 'null', 'Null', '~', '', '0755', '0x1F', '0b101', '1_000', '1.5', '.5', '1e3', '+.inf', '.NaN', '1:20', '1:20.5', '2001-12-14', '2001-12-14 21:59:43.10 -5', '---', '--- x', '...', '%YAML', '<<', '- x', '-x', '? x', 'a: b', 'a:b', 'a #b', 'a#b', 'x:', 'x ', ' x', '\nx', 'x\n', 'x\n\n', '\n', '\n\n', ' \n', 'a\n b', 'a \nb', 'a\n\tb', '#!/bin/sh\nexit 0\n', 'x\n---\ny', '  indented\nnext\n', 'a\n\n\nb\n\n', 'k\\u0001'),
  fc.string({ maxLength: 20 }),
  fc.string({ unit: 'grapheme', maxLength: 8 }),
);
/** Keys: mostly without line breaks (a key with one is left to cdk8s, so the test would cover less). */
const nastyKey = fc.oneof({ weight: 9, arbitrary: nastyString.map((k) => k.replace(/\n/g, ' ')) }, { weight: 1, arbitrary: nastyString });
const scalar = fc.oneof(nastyString, fc.integer(), fc.double(), fc.boolean(), fc.constantFrom(0, -0, 2 ** 53, 1e21, 1e-7, 0.1, NaN, Infinity, -Infinity));
const json = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, scalar, tie('list'), tie('map')),
  list: fc.array(tie('value'), { maxLength: 4 }),
  map: fc.dictionary(nastyKey, tie('value'), { maxKeys: 5, noNullPrototype: true }),
}));
const document = fc.dictionary(nastyKey, json.value, { minKeys: 1, maxKeys: 6, noNullPrototype: true });

describe('the synth YAML writer', () => {
  test('is in use (the start-up probe agreed with cdk8s)', () => {
    expect(writeYamlDocument({ apiVersion: 'v1', kind: 'ConfigMap' })).toBe('apiVersion: v1\nkind: ConfigMap\n');
  });

  test('writes every document it covers byte for byte as cdk8s does', () => {
    let covered = 0;
    let multiLine = 0;
    const runs = Number(process.env.FUZZ_RUNS ?? 3000);
    fc.assert(fc.property(document, (doc) => {
      const mine = writeYamlDocument(doc);
      if (mine === undefined) return;
      covered++;
      if (/: \|/.test(mine)) multiLine++;
      expect(mine).toBe(cdk8sYamlStringify(doc));
    }), { numRuns: runs });
    // The comparison means something only if most documents are written by the writer itself.
    expect(covered).toBeGreaterThan(runs * 0.5);
    expect(multiLine).toBeGreaterThan(runs * 0.05);
  });

  test('covers the documents a synth writes, and leaves the rest to cdk8s', () => {
    const covered = { apiVersion: 'serving.knative.dev/v1', kind: 'Service', metadata: { name: 'a', annotations: { 'autoscaling.knative.dev/min-scale': '1' } }, spec: { template: { spec: { containers: [{ image: 'r/x:1', args: ['--port', '8080'], env: [{ name: 'A', value: 'yes' }] }], script: 'echo "x"\nexit 0\n' } }, traffic: [] } };
    expect(writeYamlDocument(covered)).toBe(cdk8sYamlStringify(covered));
    const shared = { a: 1 };
    for (const left of [{ a: null }, { a: undefined }, { a: shared, b: shared }, { a: new Date(0) }, { '<<': 1 }, { ['k'.repeat(1100)]: 1 }, { 'a\nb': 1 }, { a: 'x\n  ' }, { a: 'x\u0001\ny' }, []]) {
      expect(writeYamlDocument(left)).toBeUndefined();
    }
  });
});
