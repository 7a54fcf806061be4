import { Duration } from 'cdk8s';
import { BackoffPolicy, Broker, EventFormat, Sink, Trigger } from '../../lib/eventing';
import { engineErrors, json, setup, synthErrors } from './util';
import { synthErrors as appErrors } from '../helpers';

describe('Delivery', () => {
  test('NaN, infinite, negative and sub-millisecond durations and bad retry counts are synth errors', () => {
    const { app, chart } = setup();
    new Broker(chart, 'b', {
      delivery: { retry: 1.5, backoffDelay: Duration.millis(0.4), timeout: Duration.seconds(NaN), retryAfterMax: Duration.seconds(Infinity) },
    });
    expect(appErrors(app)).toEqual([
      '[test/b] spec.delivery.retry: must be a whole number of retries, at least 0 (value: 1.5; allowed: an integer from 0 to 2147483647)',
      '[test/b] spec.delivery.backoffDelay: must be a whole number of milliseconds: it is written as ISO-8601 seconds with millisecond precision (value: "0.4 millis"; allowed: whole milliseconds, e.g. Duration.millis(1))',
      expect.stringMatching(/^\[test\/b\] spec\.delivery\.timeout: must be a finite, non-negative duration/),
      expect.stringMatching(/^\[test\/b\] spec\.delivery\.retryAfterMax: must be a finite, non-negative duration/),
    ]);
  });

  test('durations are written as ISO-8601 seconds', () => {
    const { chart } = setup();
    const broker = new Broker(chart, 'b', {
      delivery: {
        retry: 5,
        backoffPolicy: BackoffPolicy.EXPONENTIAL,
        backoffDelay: Duration.millis(200),
        timeout: Duration.minutes(1),
        format: EventFormat.BINARY,
      },
    });
    expect(json(broker).spec.delivery).toEqual({ retry: 5, backoffPolicy: 'exponential', backoffDelay: 'PT0.2S', timeout: 'PT60S', format: 'binary' });
    expect(engineErrors(broker)).toEqual([]);
  });

  test('timeout and retryAfterMax survive rendering (the generated L1 would drop them)', () => {
    const { chart } = setup();
    const broker = new Broker(chart, 'b');
    const t = new Trigger(chart, 't', {
      broker, subscriber: Sink.fromUri('https://x.example.org'),
      delivery: { timeout: Duration.seconds(5), retryAfterMax: Duration.seconds(90), backoffPolicy: BackoffPolicy.LINEAR },
    });
    expect(json(t).spec.delivery).toEqual({ timeout: 'PT5S', retryAfterMax: 'PT90S', backoffPolicy: 'linear' });
  });

  test('the dead-letter sink is bound like any sink, with its own field', () => {
    const { chart } = setup();
    const dlq = new Broker(chart, 'dlq');
    const broker = new Broker(chart, 'b', { delivery: { deadLetterSink: dlq } });
    expect(json(broker).spec.delivery.deadLetterSink).toEqual({ ref: { apiVersion: 'eventing.knative.dev/v1', kind: 'Broker', name: dlq.name } });
    new Broker(chart, 'dangling', { delivery: { deadLetterSink: Sink.fromKnativeService('dead-letters') } });
    expect(synthErrors(chart)).toEqual([
      '[test/dangling] spec.delivery.deadLetterSink: Service "dead-letters" (serving.knative.dev/v1) in no namespace is not defined in this app; pass the construct itself, or, if it is deployed by something else, declare it with { external: true }',
    ]);
  });
});
