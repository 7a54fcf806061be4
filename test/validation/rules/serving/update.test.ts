/**
 * Update-only serving rules (S-M8, S-T4, D5): the previously deployed manifest against the new
 * one, both defaulted, as the webhook compares the stored object with the update.
 */
import { previousLookup, validateObject } from '../../../../lib/validation/engine';
import { Finding } from '../../../../lib/validation/types';
import { variant } from '../../../helpers';
import { CONFIGURATION, DOMAIN_MAPPING, ROUTE, SERVICE } from './fixtures';

const CREATOR = 'serving.knative.dev/creator';

function onUpdate(previous: unknown, current: unknown): Finding[] {
  return validateObject(current, { previous: previousLookup([previous]) }).findings.filter((f) => ['S-M8', 'S-T4', 'D5'].includes(f.rule));
}

const withCreator = <T>(obj: T, who: string): T => variant(obj, (o) => { o.metadata.annotations = { ...o.metadata.annotations, [CREATOR]: who }; });

describe('S-M8: the creator annotation is immutable', () => {
  test('Service', () => {
    const found = onUpdate(withCreator(SERVICE, 'alice'), withCreator(SERVICE, 'bob'));
    expect(found).toEqual([expect.objectContaining({
      severity: 'error', rule: 'S-M8', field: 'metadata.annotations.serving.knative.dev/creator', message: 'annotation value is immutable', value: 'bob',
    })]);
  });

  test('removing it is a change too', () => {
    expect(onUpdate(withCreator(SERVICE, 'alice'), SERVICE).map((f) => f.rule)).toEqual(['S-M8']);
  });

  test('standalone Route and Configuration', () => {
    expect(onUpdate(withCreator(ROUTE, 'alice'), withCreator(ROUTE, 'bob')).map((f) => f.rule)).toEqual(['S-M8']);
    expect(onUpdate(withCreator(CONFIGURATION, 'alice'), withCreator(CONFIGURATION, 'bob')).map((f) => f.rule)).toEqual(['S-M8']);
  });

  test('skipped for Route and Configuration owned by a Service', () => {
    const owned = <T>(obj: T): T => variant(obj, (o) => {
      o.metadata.ownerReferences = [{ apiVersion: 'serving.knative.dev/v1', kind: 'Service', name: 'hello', uid: '1', controller: true }];
    });
    expect(onUpdate(withCreator(owned(ROUTE), 'alice'), withCreator(owned(ROUTE), 'bob'))).toEqual([]);
    expect(onUpdate(withCreator(owned(CONFIGURATION), 'alice'), withCreator(owned(CONFIGURATION), 'bob'))).toEqual([]);
  });

  test('other metadata and the spec may change', () => {
    const changed = variant(withCreator(SERVICE, 'alice'), (o) => {
      o.metadata.labels = { team: 'a' };
      o.spec.template.spec.containers[0].image = 'ghcr.io/knative/helloworld-go:2.0';
    });
    expect(onUpdate(withCreator(SERVICE, 'alice'), changed)).toEqual([]);
  });
});

describe('S-T4: a BYO revision name needs a new name when the template changes', () => {
  const named = (name: string, image: string) => variant(SERVICE, (o) => {
    o.spec.template.metadata.name = name;
    o.spec.template.spec.containers[0].image = image;
  });

  test('same name, changed template', () => {
    const found = onUpdate(named('hello-v1', 'ghcr.io/a:1'), named('hello-v1', 'ghcr.io/a:2'));
    expect(found).toEqual([expect.objectContaining({
      severity: 'error', rule: 'S-T4', field: 'spec.template.metadata.name', value: 'hello-v1',
      message: 'Saw the following changes without a name change (-old +new): spec.template.spec.containers[0].image: -"ghcr.io/a:1" +"ghcr.io/a:2"',
    })]);
  });

  test('Configuration too', () => {
    const conf = (image: string) => variant(CONFIGURATION, (o) => {
      o.spec.template.metadata = { name: 'hello-v1' };
      o.spec.template.spec.containers[0].image = image;
    });
    expect(onUpdate(conf('ghcr.io/a:1'), conf('ghcr.io/a:2')).map((f) => f.rule)).toEqual(['S-T4']);
  });

  test('a new name, an unchanged template, or no name at all pass', () => {
    expect(onUpdate(named('hello-v1', 'ghcr.io/a:1'), named('hello-v2', 'ghcr.io/a:2'))).toEqual([]);
    expect(onUpdate(named('hello-v1', 'ghcr.io/a:1'), named('hello-v1', 'ghcr.io/a:1'))).toEqual([]);
    const unnamed = (image: string) => variant(SERVICE, (o) => { o.spec.template.spec.containers[0].image = image; });
    expect(onUpdate(unnamed('ghcr.io/a:1'), unnamed('ghcr.io/a:2'))).toEqual([]);
  });

  test('traffic outside the template may change under the same name', () => {
    const withTraffic = variant(named('hello-v1', 'ghcr.io/a:1'), (o) => { o.spec.traffic = [{ revisionName: 'hello-v1', percent: 100, tag: 'current' }]; });
    expect(onUpdate(named('hello-v1', 'ghcr.io/a:1'), withTraffic)).toEqual([]);
  });
});

describe('D5: DomainMapping creator annotation', () => {
  test('is immutable', () => {
    expect(onUpdate(withCreator(DOMAIN_MAPPING, 'alice'), withCreator(DOMAIN_MAPPING, 'bob'))).toEqual([expect.objectContaining({
      severity: 'error', rule: 'D5', field: 'metadata.annotations.serving.knative.dev/creator', message: 'annotation value is immutable', value: 'bob',
    })]);
  });

  test('the target may change', () => {
    const retargeted = variant(DOMAIN_MAPPING, (o) => { o.spec.ref.name = 'hello-v2'; });
    expect(onUpdate(DOMAIN_MAPPING, retargeted)).toEqual([]);
  });
});
