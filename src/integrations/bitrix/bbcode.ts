/**
 * Bitrix24 BB codes both ways. Deal COMMENTS may hold BB codes (crm/deals/crm-deal-add.md:
 * "COMMENTS … supports BB codes") and HTML entities; a card shows them as plain text. Text we
 * send to the messenger is rendered to BB codes (chat-bots-v2/imbot.v2/messages/message-formatting.md),
 * where user data must never become markup.
 *
 * Parsing is @bbob/parser's (a maintained BB-code parser), entity decoding the `entities` package's.
 * Richer rendering of COMMENTS (lists, quotes as blocks) is left to a later issue.
 */
import { parse } from '@bbob/parser';
import { decodeHTML } from 'entities';

type Pos = { from: number; to: number };
type Node = string | { tag: string; content?: Node[] | null; start?: Pos; end?: Pos } | null | undefined;

/** Tags whose end is a line break in the portal's rendering. */
const BLOCK = new Set(['p', 'quote', 'code', 'list', '*', 'table', 'tr', 'br']);
/** Tags that stand alone (no closing tag); any other tag never closed was text: «размер [3x4] м». */
const SINGLE = new Set(['*', 'br', 'hr']);

function textOf(nodes: Node[] | null | undefined, src: string, out: string[]): void {
  for (const n of nodes ?? []) {
    if (typeof n === 'string') out.push(n);
    else if (n && typeof n === 'object') {
      const tag = n.tag.toLowerCase();
      if (!n.end && !SINGLE.has(tag) && n.start) {
        out.push(src.slice(n.start.from, n.start.to));
        textOf(n.content, src, out);
        continue;
      }
      if (tag === '*') out.push('\n• ');
      textOf(n.content, src, out);
      if (BLOCK.has(tag) && tag !== '*') out.push('\n');
    }
  }
}

/**
 * An HTML tag as the HTML tokenizer reads one (html.spec.whatwg.org, "tag open state"): `<` followed
 * by a letter, `/`+letter or `!` (a comment). Any other `<` is text — «Глубина <1,5 м, вес >2 т»
 * keeps every word.
 */
const HTML_TAG = /<(?:\/?[a-z][a-z0-9-]*(?:\s[^<>]*)?\/?|!--[\s\S]*?--|![a-z][^<>]*)>/gi;
/** HTML elements whose end is a line break on screen. */
const HTML_BLOCK = /<(?:br\s*\/?|\/(?:p|div|li|tr|h[1-6])\s*)>/gi;

/** COMMENTS as plain text: BB codes dropped (their text kept), <br> as line breaks, HTML tags dropped, entities decoded. */
export function commentsToPlainText(raw: string): string {
  const html = raw.replace(HTML_BLOCK, '\n').replace(HTML_TAG, '');
  const out: string[] = [];
  textOf(parse(html) as Node[], html, out);
  return decodeHTML(out.join(''))
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** Single tags that carry no words (message-formatting.md, "Date/Time and Files", "Images and Icons"). */
const WORDLESS = /\[(?:timestamp|disk|icon)=[^\]\n]*\]/gi;
/** The frame of a "full quote" of a message: a line of dashes (message-formatting.md, "Quotes and Code"). */
const QUOTE_FRAME = /^[ \t]*-{4,}[ \t]*$/;
/**
 * «Иван Петров [30.11.2026 10:32]»: the author line opening a full quote. Undocumented: assumed as
 * the web messenger inserts it (name, then the date and time in brackets).
 */
const QUOTE_AUTHOR = /^[^\n[\]]{1,80}\[\d{1,2}\.\d{1,2}\.\d{2,4}(?:[ ,]+\d{1,2}:\d{2}(?::\d{2})?)?\]\s*$/;

/**
 * A message typed in the Bitrix24 messenger as plain text, the way its reader sees it: BB codes
 * dropped (their text kept: a link's words, a mention's name), `[br]` as a line break, entities
 * decoded (`15&nbsp;000` → «15 000»), wordless tags (timestamp, disk, icon) dropped. Quotes become
 * `> ` lines, the form a quote takes in any messenger: `>>line`, and a full quote framed by dash
 * lines (its author line dropped — its date is not the message's number). A dash line with no
 * partner is text.
 */
export function chatMessageToPlainText(raw: string): string {
  const lines = commentsToPlainText(raw.replace(WORDLESS, '')).split('\n');
  const frames = lines.flatMap((l, i) => (QUOTE_FRAME.test(l) ? [i] : []));
  const out: string[] = [];
  let open = -1;
  for (const [i, line] of lines.entries()) {
    const at = frames.indexOf(i);
    if (at >= 0 && (open >= 0 || at % 2 === 0) && (open >= 0 || frames[at + 1] !== undefined)) {
      open = open >= 0 ? -1 : i;
      continue;
    }
    if (open >= 0) {
      if (!(i === open + 1 && QUOTE_AUTHOR.test(line))) out.push(`> ${line}`);
      continue;
    }
    const q = /^[ \t]*>>[ \t]?(.*)$/.exec(line);
    out.push(q ? `> ${q[1]}` : line);
  }
  return out.join('\n');
}

/**
 * User text made inert for BB codes: a zero-width space after each `[` keeps it on screen as
 * typed while no tag ([b], [url=…], [USER=…]) can open. The docs give BB codes no escape;
 * undocumented: assumed the portal's parser, like any, needs `[` directly before the tag name.
 */
export function escapeBbCode(text: string): string {
  return (
    text
      .replace(/\[/g, '[\u200b')
      // message-formatting.md, "Quotes and Code": `>>` at a line's start quotes it and a run of
      // dashes frames a "full quote" — markup without a bracket. A zero-width space breaks both.
      .replace(/(^|\n)([ \t]*)(>|&gt;)(>|&gt;)/g, '$1$2$3\u200b$4')
      .replace(/-{4,}/g, (run) => run.split('').join('\u200b'))
  );
}
