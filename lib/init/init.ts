/**
 * `knative-faas-cdk init DIR`: creates a platform repository a team can push as it is, from the
 * files in templates/init/ (shipped with the package):
 *
 * - `templates/init/repo/`: copied as they are, `dot-` at the start of a path segment becoming
 *   `.` (npm would drop a `.gitignore` from the package), `{{name}}`-style placeholders filled in;
 * - `templates/init/main/<template>.ts`: the `main.ts`, chosen with `--template`;
 * - `package.json`: written here, with this library's own version and its peer and tool
 *   dependencies pinned to the exact versions of the library's package.json.
 *
 * The target folder must be empty or absent; nothing is overwritten.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { CliIo } from '../validation/cli';

const EXIT_OK = 0;
const EXIT_USAGE = 2;

/**
 * The templates `--template` chooses from, and the default. `faas` is the whole platform in one
 * program (PlatformApp, IstioInstall, KnativeInstall, a Tenant and its Function); `basic` is an
 * app for a cluster that already runs Knative (KnativeService, Broker, Trigger, PingSource).
 */
export const TEMPLATES = ['basic', 'faas'] as const;
/** The template used without `--template`. */
export const DEFAULT_TEMPLATE: (typeof TEMPLATES)[number] = 'faas';

/** Peer dependencies a generated repository needs (the optional cdktf ones are for the OpenStack entry point only). */
const RUNTIME_DEPENDENCIES = ['cdk8s', 'cdk8s-plus-27', 'constructs'];
/** The tools its scripts run. */
const DEV_DEPENDENCIES = ['@types/node', 'cdk8s-cli', 'ts-node', 'typescript'];

export const INIT_USAGE = [
  'Usage: knative-faas-cdk init <folder> [--name NAME] [--template basic|faas]',
  '',
  'Creates a platform repository in <folder> (which must be empty or absent): package.json with pinned',
  'versions, tsconfig.json, cdk8s.yaml with the validation plugin, main.ts with a tenant and a function,',
  'CI for GitLab (.gitlab-ci.yml) and GitHub (.github/workflows/ci.yml) that runs synth and validate and',
  'fails the merge request on errors, README.md and .gitignore. Then: cd <folder> && npm install && npm test.',
  '',
  'Options:',
  '  --name NAME        the package name (default: the folder name, made a valid npm name)',
  `  --template NAME    the main.ts to start from: ${TEMPLATES.join(', ')} (default: ${DEFAULT_TEMPLATE})`,
  '  -h, --help         show this help',
];

interface PackageJson {
  readonly name?: string;
  readonly version?: string;
  readonly engines?: Record<string, string>;
  readonly dependencies?: Record<string, string>;
  readonly devDependencies?: Record<string, string>;
  readonly peerDependencies?: Record<string, string>;
}

/** The library's root folder (lib/init in the source tree, build/lib/init in the package). */
function libraryRoot(): { root: string; pkg: PackageJson } {
  for (const up of ['../..', '../../..']) {
    const root = path.resolve(__dirname, up);
    try {
      const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as PackageJson;
      if (pkg.name === 'knative-faas-cdk' && fs.existsSync(path.join(root, 'templates', 'init'))) return { root, pkg };
    } catch {
      // not there: try the next candidate
    }
  }
  throw new Error('cannot find the templates of knative-faas-cdk (templates/init) next to its package.json');
}

/** An exact version for `name`: the library's own pin (devDependencies), else its peer range without the operator. */
function pinned(pkg: PackageJson, name: string): string {
  const exact = pkg.devDependencies?.[name] ?? pkg.dependencies?.[name];
  if (exact && /^\d+\.\d+\.\d+/.test(exact)) return exact;
  const peer = pkg.peerDependencies?.[name];
  const m = peer ? /(\d+\.\d+\.\d+[^\s|]*)/.exec(peer) : null;
  if (!m) throw new Error(`knative-faas-cdk's package.json pins no version of ${name}`);
  return m[1];
}

/** An npm package name from a folder name: lower case, letters, digits, `-`, `.`, `_`. */
export function packageName(folder: string): string {
  const name = path.basename(path.resolve(folder)).toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^[._-]+|-+$/g, '').slice(0, 214);
  return name || 'platform';
}

/** Options of `initRepository`. */
export interface InitOptions {
  /** The package name (default: from the folder name). */
  readonly name?: string;
  /** The main.ts template (default: DEFAULT_TEMPLATE). */
  readonly template?: string;
}

