/**
 * Metrics, exposed by prom-client (process, memory, GC and event-loop-lag metrics come with it).
 * Names and labels are the ones dashboards already read. Each `Metrics` has its own registry (a
 * test process builds many bots). Counters keep a synchronous `get(labels)` beside prom-client's
 * async one, because tests and the harness read them while waiting for a condition.
 */
import * as prom from 'prom-client';

type Labels = Record<string, string>;

const key = (labels: Labels) =>
  Object.entries(labels)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k}=${v}`)
    .join(',');

class Counter {
  private values = new Map<string, number>();
  private readonly prom: prom.Counter<string>;
  constructor(registry: prom.Registry, name: string, help: string, labelNames: string[] = []) {
    this.prom = new prom.Counter({ name, help, labelNames, registers: [registry] });
  }
  inc(labels: Labels = {}, by = 1): void {
    const k = key(labels);
    this.values.set(k, (this.values.get(k) ?? 0) + by);
    this.prom.inc(labels, by);
  }
  get(labels: Labels = {}): number {
    return this.values.get(key(labels)) ?? 0;
  }
}

export class Metrics {
  readonly registry = new prom.Registry();
  readonly eventsReceived = this.counter('bot_events_received_total', 'Bitrix24 events accepted and stored', ['event']);
  readonly eventsDeduplicated = this.counter('bot_events_deduplicated_total', 'Bitrix24 events ignored as duplicates');
  readonly eventsRejected = this.counter('bot_events_rejected_total', 'Bitrix24 events rejected (reason label)', [
    'reason',
  ]);
  readonly cardsSent = this.counter('bot_cards_sent_total', 'Deal cards enqueued for managers');
  readonly claims = this.counter('bot_claims_total', 'Deals taken into work (via label)', ['via']);
  readonly escalations = this.counter('bot_escalations_total', 'Escalation levels fired (level label)', ['level']);
  readonly reconciledDeals = this.counter('bot_reconciled_deals_total', 'Deals seen by the reconciliation sweep');
  readonly callErrors = this.counter('bot_call_errors_total', 'Failed calls to Bitrix24 or Telegram (target label)', [
    'target',
    'code',
  ]);
  readonly buttonPresses = this.counter('bot_button_presses_total', 'Buttons pressed in the messengers');
  readonly chatMessages = this.counter('bot_chat_messages_total', 'Chat messages read (the payment chat among them)');
  readonly claimLatency = new prom.Histogram({
    name: 'bot_claim_latency_seconds',
    help: 'Working seconds from assignment to claim',
    buckets: [60, 180, 300, 600, 900, 1800, 3600, 7200],
    registers: [this.registry],
  });

  constructor(opts: { defaults?: boolean } = {}) {
    if (opts.defaults !== false) prom.collectDefaultMetrics({ register: this.registry });
  }

  private counter(name: string, help: string, labelNames: string[] = []): Counter {
    return new Counter(this.registry, name, help, labelNames);
  }

  /** A gauge read at scrape time; one the bot cannot read (database down) shows as NaN rather than failing the scrape. */
  gauge(name: string, help: string, read: () => number): void {
    new prom.Gauge({
      name,
      help,
      registers: [this.registry],
      collect() {
        let v = Number.NaN;
        try {
          v = read();
        } catch {
          // left NaN: see above
        }
        this.set(v);
      },
    });
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  render(): Promise<string> {
    return this.registry.metrics();
  }
}
