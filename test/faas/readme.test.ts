/** The README's "Functions and tenants" snippet runs against the library and synthesizes valid output. */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as ts from 'typescript';
import { App } from 'cdk8s';
import { validateFiles } from '../../lib/validation/files';

test('the Functions and tenants snippet synthesizes output a cluster accepts', () => {
  const readme = fs.readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Functions and tenants'));
  const snippet = /```ts\n([\s\S]*?)```/.exec(section)![1];
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'readme-faas-'));
  const source = [
    "const { App, Duration } = require('cdk8s');",
    'const { Tenant, FunctionTrigger, ScalingProfile } = require(libPath);',
    'const app = new App({ outdir });',
    snippet,
    'return app;',
  ].join('\n');
  const js = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } }).outputText;
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  const app = new globalThis.Function('require', 'libPath', 'outdir', js)(require, path.join(__dirname, '..', '..', 'lib'), outdir) as App;
  app.synth();
  const report = validateFiles([outdir], { strict: true });
  expect(report.lines.filter((l) => / error: /.test(l))).toEqual([]);
  expect(report.results.map((r) => r.object.kind)).toEqual(expect.arrayContaining(['Service', 'Trigger', 'PingSource', 'DomainMapping', 'ClusterDomainClaim', 'NetworkPolicy']));
});
