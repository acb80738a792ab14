/**
 * Button data: one codec per verb, used both where a keyboard is built (`encode`) and where a press
 * is read (`decodeButton`). The wire form is `verb:arg:arg` — Telegram allows 64 bytes of
 * callback_data (core.telegram.org/bots/api#inlinekeyboardbutton), the Bitrix24 keyboard carries it
 * as COMMAND_PARAMS of the hidden /act command. Anything that does not decode (forged, truncated, an
 * old format) is null and is answered as unknown.
 *
 * Wire forms are stored in messages already sent: changing one breaks the buttons of old cards.
 */

interface Field<T> {
  read(s: string): T | null;
}

/** A row id: 1 to 12 digits. */
const id: Field<number> = { read: (s) => (/^\d{1,12}$/.test(s) ? Number(s) : null) };
/** A small index into a list shown with the buttons. */
const index: Field<number> = { read: (s) => (/^\d{1,2}$/.test(s) ? Number(s) : null) };
const oneOf = <T extends string | number>(...values: readonly T[]): Field<T> => ({
  read: (s) => values.find((v) => String(v) === s) ?? null,
});

type Fields<A> = { [K in keyof A]: Field<A[K]> };

export interface ButtonCodec<V extends string, A extends Record<string, string | number>> {
  readonly verb: V;
  encode(args: A): string;
  decode(data: string): ({ verb: V } & A) | null;
}

function codec<V extends string, A extends Record<string, string | number>>(
  verb: V,
  fields: Fields<A>,
): ButtonCodec<V, A> {
  const names = Object.keys(fields) as Array<keyof A & string>;
  return {
    verb,
    encode: (args) => [verb, ...names.map((n) => String(args[n]))].join(':'),
    decode(data) {
      const parts = data.split(':');
      if (parts[0] !== verb || parts.length !== names.length + 1) return null;
      const out: Record<string, string | number> = { verb };
      for (const [i, n] of names.entries()) {
        const v = fields[n].read(parts[i + 1] ?? '');
        if (v === null) return null;
        out[n] = v;
      }
      return out as { verb: V } & A;
    },
  };
}

/** Where a person's messages go (/where): Telegram, the Bitrix24 messenger, or both. */
export const DELIVERY_CHOICES = ['telegram', 'b24chat', 'both'] as const;
export type DeliveryChoice = (typeof DELIVERY_CHOICES)[number];

/** The periods /stats offers: today, this week (from Monday), this month (from the 1st). */
export const REPORT_PERIODS = ['day', 'week', 'month'] as const;
export type ReportPeriod = (typeof REPORT_PERIODS)[number];

/** Minutes an alert can be snoozed by (issue 17). */
export const SNOOZE_MINUTES = [15, 60] as const;

/** Days to the next follow-up call offered after «Позвонил» (0: none). */
export const NEXT_CALL_DAYS = [0, 30, 90] as const;

export const buttons = {
  // The deal desk: cards and escalation alerts.
  claim: codec('claim', { assignmentId: id }),
  remind: codec('remind', { assignmentId: id }),
  reassign: codec('reassign', { assignmentId: id }),
  reassignTo: codec('reassign-to', { assignmentId: id, userId: id }),
  /** «Отложить 15 мин / 1 ч» on an alert: the escalation of that level waits, then alerts again. */
  snooze: codec('snooze', { assignmentId: id, level: index, minutes: oneOf(...SNOOZE_MINUTES) }),
  /** «◀ 2/67 ▶» on a digest or a manager's list of waiting deals: show that page (0-based) in place. */
  listPage: codec('lpage', { bundleId: id, page: id }),
  // The payment desk: prompts to managers and the announcer's pick among several invoices.
  payYes: codec('pay-yes', { promptId: id }),
  payNo: codec('pay-no', { promptId: id }),
  // «✖ Не мой / ошибка» asks first (it closes the prompt and tells «Оплата», with no undo): confirm or back.
  payNoSure: codec('pay-no-sure', { promptId: id }),
  payBack: codec('pay-back', { promptId: id }),
  payRecheck: codec('pay-recheck', { promptId: id }),
  payPick: codec('pay-pick', { choiceId: id, index }),
  // Follow-ups: calls, surveys, failure analysis.
  called: codec('fu-called', { followUpId: id }),
  tomorrow: codec('fu-tomorrow', { followUpId: id }),
  inAWeek: codec('fu-week', { followUpId: id }),
  skip: codec('fu-skip', { followUpId: id }),
  surveySent: codec('fu-sent', { followUpId: id }),
  surveyRefused: codec('fu-refused', { followUpId: id }),
  failureAnalysed: codec('fa-done', { followUpId: id }),
  nextCall: codec('fu-next', { followUpId: id, days: oneOf(...NEXT_CALL_DAYS) }),
  // Reports: /stats periods and the CSV of one.
  stats: codec('stats', { period: oneOf(...REPORT_PERIODS) }),
  statsCsv: codec('stats-csv', { period: oneOf(...REPORT_PERIODS) }),
  // People: where messages go.
  where: codec('where', { choice: oneOf(...DELIVERY_CHOICES) }),
} as const;

type Codecs = typeof buttons;
/** A decoded press, by codec name. */
export type PressOf<K extends keyof Codecs> = NonNullable<ReturnType<Codecs[K]['decode']>>;
/** Any decoded press, tagged with its codec's name. */
export type ButtonPress = { [K in keyof Codecs]: { button: K } & PressOf<K> }[keyof Codecs];

/** Callback data → the press it encodes; null for anything else. */
export function decodeButton(data: string): ButtonPress | null {
  for (const name of Object.keys(buttons) as Array<keyof Codecs>) {
    const press = buttons[name].decode(data);
    if (press) return { button: name, ...press } as ButtonPress;
  }
  return null;
}
