/**
 * Builds the CLI for subprocess tests quickly: transpiles (no type check) bin/knative-faas-cdk.ts
 * and the files it reaches through relative imports into a temporary folder laid out like build/,
 * in about a second instead of a whole `tsc` run.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as ts from 'typescript';

const ROOT = path.resolve(__dirname, '..', '..', '..');

/** Returns the path of the transpiled bin/knative-faas-cdk.js and the folder to remove afterwards. */
export function transpileCli(): { cli: string; dir: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kfc-cli-build-'));
  const done = new Set<string>();
  const visit = (source: string) => {
    if (done.has(source)) return;
    done.add(source);
    const text = fs.readFileSync(source, 'utf8');
    const out = ts.transpileModule(text, {
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
      fileName: source,
    }).outputText;
    const target = path.join(dir, path.relative(ROOT, source)).replace(/\.ts$/, '.js');
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, out);
    for (const m of out.matchAll(/require\("(\.{1,2}\/[^"]+)"\)/g)) {
      const base = path.resolve(path.dirname(source), m[1]);
      const next = [`${base}.ts`, path.join(base, 'index.ts')].find((f) => fs.existsSync(f));
      if (next) visit(next);
    }
  };
  visit(path.join(ROOT, 'bin', 'knative-faas-cdk.ts'));
  fs.mkdirSync(path.join(dir, 'imports'), { recursive: true });
  fs.symlinkSync(path.join(ROOT, 'imports', 'schemas'), path.join(dir, 'imports', 'schemas'));
  fs.copyFileSync(path.join(ROOT, 'package.json'), path.join(dir, 'package.json'));
  return { cli: path.join(dir, 'bin', 'knative-faas-cdk.js'), dir };
}
