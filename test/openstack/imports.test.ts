/**
 * imports/openstack/ is generated from the OpenStack provider schema and never edited: these
 * tests fail when it drifts from its source (../shared/terraform) or stops compiling, and check
 * the script's parsing of the provider's validation functions on its own.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { TerraformStack, Testing } from 'cdktf';
import { ContainerinfraClusterV1 } from '../../imports/openstack/containerinfra-cluster-v1';
import { OpenstackProvider } from '../../imports/openstack/provider';
import { RESOURCE_BEHAVIOUR } from '../../imports/openstack/behaviour';
import { BINDINGS, parseCheck, runOpenStackImport } from '../../scripts/import-openstack';

const ROOT = path.resolve(__dirname, '..', '..');
const IMPORTS = path.join(ROOT, 'imports', 'openstack');
const SHARED = path.resolve(ROOT, '..', 'shared', 'terraform');
const haveShared = fs.existsSync(path.join(SHARED, 'openstack-provider-schema.json'));

function listFiles(dir: string, prefix = ''): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? listFiles(path.join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`]).sort();
}

if (!haveShared) {
  // eslint-disable-next-line no-console
  console.warn(`test/openstack/imports.test.ts: ${SHARED} is absent, so the drift check of imports/openstack is skipped (it needs the provider schema).`);
}

(haveShared ? describe : describe.skip)('npm run import:openstack reproduces imports/openstack (needs ../shared/terraform)', () => {
  let out: string;
  beforeAll(async () => {
    out = fs.mkdtempSync(path.join(os.tmpdir(), 'kfc-os-import-'));
    await runOpenStackImport({ from: SHARED, out });
  }, 120_000);
  afterAll(() => fs.rmSync(out, { recursive: true, force: true }));

  test('the same files, byte for byte', () => {
    const expected = listFiles(IMPORTS);
    expect(listFiles(out)).toEqual(expected);
    const differing = expected.filter((f) => !fs.readFileSync(path.join(out, f)).equals(fs.readFileSync(path.join(IMPORTS, f))));
    // A failure here means imports/openstack was edited by hand or generated from another schema: run `npm run import:openstack`.
    expect(differing).toEqual([]);
  });
});

describe('the generated OpenStack bindings', () => {
  test('one module per resource and data source of BINDINGS, and the provider', () => {
    const dirs = fs.readdirSync(IMPORTS, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);
    expect(dirs).toHaveLength(BINDINGS.resources.length + BINDINGS.dataSources.length + 1);
    expect(dirs).toContain('containerinfra-cluster-v1');
    expect(dirs).toContain('data-openstack-images-image-v2');
    expect(dirs).toContain('provider');
  });

  test('compile on their own under the repo\'s strict compiler options', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kfc-os-tsc-'));
    try {
      const base = JSON.parse(fs.readFileSync(path.join(ROOT, 'tsconfig.json'), 'utf8')) as { compilerOptions: Record<string, unknown> };
      const tsconfig = path.join(dir, 'tsconfig.json');
      fs.writeFileSync(tsconfig, JSON.stringify({
        compilerOptions: { ...base.compilerOptions, types: ['node'], typeRoots: [path.join(ROOT, 'node_modules', '@types')], rootDir: ROOT, noEmit: true, outDir: undefined },
        files: [path.join(IMPORTS, 'index.ts'), path.join(IMPORTS, 'behaviour.ts')],
      }));
      const r = spawnSync(process.execPath, [path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', tsconfig], { encoding: 'utf8', cwd: ROOT });
      expect(r.stdout + r.stderr).toBe('');
      expect(r.status).toBe(0);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);

  test('the escape hatch: a generated resource synthesizes under its Terraform name, the provider pinned to 3.4.0', () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, 's');
    new OpenstackProvider(stack, 'openstack', { cloud: 'lab' });
    new ContainerinfraClusterV1(stack, 'c', { name: 'c', clusterTemplateId: 't', mergeLabels: true, labels: { kube_tag: 'v1.33.1' } });
    const json = JSON.parse(Testing.synth(stack));
    expect(json.resource.openstack_containerinfra_cluster_v1.c).toEqual({ name: 'c', cluster_template_id: 't', merge_labels: true, labels: { kube_tag: 'v1.33.1' } });
    expect(json.terraform.required_providers.openstack).toEqual({ source: 'registry.terraform.io/terraform-provider-openstack/openstack', version: '3.4.0' });
  });
});

describe('the behaviour table', () => {
  test('parses the validation functions it can evaluate, keeps the others as source text', () => {
    expect(parseCheck('validation.IntBetween(1024, 65535)')).toEqual({ kind: 'intBetween', min: 1024, max: 65535 });
    expect(parseCheck('validation.IntAtLeast(0)')).toEqual({ kind: 'intAtLeast', min: 0 });
    expect(parseCheck('validation.IntInSlice([]int{4, 6})')).toEqual({ kind: 'intInSlice', values: [4, 6] });
    expect(parseCheck('validation.StringInSlice([]string{"PRIMARY", "SECONDARY"}, false)')).toEqual({ kind: 'stringInSlice', values: ['PRIMARY', 'SECONDARY'], ignoreCase: false });
    expect(parseCheck('validation.StringMatch(regexp.MustCompile("^$|\\\\.$"), "must end in a dot")')).toEqual({ kind: 'stringMatch', pattern: '^$|\\.$', message: 'must end in a dot' });
    expect(parseCheck('resourceNetworkingSecGroupRuleV2Direction')).toEqual({ kind: 'opaque', source: 'resourceNetworkingSecGroupRuleV2Direction' });
  });

  test('carries ForceNew, defaults, conflicts and timeouts of the Magnum and networking resources', () => {
    expect(RESOURCE_BEHAVIOUR.openstack_containerinfra_cluster_v1.labels.forceNew).toBe(true);
    expect(RESOURCE_BEHAVIOUR.openstack_containerinfra_cluster_v1.node_count.default).toBe(1);
    expect(RESOURCE_BEHAVIOUR.openstack_containerinfra_cluster_v1.timeouts.timeoutMinutes).toEqual({ create: 60, update: 30, delete: 30 });
    expect(RESOURCE_BEHAVIOUR.openstack_networking_subnet_v2.cidr.conflictsWith).toEqual(['prefix_length']);
    expect(RESOURCE_BEHAVIOUR.openstack_containerinfra_nodegroup_v1.node_count.check).toEqual({ kind: 'intAtLeast', min: 0 });
    expect(RESOURCE_BEHAVIOUR).not.toHaveProperty('openstack_objectstorage_container_v1');
  });
});

describe('the import script on a small schema of our own (runs in a fresh clone)', () => {
  const FIXTURE = path.join(__dirname, 'fixtures', 'terraform');
  const bindings = { resources: ['openstack_compute_keypair_v2'], dataSources: ['openstack_compute_flavor_v2'] };
  let out: string;
  beforeAll(async () => {
    out = fs.mkdtempSync(path.join(os.tmpdir(), 'kfc-os-fixture-'));
    await runOpenStackImport({ from: FIXTURE, out, bindings });
  }, 120_000);
  afterAll(() => fs.rmSync(out, { recursive: true, force: true }));

  test('writes one module per resource and data source, the provider, the indexes and the behaviour table', () => {
    expect(listFiles(out)).toEqual(['behaviour.ts', 'compute-keypair-v2/index.ts', 'data-openstack-compute-flavor-v2/index.ts', 'index.ts', 'lazy-index.ts', 'provider/index.ts']);
    expect(fs.readFileSync(path.join(out, 'compute-keypair-v2', 'index.ts'), 'utf8')).toContain('public static readonly tfResourceType = "openstack_compute_keypair_v2"');
    expect(fs.readFileSync(path.join(out, 'provider', 'index.ts'), 'utf8')).toContain("providerVersion: '3.4.0'");
    const behaviour = fs.readFileSync(path.join(out, 'behaviour.ts'), 'utf8');
    expect(behaviour).toContain('"vcpus": {"check":{"kind":"intAtLeast","min":1}}');
    expect(behaviour).toContain('"name": {"conflictsWith":["flavor_id"]}');
  });

  test('reruns byte-identical', async () => {
    const again = fs.mkdtempSync(path.join(os.tmpdir(), 'kfc-os-fixture-'));
    try {
      await runOpenStackImport({ from: FIXTURE, out: again, bindings });
      expect(listFiles(again).filter((f) => !fs.readFileSync(path.join(again, f)).equals(fs.readFileSync(path.join(out, f))))).toEqual([]);
    } finally {
      fs.rmSync(again, { recursive: true, force: true });
    }
  }, 120_000);
});
