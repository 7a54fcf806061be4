import { Filter } from '../../lib/eventing';
import { Broker, Sink, Trigger } from '../../lib/eventing';
import { errors, synthErrors } from '../helpers';
import { setup } from './util';

describe('Filter', () => {
  test('each dialect renders as one key', () => {
    expect(Filter.exact({ type: 'a' }).toJson()).toEqual({ exact: { type: 'a' } });
    expect(Filter.prefix({ type: 'ch.cern.' }).toJson()).toEqual({ prefix: { type: 'ch.cern.' } });
    expect(Filter.suffix({ subject: '.root' }).toJson()).toEqual({ suffix: { subject: '.root' } });
    expect(Filter.cesql("type = 'a'").toJson()).toEqual({ cesql: "type = 'a'" });
  });

  test('several attributes stay in one map (sorted), which the webhook accepts', () => {
    expect(Filter.exact({ type: 'a', source: 'b' }).toJson()).toEqual({ exact: { source: 'b', type: 'a' } });
    const trigger = {
      apiVersion: 'eventing.knative.dev/v1', kind: 'Trigger', metadata: { name: 't', namespace: 'ns' },
      spec: { broker: 'default', filters: [Filter.suffix({ subject: '.root', type: 'x' }).toJson()], subscriber: { uri: 'http://example.com' } },
    };
    expect(errors(trigger)).toEqual([]);
  });

  test('combinators nest', () => {
    const f = Filter.all(Filter.exact({ type: 'a' }), Filter.any(Filter.suffix({ subject: '.root' }), Filter.not(Filter.prefix({ source: 'test' }))));
    expect(f.toJson()).toEqual({
      all: [
        { exact: { type: 'a' } },
        { any: [{ suffix: { subject: '.root' } }, { not: { prefix: { source: 'test' } } }] },
      ],
    });
  });

  function triggerErrors(...filters: Filter[]): string[] {
    const { app, chart } = setup();
    new Trigger(chart, 't', { broker: new Broker(chart, 'b'), subscriber: Sink.fromUri('https://example.com'), filters });
    return synthErrors(app);
  }

  test('attribute names are checked as the webhook does, and reported by the Trigger that uses the filter', () => {
    expect(triggerErrors(Filter.exact({ invALID: 'x' }))).toEqual([
      '[test/t] filters[0].exact: invalid key name "invALID": Attribute name must start with a letter and can only contain lowercase alphanumeric (value: "invALID"; allowed: lower-case letters and digits, starting with a letter)',
    ]);
    expect(triggerErrors(Filter.exact({ type: 'a' }), Filter.prefix({ '0abc': 'x' }))).toEqual([expect.stringMatching(/^\[test\/t\] filters\[1\]\.prefix: invalid key name "0abc"/)]);
    expect(triggerErrors(Filter.suffix({ 'my_ext': 'x' }))).toEqual([expect.stringMatching(/^\[test\/t\] filters\[0\]\.suffix: invalid key name "my_ext"/)]);
    // Nested filters carry their problems to the Trigger, with where they sit.
    expect(triggerErrors(Filter.all(Filter.exact({ type: 'a' }), Filter.not(Filter.exact({ 'my-ext': 'x' }))))).toEqual([
      expect.stringMatching(/^\[test\/t\] filters\[0\]\.all\[1\]\.not\.exact: invalid key name "my-ext"/),
    ]);
  });

  test('empty attribute maps, empty values and empty expressions are synth errors', () => {
    expect(triggerErrors(Filter.exact({}), Filter.exact({ type: '' }), Filter.cesql('  '))).toEqual([
      "[test/t] filters[0].exact: needs at least one attribute (value: {}; allowed: an attribute and its value, e.g. { type: 'a' })",
      '[test/t] filters[1].exact.type: the value must not be empty (value: ""; allowed: a non-empty string)',
      expect.stringMatching(/^\[test\/t\] filters\[2\]\.cesql: must be a non-empty CloudEvents SQL expression \(value: "  "/),
    ]);
  });

  test('filters that are not Filters are a TypeError saying what to pass', () => {
    expect(() => Filter.all({ exact: { type: 'a' } } as unknown as Filter)).toThrow(TypeError);
    expect(() => Filter.exact(undefined as unknown as Record<string, string>)).toThrow(/pass an object of attribute names to values/);
  });

  test('toJson returns a copy', () => {
    const f = Filter.exact({ type: 'a' });
    (f.toJson() as any).exact.type = 'b';
    expect(f.toJson()).toEqual({ exact: { type: 'a' } });
  });
});
