import { Filter } from '../../lib/eventing';
import { errors } from '../helpers';

describe('Filter', () => {
  test('each dialect renders as one key', () => {
    expect(Filter.exact({ type: 'a' }).toJson()).toEqual({ exact: { type: 'a' } });
    expect(Filter.prefix({ type: 'ch.cern.' }).toJson()).toEqual({ prefix: { type: 'ch.cern.' } });
    expect(Filter.suffix({ subject: '.root' }).toJson()).toEqual({ suffix: { subject: '.root' } });
    expect(Filter.cesql("type = 'a'").toJson()).toEqual({ cesql: "type = 'a'" });
  });

  test('several attributes become an all of one-attribute filters, which the webhook accepts', () => {
    expect(Filter.exact({ type: 'a', source: 'b' }).toJson()).toEqual({ all: [{ exact: { source: 'b' } }, { exact: { type: 'a' } }] });
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

  test('attribute names are checked as the webhook does', () => {
    expect(() => Filter.exact({ invALID: 'x' })).toThrow('invalid key name "invALID" in \'exact\': Attribute name must start with a letter and can only contain lowercase alphanumeric');
    expect(() => Filter.prefix({ '0abc': 'x' })).toThrow(/invalid key name "0abc"/);
    expect(() => Filter.suffix({ 'my_ext': 'x' })).toThrow(/invalid key name "my_ext"/);
    expect(() => Filter.exact({ 'my-ext': 'x' })).toThrow(/invalid key name "my-ext"/);
  });

  test('empty attribute maps, empty values and empty expressions are refused', () => {
    expect(() => Filter.exact({})).toThrow('Filter.exact needs at least one attribute');
    expect(() => Filter.exact({ type: '' })).toThrow('Filter.exact: the value of "type" must not be empty');
    expect(() => Filter.cesql('  ')).toThrow(/'cesql' must be a non-empty/);
  });

  test('toJson returns a copy', () => {
    const f = Filter.exact({ type: 'a' });
    (f.toJson() as any).exact.type = 'b';
    expect(f.toJson()).toEqual({ exact: { type: 'a' } });
  });
});
