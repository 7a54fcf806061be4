/**
 * The CLI on hostile and odd input: every case ends in a bounded time and memory with an exit
 * code and a message naming the file, and one bad file never hides the results of the others.
 * The CLI runs as a child process with a small heap (--max-old-space-size) and a timeout, as a
 * CI job would run it; the cases that need no process boundary run in-process.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { DEFAULT_LIMITS, parseManifestText, validateFiles } from '../../lib/validation/files';
import { transpileCli } from './support/transpile-cli';

const ROOT = path.resolve(__dirname, '..', '..');
const HEAP_MB = 192;
/** Peak resident memory allowed for the child: the heap bound plus node's own ~60 MB and slack. */
const MAX_RSS_MB = 320;
const TIMEOUT_MS = 30_000;

const VALID = `apiVersion: v1
kind: ConfigMap
metadata:
  name: fine
  namespace: default
data:
  a: b
`;
const badConfigMap = (name: string, eol = '\n') => ['apiVersion: v1', 'kind: ConfigMap', 'metadata:', `  name: ${name}`, '  namespace: default', ''].join(eol);

let dir: string;
let build: { cli: string; dir: string };
let rssProbe: string;

beforeAll(() => {
  build = transpileCli();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kfc-hostile-'));
  rssProbe = path.join(dir, 'rss-probe.js');
  // Reports the child's peak resident memory, whatever way it exits.
  fs.writeFileSync(rssProbe, "process.on('exit', () => process.stderr.write('maxrss-kb=' + process.resourceUsage().maxRSS + '\\n'));\n");
}, 60_000);

afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.rmSync(build.dir, { recursive: true, force: true });
});

function write(name: string, content: string | Buffer): string {
  const file = path.join(dir, name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
  return file;
}

interface Run { code: number | null; out: string[]; err: string[]; ms: number; rssMb: number; stdout: string }

function cli(args: string[], stdin?: number): Run {
  const start = Date.now();
  const r = spawnSync(process.execPath, [`--max-old-space-size=${HEAP_MB}`, '-r', rssProbe, build.cli, 'validate', ...args], {
    encoding: 'utf8', timeout: TIMEOUT_MS, maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, NODE_PATH: path.join(ROOT, 'node_modules') },
    ...(stdin === undefined ? {} : { stdio: [stdin, 'pipe', 'pipe'] }),
  });
  const ms = Date.now() - start;
  const errLines = r.stderr.split('\n').filter(Boolean);
  const rss = errLines.find((l) => l.startsWith('maxrss-kb='));
  return {
    code: r.status, stdout: r.stdout, out: r.stdout.split('\n').filter(Boolean), ms,
    err: errLines.filter((l) => !l.startsWith('maxrss-kb=')),
    rssMb: rss ? Number(rss.slice('maxrss-kb='.length)) / 1024 : Infinity,
  };
}

function expectBounded(r: Run): void {
  // Killed by the timeout, or by V8 running out of heap (exit 134 with only a GC log): never.
  expect(r.code).not.toBeNull();
  expect(r.err.join('\n')).not.toMatch(/heap out of memory|Allocation failed|at .*\.js:\d+/);
  expect(r.rssMb).toBeLessThan(MAX_RSS_MB);
}

