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
