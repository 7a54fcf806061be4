import { imageReferenceError } from '../../../../lib/validation/rules/serving/image';
import { isQuantity } from '../../../../lib/validation/rules/serving/quantity';

const DIGEST = `sha256:${'a'.repeat(64)}`;

describe('image references (go-containerregistry ParseReference, weak validation)', () => {
  test.each([
    'nginx', 'nginx:1.25', 'library/nginx:latest', 'ghcr.io/org/app:v1.2.3', 'localhost:5000/app', 'registry.local:5000/team/app:1',
    `ghcr.io/org/app@${DIGEST}`, `ghcr.io/org/app:1.0@${DIGEST}`, '127.0.0.1:5000/app:tag_1.0-rc',
    // An empty tag is skipped under weak validation, as in go-containerregistry.
    'ghcr.io/org/app:',
  ])('%s parses', (ref) => {
    expect(imageReferenceError(ref)).toBeUndefined();
  });

  test.each([
    'foo:bar:baz', 'Nginx', 'a', 'app@sha256:abc', `app@md5:${'a'.repeat(32)}`, 'ghcr.io/org/app:bad!tag',
    'user@ghcr.io/app', `app:${'t'.repeat(129)}`, 'ghcr.io:port/app',
  ])('%s fails', (ref) => {
    expect(imageReferenceError(ref)).toBe(`could not parse reference: ${ref}`);
  });
});

describe('quantities', () => {
  test.each(['1', '100m', '1.5Gi', '.5', '5.', '1e3', '-1', '+2Ki', '2E-2'])('%s is a quantity', (q) => expect(isQuantity(q)).toBe(true));
  test.each(['', 'm', '1.2.3', '100mx', '1Kb', '1 Gi', '1e'])('%s is not', (q) => expect(isQuantity(q)).toBe(false));
});
