/**
 * A 1C statement pasted as text longer than one message: a Telegram client splits a text over 4,096
 * characters (the Bot API's sendMessage limit, after entities parsing) into several messages sent
 * one right after another, cut wherever the limit falls — in a field's value too; a long paste in the
 * Bitrix24 messenger may come split as well. This module decides, for each message of an announcer,
 * whether it starts a paste to hold, continues the one held, or is read on its own; and joins the
 * fragments back into the text that was pasted. Pure: time comes in as an argument.
 */
import { plainText } from './markup';

/** An exchange file's header line, its own first line. */
const RE_HEADER = /^\s*1CClientBankExchange\s*$/mu;
/** A line of exchange text: `Key=Value` (the value may be empty, or cut). */
const RE_FIELD = /^\s*[\p{L}\d]+=/u;
/** The section lines that stand alone. */
const RE_MARKER =
  /^\s*(?:1CClientBankExchange|КонецДокумента|КонецФайла|СекцияРасчСчет|КонецРасчСчет|СекцияДокумент=.*)\s*$/u;
const RE_SECTION = /^\s*СекцияДокумент\s*=/u;
const RE_DOC_END = /^\s*КонецДокумента\s*$/u;
const RE_FILE_END = /^\s*КонецФайла\s*$/mu;

const linesOf = (shown: string) => plainText(shown).split(/\r?\n/);
const isExchangeLine = (line: string) => RE_FIELD.test(line) || RE_MARKER.test(line);

/** Where a pasted exchange text visibly stops short. */
export type Unfinished =
  /** A document opened (`СекцияДокумент=`) and never closed (`КонецДокумента`): its fields as far as they came. */
  | { kind: 'document'; number: string | null; date: string | null; place: number }
  /** Every document closed, but the file's header came without `КонецФайла`. */
  | { kind: 'file' };

/**
 * Whether the text holds a 1C statement (a whole exchange file, or `СекцияДокумент=` blocks) and
 * where it is visibly unfinished: `null` when it holds none, `'complete'` when nothing is missing.
 */
export function pasteShape(shown: string): null | 'complete' | Unfinished {
  const lines = linesOf(shown);
  const header = lines.some((l) => RE_HEADER.test(l));
  let open: { fields: Map<string, string>; place: number } | null = null;
  let places = 0;
  for (const l of lines) {
    if (RE_SECTION.test(l)) {
      places++;
      open = { fields: new Map(), place: places };
    } else if (RE_DOC_END.test(l)) open = null;
    else if (open) {
      const m = /^\s*([\p{L}\d]+)=(.*?)\s*$/u.exec(l);
      if (m && !open.fields.has(m[1] ?? '')) open.fields.set(m[1] ?? '', m[2] ?? '');
    }
  }
  if (!header && places === 0) return null;
  if (open)
    return {
      kind: 'document',
      number: open.fields.get('Номер')?.trim() || null,
      date: open.fields.get('Дата')?.trim() || null,
      place: open.place,
    };
  if (header && !lines.some((l) => RE_FILE_END.test(l))) return { kind: 'file' };
  return 'complete';
}

/**
 * The fragments of one paste, in order, as the text that was pasted. A fragment cut in the middle of
 * a line goes on that line; one whose messenger dropped the line break at the cut (a client trims a
 * message's edges) starts a line of its own — when the line before is whole and the fragment starts
 * a field or a section.
 */
export function joinFragments(parts: string[]): string {
  let joined = '';
  for (const part of parts) {
    if (!joined) {
      joined = part;
      continue;
    }
    const last = joined.split(/\r?\n/).at(-1) ?? '';
    const first = part.split(/\r?\n/)[0] ?? '';
    const apart = /\n$/.test(joined) || /^\r?\n/.test(part);
    joined += !apart && isExchangeLine(last) && isExchangeLine(first) ? `\n${part}` : part;
  }
  return joined;
}

/**
 * Whether `next` continues the paste `sofar`: it is exchange text (its lines after the first — which
 * may be the rest of a cut line — are fields or sections), and no new file (a header) starts it. A
 * one-line message continues only when it is a field or a section itself, or ends the cut line as a
 * section line («Конец» + «Документа»). Chat text («выписку смотрю») never does.
 */
export function continuesPaste(sofar: string, next: string): boolean {
  const lines = linesOf(next);
  const first = lines[0] ?? '';
  if (RE_HEADER.test(first)) return false;
  // Its first line may end a cut line, its last may be cut itself: the lines between are fields.
  const inner = lines.slice(1, -1).filter((l) => l.trim() !== '');
  if (inner.length) return inner.every(isExchangeLine);
  if (lines.length > 1) return isExchangeLine(first) || isExchangeLine(lines.at(-1) ?? '');
  if (isExchangeLine(first)) return true;
  const boundary = (linesOf(sofar).at(-1) ?? '') + first;
  return RE_MARKER.test(boundary);
}

/** One message of the paste: its id in the chat and its text as the messenger delivered it. */
export interface PastePart {
  messageId: string;
  text: string;
}

/** The fragments in the order of their message ids (numeric ids as numbers). */
export function inMessageOrder(parts: PastePart[]): PastePart[] {
  const key = (id: string) => (/^\d+$/.test(id) ? Number(id) : Number.NaN);
  return [...parts].sort((a, b) => {
    const x = key(a.messageId);
    const y = key(b.messageId);
    return Number.isNaN(x) || Number.isNaN(y) ? a.messageId.localeCompare(b.messageId) : x - y;
  });
}

/**
 * What to do with an announcer's new message in the payment chat, given the paste of theirs held
 * there (null: none):
 * - `read`: read it now, as before;
 * - `hold`: a statement visibly unfinished — hold it, until `dueAt` at most;
 * - `join`: it continues the paste, which is still unfinished — hold on, until `dueAt` at most;
 * - `complete`: it continues the paste, which is now whole — read the joined text now;
 * - `interrupt`: it does not continue the paste (chat text, a file, a new statement) — read the paste
 *   as it came, then this message on its own (`after`: read it, or hold it until `dueAt`).
 */
export type PasteStep =
  | { kind: 'read' }
  | { kind: 'hold'; dueAt: number }
  | { kind: 'join'; dueAt: number }
  | { kind: 'complete' }
  | { kind: 'interrupt'; after: { kind: 'read' } | { kind: 'hold'; dueAt: number } };

export function nextPasteStep(
  held: PastePart[] | null,
  message: PastePart & { file: boolean },
  now: number,
  wait: number,
): PasteStep {
  const alone = (): { kind: 'read' } | { kind: 'hold'; dueAt: number } => {
    const shape = message.file ? null : pasteShape(message.text);
    return shape !== null && shape !== 'complete' ? { kind: 'hold', dueAt: now + wait } : { kind: 'read' };
  };
  if (!held?.length) return alone();
  // In the order of ids: the message continues what comes before it — or, come late, what was held continues it.
  const ordered = inMessageOrder([...held, message]);
  const place = ordered.indexOf(message);
  const textOf = (parts: PastePart[]) => joinFragments(parts.map((p) => p.text));
  const continues =
    place === 0
      ? continuesPaste(message.text, textOf(ordered.slice(1)))
      : continuesPaste(textOf(ordered.slice(0, place)), message.text);
  if (message.file || !continues) return { kind: 'interrupt', after: alone() };
  const shape = pasteShape(textOf(ordered));
  return shape === 'complete' || shape === null ? { kind: 'complete' } : { kind: 'join', dueAt: now + wait };
}
