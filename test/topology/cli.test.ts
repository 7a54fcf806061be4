/**
 * `knative-faas-cdk topology`: output formats, --output, exit codes, and the validator's file
 * reader (same files, same limits) underneath.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runCli } from '../../lib/validation/cli';

const ROOT = path.resolve(__dirname, '..', '..');

function cli(argv: string[]): { code: number; out: string; err: string } {
  const out: string[] = [];
  const err: string[] = [];
  const code = runCli(argv, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const TRIGGER = `apiVersion: eventing.knative.dev/v1
kind: Broker
metadata: { name: default, namespace: team-a }
---
apiVersion: eventing.knative.dev/v1
kind: Trigger
metadata: { name: on-upload, namespace: team-a }
spec:
  broker: default
  filters: [{ exact: { type: file.uploaded } }]
  subscriber: { ref: { apiVersion: serving.knative.dev/v1, kind: Service, name: checksum } }
`;
const SERVICE = '{"apiVersion":"serving.knative.dev/v1","kind":"Service","metadata":{"name":"checksum","namespace":"team-a"},"spec":{}}';

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'topo-cli-'));
  fs.mkdirSync(path.join(dir, 'm', 'nested'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'm', 'wiring.yaml'), TRIGGER);
  fs.writeFileSync(path.join(dir, 'm', 'nested', 'svc.json'), SERVICE);
  fs.writeFileSync(path.join(dir, 'm', 'notes.txt'), 'not a manifest');
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

test('draws a folder (recursively, *.yaml and *.json) as Mermaid on stdout, the summary on stderr', () => {
  const r = cli(['topology', path.join(dir, 'm')]);
  expect(r.code).toBe(0);
  expect(r.out.split('\n')[0]).toBe('flowchart LR');
  expect(r.out).toContain('{{"Trigger<br/>on-upload<br/>type=file.uploaded"}}');
  expect(r.out).toMatch(/n_Trigger_team_a_on_upload_\w+ -->\|"subscriber"\| n_Service_team_a_checksum_\w+/);
  expect(r.err).toBe('3 nodes, 2 edges, 1 tenants from 3 objects in 2 files: 0 dangling, 0 cross-tenant');
});

test('--format json and markdown; --output infers the format from the extension', () => {
  const json = JSON.parse(cli(['topology', path.join(dir, 'm'), '--format', 'json']).out);
  expect(json).toMatchObject({ version: 1, summary: { nodes: 3, edges: 2, dangling: 0 } });
  expect(cli(['topology', path.join(dir, 'm'), '--format=markdown']).out).toMatch(/^# Event topology\n\n[^\n]+\n\n```mermaid\nflowchart LR\n[\s\S]*```$/);
  const file = path.join(dir, 'out.json');
  const r = cli(['topology', path.join(dir, 'm'), '--output', file, '--tenant-label', 'team']);
  expect(r.code).toBe(0);
  expect(r.out).toBe(`3 nodes, 2 edges, 1 tenants from 3 objects in 2 files: 0 dangling, 0 cross-tenant; written to ${file}`);
  expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toMatchObject({ tenantLabel: 'team', summary: { edges: 2 } });
  expect(cli(['topology', path.join(dir, 'm'), '-o', path.join(dir, 'out.mmd'), '--direction', 'TD']).code).toBe(0);
  expect(fs.readFileSync(path.join(dir, 'out.mmd'), 'utf8').startsWith('flowchart TD\n')).toBe(true);
});

test('dangling and cross-tenant edges: exit 0, or 1 with --fail-on-dangling / --fail-on-cross-tenant, naming them', () => {
  const only = path.join(dir, 'm', 'wiring.yaml'); // without the Service
  expect(cli(['topology', only]).code).toBe(0);
  const r = cli(['topology', only, '--fail-on-dangling']);
  expect(r.code).toBe(1);
  expect(r.err).toContain('dangling: eventing.knative.dev/Trigger/team-a/on-upload -> serving.knative.dev/Service/team-a/checksum (subscriber)');
  const cross = path.join(dir, 'cross.yaml');
  fs.writeFileSync(cross, TRIGGER.replace('name: checksum }', 'name: checksum, namespace: team-b }'));
  const c = cli(['topology', cross, '--fail-on-cross-tenant']);
  expect(c.code).toBe(1);
  expect(c.err).toContain('cross-tenant: eventing.knative.dev/Trigger/team-a/on-upload -> serving.knative.dev/Service/team-b/checksum (subscriber)');
  expect(cli(['topology', path.join(dir, 'm'), '--fail-on-dangling', '--fail-on-cross-tenant']).code).toBe(0);
});

test('exit 2 for bad arguments, and for unreadable, refused or unparsable inputs (the rest is still drawn)', () => {
  for (const args of [[], ['--format', 'svg', 'x'], ['--direction', 'RL', 'x'], ['--bogus', 'x'], ['--output']]) {
    const r = cli(['topology', ...args]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('Usage: knative-faas-cdk topology');
  }
  const broken = path.join(dir, 'broken.yaml');
  fs.writeFileSync(broken, 'kind: [unclosed\n');
  const r = cli(['topology', path.join(dir, 'm'), broken, path.join(dir, 'missing.yaml')]);
  expect(r.code).toBe(2);
  expect(r.out).toContain('Trigger<br/>on-upload');
  expect(r.err).toContain(`${path.join(dir, 'missing.yaml')}: error: `);
  expect(r.err).toContain(`${broken}:1: error: YAML`);
  expect(r.err).toContain('2 inputs could not be read, were refused or did not parse');
  // The validator's limits: a device is refused without being read.
  const dev = path.join(dir, 'zero.yaml');
  fs.symlinkSync('/dev/zero', dev);
  const z = cli(['topology', dev]);
  expect(z.code).toBe(2);
  expect(z.err).toContain('refused: not a regular file or pipe (a character device)');
});

test('--tenant draws one tenant, its edges and their other ends; an unknown tenant is exit 2', () => {
  const cross = path.join(dir, 'tenants.yaml');
  fs.writeFileSync(cross, [TRIGGER.replace('name: checksum }', 'name: checksum, namespace: team-b }'), SERVICE.replace('team-a', 'team-b'), SERVICE.replace('checksum', 'other').replace('team-a', 'team-c')].join('\n---\n'));
  const json = JSON.parse(cli(['topology', cross, '--format', 'json']).out);
  expect(json.tenants.map((t: { name: string }) => t.name)).toEqual(['team-a', 'team-b', 'team-c']);
  const a = JSON.parse(cli(['topology', cross, '--format', 'json', '--tenant', 'team-a']).out);
  expect(a.tenants.map((t: { name: string }) => t.name)).toEqual(['team-a', 'team-b']);
  expect(a.summary).toMatchObject({ nodes: 3, edges: 2, crossTenant: 1 });
  const b = JSON.parse(cli(['topology', cross, '--format', 'json', '--tenant', 'team-c', '--tenant=team-b']).out);
  expect(b.nodes.map((n: { name: string }) => n.name).sort()).toEqual(['checksum', 'on-upload', 'other']);
  const r = cli(['topology', cross, '--tenant', 'nobody']);
  expect(r.code).toBe(2);
  expect(r.err).toContain('--tenant: no tenant named nobody in the inputs (have: team-a, team-b, team-c)');
});

test('--help, and the top-level usage lists the command', () => {
  const h = cli(['topology', '--help']);
  expect(h.code).toBe(0);
  expect(h.out).toContain('--fail-on-dangling');
  expect(cli(['--help']).out).toContain('knative-faas-cdk topology <file, folder or ->');
});

test('the bin runs it as a child process, reading standard input', () => {
  const r = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', path.join(ROOT, 'bin', 'knative-faas-cdk.ts'), 'topology', '-', '--format', 'json'], {
    cwd: ROOT, input: TRIGGER, encoding: 'utf8', timeout: 120_000,
  });
  expect(r.status).toBe(0);
  expect(JSON.parse(r.stdout).summary).toMatchObject({ nodes: 3, dangling: 1 });
});
