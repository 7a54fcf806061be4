import { ApiObject, App, Chart, Testing } from 'cdk8s';
import { Construct } from 'constructs';
import { formatProblem, reportError, reportWarning, requireProp, showValue, WarningPolicy } from '../../lib/core/report';
import { validateOnSynth } from '../../lib/validation/construct';
import { synthErrors } from '../helpers';

/** A construct that records a mistake and owns an object whose rendering would throw. */
class Fragile extends Construct {
  public constructor(scope: Construct, id: string, bad: boolean) {
    super(scope, id);
    const obj = new ApiObject(this, 'Resource', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: id } });
    if (bad) {
      reportError(this, 'timeout', 'must be a whole number of seconds', { value: '1500 millis', allowed: 'whole seconds' });
      obj.toJson = () => { throw new Error('cannot convert'); };
    }
    validateOnSynth(obj);
  }
}

function quiet(app: App): App {
  WarningPolicy.apply(app, { printWarnings: false });
  return app;
}

describe('reportError', () => {
  test('reports at synth with the construct path, all errors together, nothing rendered or written', () => {
    const app = quiet(Testing.app());
    const chart = new Chart(app, 'c');
    new Fragile(chart, 'one', true);
    new Fragile(chart, 'two', true);
    new Fragile(chart, 'fine', false);
    expect(synthErrors(app)).toEqual([
      '[c/one] timeout: must be a whole number of seconds (value: "1500 millis"; allowed: whole seconds)',
      '[c/two] timeout: must be a whole number of seconds (value: "1500 millis"; allowed: whole seconds)',
    ]);
  });

  test('a render that throws without a recorded error becomes an internal error, not a crash', () => {
    const app = quiet(Testing.app());
    const chart = new Chart(app, 'c');
    const other = new ApiObject(chart, 'p', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'p' } });
    other.toJson = () => { throw new Error('boom'); };
    validateOnSynth(other);
    expect(synthErrors(app)).toEqual(['[c/p] ConfigMap p: could not be rendered: boom [internal]']);
  });

  test('values that JSON cannot show are still shown', () => {
    expect(showValue(NaN)).toBe('NaN');
    expect(showValue(Infinity)).toBe('Infinity');
    expect(showValue(10n)).toBe('10n');
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    expect(showValue(cycle)).toBe('[object Object]');
    expect(formatProblem({ prop: 'p', message: 'm', value: undefined })).toBe('p: m (value: undefined)');
    expect(formatProblem({ prop: 'p', message: 'm' })).toBe('p: m');
  });
});

describe('warnings at synth', () => {
  function appWithWarning(policy?: { failOnWarnings?: boolean; printWarnings?: boolean }): App {
    const app = Testing.app();
    if (policy) WarningPolicy.apply(app, policy);
    const chart = new Chart(app, 'c');
    const c = new Construct(chart, 'w');
    reportWarning(c, 'maxScale', 'is above the recommended limit', { value: 5000 });
    return app;
  }

  test('are printed once, with the construct path, and do not fail the synth', () => {
    const write = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      const app = appWithWarning();
      expect(synthErrors(app)).toEqual([]);
      const printed = write.mock.calls.map((c) => String(c[0])).join('');
      expect(printed).toBe('Warnings (the cluster accepts these):\n  [c/w] maxScale: is above the recommended limit (value: 5000)\n');
    } finally {
      write.mockRestore();
    }
  });

  test('engine warnings of objects are printed too', () => {
    const write = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      const app = Testing.app();
      const chart = new Chart(app, 'c');
      // A v1beta3 EventType without its attribute definitions is admitted with a warning (ET2).
      const obj = new ApiObject(chart, 'vs', {
        apiVersion: 'eventing.knative.dev/v1beta3', kind: 'EventType', metadata: { name: 'vs', namespace: 'default' }, spec: {},
      });
      validateOnSynth(obj);
      app.synthYaml();
      const printed = write.mock.calls.map((c) => String(c[0])).join('');
      expect(printed).toMatch(/^Warnings \(the cluster accepts these\):\n {2}\[c\/vs\] EventType default\/vs: warning: .*\[ET2\]\n$/);
    } finally {
      write.mockRestore();
    }
  });

  test('failOnWarnings turns them into errors', () => {
    expect(synthErrors(appWithWarning({ failOnWarnings: true, printWarnings: false })))
      .toEqual(['[c/w] warning: maxScale: is above the recommended limit (value: 5000)']);
  });

  test('printWarnings: false keeps them quiet', () => {
    const write = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      appWithWarning({ printWarnings: false }).synthYaml();
      expect(write).not.toHaveBeenCalled();
    } finally {
      write.mockRestore();
    }
  });
});

describe('requireProp', () => {
  test('names the missing prop for JavaScript callers', () => {
    expect(() => requireProp<{ subscriber?: unknown }>('Trigger', {}, 'subscriber'))
      .toThrow("Trigger: the required prop 'subscriber' is missing (got undefined); see the TriggerProps documentation");
    expect(() => requireProp('Trigger', undefined, 'subscriber' as never)).toThrow("Trigger: props are required (got undefined); pass an object with 'subscriber'");
    expect(requireProp<{ a?: number }>('X', { a: 1 }, 'a')).toEqual({ a: 1 });
  });
});
