/** memoizeForSynth: app-wide look-ups computed once per synth call, so n constructs stay linear. */
import { Chart, Testing } from 'cdk8s';
import { Construct } from 'constructs';
import { memoizeForSynth, validateAllOnSynth } from '../../lib/validation/construct';
import { VirtualService } from '../../lib/istio/virtual-service';
import { WarningPolicy } from '../../lib/core/report';

test('computed once per synth call and per root, again in the next call, never cached outside', () => {
  const app = Testing.app();
  validateAllOnSynth(app); // installs the per-synth scope, as every construct of the library does
  const chart = new Chart(app, 'c');
  let computed = 0;
  for (let i = 0; i < 5; i++) {
    new Construct(chart, `c${i}`).node.addValidation({ validate: () => { memoizeForSynth(app, 'test', () => ++computed); return []; } });
  }
  app.synthYaml();
  expect(computed).toBe(1);
  app.synthYaml();
  expect(computed).toBe(2);
  memoizeForSynth(app, 'test', () => ++computed);
  memoizeForSynth(app, 'test', () => ++computed);
  expect(computed).toBe(4);
});

test('VirtualServices look the app\'s DestinationRules up once per synth, not once each', () => {
  const app = Testing.app();
  WarningPolicy.apply(app, { printWarnings: false });
  const chart = new Chart(app, 'c', { namespace: 'default' });
  for (let i = 0; i < 50; i++) new VirtualService(chart, `vs${i}`, { hosts: [`h${i}`], http: [{ destinations: [{ host: `h${i}`, subset: 'v1' }] }] });
  const findAll = jest.spyOn(app.node, 'findAll');
  app.synthYaml();
  // cdk8s itself walks the tree a few times per synth; the 50 VirtualServices add one walk, not 50.
  expect(findAll.mock.calls.length).toBeLessThan(10);
  findAll.mockRestore();
});
