import { validateObject } from '../../../../lib/validation/engine';
import { variant } from '../../../helpers';
import { VALID } from './fixtures';

const GARBAGE: unknown[] = [null, 'text', 42, [], [null], { sink: 'x', ref: [], filters: [null, 'x', { all: 'x', not: 5 }] }];

describe('malformed input never throws', () => {
  test.each(Object.entries(VALID))('%s with garbage in spec, metadata and nested fields', (_name, obj) => {
    for (const g of GARBAGE) {
      expect(() => validateObject(variant(obj, (o) => { o.spec = g; }))).not.toThrow();
      expect(() => validateObject(variant(obj, (o) => { o.metadata = g; }))).not.toThrow();
      expect(() => validateObject(variant(obj, (o) => { for (const k of Object.keys(o.spec)) o.spec[k] = g; }))).not.toThrow();
      expect(() => validateObject(variant(obj, (o) => { o.metadata.annotations = g; }))).not.toThrow();
    }
  });
});
