/**
 * The webhook-equivalent rules default and check with the cluster's settings: Broker class,
 * config and delivery from config-br-defaults (namespace defaults included), channel templates
 * from default-ch-webhook, container names, resources and timeouts from config-defaults.
 */
import { ClusterSettings, ClusterSettingsProps } from '../../lib/core/cluster-settings';
import { childName, renderObjectMetaTemplate } from '../../lib/core/cluster-settings-templates';
import { BROKER_RULES } from '../../lib/validation/rules/eventing/broker';
import { PARALLEL_RULES, SEQUENCE_RULES } from '../../lib/validation/rules/eventing/flows';
import { CHANNEL_RULES } from '../../lib/validation/rules/eventing/messaging';
import { defaultRevisionSpec, defaultTemplate } from '../../lib/validation/rules/serving/defaulting';
import { KindRules } from '../../lib/validation/types';
import { byRule } from '../helpers';

const CLASS = 'eventing.knative.dev/broker.class';

function defaulted(rules: KindRules, obj: Record<string, any>, props: ClusterSettingsProps = {}): Record<string, any> {
  const copy = structuredClone(obj);
  rules.default!(copy, new ClusterSettings(props));
  return copy;
}

const broker = (ns: string, extra: Record<string, any> = {}) => ({ apiVersion: 'eventing.knative.dev/v1', kind: 'Broker', metadata: { name: 'default', namespace: ns }, spec: {}, ...extra });

const NS_DEFAULTS: ClusterSettingsProps = {
  eventing: {
    brokerDefaults: {
      clusterDefault: {
        brokerClass: 'MTChannelBasedBroker',
        config: { apiVersion: 'v1', kind: 'ConfigMap', name: 'config-br-default-channel', namespace: 'knative-eventing' },
        delivery: { retry: 10, backoffPolicy: 'exponential', backoffDelay: 'PT0.2S' },
        brokerClasses: { Kafka: { config: { apiVersion: 'v1', kind: 'ConfigMap', name: 'kafka-broker-config', namespace: 'knative-eventing' }, delivery: { retry: 3 } } },
      },
      namespaceDefaults: {
        'team-kafka': { brokerClass: 'Kafka' },
        'team-strict': { config: { apiVersion: 'v1', kind: 'ConfigMap', name: 'own', namespace: 'team-strict' }, brokerClass: 'MTChannelBasedBroker', disallowDifferentNamespaceConfig: true },
      },
    },
  },
};

describe('Broker defaulting follows config-br-defaults', () => {
  test('stock: class, the config-br-default-channel config and the release delivery', () => {
    const b = defaulted(BROKER_RULES, broker('team-a'));
    expect(b.metadata.annotations[CLASS]).toBe('MTChannelBasedBroker');
    expect(b.spec).toEqual({
      config: { apiVersion: 'v1', kind: 'ConfigMap', name: 'config-br-default-channel', namespace: 'knative-eventing' },
      delivery: { retry: 10, backoffPolicy: 'exponential', backoffDelay: 'PT0.2S' },
    });
  });

  test('a namespace default class brings that class\'s cluster config and delivery', () => {
    const b = defaulted(BROKER_RULES, broker('team-kafka'), NS_DEFAULTS);
    expect(b.metadata.annotations[CLASS]).toBe('Kafka');
    expect(b.spec.config.name).toBe('kafka-broker-config');
    expect(b.spec.delivery).toEqual({ retry: 3 });
  });

  test('an explicit class is looked up per class; a set spec.config is looked up by its kind, as upstream does', () => {
    const kafka = defaulted(BROKER_RULES, broker('team-a', { metadata: { name: 'b', namespace: 'team-a', annotations: { [CLASS]: 'Kafka' } } }), NS_DEFAULTS);
    expect(kafka.spec.config.name).toBe('kafka-broker-config');
    const own = defaulted(BROKER_RULES, broker('team-a', { spec: { config: { apiVersion: 'v1', kind: 'ConfigMap', name: 'mine' } } }), NS_DEFAULTS);
    expect(own.spec.config).toEqual({ apiVersion: 'v1', kind: 'ConfigMap', name: 'mine', namespace: 'team-a' });
    expect(own.spec.delivery).toEqual({ retry: 10, backoffPolicy: 'exponential', backoffDelay: 'PT0.2S' });
  });

  test('no cluster configuration: only the class is defaulted', () => {
    const b = defaulted(BROKER_RULES, broker('x'), { eventing: { brokerDefaults: { clusterDefault: { brokerClass: 'Custom' } } } });
    expect(b.metadata.annotations[CLASS]).toBe('Custom');
    expect(b.spec).toEqual({});
  });

  test('E-V1 and B2 see what was defaulted: a bad delivery default, a namespace that disallows other namespaces', () => {
    const bad = { eventing: { brokerDefaults: { clusterDefault: { brokerClass: 'MTChannelBasedBroker', delivery: { retry: -1 } } } } } as const;
    expect(byRule(broker('team-a'), 'E-V1', bad).map((f) => f.field)).toEqual(['spec.delivery.retry']);
    expect(byRule(broker('team-a'), 'E-V1')).toEqual([]);
    const other = broker('team-strict', { spec: { config: { apiVersion: 'v1', kind: 'ConfigMap', name: 'c', namespace: 'elsewhere' } } });
    expect(byRule(other, 'B2', NS_DEFAULTS).map((f) => f.message)).toEqual(['mismatched namespaces (parent namespace: "team-strict" does not match ref: "elsewhere")']);
    expect(byRule(broker('team-kafka', { spec: other.spec }), 'B2', NS_DEFAULTS)).toEqual([]);
  });

  test('KB1 sees the class defaulted from the namespace defaults', () => {
    const secret = { spec: { config: { apiVersion: 'v1', kind: 'Secret', name: 'cfg' } } };
    expect(byRule(broker('team-kafka', secret), 'KB1', NS_DEFAULTS).map((f) => f.field)).toEqual(['spec.config.kind']);
    expect(byRule(broker('team-a', secret), 'KB1', NS_DEFAULTS)).toEqual([]);
  });
});