describe('hostile files, all in one run: each is one error naming it, the good file is still checked', () => {
  let run: Run;
  const files: Record<string, string> = {};

  beforeAll(() => {
    // 200 MB without using the disk: a sparse file; refused by its size before any read.
    files.huge = write('in/huge.yaml', '');
    fs.truncateSync(files.huge, 200 * 1024 * 1024);
    files.zero = path.join(dir, 'in', 'zero.yaml');
    fs.symlinkSync('/dev/zero', files.zero);
    files.bomb = write('in/bomb.yaml', [
      'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
      ...'bcdefghi'.split('').map((c, i) => `${c}: &${c} [${Array(9).fill(`*${'abcdefghi'[i]}`).join(',')}]`),
      '',
    ].join('\n'));
    files.deepFlow = write('in/deep-flow.yaml', `a: ${'['.repeat(100_000)}${']'.repeat(100_000)}\n`);
    files.deepBlock = write('in/deep-block.yaml', `a:\n${Array.from({ length: 300 }, (_, i) => `${'  '.repeat(i + 1)}b:\n`).join('')}${'  '.repeat(301)}c: 1\n`);
    files.binary = write('in/binary.yaml', Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00, 0x00, 0x00]));
    files.latin1 = write('in/latin1.yaml', Buffer.from('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: caf\xe9}\n', 'latin1'));
    files.loop = path.join(dir, 'in', 'loop-a.yaml');
    fs.symlinkSync('loop-b.txt', files.loop);
    fs.symlinkSync('loop-a.yaml', path.join(dir, 'in', 'loop-b.txt'));
    // A folder that links back to its parent must not be walked forever.
    fs.symlinkSync('..', path.join(dir, 'in', 'parent-link'));
    files.good = write('in/good.yaml', VALID);
    files.missing = path.join(dir, 'nowhere', 'missing.yaml');
    run = cli([path.join(dir, 'in'), files.missing]);
  }, 60_000);

  test('exit 2 (input refused), in bounded time and memory', () => {
    expectBounded(run);
    expect(run.code).toBe(2);
    expect(run.ms).toBeLessThan(TIMEOUT_MS);
  });

  test.each([
    ['huge', /^refused: 209715200 bytes, larger than 33554432 bytes \(limit maxFileBytes\)$/],
    ['zero', /^refused: not a regular file or pipe \(a character device\)$/],
    ['bomb', /^refused: document 1 \(line 1\) expands YAML aliases beyond the limit \(maxAliasCount 100\)/],
    ['deepFlow', /^refused: document 1 \(line 1\) is nested too deeply to parse \(limit maxDepth 200\)$/],
    ['deepBlock', /^refused: document 1 \(line 1\) is nested deeper than 200 levels \(limit maxDepth\)$/],
    ['binary', /^refused: binary content \(a NUL byte at offset 7\); not YAML or JSON$/],
    ['latin1', /^refused: not valid UTF-8/],
    ['loop', /^too many levels of symbolic links \(a symlink loop\)$/],
    ['missing', /^no such file or directory$/],
  ])('%s: one error line naming the file', (name, message) => {
    const lines = run.out.filter((l) => l.startsWith(`${files[name]}: error: `));
    expect(lines).toHaveLength(1);
    expect(lines[0].slice(`${files[name]}: error: `.length)).toMatch(message);
  });

  test('the good file is validated, once, despite the folder loop; the summary counts the refused files', () => {
    expect(run.out[run.out.length - 1]).toBe('1 objects in 1 files, 9 unreadable or refused: 9 errors, 0 warnings, 0 unchecked');
    expect(run.err).toEqual([expect.stringMatching(/^knative-faas-cdk validate: 9 input files could not be read or were refused: /)]);
  });
});

