/**
 * The Terraform JSON checker (scripts/terraform-schema-check.ts) on its own, on a small schema of
 * our own (so a fresh clone tests it too), and every OpenStack example's stacks against the
 * provider schemas: OpenStack's from ../shared/terraform (skipped with a message when absent),
 * Helm's and Kubernetes' derived from the prebuilt bindings' typings (offline; they carry
 * names, required/optional and types, not computed-only attributes nor sensitivity).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { checkTerraformJson, prebuiltSchemas, ProviderSchemas } from '../../scripts/terraform-schema-check';
import { loadOpenStackExample, openStackExampleNames, terraformSchemas } from '../../scripts/synth-openstack';
import { filesBelow } from './helpers';

const ROOT = path.resolve(__dirname, '..', '..');
const SHARED = path.resolve(ROOT, '..', 'shared', 'terraform', 'openstack-provider-schema.json');
const haveShared = fs.existsSync(SHARED);

const TINY: Record<string, ProviderSchemas> = {
  openstack: {
    provider: { block: { attributes: { cloud: { type: 'string', optional: true } } } },
    resource_schemas: {
      openstack_thing_v1: {
        block: {
          attributes: {
            name: { type: 'string', required: true }, size: { type: 'number', optional: true }, tags: { type: ['set', 'string'], optional: true },
            labels: { type: ['map', 'string'], optional: true }, id: { type: 'string', optional: true, computed: true },
            created_at: { type: 'string', computed: true }, secret: { type: ['map', 'string'], computed: true, sensitive: true },
          },
          block_types: { timeouts: { nesting_mode: 'single', block: { attributes: { create: { type: 'string', optional: true } } } } },
        },
      },
    },
    data_source_schemas: {},
  },
};

describe('the checker', () => {
  test('accepts a valid resource, provider and output, and skips references', () => {
    const json = {
      provider: { openstack: [{ cloud: 'lab' }] },
      resource: { openstack_thing_v1: { a: { '//': {}, name: 'a', size: '${var.size}', tags: ['x'], labels: { k: 'v' }, timeouts: { create: '5m' }, depends_on: [] } } },
      output: { s: { value: '${openstack_thing_v1.a.secret}', sensitive: true }, n: { value: '${openstack_thing_v1.a.name}' } },
    };
    expect(checkTerraformJson(json, TINY)).toEqual([]);
  });

  test('reports unknown, missing, computed-only, mistyped attributes, block shapes, unknown types and unmarked sensitive outputs', () => {
    const json = {
      provider: { openstack: [{ cloud: 1, password: 'x' }] },
      resource: {
        openstack_thing_v1: { a: { size: '3', tags: 'x', labels: { k: 1 }, created_at: 'now', colour: 'red', timeouts: [{ create: '5m' }] } },
        openstack_other_v1: { b: {} },
      },
      output: { s: { value: '${openstack_thing_v1.a.secret}' } },
    };
    expect(checkTerraformJson(json, TINY).sort()).toEqual([
      'output.s: exposes the sensitive openstack_thing_v1.secret without sensitive = true',
      'provider.openstack.cloud: expected string, got 1',
      'provider.openstack.password: unknown attribute',
      'resource.openstack_other_v1: no schema for it',
      'resource.openstack_thing_v1.a.colour: unknown attribute',
      'resource.openstack_thing_v1.a.created_at: computed only, cannot be set',
      'resource.openstack_thing_v1.a.labels.k: expected string, got 1',
      'resource.openstack_thing_v1.a.name: required attribute missing',
      'resource.openstack_thing_v1.a.size: expected number, got "3"',
      'resource.openstack_thing_v1.a.tags: expected set, got "x"',
      'resource.openstack_thing_v1.a.timeouts: a single block, not a list',
    ].sort());
  });

  test('derives the Helm and Kubernetes schemas from the prebuilt bindings', () => {
    const s = prebuiltSchemas(ROOT);
    const release = s.helm.resource_schemas.helm_release.block;
    expect(release.attributes!.name).toEqual({ type: 'string', required: true });
    expect(release.attributes!.chart).toEqual({ type: 'string', required: true });
    expect(release.attributes!.values).toEqual({ type: ['list', 'string'], optional: true });
    expect(release.attributes!.create_namespace).toEqual({ type: 'bool', optional: true });
    expect(s.helm.provider.block.block_types!.kubernetes.block.attributes!.cluster_ca_certificate).toEqual({ type: 'string', optional: true });
    const secret = s.kubernetes.resource_schemas.kubernetes_secret_v1.block;
    expect(secret.block_types!.metadata.min_items).toBe(1);
    expect(secret.block_types!.metadata.block.attributes!.labels).toEqual({ type: ['map', 'string'], optional: true });
    expect(checkTerraformJson({ resource: { helm_release: { r: { chart: 'c', valuez: [] } } } }, s)).toEqual([
      'resource.helm_release.r.valuez: unknown attribute',
      'resource.helm_release.r.name: required attribute missing',
    ]);
  });
});

if (!haveShared) {
  // eslint-disable-next-line no-console
  console.warn(`test/openstack/schema-check.test.ts: ${SHARED} is absent, so the OpenStack resources of the examples are not checked against the provider schema (Helm and Kubernetes still are).`);
}

describe('every OpenStack example, every stack, against the provider schemas', () => {
  const schemas = terraformSchemas();
  for (const name of openStackExampleNames()) {
    test(name, () => {
      const outdir = fs.mkdtempSync(path.join(os.tmpdir(), `kfc-os-${name}-`));
      try {
        const ex = loadOpenStackExample(name).buildOpenStackExample(outdir);
        ex.terraform.synth();
        const stacksDir = path.join(outdir, 'terraform', 'stacks');
        const stacks = fs.readdirSync(stacksDir);
        expect(stacks.length).toBeGreaterThanOrEqual(2);
        for (const stack of stacks) {
          const json = JSON.parse(fs.readFileSync(path.join(stacksDir, stack, 'cdk.tf.json'), 'utf8'));
          let problems = checkTerraformJson(json, schemas);
          if (!haveShared) problems = problems.filter((p) => !/^(resource|data|provider)\.openstack/.test(p));
          expect({ stack, problems }).toEqual({ stack, problems: [] });
          // Nothing secret in the JSON: credentials are references (clouds.yaml, environment).
          expect(JSON.stringify(json)).not.toMatch(/"(password|secret_key|access_key|token|application_credential_secret)"/);
        }
        // Deterministic: a second synth writes the same files, byte for byte.
        const again = fs.mkdtempSync(path.join(os.tmpdir(), `kfc-os-${name}-`));
        try {
          loadOpenStackExample(name).buildOpenStackExample(again).terraform.synth();
          const files = filesBelow(path.join(outdir, 'terraform'));
          expect(filesBelow(path.join(again, 'terraform'))).toEqual(files);
          expect(files.filter((f) => !fs.readFileSync(path.join(outdir, 'terraform', f)).equals(fs.readFileSync(path.join(again, 'terraform', f))))).toEqual([]);
        } finally {
          fs.rmSync(again, { recursive: true, force: true });
        }
      } finally {
        fs.rmSync(outdir, { recursive: true, force: true });
      }
    });
  }
});
