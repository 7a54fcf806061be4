/**
 * The event topology: the graphs of the examples, reference resolution, dangling and
 * cross-tenant marking, filters, Mermaid escaping and grammar, JSON shape, determinism, and a
 * property: random object sets never crash it and every edge's ends are nodes.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import fc from 'fast-check';
import { App, Chart } from 'cdk8s';
import { KnativeService } from '../../lib/serving';
import { toTopologyJson, TOPOLOGY_JSON_VERSION } from '../../lib/topology/json';
import { escapeMermaid, toMermaid } from '../../lib/topology/mermaid';
import { EventTopology, eventTopology, TENANT_LABEL } from '../../lib/topology/model';
import { appObjects, Topology, writeTopology } from '../../lib/topology/write';
import { loadExample } from '../../scripts/synth-examples';
import { FUZZ_RUNS, FUZZ_SEED } from '../fuzz/harness';

function exampleObjects(name: string): unknown[] {
  return appObjects(loadExample(name).buildApp(fs.mkdtempSync(path.join(os.tmpdir(), `topo-${name}-`))));
}

/** Edges as `Kind/name -relation label-> Kind/name` (namespace shown when it differs from the source's), flags appended. */
function edges(t: EventTopology): string[] {
  const byId = new Map(t.nodes.map((n) => [n.id, n]));
  return t.edges.map((e) => {
    const from = byId.get(e.from)!;
    const to = byId.get(e.to)!;
    const name = (n: typeof from) => `${n.kind}/${n.namespace !== from.namespace && n.namespace ? `${n.namespace}/` : ''}${n.name}`;
    const flags = [e.dangling ? ' [dangling]' : '', e.crossTenant ? ' [cross-tenant]' : ''].join('');
    return `${name(from)} -${e.relation}${e.label ? ` ${e.label}` : ''}-> ${name(to)}${flags}`;
  }).sort();
}

const node = (t: EventTopology, kind: string, name: string) => t.nodes.find((n) => n.kind === kind && n.name === name);

const ksvc = (name: string, namespace?: string) => ({ apiVersion: 'serving.knative.dev/v1', kind: 'Service', metadata: { name, ...(namespace ? { namespace } : {}) }, spec: {} });
const ref = (kind: string, name: string, apiVersion: string, namespace?: string) => ({ ref: { apiVersion, kind, name, ...(namespace ? { namespace } : {}) } });
const ksvcRef = (name: string, namespace?: string) => ref('Service', name, 'serving.knative.dev/v1', namespace);
const namespace = (name: string, tenant?: string) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, ...(tenant ? { labels: { [TENANT_LABEL]: tenant } } : {}) } });

