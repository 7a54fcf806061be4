/** Table-driven helpers for the Istio webhook rule tests. */
import { findings, variant } from '../../../helpers';

/** One broken variant of a valid manifest and what istiod would say about it. */
export interface Case {
  readonly id: string;
  readonly what: string;
  readonly mutate: (o: any) => void;
  readonly field: string;
  readonly message: string;
  readonly severity?: 'error' | 'warning';
}

/** Registers one test per case: the variant yields a finding with that id, field and message. */
export function runCases(base: unknown, cases: readonly Case[]): void {
  test('the valid manifest has no finding at all', () => {
    expect(findings(base)).toEqual([]);
  });
  test.each(cases.map((c) => [c.id, c.what, c] as const))('%s: %s', (_id, _what, c) => {
    const found = findings(variant(base, c.mutate)).filter((f) => f.rule === c.id);
    expect(found).toEqual(expect.arrayContaining([
      expect.objectContaining({ rule: c.id, severity: c.severity ?? 'error', field: c.field, message: c.message }),
    ]));
  });
}
