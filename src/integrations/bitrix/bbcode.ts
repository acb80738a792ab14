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

type Node = string | { tag: string; content?: Node[] | null } | null | undefined;

/** Tags whose end is a line break in the portal's rendering. */
const BLOCK = new Set(['p', 'quote', 'code', 'list', '*', 'table', 'tr', 'br']);

function textOf(nodes: Node[] | null | undefined, out: string[]): void {
  for (const n of nodes ?? []) {
    if (typeof n === 'string') out.push(n);
    else if (n && typeof n === 'object') {
      if (n.tag === '*') out.push('\n• ');
      textOf(n.content, out);
      if (BLOCK.has(n.tag.toLowerCase()) && n.tag !== '*') out.push('\n');
    }
  }
}

/** COMMENTS as plain text: BB codes dropped (their text kept), <br> as line breaks, HTML tags dropped, entities decoded. */
export function commentsToPlainText(raw: string): string {
  const html = raw.replace(/<br\s*\/?>/gi, '\n').replace(/<[^>]+>/g, '');
  const out: string[] = [];
  textOf(parse(html) as Node[], out);
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
  return text.replace(/\[/g, '[\u200b');
}
