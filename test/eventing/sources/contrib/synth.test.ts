import { Chart, JsonPatch, Testing } from 'cdk8s';
import { Sink } from '../../../../lib/eventing/sink';
import {
  GitHubEventType, GitHubSource, GitLabEventType, GitLabSource, KafkaBrokerConfig, KafkaSink, KafkaSource, RabbitmqConnection, RabbitmqSource,
} from '../../../../lib/eventing/sources/contrib';
import { secretNamed } from './helpers';

function build(chart: Chart) {
  const creds = secretNamed(chart, 'creds');
  const uri = Sink.fromUri('https://events.example.org/in');
  const sink = new KafkaSink(chart, 'archive', { topic: 't', bootstrapServers: ['k:9092'] });
  return [
    sink,
    new KafkaBrokerConfig(chart, 'cfg', { bootstrapServers: ['k:9092'] }),
    new KafkaSource(chart, 'kafka', { bootstrapServers: ['k:9092'], topics: ['t'], sink }),
    new GitLabSource(chart, 'gitlab', {
      projectUrl: 'https://gitlab.example.org/a/b', eventTypes: [GitLabEventType.PUSH],
      accessToken: { secret: creds, key: 'a' }, secretToken: { secret: creds, key: 'b' }, sink: uri,
    }),
    new GitHubSource(chart, 'github', {
      ownerAndRepository: 'a/b', eventTypes: [GitHubEventType.PUSH],
      accessToken: { secret: creds, key: 'a' }, secretToken: { secret: creds, key: 'b' }, sink: uri,
    }),
    new RabbitmqSource(chart, 'rabbit', { connection: RabbitmqConnection.fromClusterName('r'), queueName: 'q', exchangeName: 'e', sink: uri }),
  ];
}

describe('contributed constructs at synth', () => {
  test('each wraps its object under the id "Resource" and the whole set synthesizes without errors', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'test', { namespace: 'ci' });
    for (const c of build(chart)) expect(c.node.findChild('Resource')).toBe(c.apiObject);
    expect(() => app.synth()).not.toThrow();
  });

  test('output is deterministic', () => {
    const render = () => {
      const app = Testing.app();
      const chart = new Chart(app, 'test', { namespace: 'ci' });
      build(chart);
      return JSON.stringify(Testing.synth(chart));
    };
    expect(render()).toBe(render());
  });

  test('a problem introduced through the escape hatch is reported at synth with the construct path', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'test', { namespace: 'ci' });
    const src = new KafkaSource(chart, 'kafka', { bootstrapServers: ['k:9092'], topics: ['t'], sink: Sink.fromUri('https://e.example.org') });
    src.apiObject.addJsonPatch(JsonPatch.add('/spec/topic', 't'));
    expect(() => app.synth()).toThrow(/\[test\/kafka\/Resource\] KafkaSource ci\/test-kafka-\w+: spec\.topic: unknown field/);
  });
});
