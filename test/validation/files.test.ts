/**
 * validateFiles and validateFilesSummary validate each document as it is read. What they give
 * must not depend on that: CRDs and Knative's settings that come after the objects they describe
 * still apply to them, a file the fast reader gives up on part-way is not counted twice, and the
 * summaries the `validate` command keeps say what validateFiles says.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { validateFiles, validateFilesSummary } from '../../lib/validation/files';

let dir: string;
beforeAll(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kfc-files-')); });
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function write(name: string, text: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}

const SECURE = `          securityContext:
            allowPrivilegeEscalation: false
            capabilities:
              drop:
                - ALL
            runAsNonRoot: true
            seccompProfile:
              type: RuntimeDefault`;

const service = (name: string, initialScale: string) => `apiVersion: serving.knative.dev/v1
kind: Service
metadata:
  name: ${name}
  namespace: default
spec:
  template:
    metadata:
      annotations:
        autoscaling.knative.dev/initial-scale: "${initialScale}"
    spec:
      containers:
        - image: ghcr.io/knative/helloworld-go:latest
${SECURE}
`;

const ALLOW_ZERO = `apiVersion: v1
kind: ConfigMap
metadata:
  name: config-autoscaler
  namespace: knative-serving
data:
  allow-zero-initial-scale: "true"
`;

test('a Knative ConfigMap after the Services it configures applies to them', () => {
  const zero = service('zero', '0');
  const alone = validateFiles([write('alone.yaml', zero)]);
  expect(alone.results[0].findings.map((f) => f.rule)).toEqual(['A6']);
  const after = validateFiles([write('after.yaml', `${zero}---\n${ALLOW_ZERO}`)]);
  expect(after.errors).toBe(0);
  expect(after.results.map((r) => r.label)).toEqual(['Service default/zero', 'ConfigMap knative-serving/config-autoscaler']);
  expect(after.lines).toContain('settings: ConfigMap knative-serving/config-autoscaler read as the cluster\'s settings');
  expect(validateFilesSummary([write('after-summary.yaml', `${zero}---\n${ALLOW_ZERO}`)]).errors).toBe(0);
});

test('a file the fast reader gives up on part-way is read once, by yaml', () => {
  // The third document is a YAML error: the block reader hands it to js-yaml, which refuses it,
  // after the first two were read; yaml then reads the whole file.
  const text = `${service('one', '1')}---\n${service('two', '1')}---\na: b: c\n`;
  const file = write('part-way.yaml', text);
  for (const report of [validateFiles([file]), validateFilesSummary([file])]) {
    expect(report.results.map((r) => r.label)).toEqual(['Service default/one', 'Service default/two']);
    expect(report.parseErrors).toHaveLength(1);
    expect(report.parseErrors[0].line).toBe(text.split('\n').indexOf('a: b: c') + 1);
    expect(report.errors).toBe(1);
    expect(report.lines[report.lines.length - 1]).toBe('2 objects in 1 files: 1 errors, 0 warnings, 0 unchecked');
  }
});

test('a file refused part-way (a document deeper than the limit) gives none of its objects', () => {
  let deep = 'x';
  for (let i = 0; i < 30; i++) deep = `a:\n${deep.split('\n').map((l) => `  ${l}`).join('\n')}`;
  const refused = write('deep.yaml', `${service('first', '1')}---\n${deep}\n`);
  const fine = write('fine.yaml', service('other', '1'));
  const report = validateFiles([refused, fine], { limits: { maxDepth: 20 } });
  expect(report.results.map((r) => r.label)).toEqual(['Service default/other']);
  expect(report.inputErrors.map((e) => e.file)).toEqual([refused]);
  expect(report.lines[0]).toMatch(/^.*deep\.yaml: error: refused: .*maxDepth/);
});

test('the summaries say what validateFiles says of each object', () => {
  const text = [
    service('ok', '1'),
    service('Bad_Name', 'x'),
    'apiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: ConfigMap\n    metadata:\n      generateName: cm-\n      namespace: team\n',
    'apiVersion: example.com/v1\nkind: Unknown\nmetadata:\n  name: u\n',
    '42\n',
  ].join('---\n');
  const file = write('mixed.yaml', text);
  const full = validateFiles([file]);
  const summary = validateFilesSummary([file]);
  expect(summary.lines).toEqual(full.lines);
  expect(summary.results.map((r) => [r.source, r.label, r.coverage, r.findings, r.apiVersion, r.kind, r.namespace, r.name])).toEqual(
    full.results.map((r) => [r.source, r.label, r.coverage, r.findings, r.object.apiVersion, r.object.kind, r.object.metadata?.namespace, r.object.metadata?.name ?? r.object.metadata?.generateName]),
  );
  expect(summary.results.map((r) => r.name)).toEqual(['ok', 'Bad_Name', 'cm-', 'u', undefined]);
  expect(summary.results.some((r) => 'object' in r)).toBe(false);
});
