/**
 * Fuzz targets of the OpenStack layer (cdktf, so not the cdk8s harness, but its rules): a case
 * of type-correct props with nasty values passes when the synth fails with lines that each name a
 * construct path and a prop (no `[internal]`, nothing written), or when every stack's JSON passes
 * the provider-schema checker and holds no null, NaN, Infinity or "undefined". Nothing may throw
 * but TypeErrors for what TypeScript refuses. FUZZ_RUNS / FUZZ_SEED as in harness.ts.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import fc from 'fast-check';
import { Duration } from 'cdk8s';
import {
  CapiHelmLabels, ClusterStackNetworkProps, MagnumClusterStack, MagnumDriverKind, OpenStackApp, PlatformInstall, PlatformStack,
} from '../../lib/openstack';
import { checkTerraformJson } from '../../scripts/terraform-schema-check';
import { terraformSchemas } from '../../scripts/synth-openstack';
import { FUZZ_RUNS, FUZZ_SEED } from './harness';
import { WarningPolicy } from '../../lib/core/report';
import { filesBelow } from '../openstack/helpers';

const SCHEMAS = terraformSchemas();
const haveOpenStackSchema = 'openstack' in SCHEMAS;

/** Mostly valid values, sometimes a nasty one: so both ends (synth error, valid output) are reached. */
function mostly<T>(valid: fc.Arbitrary<T>, nasty: fc.Arbitrary<T>): fc.Arbitrary<T> {
  return fc.oneof({ arbitrary: valid, weight: 12 }, { arbitrary: nasty, weight: 1 });
}
const nastyInt = fc.oneof(fc.integer({ min: -3, max: 12 }), fc.constantFrom(NaN, Infinity, -Infinity, 2 ** 31, 0.5, 1.5, -0), fc.integer());
const nastyString = fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('', ' ', 'a'.repeat(300), 'ünïcode', 'a;b', '*.x'));
const word = fc.stringMatching(/^[a-z][a-z0-9-]{0,10}$/);
const count = (min: number, max: number) => mostly(fc.integer({ min, max }), nastyInt);
const name = mostly(word, fc.constantFrom('A1', '1lab', '', 'a'.repeat(250)));
const ip = mostly(fc.ipV4(), fc.constantFrom('203.0.113.300', '', 'ten', '::1'));
const cidr = mostly(fc.constantFrom('10.0.0.0/24', '10.20.0.0/16', '192.168.4.0/22'), fc.oneof(fc.tuple(fc.ipV4(), fc.integer({ min: 0, max: 33 })).map(([a, b]) => `${a}/${b}`), fc.constantFrom('10.0.0.0/30', 'x')));
const domain = mostly(fc.constantFrom('functions.example.org', 'a.functions.example.org', 'example.org'), fc.oneof(fc.domain(), fc.constantFrom('Functions.example.org', 'example', '', `${'a'.repeat(64)}.org`)));

const capiLabels: fc.Arbitrary<CapiHelmLabels> = fc.record({
  minNodeCount: count(0, 3), maxNodeCount: count(3, 10), bootVolumeSize: count(1, 200), autoScalingEnabled: fc.boolean(),
  csiCinderReclaimPolicy: mostly(fc.constantFrom('Retain', 'Delete'), fc.constant('Keep')) as fc.Arbitrary<'Retain'>,
  octaviaProvider: mostly(fc.constantFrom('amphora', 'ovn'), nastyString), fixedSubnetCidr: cidr, apiMasterLbAllowedCidrs: fc.array(cidr, { minLength: 1, maxLength: 3 }),
  extraNetworkNames: fc.array(mostly(word, nastyString), { minLength: 1, maxLength: 2 }), capiHelmChartVersion: mostly(fc.constantFrom('0.16.0', '0.17.1'), nastyString),
}, { requiredKeys: [], noNullPrototype: true });

const network: fc.Arbitrary<ClusterStackNetworkProps | undefined> = fc.option(fc.oneof(
  fc.record({ create: fc.record({ name, cidr, dnsNameservers: fc.array(ip, { maxLength: 2 }), mtu: fc.option(count(1280, 9000), { nil: undefined }) }, { requiredKeys: ['name', 'cidr'], noNullPrototype: true }) }, { noNullPrototype: true }),
  fc.record({ existing: fc.record({ networkName: mostly(word, nastyString), subnetName: mostly(word, nastyString) }, { noNullPrototype: true }) }, { noNullPrototype: true }),
), { nil: undefined });

