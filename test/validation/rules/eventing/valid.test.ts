import { findings } from '../../../helpers';
import { VALID } from './fixtures';

describe('valid eventing manifests', () => {
  test.each(Object.entries(VALID))('%s has no findings', (_name, obj) => {
    expect(findings(obj).map((f) => `${f.rule} ${f.field}: ${f.message}`)).toEqual([]);
  });
});