describe('channel templates follow default-ch-webhook', () => {
  const KAFKA = { apiVersion: 'messaging.knative.dev/v1beta1', kind: 'KafkaChannel', spec: { numPartitions: 3, replicationFactor: 1 } };
  const props: ClusterSettingsProps = { eventing: { channelDefaults: { clusterDefault: KAFKA, namespaceDefaults: { dev: { apiVersion: 'messaging.knative.dev/v1', kind: 'InMemoryChannel' } } } } };
  const channel = (ns: string) => ({ apiVersion: 'messaging.knative.dev/v1', kind: 'Channel', metadata: { name: 'c', namespace: ns }, spec: {} });

  test('stock InMemoryChannel; the cluster default with its spec; a namespace default', () => {
    expect(defaulted(CHANNEL_RULES, channel('prod')).spec.channelTemplate).toEqual({ apiVersion: 'messaging.knative.dev/v1', kind: 'InMemoryChannel' });
    expect(defaulted(CHANNEL_RULES, channel('prod'), props).spec.channelTemplate).toEqual(KAFKA);
    expect(defaulted(CHANNEL_RULES, channel('dev'), props).spec.channelTemplate.kind).toBe('InMemoryChannel');
    const seq = { apiVersion: 'flows.knative.dev/v1', kind: 'Sequence', metadata: { name: 's', namespace: 'prod' }, spec: { steps: [] } };
    expect(defaulted(SEQUENCE_RULES, seq, props).spec.channelTemplate).toEqual(KAFKA);
    // Sequences and Parallels get the cluster default even in a namespace with its own, as upstream
    // looks them up without the parent namespace.
    expect(defaulted(SEQUENCE_RULES, { ...seq, metadata: { name: 's', namespace: 'dev' } }, props).spec.channelTemplate).toEqual(KAFKA);
    const par = { apiVersion: 'flows.knative.dev/v1', kind: 'Parallel', metadata: { name: 'p', namespace: 'dev' }, spec: { branches: [] } };
    expect(defaulted(PARALLEL_RULES, par, props).spec.channelTemplate).toEqual(KAFKA);
  });

  test('C1 sees the defaulted template: a namespace default without kind is refused', () => {
    const broken = { eventing: { channelDefaults: { clusterDefault: KAFKA, namespaceDefaults: { dev: { apiVersion: 'messaging.knative.dev/v1', kind: '' } } } } };
    expect(byRule(channel('dev'), 'C1', broken).map((f) => f.field)).toEqual(['spec.channelTemplate.kind']);
    expect(byRule(channel('prod'), 'C1', broken)).toEqual([]);
  });
});

