import { ApiObject, App, Chart, Yaml } from 'cdk8s';
import { KnativeService } from '../../lib/serving/service';

/** An app of several charts with dependencies between charts and between objects. */
function multiChart(): { app: App; validations: () => number } {
  const app = new App();
  let calls = 0;
  const charts = ['base', 'apps', 'more', 'last'].map((id) => new Chart(app, id, { namespace: id }));
  charts.forEach((chart, i) => {
    new KnativeService(chart, 'svc', { metadata: { name: `svc-${i}` }, containers: [{ image: 'registry.example.com/app:1' }] });
    const cm = new ApiObject(chart, 'cm', { apiVersion: 'v1', kind: 'ConfigMap', data: { i: String(i) } });
    cm.node.addValidation({ validate: () => { calls++; return []; } });
  });
  // charts[1] after charts[3] (a chart dependency), and an object dependency inside charts[2].
  charts[1].addDependency(charts[3]);
  const [first, second] = ['x', 'y'].map((id) => new ApiObject(charts[2], id, { apiVersion: 'v1', kind: 'ConfigMap' }));
  first.addDependency(second);
  return { app, validations: () => calls };
}

describe('charts rendered in one synth call', () => {
  test('come out as cdk8s renders them chart by chart, in the same order', () => {
    const { app } = multiChart();
    // Outside a synth call each chart.toJson() is cdk8s's own _synthChart.
    const expected = Yaml.stringify(...app.charts.flatMap((c) => c.toJson()));
    expect(multiChart().app.synthYaml()).toBe(expected);
  });

  test('do not run the app\'s validations again for every chart', () => {
    const { app, validations } = multiChart();
    app.synthYaml();
    // cdk8s's synthYaml validates once, then once more per chart: 4 charts would make 5 passes.
    expect(validations()).toBe(4 * 2);
  });
});
