/**
 * The README's TypeScript snippets run against the library: the quick start's fuller example is
 * synthesized and its output validated, so the README cannot drift from the API. (The first
 * snippet, as a user's separate package, is compiled by test/package.test.ts.)
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as ts from 'typescript';
import { App } from 'cdk8s';
import { validateFiles } from '../lib/validation/files';

const readme = fs.readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8');
const snippets = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]);

test('the README has the quick-start snippets', () => {
  expect(snippets.length).toBeGreaterThanOrEqual(2);
  expect(snippets[0]).toContain("from 'knative-faas-cdk'");
});

test('the wiring snippet synthesizes output a cluster accepts', () => {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'readme-'));
  const source = [
    "const { App, Chart } = require('cdk8s');",
    "const { Broker, Filter, KnativeService, PingData, PingSource, Visibility } = require(libPath);",
    'const app = new App({ outdir });',
    "const chart = new Chart(app, 'readme', { namespace: 'default' });",
    snippets[1],
    'return app;',
  ].join('\n');
  const js = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } }).outputText;
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  const app = new Function('require', 'libPath', 'outdir', js)(require, path.join(__dirname, '..', 'lib'), outdir) as App;
  app.synth();
  const report = validateFiles([outdir], { strict: true });
  expect(report.lines.filter((l) => / error: /.test(l))).toEqual([]);
  expect(report.results.map((r) => r.object.kind).sort()).toEqual(['Broker', 'PingSource', 'Service', 'Trigger']);
});