describe('hostile input, one case per run', () => {
  test('--format json still prints the whole report when a file is refused', () => {
    const bomb = write('json/bomb.yaml', 'a: &a [x,x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\n');
    const bad = write('json/bad.yaml', badConfigMap('Bad_Name'));
    const r = cli(['--format', 'json', bomb, bad]);
    expectBounded(r);
    expect(r.code).toBe(2);
    const report = JSON.parse(r.stdout);
    expect(report.inputErrors).toEqual([{ file: bomb, message: expect.stringContaining('maxAliasCount') }]);
    expect(report.results).toEqual([expect.objectContaining({ file: bad, name: 'Bad_Name', findings: [expect.objectContaining({ rule: 'metadata' })] })]);
    expect(report.ok).toBe(false);
  });

  test('piped into `head`, the CLI stops quietly when the reader goes away', () => {
    const file = write('pipe/many-bad.yaml', Array.from({ length: 3000 }, (_, i) => badConfigMap(`Bad_${i}`)).join('---\n'));
    const r = spawnSync('sh', ['-c', `"${process.execPath}" "${build.cli}" validate "${file}" | head -n 1`], {
      encoding: 'utf8', timeout: TIMEOUT_MS, env: { ...process.env, NODE_PATH: path.join(ROOT, 'node_modules') },
    });
    expect(r.stdout.split('\n')[0]).toMatch(/many-bad\.yaml:1 ConfigMap default\/Bad_0: error: metadata\.name/);
    expect(r.stderr).not.toMatch(/EPIPE|Error|at /);
  });

  test('standard input from /dev/zero is read up to the limit and refused', () => {
    const fd = fs.openSync('/dev/zero', 'r');
    try {
      const r = cli(['-'], fd);
      expectBounded(r);
      expect(r.code).toBe(2);
      expect(r.out[0]).toBe(`<stdin>: error: refused: larger than ${DEFAULT_LIMITS.maxFileBytes} bytes (limit maxFileBytes)`);
    } finally {
      fs.closeSync(fd);
    }
  });

  test('odd but valid encodings are read: UTF-8 BOM, CRLF, UTF-16 LE and BE with BOM; empty files are empty', () => {
    const bom = write('enc/bom.yaml', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`${VALID}---\n${badConfigMap('Bad_Bom')}`)]));
    const crlf = write('enc/crlf.yaml', `${VALID.replace(/\n/g, '\r\n')}---\r\n${badConfigMap('Bad_Crlf', '\r\n')}`);
    const le = write('enc/le.yaml', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(badConfigMap('Bad_Le'), 'utf16le')]));
    const beBody = Buffer.from(badConfigMap('Bad_Be'), 'utf16le').swap16();
    const be = write('enc/be.yaml', Buffer.concat([Buffer.from([0xfe, 0xff]), beBody]));
    const empty = write('enc/empty.yaml', '');
    const blank = write('enc/blank.yaml', '\n\n# only a comment\n---\n');
    const r = cli([bom, crlf, le, be, empty, blank]);
    expectBounded(r);
    expect(r.code).toBe(1);
    // Exact lines: the second document of bom.yaml and crlf.yaml starts on line 9.
    expect(r.out).toContainEqual(expect.stringMatching(new RegExp(`^${bom}:9 ConfigMap default/Bad_Bom: error: metadata.name: Invalid value`)));
    expect(r.out).toContainEqual(expect.stringMatching(new RegExp(`^${crlf}:9 ConfigMap default/Bad_Crlf: error: metadata.name: Invalid value`)));
    expect(r.out).toContainEqual(expect.stringMatching(new RegExp(`^${le}:1 ConfigMap default/Bad_Le: error: metadata.name`)));
    expect(r.out).toContainEqual(expect.stringMatching(new RegExp(`^${be}:1 ConfigMap default/Bad_Be: error: metadata.name`)));
    expect(r.out[r.out.length - 1]).toBe('6 objects in 6 files: 4 errors, 0 warnings, 0 unchecked');
  });
});