const caseArb = fc.record({
  templateName: mostly(word, nastyString), image: mostly(fc.constantFrom('ubuntu-jammy-kube-v1.33.4', 'flatcar-kube-v1.33'), nastyString),
  flavor: mostly(fc.constantFrom('m1.large'), fc.constantFrom(undefined, '')), masterFlavor: mostly(fc.constantFrom('m1.medium'), fc.constantFrom(undefined, ' ')),
  driver: fc.constantFrom(MagnumDriverKind.CAPI_HELM, MagnumDriverKind.HEAT),
  networkDriver: fc.option(fc.constantFrom('calico', 'cilium', 'flannel') as fc.Arbitrary<'calico'>, { nil: undefined }),
  labels: fc.option(capiLabels, { nil: undefined }), untypedLabels: fc.option(fc.dictionary(mostly(word, nastyString), nastyString, { maxKeys: 2, noNullPrototype: true }), { nil: undefined }),
  dnsNameservers: fc.option(fc.array(ip, { minLength: 1, maxLength: 2 }), { nil: undefined }), apiserverPort: fc.option(count(1024, 65535), { nil: undefined }),
  clusterName: mostly(fc.stringMatching(/^[a-z][a-z0-9_.-]{0,12}$/), fc.constantFrom('1lab', '', 'a'.repeat(250), 'lab!')),
  masterCount: fc.option(mostly(fc.constantFrom(1, 3, 5), nastyInt), { nil: undefined }), nodeCount: fc.option(count(1, 20), { nil: undefined }),
  createTimeout: fc.option(mostly(fc.integer({ min: 1, max: 200 }).map((m) => Duration.minutes(m)), fc.constantFrom(Duration.millis(1500), Duration.seconds(NaN), Duration.seconds(30))), { nil: undefined }),
  network, address: fc.option(ip, { nil: undefined }), domain, zone: fc.option(mostly(fc.constantFrom('example.org.'), fc.constantFrom('example.org', 'example.net.')), { nil: undefined }),
  gitops: fc.boolean(), repoUrl: mostly(fc.constantFrom('https://git.example.org/p.git', 'ssh://git@git.example.org/p.git'), fc.constantFrom('http//x', 'https://u:p@git.example.org/p.git')),
  repoPath: mostly(fc.constantFrom('dist', 'dist/argocd'), fc.constantFrom('../x', '/abs')),
}, { noNullPrototype: true });

function badScalars(value: unknown, at: string, out: string[]): void {
  if (value === null) out.push(`${at}: null`);
  else if (typeof value === 'number' && !Number.isFinite(value)) out.push(`${at}: ${value}`);
  else if (typeof value === 'string' && /undefined|NaN|Infinity/.test(value) && !value.includes('${')) out.push(`${at}: ${value}`);
  else if (Array.isArray(value)) value.forEach((v, i) => badScalars(v, `${at}[${i}]`, out));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) badScalars(v, `${at}.${k}`, out);
}

const counts = { cases: 0, errors: 0, valid: 0 };

test('MagnumClusterStack + PlatformStack: every case is a clear synth error or schema-valid Terraform JSON', () => {
  fc.assert(fc.property(caseArb, (c) => {
    counts.cases++;
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'kfc-os-fuzz-'));
    try {
      const app = new OpenStackApp({ outdir });
      WarningPolicy.apply(app, { printWarnings: false });
      const cluster = new MagnumClusterStack(app, 'cluster', {
        backend: { bucket: 'tfstate', endpoint: 'https://object.example.org' },
        template: {
          name: c.templateName, driver: c.driver, image: c.image, externalNetwork: 'public', flavor: c.flavor, masterFlavor: c.masterFlavor,
          networkDriver: c.networkDriver, labels: c.driver === MagnumDriverKind.CAPI_HELM ? c.labels : undefined, untypedLabels: c.untypedLabels,
          dnsNameservers: c.dnsNameservers, apiserverPort: c.apiserverPort,
        },
        cluster: { name: c.clusterName, masterCount: c.masterCount, nodeCount: c.nodeCount, timeouts: c.createTimeout ? { create: c.createTimeout } : undefined },
        network: c.network,
        ingress: { address: c.address, domain: c.domain, zone: c.zone ? { zoneName: c.zone } : undefined },
      });
      new PlatformStack(app, 'platform', {
        backend: { bucket: 'tfstate', endpoint: 'https://object.example.org' }, cluster,
        install: c.gitops ? PlatformInstall.argoCd({ repository: { url: c.repoUrl, revision: 'main', path: c.repoPath } }) : PlatformInstall.flux({ repository: { url: c.repoUrl, revision: 'main', path: c.repoPath } }),
      });
      const errors = app.validateAll();
      if (errors.length) {
        counts.errors++;
        for (const e of errors) {
          // `[path] prop: message`: the prop starts with a letter (label keys after it are the user's).
          expect(e).toMatch(/^\[[^\]]+\] [a-zA-Z][\w]*[.[:]/);
          expect(e).not.toContain('[internal]');
        }
        expect(() => app.synth()).toThrow(/^Validation failed/);
        // (cdktf's App constructor creates the empty outdir/stacks folder; no file is written.)
        expect(filesBelow(outdir)).toEqual([]);
        return;
      }
      app.synth();
      counts.valid++;
      for (const stack of fs.readdirSync(path.join(outdir, 'stacks'))) {
        const json = JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', stack, 'cdk.tf.json'), 'utf8'));
        let problems = checkTerraformJson(json, SCHEMAS);
        if (!haveOpenStackSchema) problems = problems.filter((p) => !/^(resource|data|provider)\.openstack/.test(p));
        const bad: string[] = [];
        badScalars(json, stack, bad);
        expect([...problems, ...bad]).toEqual([]);
      }
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  }), { numRuns: FUZZ_RUNS, seed: FUZZ_SEED });
  expect(counts.cases).toBe(FUZZ_RUNS);
  // Both ends are reached: some cases synthesize, some fail.
  expect(counts.valid).toBeGreaterThan(0);
  expect(counts.errors).toBeGreaterThan(0);
}, 600_000);