describe('the examples', () => {
  test('checksum-events: broker, filtered triggers, functions, dead letters', () => {
    const t = eventTopology(exampleObjects('checksum-events'));
    expect(edges(t)).toEqual([
      'Broker/dynafed -dead-letter-> Service/dead-letters',
      'Broker/dynafed -trigger-> Trigger/checksum-on-upload',
      'Broker/dynafed -trigger-> Trigger/notify-on-checksum',
      'Trigger/checksum-on-upload -subscriber-> Service/checksum',
      'Trigger/notify-on-checksum -dead-letter-> Service/dead-letters',
      'Trigger/notify-on-checksum -subscriber-> Service/notifier',
    ]);
    expect(t.tenants).toEqual([{ name: 'dynafed', namespaces: ['dynafed'] }]);
    expect(node(t, 'Trigger', 'checksum-on-upload')?.details).toEqual({ filter: 'type=ch.cern.dynafed.file.uploaded' });
    expect(node(t, 'Broker', 'dynafed')).toMatchObject({ role: 'broker', details: { class: 'MTChannelBasedBroker' }, missing: false, tenant: 'dynafed' });
    expect(node(t, 'Service', 'checksum')).toMatchObject({ role: 'subscriber', group: 'serving.knative.dev' });
    // Not part of the event flow.
    expect(t.nodes.some((n) => n.kind === 'EventType')).toBe(false);
  });

  test('sequence-parallel: steps, branches with filters, replies', () => {
    const t = eventTopology(exampleObjects('sequence-parallel'));
    expect(edges(t)).toEqual([
      'Parallel/fan-out -filter branch 1-> Service/is-root-file',
      'Parallel/fan-out -subscriber branch 1-> Service/root-indexer',
      'Parallel/fan-out -subscriber branch 2-> Service/auditor',
      'PingSource/scan-trigger -sink-> Sequence/extract-enrich',
      'Sequence/extract-enrich -reply-> Parallel/fan-out',
      'Sequence/extract-enrich -step 1-> Service/extract',
      'Sequence/extract-enrich -step 2-> Service/enrich',
    ]);
    expect(node(t, 'PingSource', 'scan-trigger')).toMatchObject({ role: 'source', details: { schedule: '0 * * * *' } });
    expect(node(t, 'Sequence', 'extract-enrich')?.role).toBe('flow');
  });

  test('channel-subscriptions: channels, subscriptions, reply and dead letter', () => {
    const t = eventTopology(exampleObjects('channel-subscriptions'));
    expect(edges(t)).toEqual([
      'Channel/checksum-results -subscription-> Subscription/results-to-notifier',
      'InMemoryChannel/uploads -subscription-> Subscription/uploads-to-audit',
      'InMemoryChannel/uploads -subscription-> Subscription/uploads-to-checksum',
      'Subscription/results-to-notifier -subscriber-> Service/notifier',
      'Subscription/uploads-to-audit -subscriber-> Service/audit',
      'Subscription/uploads-to-checksum -dead-letter-> Service/dead-letters',
      'Subscription/uploads-to-checksum -reply-> Channel/checksum-results',
      'Subscription/uploads-to-checksum -subscriber-> Service/checksum',
    ]);
    expect(node(t, 'InMemoryChannel', 'uploads')?.role).toBe('channel');
  });

  test('github-kafka: GitHubSource to a Kafka broker, KafkaSource to a KafkaChannel and a KafkaSink', () => {
    const t = eventTopology(exampleObjects('github-kafka'));
    expect(edges(t)).toEqual([
      'Broker/github -trigger-> Trigger/pull-requests-to-checker',
      'GitHubSource/dynafed-repo -sink-> Broker/github',
      'KafkaChannel/uploads -subscription-> Subscription/uploads-to-archive',
      'KafkaChannel/uploads -subscription-> Subscription/uploads-to-checksum',
      'KafkaSource/upload-records -sink-> KafkaChannel/uploads',
      'Subscription/uploads-to-archive -subscriber-> KafkaSink/uploads-archive',
      'Subscription/uploads-to-checksum -subscriber-> Service/checksum',
      'Trigger/pull-requests-to-checker -subscriber-> Service/pr-checker',
    ]);
    expect(node(t, 'Broker', 'github')?.details).toEqual({ class: 'Kafka' });
    expect(node(t, 'KafkaSink', 'uploads-archive')).toMatchObject({ role: 'sink', details: { topic: 'dynafed-uploads-archive' } });
    expect(node(t, 'KafkaSource', 'upload-records')?.details).toEqual({ topics: 'dynafed-uploads' });
    expect(node(t, 'GitHubSource', 'dynafed-repo')?.details).toEqual({ repository: 'cern/dynafed' });
    expect(node(t, 'Trigger', 'pull-requests-to-checker')?.details.filter).toBe('source=https://github.com/cern/dynafed & type=dev.knative.source.github.pull_request');
  });

  test('openstack-notifications: RabbitMQ and GitLab sources, an any-filter', () => {
    const t = eventTopology(exampleObjects('openstack-notifications'));
    expect(edges(t)).toEqual([
      'Broker/cloud-events -trigger-> Trigger/ci-notify',
      'Broker/cloud-events -trigger-> Trigger/instance-audit',
      'GitLabSource/checksum-repo -sink-> Broker/cloud-events',
      'RabbitmqSource/nova-notifications -sink-> Broker/cloud-events',
      'Trigger/ci-notify -subscriber-> Service/ci-notifier',
      'Trigger/instance-audit -subscriber-> Service/instance-auditor',
    ]);
    expect(node(t, 'RabbitmqSource', 'nova-notifications')?.details).toEqual({ queue: 'knative-nova-notifications' });
    expect(node(t, 'Trigger', 'ci-notify')?.details.filter).toBe('(type=dev.knative.sources.gitlab.push | type=dev.knative.sources.gitlab.merge_request)');
  });

  test('cluster-events: a SinkBinding\'s subject, ApiServerSource, ContainerSource, a JobSink subscriber', () => {
    const t = eventTopology(exampleObjects('cluster-events'));
    expect(edges(t)).toEqual(expect.arrayContaining([
      'ApiServerSource/k8s-events -sink-> Broker/default',
      'ContainerSource/heartbeats -sink-> Broker/default',
      'Deployment/batch-reporter -subject-> SinkBinding/batch-reporter',
      'SinkBinding/batch-reporter -sink-> Broker/default',
      'Trigger/batch-reports -subscriber-> JobSink/report-indexer',
    ]));
    expect(node(t, 'Deployment', 'batch-reporter')?.role).toBe('source');
    expect(node(t, 'JobSink', 'report-indexer')?.role).toBe('sink');
    expect(node(t, 'Trigger', 'kubernetes-events')?.details.filter).toBe('type=dev.knative.apiserver.resource.*');
    expect(t.edges.every((e) => !e.dangling && !e.crossTenant)).toBe(true);
  });

  test('rabbitmq-broker: a Kubernetes Service subscriber with a path', () => {
    const t = eventTopology(exampleObjects('rabbitmq-broker'));
    expect(edges(t)).toContain('Trigger/tags-to-release-bot -subscriber /events-> Service/release-bot');
    expect(t.nodes.find((n) => n.name === 'release-bot' && n.kind === 'Service')).toMatchObject({ group: '', role: 'subscriber', missing: false });
  });
});

