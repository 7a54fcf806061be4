/**
 * Update-time checks: the engine's `previous` lookup, validateFiles' `previous` paths, the CLI's
 * `--previous` and the plugin's `previous` property. The rules themselves are tested in
 * test/validation/rules/{eventing,serving}/update.test.ts.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runCli, EXIT_INVALID, EXIT_OK, EXIT_USAGE } from '../../lib/validation/cli';
import { previousLookup, validateObject } from '../../lib/validation/engine';
import { Manifest } from '../../lib/validation/types';
import { validateFiles } from '../../lib/validation/files';
import { KnativeValidation, PluginViolation } from '../../lib/validation/plugin';

const broker = (cls: string, ns = 'team-a') => ({
  apiVersion: 'eventing.knative.dev/v1',
  kind: 'Broker',
  metadata: { name: 'default', ...(ns ? { namespace: ns } : {}), annotations: { 'eventing.knative.dev/broker.class': cls } },
  spec: { config: { apiVersion: 'v1', kind: 'ConfigMap', name: 'broker-config', namespace: 'team-a' } },
});

const brokerYaml = (cls: string) => `apiVersion: eventing.knative.dev/v1
kind: Broker
metadata:
  name: default
  namespace: team-a
  annotations:
    eventing.knative.dev/broker.class: ${cls}
spec:
  config: { apiVersion: v1, kind: ConfigMap, name: broker-config, namespace: team-a }
`;

const rulesOf = (obj: unknown, previous?: unknown[]) =>
  validateObject(obj, previous ? { previous: previousLookup(previous) } : {}).findings.map((f) => f.rule);

describe('engine', () => {
  test('without previous, nothing changes: update-only rules do not run', () => {
    const obj = broker('Kafka');
    const plain = validateObject(obj);
    expect(plain.findings.map((f) => f.rule)).not.toContain('B5');
    expect(validateObject(obj, { previous: () => undefined })).toEqual(plain);
    expect(validateObject(obj, {})).toEqual(plain);
  });

  test('with a previous version, validateUpdate runs after validate on defaulted copies', () => {
    expect(rulesOf(broker('Kafka'), [broker('MTChannelBasedBroker')])).toContain('B5');
    expect(rulesOf(broker('Kafka'), [broker('Kafka')])).not.toContain('B5');
  });

  test('the previous object is not modified by defaulting', () => {
    const prev = broker('MTChannelBasedBroker');
    const before = JSON.stringify(prev);
    validateObject(broker('Kafka'), { previous: previousLookup([prev]) });
    expect(JSON.stringify(prev)).toBe(before);
  });

  test('a lookup result that is not an object is ignored', () => {
    const obj = broker('Kafka');
    for (const bad of [null, 'x', 42, [broker('X')]]) {
      expect(validateObject(obj, { previous: () => bad })).toEqual(validateObject(obj));
    }
  });

  test('the lookup is not called for kinds without update-only rules', () => {
    const lookup = jest.fn(() => undefined);
    validateObject({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'a' } }, { previous: lookup });
    expect(lookup).not.toHaveBeenCalled();
    validateObject(broker('Kafka'), { previous: lookup });
    expect(lookup).toHaveBeenCalledTimes(1);
  });
});

describe('previousLookup', () => {
  const find = (objects: unknown[], obj: unknown) => previousLookup(objects)(obj as Manifest);

  test('matches by API group, kind, namespace and name; the version may differ', () => {
    const old = { ...broker('X'), apiVersion: 'eventing.knative.dev/v1beta1' };
    expect(find([old], broker('Y'))).toBe(old);
    expect(find([old], { ...broker('Y'), kind: 'Trigger' })).toBeUndefined();
    expect(find([old], { ...broker('Y'), apiVersion: 'messaging.knative.dev/v1' })).toBeUndefined();
    expect(find([old], broker('Y', 'team-b'))).toBeUndefined();
    expect(find([old], { ...broker('Y'), metadata: { name: 'other', namespace: 'team-a' } })).toBeUndefined();
  });

  test('an object without a namespace matches only a previous one without one', () => {
    const noNs = broker('X', '');
    expect(find([noNs], broker('Y', ''))).toBe(noNs);
    expect(find([noNs], broker('Y', 'team-a'))).toBeUndefined();
    expect(find([broker('X', 'team-a')], broker('Y', ''))).toBeUndefined();
  });

  test('objects without a name never match; the first duplicate wins; junk is skipped', () => {
    const gen = { apiVersion: 'eventing.knative.dev/v1', kind: 'Broker', metadata: { generateName: 'b-', namespace: 'team-a' } };
    expect(find([gen], gen)).toBeUndefined();
    const first = broker('first');
    expect(find([null, 'junk', [], first, broker('second')], broker('Y'))).toBe(first);
  });
});

let dir: string;
beforeEach(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kfc-update-')); });
afterEach(() => { fs.rmSync(dir, { recursive: true, force: true }); });

/** old/ and new/ folders with one Broker each, of the given classes. */
function folders(oldClass: string, newClass: string): { oldDir: string; newDir: string } {
  const oldDir = path.join(dir, 'old');
  const newDir = path.join(dir, 'new');
  fs.mkdirSync(oldDir);
  fs.mkdirSync(newDir);
  fs.writeFileSync(path.join(oldDir, 'broker.yaml'), brokerYaml(oldClass));
  fs.writeFileSync(path.join(newDir, 'broker.yaml'), brokerYaml(newClass));
  return { oldDir, newDir };
}

