/** Prometheus text exposition without a dependency: a handful of counters, gauges and one histogram. */
type Labels = Record<string, string>;

const key = (labels: Labels) =>
  Object.entries(labels)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k}="${v.replace(/["\\\n]/g, '_')}"`)
    .join(',');

class Counter {
  private values = new Map<string, number>();
  constructor(
    readonly name: string,
    readonly help: string,
  ) {}
  inc(labels: Labels = {}, by = 1): void {
    const k = key(labels);
    this.values.set(k, (this.values.get(k) ?? 0) + by);
  }
  get(labels: Labels = {}): number {
    return this.values.get(key(labels)) ?? 0;
  }
  render(): string {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} counter`];
    if (this.values.size === 0) lines.push(`${this.name} 0`);
    for (const [k, v] of this.values) lines.push(k ? `${this.name}{${k}} ${v}` : `${this.name} ${v}`);
    return lines.join('\n');
  }
}

class Histogram {
  private counts: number[];
  private sum = 0;
  private n = 0;
  constructor(
    readonly name: string,
    readonly help: string,
    readonly buckets: number[],
  ) {
    this.counts = buckets.map(() => 0);
  }
  observe(v: number): void {
    this.sum += v;
    this.n++;
    this.buckets.forEach((b, i) => {
      if (v <= b) this.counts[i] = (this.counts[i] ?? 0) + 1; // counts has one slot per bucket
    });
  }
  render(): string {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} histogram`];
    this.buckets.forEach((b, i) => {
      lines.push(`${this.name}_bucket{le="${b}"} ${this.counts[i]}`);
    });
    lines.push(
      `${this.name}_bucket{le="+Inf"} ${this.n}`,
      `${this.name}_sum ${this.sum}`,
      `${this.name}_count ${this.n}`,
    );
    return lines.join('\n');
  }
}

export class Metrics {
  readonly eventsReceived = new Counter('bot_events_received_total', 'Bitrix24 events accepted and stored');
  readonly eventsDeduplicated = new Counter('bot_events_deduplicated_total', 'Bitrix24 events ignored as duplicates');
  readonly eventsRejected = new Counter('bot_events_rejected_total', 'Bitrix24 events rejected (reason label)');
  readonly cardsSent = new Counter('bot_cards_sent_total', 'Deal cards enqueued for managers');
  readonly claims = new Counter('bot_claims_total', 'Deals taken into work (via label)');
  readonly escalations = new Counter('bot_escalations_total', 'Escalation levels fired (level label)');
  readonly reconciledDeals = new Counter('bot_reconciled_deals_total', 'Deals seen by the reconciliation sweep');
  readonly callErrors = new Counter('bot_call_errors_total', 'Failed calls to Bitrix24 or Telegram (target label)');
  readonly buttonPresses = new Counter('bot_button_presses_total', 'Buttons pressed in the messengers');
  readonly chatMessages = new Counter('bot_chat_messages_total', 'Chat messages read (the payment chat among them)');
  readonly claimLatency = new Histogram(
    'bot_claim_latency_seconds',
    'Working seconds from assignment to claim',
    [60, 180, 300, 600, 900, 1800, 3600, 7200],
  );
  private gauges = new Map<string, { help: string; read: () => number }>();

  gauge(name: string, help: string, read: () => number): void {
    this.gauges.set(name, { help, read });
  }

  render(): string {
    const parts = [
      this.eventsReceived,
      this.eventsDeduplicated,
      this.eventsRejected,
      this.cardsSent,
      this.claims,
      this.buttonPresses,
      this.chatMessages,
      this.escalations,
      this.reconciledDeals,
      this.callErrors,
      this.claimLatency,
    ].map((m) => m.render());
    for (const [name, g] of this.gauges) {
      let v = NaN;
      try {
        v = g.read();
      } catch {
        // an unreadable gauge (database down) shows as NaN rather than failing the whole scrape
      }
      parts.push(`# HELP ${name} ${g.help}\n# TYPE ${name} gauge\n${name} ${v}`);
    }
    return `${parts.join('\n')}\n`;
  }
}