describe('references', () => {
  test('default to the referrer\'s namespace, and a trigger\'s broker is a name in its own namespace', () => {
    const t = eventTopology([
      { apiVersion: 'eventing.knative.dev/v1', kind: 'Broker', metadata: { name: 'default', namespace: 'a' } },
      { apiVersion: 'eventing.knative.dev/v1', kind: 'Trigger', metadata: { name: 't', namespace: 'a' }, spec: { broker: 'default', subscriber: ksvcRef('fn') } },
      ksvc('fn', 'a'),
    ]);
    expect(edges(t)).toEqual(['Broker/default -trigger-> Trigger/t', 'Trigger/t -subscriber-> Service/fn']);
  });

  test('a reference to an object not in the set is a missing node and a dangling edge, in JSON and in Mermaid', () => {
    const objects = [
      { apiVersion: 'eventing.knative.dev/v1', kind: 'Trigger', metadata: { name: 't', namespace: 'a' }, spec: { broker: 'nope', subscriber: ksvcRef('gone') } },
      { apiVersion: 'sources.knative.dev/v1', kind: 'PingSource', metadata: { name: 'p', namespace: 'a' }, spec: { schedule: '* * * * *', sink: ksvcRef('fn') } },
      ksvc('fn', 'a'),
    ];
    const t = eventTopology(objects);
    expect(edges(t)).toEqual([
      'Broker/nope -trigger-> Trigger/t [dangling]',
      'PingSource/p -sink-> Service/fn',
      'Trigger/t -subscriber-> Service/gone [dangling]',
    ]);
    expect(node(t, 'Broker', 'nope')).toMatchObject({ missing: true, role: 'broker', namespace: 'a', tenant: 'a' });
    const json = toTopologyJson(t);
    expect(json.summary).toEqual({ nodes: 5, edges: 3, tenants: 1, dangling: 2, crossTenant: 0 });
    const mmd = toMermaid(t).split('\n');
    const edgeLines = mmd.filter((l) => / (-->|-\.->)\|/.test(l));
    const danglingIndexes = edgeLines.map((l, i) => (l.includes(': dangling') ? i : -1)).filter((i) => i >= 0);
    expect(danglingIndexes).toHaveLength(2);
    expect(mmd).toContain(`  linkStyle ${danglingIndexes.join(',')} stroke:#d00,stroke-width:2px,stroke-dasharray:5 5`);
    expect(mmd.find((l) => l.startsWith('  class '))?.split(' ')[3].split(',')).toHaveLength(2);
    expect(mmd.join('\n')).toContain('<br/>not in the manifests")]');
  });

  test('tenants come from the Namespace label; edges between tenants are marked, within a tenant not', () => {
    const sub = (name: string, target: Record<string, unknown>) => ({
      apiVersion: 'messaging.knative.dev/v1', kind: 'Subscription', metadata: { name, namespace: 'a1' },
      spec: { channel: { apiVersion: 'messaging.knative.dev/v1', kind: 'InMemoryChannel', name: 'ch' }, subscriber: target },
    });
    const t = eventTopology([
      namespace('a1', 'team-a'), namespace('a2', 'team-a'), namespace('b', 'team-b'),
      { apiVersion: 'messaging.knative.dev/v1', kind: 'InMemoryChannel', metadata: { name: 'ch', namespace: 'a1' } },
      sub('same-tenant', ksvcRef('fn', 'a2')),
      sub('other-tenant', ksvcRef('fn', 'b')),
      sub('uri-other-tenant', { uri: 'http://fn.b.svc.cluster.local/x' }),
      sub('uri-outside', { uri: 'https://hooks.example.org/in' }),
      ksvc('fn', 'a2'), ksvc('fn', 'b'),
    ]);
    expect(t.tenants).toEqual([{ name: 'team-a', namespaces: ['a1', 'a2'] }, { name: 'team-b', namespaces: ['b'] }]);
    expect(edges(t).filter((e) => e.includes('-subscriber->'))).toEqual([
      'Subscription/other-tenant -subscriber-> Service/b/fn [cross-tenant]',
      'Subscription/same-tenant -subscriber-> Service/a2/fn',
      'Subscription/uri-other-tenant -subscriber-> URI/b/http://fn.b.svc.cluster.local/x [cross-tenant]',
      'Subscription/uri-outside -subscriber-> URI/https://hooks.example.org/in',
    ]);
    const outside = t.nodes.find((n) => n.kind === 'URI' && n.name.startsWith('https://'))!;
    expect(outside.tenant).toBeUndefined();
    expect(t.nodes[t.nodes.length - 1]).toBe(outside); // outside every tenant: last, and outside the subgraphs
    const mmd = toMermaid(t);
    expect(mmd).toMatch(/subgraph t_team_a_[0-9a-f]{8}\["tenant team-a"\]/);
    const edgeLines = mmd.split('\n').filter((l) => / (-->|-\.->)\|/.test(l));
    const cross = edgeLines.map((l, i) => (l.includes(': cross-tenant') ? i : -1)).filter((i) => i >= 0);
    expect(cross).toHaveLength(2);
    expect(mmd).toContain(`  linkStyle ${cross.join(',')} stroke:#e67e00,stroke-width:3px`);
    // A different tenant label.
    expect(eventTopology([namespace('x', 'ignored'), ksvc('f', 'x')], { tenantLabel: 'team' }).tenants).toEqual([{ name: 'x', namespaces: ['x'] }]);
  });

  test('a cross-namespace trigger (brokerRef), an object without a namespace, a List, a duplicate', () => {
    const t = eventTopology([
      { apiVersion: 'v1', kind: 'List', items: [
        { apiVersion: 'eventing.knative.dev/v1', kind: 'Broker', metadata: { name: 'shared', namespace: 'platform' } },
        { apiVersion: 'eventing.knative.dev/v1', kind: 'Trigger', metadata: { name: 't', namespace: 'team' }, spec: { brokerRef: { kind: 'Broker', apiVersion: 'eventing.knative.dev/v1', name: 'shared', namespace: 'platform' }, subscriber: ksvcRef('fn') } },
      ] },
      ksvc('fn', 'team'), ksvc('fn', 'team'),
      ksvc('no-namespace'),
    ]);
    expect(edges(t)).toEqual(['Broker/shared -trigger-> Trigger/team/t [cross-tenant]', 'Trigger/t -subscriber-> Service/fn']);
    expect(t.nodes.filter((n) => n.name === 'fn')).toHaveLength(1);
    expect(node(t, 'Service', 'no-namespace')?.namespace).toBe('default');
  });

  test('filters, compactly: attributes, exact, prefix, suffix, all, any, not, cesql', () => {
    const t = eventTopology([{
      apiVersion: 'eventing.knative.dev/v1', kind: 'Trigger', metadata: { name: 't', namespace: 'a' },
      spec: {
        broker: 'b', subscriber: { uri: 'http://x.example.org' },
        filter: { attributes: { type: 'a.b', source: '' } },
        filters: [
          { all: [{ prefix: { type: 'ch.' } }, { suffix: { subject: '.root' } }] },
          { any: [{ exact: { x: '1' } }, { not: { exact: { y: '2' } } }] },
          { cesql: "type = 'z'" },
        ],
      },
    }]);
    expect(node(t, 'Trigger', 't')?.details.filter).toBe("source=* & type=a.b & (type=ch.* & subject=*.root) & (x=1 | !(y=2)) & sql(type = 'z')");
  });
});

