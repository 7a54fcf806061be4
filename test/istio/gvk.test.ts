/**
 * The constructs write their kind's apiVersion and kind out (so that rendering does not load the
 * generated bindings, a megabyte for networking.istio.io); each must equal the binding's GVK.
 */
import * as fs from 'fs';
import * as path from 'path';

const LIB = path.join(__dirname, '..', '..', 'lib');
const DECLARATION = /const GVK: typeof l1\.(\w+)\.GVK = \{ apiVersion: '([^']+)', kind: '([^']+)' \};/;
const BINDINGS = /import type \* as l1 from '([^']+)';/;

const declarations = ['istio', 'serving'].flatMap((area) => fs.readdirSync(path.join(LIB, area))
  .filter((f) => f.endsWith('.ts'))
  .map((f) => path.join(LIB, area, f))
  .filter((f) => DECLARATION.test(fs.readFileSync(f, 'utf8'))));

test('the written-out GVKs are found', () => {
  expect(declarations.length).toBeGreaterThanOrEqual(13);
});

test.each(declarations.map((f) => [path.relative(LIB, f), f]))('%s: its GVK is the generated binding\'s', (_name, file) => {
  const source = fs.readFileSync(file, 'utf8');
  const [, kind, apiVersion, written] = DECLARATION.exec(source)!;
  const bindings = BINDINGS.exec(source)?.[1];
  expect(bindings).toBeDefined();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const l1 = require(path.resolve(path.dirname(file), bindings!)) as Record<string, { GVK: { apiVersion: string; kind: string } }>;
  expect({ apiVersion, kind: written }).toEqual(l1[kind].GVK);
});
