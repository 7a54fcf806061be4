/**
 * The validator's fast YAML reader (lib/validation/fast-yaml.ts, js-yaml) must give what `yaml`
 * gives: the same objects, document indexes and lines, and for anything else (errors, aliases,
 * limits) it hands the file to `yaml`. Checked differentially: parseManifestText (fast when it
 * can) against parseWithYaml (always `yaml`), on generated and mutated files, and on a large file
 * with errors in a middle and the last document.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import fc from 'fast-check';
import * as YAML from 'yaml';
import { blockReaderStats, readFastDocuments } from '../../lib/validation/fast-yaml';
import { DEFAULT_LIMITS, parseManifestText, parseWithYaml, validateFiles } from '../../lib/validation/files';

const RUNS = Number(process.env.FUZZ_RUNS ?? 200);

function same(text: string, limits = DEFAULT_LIMITS): void {
  let slow: unknown;
  try {
    slow = parseWithYaml(text, 'f.yaml', limits);
  } catch (e) {
    slow = `throws ${(e as Error).message}`;
  }
  let fast: unknown;
  try {
    fast = parseManifestText(text, 'f.yaml', limits);
  } catch (e) {
    fast = `throws ${(e as Error).message}`;
  }
  expect(fast).toEqual(slow);
}

/** Scalars where YAML 1.2 core, YAML 1.1 and JSON disagree. */
const tricky = fc.constantFrom(
  'yes', 'no', 'on', 'off', 'y', 'n', 'true', 'True', 'TRUE', 'false', 'null', 'Null', '~', '', '0', '-0', '+1', '012', '0o17', '0x1F', '0b11',
  '1_000', '1e3', '1E+3', '.5', '5.', '1.50', '.inf', '-.Inf', '.NaN', '2001-12-14', '12:30:00', '1:20', '=', '<<', '- a', 'a: b', '#x', 'a #b',
  '@x', '`x', '%x', '9007199254740993', '123456789012345678901234567890', 'ü', '日本', '\u2028', 'a\nb', ' lead', 'trail ', '"', "'", '\\',
);
const scalar = fc.oneof(tricky, fc.string(), fc.integer(), fc.double({ noNaN: false }), fc.boolean(), fc.constant(null));
const key = fc.oneof(tricky, fc.string({ minLength: 1, maxLength: 12 }));
const value = fc.letrec((tie) => ({
  node: fc.oneof({ depthSize: 'small' }, scalar, tie('map'), tie('list')),
  map: fc.dictionary(key, tie('node'), { maxKeys: 5, noNullPrototype: true }),
  list: fc.array(tie('node'), { maxLength: 4 }),
})).node;
const manifest = fc.record({ apiVersion: fc.constantFrom('v1', 'serving.knative.dev/v1'), kind: fc.constantFrom('ConfigMap', 'Service', 'List'), metadata: fc.record({ name: fc.string() }), data: value }, { noNullPrototype: true });

/** A file as tools write it: documents in block or flow style, with comments and blank documents. */
const file = fc.array(fc.tuple(manifest, fc.constantFrom('block', 'flow', 'json', 'empty', 'comment'), fc.boolean()), { minLength: 1, maxLength: 5 }).map((docs) =>
  docs.map(([doc, style, marker], i) => {
    const body = style === 'flow' ? YAML.stringify(doc, { collectionStyle: 'flow' })
      : style === 'json' ? `${JSON.stringify(doc, null, 1)}\n`
        : style === 'empty' ? '' : style === 'comment' ? `# doc ${i}\n\n${YAML.stringify(doc)}` : YAML.stringify(doc);
    return `${i > 0 || marker ? '---\n' : ''}${body}`;
  }).join(''));

/** Characters that change what YAML means. */
const mutation = fc.tuple(fc.nat(), fc.constantFrom('-', ':', ' ', '\n', '#', '&a ', '*a', '!', '? ', '[', ']', '{', '}', ',', '"', "'", '|', '>', '\t', '\r\n', '---\n', '...\n', '%YAML 1.2\n', 'null: x\n', '~', 'a: 1\n', 'a: 1\na: 2\n', '  '));