/** One line of the Mermaid output: the grammar toMermaid promises (labels only of safe characters, entity codes and <br/>). */
const LABEL = String.raw`"(?:[A-Za-z0-9 .,:/=_+@*!?$^~()-]|#\d+;|<br/>)*"`;
const ID = '[nt]_[A-Za-z0-9_]*_[0-9a-f]{8}';
const LINE = new RegExp([
  '^flowchart (LR|TD)$',
  `^  subgraph ${ID}\\[${LABEL}\\]$`,
  '^  end$',
  `^ {2,4}${ID}(\\(\\[${LABEL}\\]\\)|\\[\\(${LABEL}\\)\\]|\\{\\{${LABEL}\\}\\}|\\[/${LABEL}/\\]|\\[\\[${LABEL}\\]\\]|\\[${LABEL}\\]|>${LABEL}\\])$`,
  `^  ${ID} (-->|-\\.->)\\|${LABEL}\\| ${ID}$`,
  '^  classDef missing [^;"]+$',
  `^  class ${ID}(,${ID})* missing$`,
  '^  linkStyle \\d+(,\\d+)* stroke:[^;"]+$',
].map((r) => `(?:${r})`).join('|'));

function badLines(mermaid: string): string[] {
  expect(mermaid.endsWith('\n')).toBe(true);
  return mermaid.slice(0, -1).split('\n').filter((l) => !LINE.test(l));
}

