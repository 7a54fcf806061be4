import * as kplus from 'cdk8s-plus-27';
import { ClusterSettings } from '../../../lib/core/cluster-settings';
import { ApiServerSource, ApiServerSourceMode, Filter, LabelSelectorOperator, Sink } from '../../../lib/eventing';
import { synthErrors as appErrors } from '../../helpers';
import { engineErrors, json, setup, synthErrors } from '../util';

const sink = Sink.fromUri('https://sink.example.org');

describe('ApiServerSource', () => {
  test('resource selectors with matchExpressions; operator/values mistakes and bad filters are synth errors', () => {
    const { chart } = setup('events');
    const src = new ApiServerSource(chart, 's', {
      sink,
      resources: [{
        apiVersion: 'apps/v1', kind: 'Deployment', matchLabels: { team: 'cloud' },
        matchExpressions: [
          { key: 'tier', operator: LabelSelectorOperator.IN, values: ['web', 'api'] },
          { key: 'canary', operator: LabelSelectorOperator.DOES_NOT_EXIST },
        ],
      }],
    });
    expect(json(src).spec.resources).toEqual([{
      apiVersion: 'apps/v1', kind: 'Deployment',
      selector: { matchExpressions: [{ key: 'tier', operator: 'In', values: ['web', 'api'] }, { key: 'canary', operator: 'DoesNotExist' }], matchLabels: { team: 'cloud' } },
    }]);
    expect(engineErrors(src)).toEqual([]);
    const bad = setup('events');
    const b = new ApiServerSource(bad.chart, 'b', { sink, filters: [Filter.exact({ Bad: 'x' })] });
    b.addResource({ apiVersion: 'v1', kind: '', matchExpressions: [{ key: 'a', operator: LabelSelectorOperator.NOT_IN }, { key: 'b', operator: LabelSelectorOperator.EXISTS, values: ['x'] }] });
    expect(appErrors(bad.app)).toEqual([
      expect.stringMatching(/^\[test\/b\] filters\[0\]\.exact: invalid key name "Bad"/),
      `[test/b] resources[0].kind: must not be empty (value: ""; allowed: a kind such as 'Event')`,
      '[test/b] resources[0].matchExpressions[0].values: must be non-empty for operator NotIn (value: []; allowed: one or more label values)',
      '[test/b] resources[0].matchExpressions[1].values: must be empty for operator Exists (value: ["x"]; allowed: no values)',
    ]);
  });

  test('default output is valid', () => {
    const { chart } = setup('events');
    const src = new ApiServerSource(chart, 's', { sink, resources: [{ apiVersion: 'v1', kind: 'Event' }] });
    expect(json(src).spec).toEqual({ mode: 'Reference', resources: [{ apiVersion: 'v1', kind: 'Event' }], sink: { uri: 'https://sink.example.org' } });
    expect(engineErrors(src)).toEqual([]);
  });

  test('resources added later, selectors, owner, service account, mode', () => {
    const { chart } = setup();
    const sa = new kplus.ServiceAccount(chart, 'sa');
    const src = new ApiServerSource(chart, 's', {
      sink, mode: ApiServerSourceMode.RESOURCE, serviceAccount: sa,
      owner: { apiVersion: 'apps/v1', kind: 'Deployment' }, namespaceSelector: { team: 'cloud' },
    });
    src.addResource({ apiVersion: 'apps/v1', kind: 'ReplicaSet', matchLabels: { app: 'x' } });
    expect(json(src).spec).toEqual({
      mode: 'Resource',
      resources: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', selector: { matchLabels: { app: 'x' } } }],
      owner: { apiVersion: 'apps/v1', kind: 'Deployment' },
      namespaceSelector: { matchLabels: { team: 'cloud' } },
      serviceAccountName: sa.name,
      sink: { uri: 'https://sink.example.org' },
    });
    expect(engineErrors(src)).toEqual([]);
  });

  test('filters need the new-apiserversource-filters feature (the engine says so)', () => {
    const { app, chart } = setup();
    const src = new ApiServerSource(chart, 's', { sink, resources: [{ apiVersion: 'v1', kind: 'Event' }], filters: [Filter.exact({ type: 'dev.knative.apiserver.resource.add' })] });
    expect(json(src).spec.filters).toEqual([{ exact: { type: 'dev.knative.apiserver.resource.add' } }]);
    expect(synthErrors(chart).join('\n')).toMatch(/spec.filters/);
    ClusterSettings.apply(app, { eventing: { features: { 'new-apiserversource-filters': 'Enabled' } } });
    expect(synthErrors(chart)).toEqual([]);
  });
});