describe('the fast reader gives what yaml gives', () => {
  test('on generated files', () => {
    fc.assert(fc.property(file, (t) => same(t)), { numRuns: RUNS });
  });

  test('on generated files with mutations (errors, aliases, tags, directives, keys)', () => {
    fc.assert(fc.property(file, fc.array(mutation, { minLength: 1, maxLength: 4 }), (text, edits) => {
      let t = text;
      for (const [at, s] of edits) t = t.slice(0, at % (t.length + 1)) + s + t.slice(at % (t.length + 1));
      same(t);
    }), { numRuns: RUNS });
  });

  test.each([
    ['empty', ''], ['blank', '\n\n'], ['comment only', '# c\n'], ['marker only', '---\n'], ['two markers', '---\n---\n'],
    ['trailing marker', 'a: 1\n---\n'], ['comment before marker', '# h\n---\na: 1\n'], ['blank before marker', '\n\n---\na: 1\n'],
    ['indented content', '---\n# c\n\n  a: 1\n'], ['comment on the marker', '--- # x\na: 1\n'], ['marker and space', 'a: 1\n--- \nb: 1'],
    ['block scalar', 'a: |\n  x\n---\n'], ['no final newline', 'a: 1\n---\nb: 2'], ['list', 'kind: List\nitems:\n- a: 1\n- b: 2\n---\nkind: X\n'],
    ['list after documents', 'a: 1\n---\n# c\nkind: ConfigList\nitems:\n  - kind: A\n  -   kind: B\n'],
    ['duplicate keys', 'a: 1\n---\nb: 1\nb: 2\n'], ['merge key', 'a: 1\n<<: {b: 2}\n'], ['alias of a map', 'a: &x {b: 1}\nc: *x\n'],
    ['alias of a scalar', 'a: &x 1\nc: *x\n'], ['null key', 'null: 1\n'], ['null key and space', 'a: 1\n~ : 2\n'], ['null key in a list', '- Null: 1\n'],
    ['null value', 'a: ~\nb: null\nc:\n- NULL\n'], ['deep block', `${Array.from({ length: 120 }, (_, i) => `${' '.repeat(i)}k:`).join('\n')} 1\n`], ['empty key', ': 1\n'], ['flow key', '[a]: 1\n'], ['long key', `${'k'.repeat(1100)}: 1\n`],
    ['tab', 'a:\t1\n'], ['crlf', 'a: 1\r\n---\r\nb: 2\r\n'], ['document end', 'a: 1\n...\n---\nb: 2\n'], ['directive', '%YAML 1.2\n---\na: 1\n'],
    ['---x', 'a: |\n  x\n---x: 1\n'], ['unclosed flow', 'a: 1\n---\nb: [1, 2\n---\nc: 3\n'], ['deep', `${'['.repeat(300)}${']'.repeat(300)}\n`],
  ])('%s', (_name, text) => same(text));

  test('the depth and document limits hold on block YAML', () => {
    const deep = `a: 1\n---\n${Array.from({ length: 30 }, (_, i) => `${' '.repeat(i)}k:`).join('\n')} 1\n`;
    same(deep, { ...DEFAULT_LIMITS, maxDepth: 10 });
    same(deep, { ...DEFAULT_LIMITS, maxDepth: 31 });
    same(deep, { ...DEFAULT_LIMITS, maxDocuments: 1 });
    expect(() => parseManifestText(deep, 'f.yaml', { ...DEFAULT_LIMITS, maxDepth: 10 })).toThrow(/limit maxDepth/);
  });

  test('takes the plain multi-document YAML that tools write', () => {
    const lines: number[] = [];
    expect(readFastDocuments('apiVersion: v1\nkind: ConfigMap\n---\n# c\napiVersion: v1\nkind: Secret\n', DEFAULT_LIMITS.maxDepth, DEFAULT_LIMITS.maxDocuments, (d) => lines.push(d.line))).toBe(true);
    expect(lines).toEqual([1, 5]);
  });
});