describe('Mermaid', () => {
  const HOSTILE = ['a"b', 'x]-->y', 'end', 'c[d]{e}(f)|g', '%%{init: {"theme":"dark"}}%%', '<script>alert(1)</script>', 'a--b', '#quot;', 'x;y\nz', 'ü-€-😀', '`md`'];

  test('hostile names cannot break out of labels or inject links, directives or markup', () => {
    const objects = HOSTILE.flatMap((name, i) => [
      { apiVersion: 'eventing.knative.dev/v1', kind: 'Trigger', metadata: { name, namespace: name }, spec: { broker: name, subscriber: { uri: `http://h/${name}` }, filters: [{ cesql: name }] } },
      { apiVersion: 'sources.knative.dev/v1', kind: 'PingSource', metadata: { name: `p${i}`, namespace: name }, spec: { schedule: name, sink: ksvcRef(name) } },
    ]);
    const t = eventTopology(objects);
    const mmd = toMermaid(t);
    expect(badLines(mmd)).toEqual([]);
    expect(mmd).not.toContain('<script');
    expect(mmd).not.toContain('%%');
    // Each hostile name survives, escaped, and the ids are unique.
    for (const name of HOSTILE) expect(mmd).toContain(escapeMermaid(name));
    const ids = mmd.split('\n').map((l) => /^ {2,4}(n_\w+)[[({>]/.exec(l)?.[1]).filter(Boolean);
    expect(new Set(ids).size).toBe(t.nodes.length);
  });

  test('escapeMermaid: entity codes for everything outside the safe set, no --', () => {
    expect(escapeMermaid('a"b')).toBe('a#34;b');
    expect(escapeMermaid('x-->y')).toBe('x-#45;#62;y');
    expect(escapeMermaid('[a]|b#')).toBe('#91;a#93;#124;b#35;');
    expect(escapeMermaid('😀')).toBe('#128512;');
    expect(escapeMermaid('checksum-on-upload')).toBe('checksum-on-upload');
  });

  test('long labels are cut; the direction is an option', () => {
    const long = 'x'.repeat(300);
    const t = eventTopology([{ apiVersion: 'eventing.knative.dev/v1', kind: 'Trigger', metadata: { name: 't', namespace: 'a' }, spec: { broker: 'b', filters: [{ cesql: long }] } }]);
    const mmd = toMermaid(t, { direction: 'TD', maxLabelLength: 40 });
    expect(mmd.startsWith('flowchart TD\n')).toBe(true);
    expect(mmd).toContain(`sql(${'x'.repeat(35)}#8230;"}}`);
    expect(mmd).not.toContain('x'.repeat(40));
    expect(badLines(mmd)).toEqual([]);
  });
});

describe('determinism and JSON', () => {
  test('the same objects in any order give byte-identical Mermaid and JSON', () => {
    const objects = ['checksum-events', 'channel-subscriptions', 'github-kafka'].flatMap(exampleObjects);
    const first = eventTopology(objects);
    const reversed = eventTopology([...objects].reverse());
    const shuffled = eventTopology([...objects].sort((a, b) => JSON.stringify(a).length - JSON.stringify(b).length));
    for (const t of [reversed, shuffled]) {
      expect(toMermaid(t)).toBe(toMermaid(first));
      expect(JSON.stringify(toTopologyJson(t))).toBe(JSON.stringify(toTopologyJson(first)));
    }
    // Ids are derived from the objects, not positions: adding one does not rename the others.
    const more = toMermaid(eventTopology([...objects, ksvc('zzz', 'aaa')]));
    for (const l of toMermaid(first).split('\n').filter((x) => /^ {4}n_/.test(x))) expect(more).toContain(l);
  });

  test('the JSON shape: schema, version, summary, tenants, nodes and edges with fixed keys', () => {
    const json = toTopologyJson(eventTopology(exampleObjects('checksum-events')));
    expect(Object.keys(json)).toEqual(['schema', 'version', 'tenantLabel', 'summary', 'tenants', 'nodes', 'edges']);
    expect(json).toMatchObject({ schema: 'https://knative-faas-cdk.io/topology', version: TOPOLOGY_JSON_VERSION, tenantLabel: TENANT_LABEL, summary: { nodes: 6, edges: 6, tenants: 1, dangling: 0, crossTenant: 0 } });
    expect(json.nodes[0]).toEqual({
      id: 'eventing.knative.dev/Broker/dynafed/dynafed', role: 'broker', group: 'eventing.knative.dev', apiVersion: 'eventing.knative.dev/v1',
      kind: 'Broker', name: 'dynafed', namespace: 'dynafed', tenant: 'dynafed', missing: false, details: { class: 'MTChannelBasedBroker' },
    });
    for (const e of json.edges) expect(Object.keys(e).filter((k) => k !== 'label')).toEqual(['from', 'to', 'relation', 'dangling', 'crossTenant']);
    expect(JSON.parse(JSON.stringify(json))).toEqual(json);
  });
});

describe('writing the topology of an app', () => {
  const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'topo-write-'));

  test('Topology.attach writes topology/ beside the outdir after a successful synth, once per synth', () => {
    const dir = tmp();
    const app = loadExample('checksum-events').buildApp(path.join(dir, 'dist'));
    Topology.attach(app);
    Topology.attach(app); // no second wrapper
    app.synth();
    expect(fs.readdirSync(path.join(dir, 'topology')).sort()).toEqual(['topology.json', 'topology.md', 'topology.mmd']);
    const mmd = fs.readFileSync(path.join(dir, 'topology', 'topology.mmd'), 'utf8');
    expect(mmd).toBe(toMermaid(eventTopology(exampleObjects('checksum-events'))));
    expect(fs.readFileSync(path.join(dir, 'topology', 'topology.md'), 'utf8')).toContain('```mermaid\nflowchart LR\n');
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'topology', 'topology.json'), 'utf8')).summary.edges).toBe(6);
    // Nothing of it among the manifests, where Argo CD and `validate dist/` would read it.
    expect(fs.readdirSync(path.join(dir, 'dist')).every((f) => f.endsWith('.k8s.yaml'))).toBe(true);
  });

  test('a failing app writes neither manifests nor topology', () => {
    const dir = tmp();
    const app = new App({ outdir: path.join(dir, 'dist') });
    new KnativeService(new Chart(app, 'c', { namespace: 'a' }), 'bad', { containers: [{ image: 'ghcr.io/x/y:1' }], autoscaling: { minScale: 10, maxScale: 5 } });
    Topology.attach(app, { outdir: path.join(dir, 'topo') });
    expect(() => app.synth()).toThrow(/\[c\/bad\] autoscaling\.minScale/);
    expect(fs.existsSync(path.join(dir, 'topo'))).toBe(false);
    // cdk8s creates the outdir before validating, but writes nothing into it.
    expect(fs.existsSync(path.join(dir, 'dist')) ? fs.readdirSync(path.join(dir, 'dist')) : []).toEqual([]);
  });

  test('perTenant: one diagram per tenant, with safe file names', () => {
    const dir = tmp();
    const objects = [namespace('a1', 'team-a'), namespace('evil', '../../x'), ksvc('f', 'a1'), ksvc('g', 'evil'), ksvc('h', 'b'),
      { apiVersion: 'sources.knative.dev/v1', kind: 'PingSource', metadata: { name: 'p', namespace: 'b' }, spec: { schedule: '* * * * *', sink: ksvcRef('f', 'a1') } }];
    const written = writeTopology(objects, dir, { formats: [], perTenant: true });
    expect(written.map((f) => path.relative(dir, f))).toEqual([path.join('tenants', '.._.._x.md'), path.join('tenants', 'b.md'), path.join('tenants', 'team-a.md')]);
    const a = fs.readFileSync(path.join(dir, 'tenants', 'team-a.md'), 'utf8');
    expect(a.startsWith('# Event topology of tenant team-a\n\n2 nodes, 1 edges, 2 tenants; 0 dangling, 1 cross-tenant.')).toBe(true);
    expect(a).toContain('PingSource<br/>p'); // the other end of the cross-tenant edge
    expect(a).not.toContain('<br/>g"');
    expect(fs.readdirSync(dir)).toEqual(['tenants']);
  });

  test('writeTopology takes objects too, and chosen formats', () => {
    const dir = tmp();
    expect(writeTopology([ksvc('f', 'a')], dir, { formats: ['json'] })).toEqual([path.join(dir, 'topology.json')]);
    expect(() => writeTopology('x' as never, dir)).toThrow(TypeError);
  });
});

