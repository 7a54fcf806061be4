import { validateObject } from '../../lib/validation/engine';

const virtualService = (timeouts: string[]) => ({
  apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: { name: 'vs', namespace: 'default' },
  spec: { hosts: ['a'], http: timeouts.map((timeout) => ({ timeout, route: [{ destination: { host: 'a' } }] })) },
});
/** The findings of the CRD's CEL rule `duration(self) >= duration('1ms')` on `timeout`. */
const celFindings = (obj: unknown) => validateObject(obj).findings.filter((f) => f.message === 'must be a valid duration greater than 1ms').map((f) => f.field);

describe('CEL results remembered per schema node and value', () => {
  test('a failing value met twice in one object is reported at both places', () => {
    const found = celFindings(virtualService(['0s', '5s', '0s']));
    expect(found).toEqual(['spec.http[0].timeout', 'spec.http[2].timeout']);
    // Again, now from memory.
    expect(celFindings(virtualService(['0s', '0s']))).toEqual(['spec.http[0].timeout', 'spec.http[1].timeout']);
  });

  test('a remembered value gives what evaluating it gives', () => {
    const first = celFindings(virtualService(['0.5ms']));
    expect(first).toEqual(['spec.http[0].timeout']);
    expect(celFindings(virtualService(['0.5ms']))).toEqual(first);
    expect(celFindings(virtualService(['2ms']))).toEqual([]);
  });
});