describe('the block reader (what cdk8s, Helm and kubectl write) gives what yaml gives', () => {
  /** Reads `text` and says whether the block reader took every document (else js-yaml had some). */
  function readByBlock(text: string): boolean {
    const before = { ...blockReaderStats };
    same(text);
    return blockReaderStats.handedOver === before.handedOver && blockReaderStats.read > before.read;
  }

  test.each([
    ['nested mappings and sequences', 'a:\n  b:\n    c: 1\n  d:\n    - x\n    - y: 2\n      z: "3"\ne: []\nf: {}\n'],
    ['a sequence at its key\'s column', 'spec:\n  containers:\n  - name: a\n    ports:\n    - containerPort: 8080\n  - name: b\nafter: 1\n'],
    ['items on the lines below their dash', '- \n  a: 1\n-\n  - x\n- # c\n  b: 2\n'],
    ['null values and items', 'a:\nb: ~\nc: null\nd:\n  -\n  - e\n'],
    ['scalars of the core schema', 'a: 0o17\nb: 0x1F\nc: -12\nd: 1.5e3\ne: .inf\nf: -.Inf\ng: .nan\nh: True\ni: FALSE\nj: yes\nk: 012\nl: 1_000\nm: 2001-12-14\nn: +1\no: .5\n'],
    ['quoted scalars', 'a: "10"\nb: \'it\'\'s\'\nc: "a \\"q\\" \\u00e9 \\n"\nd: ""\ne: \'\'\nf: "x" # c\n'],
    ['quoted keys', '"a.b/c": 1\n\'d e\': 2\n"true": 3\n'],
    ['colons and hashes inside plain scalars', 'image: registry:5000/x:1.0\nurl: http://a/b#c\ncmd: a#b\nk: v # comment\nhttp://x: y\nkey : spaced\n'],
    ['colons inside plain keys and scalars on lines with no comment or quote (found by searching for colons)', 'image: registry:5000/x:1.0\nhttp://x: y\nkey : spaced\na:b: c\nurl: http://h:80/p\nlist:\n  - a:b\n  - c::d\n'],
    ['comments and blank lines everywhere', '# head\n\na: 1 # c\n  # indented comment\n\nb:\n  # c\n  - 1\n\n  - 2\n'],
    ['literal block scalars', 'a: |\n  line 1\n\n    indented\n  line 3\n\n\nb: |-\n  x\n  y\nc:\n  - |\n      in a list\n  - |- # c\n      z\nd: 1\n'],
    ['a literal block scalar holding YAML-like text', 'script: |\n  #!/bin/sh\n  - not: a list\n  key: "quoted"\n  # not a comment\nnext: 1\n'],
    ['spaces that JavaScript trims and YAML keeps', 'a: \u2028\nb: x\u00a0\nc: \u00a0y\n'],
    ['a top-level sequence and scalar documents', '- a\n- b\n---\nplain text\n---\n"quoted"\n---\n42\n'],
    ['unicode', 'a: 日本\nb: "ü"\nc: 😀\n'],
    ['keys and values alike in length and at both ends (once told apart by a cache of sliced strings)', 'abc: axc\naxc: abc\nabd: "abc"\nlist:\n  - abc\n  - axc\n  - \'abc\'\n  - a\n  - b\nnested:\n  abc: axc\n'],
    ['deeper indentation steps', 'a:\n     b:\n        - c\n        -   d: 1\n            e: 2\n'],
  ])('%s', (_name, text) => {
    expect(readByBlock(text)).toBe(true);
  });

  // What the block reader leaves to js-yaml (and then, where js-yaml fails, to yaml), with the same result.
  test.each([
    ['a multi-line plain scalar', 'a: one\n  two\nb: 1\n'],
    ['a folded block scalar', 'a: >\n  one\n  two\n'],
    ['a kept block scalar', 'a: |+\n  x\n\nb: 1\n'],
    ['an empty block scalar', 'a: |\nb: 1\n'],
    ['a key that resolves to a number', '8080: http\n'],
    ['a key that resolves to a boolean', 'true: 1\n'],
    ['a __proto__ key', '__proto__: 1\na: 2\n'],
    ['a quoted __proto__ key', '"__proto__": {}\n'],
    ['a key Object.prototype has', 'constructor: 1\ntoString: 2\n'],
    ['a duplicate key', 'a: 1\na: 2\n'],
    ['a nested sequence on one line', '- - a\n  - b\n'],
    ['a YAML escape JSON does not have', 'a: "\\x41\\e"\n'],
    ['a mapping value on the same line', 'a: b: c\n'],
    ['a value that ends in a colon', 'a: b:\n'],
    ['an item that is a mapping with a value on the same line', 'list:\n  - a: b: c\n'],
    ['an item after an entry at the same column', 'a: 1\n- b\n'],
    ['less indented continuation', 'a:\n    b: 1\n  c: 2\n'],
    ['a control character', 'a: "x\u0001"\n'],
    ['a DEL and a vertical tab', 'a: x\u007f\nb: y\u000bz\n'],
    ['a byte order mark inside', 'a: 1\n---\n\ufeffb: 2\n'],
  ])('%s', (_name, text) => {
    expect(readByBlock(text)).toBe(false);
  });
});