test('property: random object sets never crash, every edge joins two nodes, and the Mermaid keeps its grammar', () => {
  const name = fc.oneof(fc.constantFrom('a', 'b', 'default', 'fn', 'x]-->"y'), fc.string({ maxLength: 12 }));
  const kind = fc.constantFrom(
    ['eventing.knative.dev/v1', 'Broker'], ['eventing.knative.dev/v1', 'Trigger'], ['messaging.knative.dev/v1', 'Subscription'],
    ['messaging.knative.dev/v1', 'InMemoryChannel'], ['messaging.knative.dev/v1beta1', 'KafkaChannel'], ['flows.knative.dev/v1', 'Sequence'],
    ['flows.knative.dev/v1', 'Parallel'], ['sources.knative.dev/v1', 'PingSource'], ['sources.knative.dev/v1', 'SinkBinding'],
    ['serving.knative.dev/v1', 'Service'], ['v1', 'Service'], ['v1', 'Namespace'], ['v1', 'List'], ['eventing.knative.dev/v1alpha1', 'EventTransform'],
    ['eventing.knative.dev/v1alpha1', 'RequestReply'], ['sinks.knative.dev/v1alpha1', 'JobSink'],
  );
  const kref = fc.record({ apiVersion: fc.oneof(fc.constantFrom('serving.knative.dev/v1', 'eventing.knative.dev/v1', 'v1', ''), fc.string()), kind: fc.oneof(fc.constantFrom('Service', 'Broker', 'InMemoryChannel'), fc.string()), name, namespace: fc.option(name, { nil: undefined }) }, { requiredKeys: [], noNullPrototype: true });
  const dest = fc.oneof(fc.record({ ref: kref, uri: fc.option(fc.oneof(fc.webUrl(), fc.string()), { nil: undefined }) }, { requiredKeys: [], noNullPrototype: true }), fc.anything());
  const filter: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
    f: fc.oneof({ depthSize: 'small' },
      fc.record({ exact: fc.dictionary(fc.string(), fc.string(), { noNullPrototype: true }) }, { noNullPrototype: true }),
      fc.record({ any: fc.array(tie('f')) }, { noNullPrototype: true }),
      fc.record({ not: tie('f') }, { noNullPrototype: true }),
      fc.record({ cesql: fc.string() }, { noNullPrototype: true }),
      fc.anything()),
  })).f;
  const spec = fc.record({
    sink: dest, subscriber: dest, reply: dest, broker: name, brokerRef: kref, channel: kref, subject: kref,
    delivery: fc.record({ deadLetterSink: dest }, { noNullPrototype: true }), steps: fc.array(dest, { maxLength: 3 }),
    branches: fc.array(fc.record({ filter: dest, subscriber: dest, reply: dest }, { requiredKeys: [], noNullPrototype: true }), { maxLength: 3 }),
    filters: fc.array(filter, { maxLength: 3 }), filter: fc.anything(), subscribers: fc.array(fc.anything(), { maxLength: 2 }), items: fc.array(fc.anything(), { maxLength: 2 }),
  }, { requiredKeys: [], noNullPrototype: true });
  const object = fc.oneof(
    { weight: 6, arbitrary: fc.tuple(kind, name, fc.option(name, { nil: undefined }), spec, fc.option(fc.dictionary(fc.string(), fc.string(), { noNullPrototype: true }), { nil: undefined })).map(([[apiVersion, k], n, ns, s, labels]) => ({
      apiVersion, kind: k, metadata: { name: n, namespace: ns, labels }, spec: s, items: (s as { items?: unknown }).items,
    })) },
    { weight: 1, arbitrary: fc.anything() },
  );
  fc.assert(fc.property(fc.array(object, { maxLength: 12 }), (objects) => {
    const t = eventTopology(objects);
    const ids = new Set(t.nodes.map((n) => n.id));
    expect(ids.size).toBe(t.nodes.length);
    for (const e of t.edges) {
      expect(ids.has(e.from)).toBe(true);
      expect(ids.has(e.to)).toBe(true);
      expect(e.dangling).toBe(t.nodes.find((n) => n.id === e.from)!.missing || t.nodes.find((n) => n.id === e.to)!.missing);
    }
    expect(badLines(toMermaid(t))).toEqual([]);
    const json = toTopologyJson(t);
    expect(JSON.parse(JSON.stringify(json))).toEqual(json);
    // Order does not matter, except between duplicates (the later one wins, as with kubectl apply).
    const keys = objects.map((o) => JSON.stringify([(o as any)?.apiVersion, (o as any)?.kind, (o as any)?.metadata?.name, (o as any)?.metadata?.namespace ?? 'default']));
    if (new Set(keys).size === keys.length && !objects.some((o) => /List$/.test(String((o as any)?.kind)))) {
      expect(toMermaid(eventTopology([...objects].reverse()))).toBe(toMermaid(t));
    }
  }), { numRuns: FUZZ_RUNS * 3, seed: FUZZ_SEED });
});