describe('revision defaults follow config-defaults', () => {
  const template = (containers: Record<string, any>[], initContainers?: Record<string, any>[]) =>
    ({ template: { spec: { containers, ...(initContainers ? { initContainers } : {}) } } });

  test('container-name-template over the parent metadata; several unnamed containers get -0, -1 skipping taken names', () => {
    const s = new ClusterSettings({ serving: { defaults: { containerNameTemplate: '{{.Name}}-app', initContainerNameTemplate: 'setup' } } });
    const spec = template([{ image: 'a' }], [{ image: 'b' }]);
    defaultTemplate(spec, s, { name: 'checkout', namespace: 'shop' });
    expect(spec.template.spec.containers[0].name).toBe('checkout-app');
    expect(spec.template.spec.initContainers![0].name).toBe('setup');
    const stock = template([{ image: 'a' }, { image: 'b', name: 'user-container-0' }, { image: 'c' }]);
    defaultTemplate(stock, ClusterSettings.STOCK);
    expect(stock.template.spec.containers.map((c) => c.name)).toEqual(['user-container-1', 'user-container-0', 'user-container-2']);
  });

  test('P9 and P8 see the names the templates give', () => {
    const svc = (containers: Record<string, any>[], initContainers: Record<string, any>[] = []) => ({
      apiVersion: 'serving.knative.dev/v1', kind: 'Service', metadata: { name: 'hello', namespace: 'default' },
      spec: { template: { spec: { containers, initContainers } } },
    });
    const one = svc([{ image: 'ghcr.io/x/a:1' }]);
    expect(byRule(one, 'P9')).toEqual([]);
    expect(byRule(one, 'P9', { serving: { defaults: { containerNameTemplate: 'queue-proxy' } } }).map((f) => f.message)).toEqual(['"queue-proxy" is a reserved container name']);
    const both = svc([{ image: 'ghcr.io/x/a:1' }], [{ image: 'ghcr.io/x/b:1' }]);
    const features = { 'kubernetes.podspec-init-containers': 'Enabled' } as const;
    expect(byRule(both, 'P8', { serving: { features } })).toEqual([]);
    // Upstream names user and init containers independently: one template for both collides.
    expect(byRule(both, 'P8', { serving: { features, defaults: { containerNameTemplate: '{{.Name}}', initContainerNameTemplate: '{{.Name}}' } } })
      .map((f) => f.message)).toEqual(['duplicate container name "hello"']);
  });

  test('resources, idle and response-start timeouts, enableServiceLinks', () => {
    const s = new ClusterSettings({
      serving: {
        defaults: {
          revisionCpuRequest: '100m', revisionMemoryLimit: '256Mi', revisionIdleTimeoutSeconds: 60,
          revisionResponseStartTimeoutSeconds: 30, enableServiceLinks: 'default',
        },
      },
    });
    const spec: Record<string, any> = { containers: [{ image: 'a', resources: { requests: { cpu: '1' } } }] };
    defaultRevisionSpec(spec, s);
    expect(spec.containers[0].resources).toEqual({ requests: { cpu: '1' }, limits: { memory: '256Mi' } });
    expect(spec).toMatchObject({ timeoutSeconds: 300, idleTimeoutSeconds: 60, responseStartTimeoutSeconds: 30 });
    expect('enableServiceLinks' in spec).toBe(false);
    const stock: Record<string, any> = { containers: [{ image: 'a' }] };
    defaultRevisionSpec(stock, ClusterSettings.STOCK);
    // Stock: the response-start default equals the timeout, so it is not set; no resources; service links off.
    expect(stock).toMatchObject({ timeoutSeconds: 300, enableServiceLinks: false });
    expect(stock.responseStartTimeoutSeconds).toBeUndefined();
    expect(stock.containers[0].resources).toBeUndefined();
  });
});

describe('Go templates and kmeta.ChildName', () => {
  test('field, label and index look-ups, trimming; others are not evaluated', () => {
    const meta = { name: 'svc', namespace: 'ns', labels: { app: 'shop' } };
    expect(renderObjectMetaTemplate('user-container', meta)).toBe('user-container');
    expect(renderObjectMetaTemplate('{{.Name}}-{{ .Namespace }}', meta)).toBe('svc-ns');
    expect(renderObjectMetaTemplate('{{.Labels.app}}-{{index .Labels "app"}}-{{.Labels.none}}', meta)).toBe('shop-shop-<no value>');
    expect(renderObjectMetaTemplate('a {{- .Name -}} b', meta)).toBe('asvcb');
    expect(renderObjectMetaTemplate('{{if .Name}}x{{end}}', meta)).toBeUndefined();
    expect(renderObjectMetaTemplate('{{.Name', meta)).toBeUndefined();
  });

  test('ChildName hashes names past 63 characters', () => {
    expect(childName('user-container', '-0')).toBe('user-container-0');
    const long = 'a'.repeat(70);
    const n = childName(long, '-1');
    expect(n).toHaveLength(63);
    expect(n).toMatch(/^a{29}[0-9a-f]{32}-1$/);
  });
});
