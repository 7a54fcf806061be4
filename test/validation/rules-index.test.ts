/**
 * The rule families load on first use, by API group (lib/validation/rules/index.ts): a family's
 * rules for a group missing from FAMILY_GROUPS would never run.
 */
import { FAMILY_GROUPS, RULE_FAMILIES, rulesFor } from '../../lib/validation/rules';

test.each(Object.keys(RULE_FAMILIES))('every API group of the %s rules is listed, and finds its rules', (family) => {
  const rules = RULE_FAMILIES[family]();
  expect(rules.length).toBeGreaterThan(0);
  expect([...new Set(rules.map((r) => r.group))].sort()).toEqual([...FAMILY_GROUPS[family]].sort());
  for (const r of rules) for (const kind of r.kinds) expect(rulesFor(r.group, kind)).toContain(r);
});

test('a group no family covers has no rules', () => {
  expect(rulesFor('example.com', 'Widget')).toEqual([]);
  expect(Object.keys(FAMILY_GROUPS).sort()).toEqual(Object.keys(RULE_FAMILIES).sort());
});
