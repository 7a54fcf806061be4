/**
 * The public API contract: every field of every exported props interface has a doc comment, and
 * optional ones say their default (`@default`); no exported declaration exposes `any`.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';

const root = path.join(__dirname, '..');
// The package's entry points: the cdk8s constructs and `knative-faas-cdk/openstack`.
const ENTRIES = [path.join(root, 'lib', 'index.ts'), path.join(root, 'lib', 'openstack', 'index.ts')];
const program = ts.createProgram(ENTRIES, {
  strict: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS, esModuleInterop: true, skipLibCheck: true,
});
const checker = program.getTypeChecker();
const exported = ENTRIES.flatMap((e) => checker.getExportsOfModule(checker.getSymbolAtLocation(program.getSourceFile(e)!)!));

function where(decl: ts.Declaration): string {
  const sf = decl.getSourceFile();
  const { line } = sf.getLineAndCharacterOfPosition(decl.getStart());
  return `${path.relative(root, sf.fileName)}:${line + 1}`;
}

function mentionsAny(node: ts.Node | undefined): boolean {
  if (!node) return false;
  let found = false;
  const visit = (n: ts.Node) => {
    if (n.kind === ts.SyntaxKind.AnyKeyword) found = true;
    else ts.forEachChild(n, visit);
  };
  visit(node);
  return found;
}

const undocumented: string[] = [];
const noDefault: string[] = [];
const anys: string[] = [];

/**
 * The declarations behind an export. lib/index.ts is lazy (scripts/entry.ts): a value is declared
 * there as `export declare const X: typeof _mod.X`, so follow the `typeof` to the real declaration.
 */
function declarationsOf(sym: ts.Symbol): ts.Declaration[] {
  const target = sym.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(sym) : sym;
  return (target.declarations ?? []).flatMap((decl) => {
    if (ts.isVariableDeclaration(decl) && decl.type && ts.isTypeQueryNode(decl.type) && decl.getSourceFile().fileName === path.join(root, 'lib', 'index.ts')) {
      const real = checker.getSymbolAtLocation(decl.type.exprName);
      if (real) return declarationsOf(real);
    }
    return [decl];
  });
}

for (const sym of exported) {
  for (const decl of declarationsOf(sym)) {
    if (!decl.getSourceFile().fileName.startsWith(path.join(root, 'lib'))) continue;
    if (ts.isInterfaceDeclaration(decl)) {
      for (const member of decl.members) {
        if (!ts.isPropertySignature(member) && !ts.isMethodSignature(member)) continue;
        const name = `${decl.name.text}.${member.name.getText()}`;
        const docs = ts.getJSDocCommentsAndTags(member);
        if (docs.length === 0) undocumented.push(`${name} (${where(member)})`);
        if (ts.isPropertySignature(member) && member.questionToken && decl.name.text.endsWith('Props')
          && !ts.getJSDocTags(member).some((t) => t.tagName.text === 'default')) {
          noDefault.push(`${name} (${where(member)})`);
        }
        if (mentionsAny(member.type) || (ts.isMethodSignature(member) && member.parameters.some((p) => mentionsAny(p.type)))) anys.push(`${name} (${where(member)})`);
      }
    } else if (ts.isClassDeclaration(decl)) {
      for (const member of decl.members) {
        const mods = ts.canHaveModifiers(member) ? ts.getModifiers(member) ?? [] : [];
        if (mods.some((m) => m.kind === ts.SyntaxKind.PrivateKeyword || m.kind === ts.SyntaxKind.ProtectedKeyword)) continue;
        const memberName = member.name?.getText() ?? 'constructor';
        if (memberName.startsWith('_') || memberName.startsWith('#')) continue;
        const types: (ts.Node | undefined)[] = [];
        if (ts.isPropertyDeclaration(member) || ts.isGetAccessor(member)) types.push(member.type);
        if (ts.isMethodDeclaration(member) || ts.isConstructorDeclaration(member)) {
          types.push(member.type);
          for (const p of member.parameters) {
            const pm = ts.getModifiers(p) ?? [];
            if (ts.isConstructorDeclaration(member) && pm.some((m) => m.kind === ts.SyntaxKind.PrivateKeyword)) continue;
            types.push(p.type);
          }
        }
        if (types.some(mentionsAny)) anys.push(`${decl.name?.text}.${memberName} (${where(member)})`);
      }
    } else if (ts.isFunctionDeclaration(decl)) {
      if (mentionsAny(decl.type) || decl.parameters.some((p) => mentionsAny(p.type))) anys.push(`${decl.name?.text} (${where(decl)})`);
    } else if (ts.isTypeAliasDeclaration(decl)) {
      if (mentionsAny(decl.type)) anys.push(`${decl.name.text} (${where(decl)})`);
    }
  }
}

test('the public API is exported', () => {
  expect(exported.length).toBeGreaterThan(100);
});

test('every field of an exported interface is documented', () => {
  expect(undocumented).toEqual([]);
});

test('every optional field of a props interface states its default', () => {
  expect(noDefault).toEqual([]);
});

test('no exported declaration exposes `any`', () => {
  expect(anys).toEqual([]);
});

test('every generated L1 module is exported as a namespace', () => {
  const index = fs.readFileSync(path.join(root, 'lib', 'index.ts'), 'utf8');
  const modules = fs.readdirSync(path.join(root, 'imports')).filter((f) => f.endsWith('.ts')).map((f) => f.replace(/\.ts$/, ''));
  expect(modules.filter((m) => !index.includes(`from '../imports/${m}'`))).toEqual([]);
});