describe('ordinary input (in-process)', () => {
  test('malformed YAML is an error at the line the parser names; the other documents are still checked', () => {
    const file = write('malformed.yaml', `${VALID}---\n${VALID}---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n   oops: [\n`);
    const report = validateFiles([file]);
    expect(report.results).toHaveLength(2);
    expect(report.parseErrors).toEqual([{ file, line: 20, message: expect.stringMatching(/^YAML: /) }]);
    expect(report.lines).toContain(`${file}:20: error: ${report.parseErrors[0].message}`);
  });

  test('the items of a List are named at their own lines', () => {
    const file = write('list.yaml', `apiVersion: v1\nkind: List\nitems:\n  - ${badConfigMap('Bad_One').trim().replace(/\n/g, '\n    ')}\n  - ${badConfigMap('Bad_Two').trim().replace(/\n/g, '\n    ')}\n`);
    expect(validateFiles([file]).lines.filter((l) => l.includes(': error: ')).map((l) => l.slice(0, l.indexOf(' ConfigMap')))).toEqual([`${file}:4`, `${file}:9`]);
  });

  test('duplicate keys are an error naming the duplicate\'s line', () => {
    const file = write('dup.yaml', `${VALID}---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\nmetadata: {name: b}\n`);
    expect(validateFiles([file]).parseErrors).toEqual([{ file, line: 12, message: 'YAML: Map keys must be unique' }]);
  });

  test('a JSON array is one error saying what to write instead, not "undefined undefined"', () => {
    const file = write('array.json', JSON.stringify([{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' } }]));
    const report = validateFiles([file]);
    expect(report.lines).toEqual([
      `${file}:1 <a list>: error: a Kubernetes object must be a mapping, not a list (allowed: a mapping with apiVersion and kind; several objects go in a List: {"apiVersion": "v1", "kind": "List", "items": [...]}) [schema]`,
      '1 objects in 1 files: 1 errors, 0 warnings, 0 unchecked',
    ]);
    expect(report.lines.join('\n')).not.toContain('undefined');
  });

  test('.nan and .inf print as NaN and Infinity, not null', () => {
    const file = write('nan.yaml', 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d, namespace: x}\nspec:\n  replicas: .inf\n  minReadySeconds: .nan\n  selector: {}\n  template: {}\n');
    const lines = validateFiles([file]).lines.join('\n');
    expect(lines).toContain('spec.replicas: not a finite number');
    expect(lines).toContain('(value: Infinity; allowed: a finite number)');
    expect(lines).toContain('(value: NaN; allowed: a finite number)');
    expect(lines).not.toContain('value: null');
  });

  test('paths print as given: relative stays relative (with ./), absolute stays absolute, folders keep their prefix', () => {
    const sub = write('given/inner/bad.yaml', badConfigMap('Bad_Path'));
    const cwd = process.cwd();
    try {
      process.chdir(dir);
      expect(validateFiles(['./given/inner/bad.yaml']).lines[0]).toMatch(/^\.\/given\/inner\/bad\.yaml:1 /);
      expect(validateFiles(['given']).lines[0]).toMatch(/^given\/inner\/bad\.yaml:1 /);
      expect(validateFiles(['./given/']).lines[0]).toMatch(/^\.\/given\/inner\/bad\.yaml:1 /);
      expect(validateFiles([sub]).lines[0].startsWith(`${sub}:1 `)).toBe(true);
    } finally {
      process.chdir(cwd);
    }
  });

  test('10,000 documents: exact line numbers up to the last document, in linear time', () => {
    // Each ConfigMap is 7 lines and a separator; every 1,000th one and the last are invalid.
    const n = 10_000;
    const docs = Array.from({ length: n }, (_, i) => badConfigMap(i % 1000 === 999 || i === n - 1 ? `Bad_${i}` : `ok-${i}`) + 'data:\n  a: b\n');
    const file = write('many.yaml', docs.join('---\n'));
    const start = Date.now();
    const report = validateFiles([file]);
    const ms = Date.now() - start;
    expect(report.results).toHaveLength(n);
    const expected = [...Array.from({ length: 10 }, (_, k) => 1000 * k + 999), n - 1]
      .filter((v, i, a) => a.indexOf(v) === i)
      .map((i) => `${file}:${i * 8 + 1} ConfigMap default/Bad_${i}`);
    expect(report.lines.filter((l) => l.includes(': error: ')).map((l) => l.slice(0, l.indexOf(': error: ')))).toEqual(expected);
    // Linear: today's machine does this in ~2 s (~10 s under heavy load); quadratic took minutes.
    expect(ms).toBeLessThan(40_000);
  }, 60_000);

  test('100,000 small documents finish and the last one has its exact line', () => {
    const text = Array.from({ length: 100_000 }, (_, i) => `a: ${i}`).join('\n---\n');
    const docs = parseManifestText(text, 'many');
    expect(docs).toHaveLength(100_000);
    expect(docs[99_999]).toEqual({ source: { file: 'many', document: 99_999, line: 199_999 }, value: { a: 99_999 } });
  }, 60_000);

  test('the limits can be lowered: documents per file', () => {
    const file = write('three.yaml', `${VALID}---\n${VALID}---\n${VALID}`);
    const report = validateFiles([file], { limits: { maxDocuments: 2 } });
    expect(report.inputErrors).toEqual([{ file, message: 'refused: more than 2 YAML documents (limit maxDocuments)' }]);
    expect(report.results).toEqual([]);
    expect(validateFiles([file], { limits: { maxFileBytes: 10 } }).inputErrors[0].message).toMatch(/^refused: \d+ bytes, larger than 10 bytes/);
  });
});
