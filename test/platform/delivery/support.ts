/** Reading what a PlatformApp wrote, for the delivery tests and the fuzz target. */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { PlatformApp, PlatformAppProps } from '../../../lib/platform/delivery';

export const SHELLCHECK = '/usr/bin/shellcheck';
export const REPO = { url: 'https://git.example.org/platform/cluster.git', revision: 'main', path: 'dist' };
export const SCRATCH = fs.existsSync('/dev/shm') ? '/dev/shm' : os.tmpdir();

/** A PlatformApp writing every delivery into a fresh folder. */
export function newApp(props: Partial<PlatformAppProps> = {}): PlatformApp {
  const outdir = fs.mkdtempSync(path.join(SCRATCH, 'delivery-'));
  return new PlatformApp({ outdir, repository: REPO, deliveries: { plain: {}, argoCd: {}, flux: {} }, ...props });
}

/** Every file below `dir`, relative path → content, sorted. */
export function readTree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string): void => {
    for (const name of fs.readdirSync(d).sort()) {
      const full = path.join(d, name);
      if (fs.statSync(full).isDirectory()) walk(full);
      else out[path.relative(dir, full)] = fs.readFileSync(full, 'utf8');
    }
  };
  if (fs.existsSync(dir)) walk(dir);
  return out;
}

/** A manifest, loosely typed for assertions. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Doc = any;

/** The YAML documents of one file. */
export function docs(text: string): Doc[] {
  return parseAllDocuments(text).map((d) => d.toJS()).filter((d) => d !== null && d !== undefined);
}

/** The documents of every manifest file of a tree (not install.sh, not Helm values). */
export function manifests(tree: Record<string, string>, prefix = ''): Doc[] {
  return Object.entries(tree).filter(([f]) => f.startsWith(prefix) && /\.ya?ml$/.test(f) && !f.endsWith('.values.yaml')).flatMap(([, t]) => docs(t));
}

/** Runs shellcheck on a script; undefined when shellcheck is not installed. */
export function shellcheck(file: string): string | undefined {
  if (!fs.existsSync(SHELLCHECK)) return undefined;
  try {
    execFileSync(SHELLCHECK, ['--shell=bash', '--severity=style', file], { encoding: 'utf8' });
    return '';
  } catch (err) {
    return String((err as { stdout?: string }).stdout ?? err);
  }
}