describe('line numbers on a large file', () => {
  let dir: string;
  beforeAll(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kfc-fast-')); });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  const service = (i: number, extra = '') => [
    'apiVersion: serving.knative.dev/v1', 'kind: Service', `metadata:\n  name: s${i}\n  namespace: default`,
    `spec:\n  template:\n    spec:\n      containers:\n      - image: registry.example.com/fn:${i}${extra}`,
  ].join('\n');

  test('a validation error in a middle and in the last of 5,000 documents is named at its document\'s line', () => {
    const n = 5000;
    const docs = Array.from({ length: n }, (_, i) => (i === 2500 || i === n - 1 ? service(i, '\n        bogus: 1') : service(i)));
    const text = `# generated\n${docs.map((d) => `---\n${d}\n`).join('')}`;
    const file = path.join(dir, 'large.yaml');
    fs.writeFileSync(file, text);
    // Expected lines, counted independently: each document is its `---` line plus 8 or 9 lines.
    const lineOf = (k: number) => 2 + docs.slice(0, k).reduce((sum, d) => sum + d.split('\n').length + 1, 0) + 1;
    const errors = validateFiles([file]).lines.filter((l) => l.includes(': error: '));
    expect(errors).toEqual([
      expect.stringMatching(new RegExp(`^${file}:${lineOf(2500)} Service default/s2500: error: spec\\.template\\.spec\\.containers\\[0\\]\\.bogus: `)),
      expect.stringMatching(new RegExp(`^${file}:${lineOf(n - 1)} Service default/s${n - 1}: error: spec\\.template\\.spec\\.containers\\[0\\]\\.bogus: `)),
    ]);
    expect(text.split('\n')[lineOf(n - 1) - 1]).toBe('apiVersion: serving.knative.dev/v1');
    expect(parseManifestText(text, file)).toEqual(parseWithYaml(text, file));
  });

  test('a YAML error in a middle and in the last document is named at its line, as yaml names it', () => {
    const docs = Array.from({ length: 2000 }, (_, i) => service(i));
    docs[1000] = `${service(1000)}\n  x: [1, 2\n`;
    docs[1999] = 'a: 1\na: 2';
    const text = docs.map((d) => `---\n${d}\n`).join('');
    const file = path.join(dir, 'broken.yaml');
    fs.writeFileSync(file, text);
    const report = validateFiles([file]);
    expect(report.parseErrors.map((e) => e.line)).toEqual(parseWithYaml(text, file).filter((p) => p.error).map((p) => p.source.line));
    expect(report.parseErrors).toHaveLength(2);
    const lines = text.split('\n');
    expect(lines[report.parseErrors[1].line - 1]).toBe('a: 2');
    expect(report.results).toHaveLength(1998);
  });
});
