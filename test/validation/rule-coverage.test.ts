/**
 * Every webhook-equivalent rule id reported anywhere in lib/validation/rules has at least one test
 * that names it, so no rule ships without a test showing it rejecting bad input.
 */
import * as fs from 'fs';
import * as path from 'path';

function filesBelow(dir: string, ext: RegExp): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? filesBelow(full, ext) : ext.test(e.name) ? [full] : [];
  });
}

const root = path.join(__dirname, '..', '..');
// Rule ids are string literals passed as the first argument of ctx.error / ctx.warn (or a
// helper taking the id first): 'S-T5', 'A12', 'G3', 'IVS2', ...
const ID = /\b(?:error|warn|report\w*|fail\w*)\(\s*['"]([A-Z][A-Z0-9]*(?:-[A-Z]*\d+[a-z]?|\d+[a-z]?))['"]/g;

const ids = new Set<string>();
for (const file of filesBelow(path.join(root, 'lib', 'validation', 'rules'), /\.ts$/)) {
  for (const m of fs.readFileSync(file, 'utf8').matchAll(ID)) ids.add(m[1]);
}
const testText = filesBelow(path.join(root, 'test'), /\.test\.ts$/).map((f) => fs.readFileSync(f, 'utf8')).join('\n');

test('rule ids are found in the rule sources', () => {
  expect(ids.size).toBeGreaterThan(0);
});

test('every rule id has a test that names it', () => {
  const untested = [...ids].filter((id) => !new RegExp(`['"\`]${id}['"\`]`).test(testText)).sort();
  expect(untested).toEqual([]);
});
