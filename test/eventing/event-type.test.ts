import { Broker, EventType } from '../../lib/eventing';
import { engineErrors, json, setup, synthErrors } from './util';
import { synthErrors as appErrors } from '../helpers';

describe('EventType', () => {
  test('default output carries the required CloudEvent attributes and is valid', () => {
    const { chart } = setup('events');
    const et = new EventType(chart, 'e', { type: 'ch.cern.file.uploaded' });
    expect(json(et).apiVersion).toBe('eventing.knative.dev/v1beta3');
    expect(json(et).spec.attributes.map((a: any) => a.name)).toEqual(['specversion', 'id', 'type', 'source']);
    expect(engineErrors(et)).toEqual([]);
  });

  test('reference, source, schema, description, more attributes', () => {
    const { chart } = setup('events');
    const broker = new Broker(chart, 'b');
    const et = new EventType(chart, 'e', {
      type: 'ch.cern.file.uploaded', source: '/dynafed/{bucket}', schema: 'https://schemas.example.org/upload.json',
      reference: broker, description: 'A file was uploaded', attributes: [{ name: 'subject', required: true }],
    });
    const spec = json(et).spec;
    expect(spec.reference).toEqual({ apiVersion: 'eventing.knative.dev/v1', kind: 'Broker', name: broker.name });
    expect(spec.description).toBe('A file was uploaded');
    expect(spec.attributes).toContainEqual({ name: 'source', required: true, value: '/dynafed/{bucket}' });
    expect(spec.attributes).toContainEqual({ name: 'dataschema', required: false, value: 'https://schemas.example.org/upload.json' });
    expect(spec.attributes).toContainEqual({ name: 'subject', required: true });
    expect(engineErrors(et)).toEqual([]);
    expect(synthErrors(chart)).toEqual([]);
    const bad = setup();
    new EventType(bad.chart, 'empty', { type: '', attributes: [{ name: ' ' }] });
    expect(appErrors(bad.app)).toEqual([
      `[test/empty] type: must not be empty (value: ""; allowed: a CloudEvent type such as 'ch.cern.file.uploaded')`,
      '[test/empty] attributes[0].name: must not be empty (value: " "; allowed: a CloudEvent attribute name)',
    ]);
    expect(() => new EventType(bad.chart, 'none', {} as any)).toThrow("EventType: the required prop 'type' is missing");
  });
});