function cli(args: string[]): { code: number; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  const code = runCli(args, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out, err };
}

describe('validateFiles with previous', () => {
  test('a Broker whose class changed is an error (B5); the summary says what was compared', () => {
    const { oldDir, newDir } = folders('MTChannelBasedBroker', 'Kafka');
    const report = validateFiles([newDir], { previous: [oldDir] });
    expect(report.errors).toBe(1);
    expect(report.results[0].findings).toEqual([expect.objectContaining({ rule: 'B5', field: 'annotations' })]);
    expect(report.lines).toContain('previous: 1 objects in 1 files compared for update-only rules');
    // Without previous the same files are fine.
    expect(validateFiles([newDir]).errors).toBe(0);
  });

  test('previous objects are not validated themselves', () => {
    const { oldDir, newDir } = folders('MTChannelBasedBroker', 'MTChannelBasedBroker');
    fs.writeFileSync(path.join(oldDir, 'bad.yaml'), 'apiVersion: serving.knative.dev/v1\nkind: Service\nmetadata: {name: Bad_Name}\n');
    const report = validateFiles([newDir], { previous: [oldDir] });
    expect(report.errors).toBe(0);
    expect(report.results).toHaveLength(1);
  });

  test('a missing or unparseable previous path is an error, not a silent create', () => {
    const { newDir } = folders('A', 'A');
    expect(() => validateFiles([newDir], { previous: [path.join(dir, 'nope')] })).toThrow(/^--previous .*nope: no such file or directory$/);
    fs.writeFileSync(path.join(dir, 'broken.yaml'), 'kind: [unclosed\n');
    expect(() => validateFiles([newDir], { previous: [path.join(dir, 'broken.yaml')] })).toThrow(/^--previous .*broken\.yaml:1: YAML: /);
  });
});

describe('CLI --previous', () => {
  test('class changed between old/ and new/: exit 1 with B5', () => {
    const { oldDir, newDir } = folders('MTChannelBasedBroker', 'Kafka');
    const { code, out } = cli(['validate', newDir, '--previous', oldDir]);
    expect(code).toBe(EXIT_INVALID);
    expect(out.join('\n')).toMatch(/Broker team-a\/default: error: annotations: Immutable annotations changed \(-old \+new\) \(eventing\.knative\.dev\/broker\.class: -"MTChannelBasedBroker" \+"Kafka"\).*\[B5\]/);
  });

  test('unchanged: exit 0', () => {
    const { oldDir, newDir } = folders('MTChannelBasedBroker', 'MTChannelBasedBroker');
    expect(cli(['validate', newDir, '--previous', oldDir]).code).toBe(EXIT_OK);
    expect(cli(['validate', newDir, `--previous=${oldDir}`, '--format', 'json']).code).toBe(EXIT_OK);
  });

  test('repeatable: every --previous path is indexed', () => {
    const { oldDir, newDir } = folders('MTChannelBasedBroker', 'Kafka');
    const other = path.join(dir, 'other.yaml');
    fs.writeFileSync(other, 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, namespace: team-a}\n');
    const { code, out } = cli(['validate', newDir, '--previous', other, '--previous', oldDir]);
    expect(code).toBe(EXIT_INVALID);
    expect(out).toContain('previous: 2 objects in 2 files compared for update-only rules');
  });

  test('bad --previous: exit 2; the usage text documents the option', () => {
    const { newDir } = folders('A', 'A');
    const missing = cli(['validate', newDir, '--previous', path.join(dir, 'nope')]);
    expect(missing.code).toBe(EXIT_USAGE);
    expect(missing.err[0]).toMatch(/--previous .*nope: no such file or directory/);
    expect(cli(['validate', newDir, '--previous']).code).toBe(EXIT_USAGE);
    const help = cli(['validate', '--help']).out.join('\n');
    expect(help).toContain('[--previous <file or folder>]...');
    expect(help).toMatch(/--previous PATH +the previously deployed manifests/);
  });
});

describe('plugin previous property', () => {
  async function run(plugin: KnativeValidation, manifests: string[]) {
    const violations: PluginViolation[] = [];
    let status = '';
    await plugin.validate({
      manifests,
      report: { addViolation: (v) => { violations.push(v); }, submit: (s) => { status = s; } },
      logger: { log: () => undefined },
    });
    return { violations, status };
  }

  test('fails the synth when a manifest changes an immutable field of the previous version', async () => {
    const { oldDir, newDir } = folders('MTChannelBasedBroker', 'Kafka');
    const file = path.join(newDir, 'broker.yaml');
    const failed = await run(new KnativeValidation({ previous: [oldDir] }), [file]);
    expect(failed.status).toBe('failure');
    expect(failed.violations).toEqual([expect.objectContaining({ ruleName: 'B5' })]);
    expect((await run(new KnativeValidation(), [file])).status).toBe('success');
  });

  test("'previous' must be a list of paths", () => {
    expect(() => new KnativeValidation({ previous: 'dist' as unknown as string[] })).toThrow("KnativeValidation: 'previous' (\"dist\") must be a list of file or folder paths");
    expect(() => new KnativeValidation({ previous: [''] })).toThrow(/'previous'/);
  });
});