/** The files of the repository to create: relative path → content (sorted). */
export function repositoryFiles(options: InitOptions & { readonly name: string }): Record<string, string> {
  const { root, pkg } = libraryRoot();
  const template = options.template ?? DEFAULT_TEMPLATE;
  if (!(TEMPLATES as readonly string[]).includes(template)) throw new Error(`unknown template '${template}' (have: ${TEMPLATES.join(', ')})`);
  const libraryVersion = pkg.version ?? '0.0.0';
  const nodeMajor = /(\d+)/.exec(pkg.engines?.node ?? '20')?.[1] ?? '20';
  const values: Record<string, string> = { name: options.name, libraryVersion, nodeMajor, template };
  const fill = (text: string, file: string) => text.replace(/\{\{([A-Za-z]+)\}\}/g, (_, key: string) => {
    if (!(key in values)) throw new Error(`templates/init/${file}: unknown placeholder {{${key}}}`);
    return values[key];
  });
  const files: Record<string, string> = {};
  const repo = path.join(root, 'templates', 'init', 'repo');
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else {
        const rel = path.relative(repo, full).split(path.sep).map((s) => s.replace(/^dot-/, '.')).join('/');
        files[rel] = fill(fs.readFileSync(full, 'utf8'), path.relative(path.join(root, 'templates', 'init'), full));
      }
    }
  };
  walk(repo);
  files['main.ts'] = fill(fs.readFileSync(path.join(root, 'templates', 'init', 'main', `${template}.ts`), 'utf8'), `main/${template}.ts`);
  const manifest = {
    name: options.name,
    version: '0.1.0',
    private: true,
    description: 'The platform repository of a shared Knative cluster (knative-faas-cdk)',
    scripts: {
      synth: 'cdk8s synth',
      validate: 'knative-faas-cdk validate dist/ --strict',
      topology: 'knative-faas-cdk topology dist/',
      typecheck: 'tsc -p tsconfig.json',
      test: 'sh ci/check.sh',
    },
    engines: { node: pkg.engines?.node ?? '>=20' },
    dependencies: Object.fromEntries([['knative-faas-cdk', libraryVersion], ...RUNTIME_DEPENDENCIES.map((d) => [d, pinned(pkg, d)])].sort(([a], [b]) => (a < b ? -1 : 1))),
    devDependencies: Object.fromEntries(DEV_DEPENDENCIES.map((d) => [d, pinned(pkg, d)])),
  };
  files['package.json'] = JSON.stringify(manifest, null, 2) + '\n';
  return Object.fromEntries(Object.entries(files).sort(([a], [b]) => (a < b ? -1 : 1)));
}

/** Creates the repository in `dir` (empty or absent); returns the files written, relative to it. */
export function initRepository(dir: string, options: InitOptions = {}): string[] {
  if (fs.existsSync(dir)) {
    if (!fs.statSync(dir).isDirectory()) throw new Error(`${dir} exists and is not a folder`);
    if (fs.readdirSync(dir).length > 0) throw new Error(`${dir} is not empty; init writes only into an empty or new folder`);
  }
  const name = options.name ?? packageName(dir);
  if (!/^(@[a-z0-9-~][a-z0-9-._~]*\/)?[a-z0-9-~][a-z0-9-._~]*$/.test(name) || name.length > 214) {
    throw new Error(`--name '${name}' is not a valid npm package name (lower case letters, digits, - . _ ~, optionally @scope/)`);
  }
  const files = repositoryFiles({ ...options, name });
  for (const [rel, text] of Object.entries(files)) {
    const target = path.join(dir, ...rel.split('/'));
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, text, { mode: rel.endsWith('.sh') ? 0o755 : 0o644 });
  }
  return Object.keys(files);
}

/** Runs `knative-faas-cdk init` on its arguments (after the command name); returns the exit code. */
export function runInitCli(argv: readonly string[], io: CliIo): number {
  if (argv.includes('-h') || argv.includes('--help')) {
    for (const line of INIT_USAGE) io.out(line);
    return EXIT_OK;
  }
  const folders: string[] = [];
  let name: string | undefined;
  let template: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const eq = arg.indexOf('=');
    const [opt, inline] = arg.startsWith('--') && eq >= 0 ? [arg.slice(0, eq), arg.slice(eq + 1)] : [arg, undefined];
    const value = () => inline ?? argv[++i];
    if (opt === '--name') name = value();
    else if (opt === '--template') template = value();
    else if (arg.startsWith('-')) {
      io.err(`knative-faas-cdk init: unknown option ${arg}`);
      io.err(INIT_USAGE[0]);
      return EXIT_USAGE;
    } else folders.push(arg);
  }
  if (folders.length !== 1 || name === '' || template === '' || (name === undefined && argv.includes('--name')) || (template === undefined && argv.includes('--template'))) {
    io.err(folders.length !== 1 ? `knative-faas-cdk init: expected one folder, got ${folders.length}` : 'knative-faas-cdk init: --name and --template need a value');
    io.err(INIT_USAGE[0]);
    return EXIT_USAGE;
  }
  try {
    const written = initRepository(folders[0], { name, template });
    for (const f of written) io.out(`created ${path.join(folders[0], f)}`);
    io.out('');
    io.out(`Next: cd ${folders[0]} && npm install && npm test   (then git init, commit and push)`);
    return EXIT_OK;
  } catch (e) {
    io.err(`knative-faas-cdk init: ${(e as Error).message}`);
    return EXIT_USAGE;
  }
}
