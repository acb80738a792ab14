/**
 * Cutting text by what a person sees: graphemes (Intl.Segmenter), never inside an emoji, a flag or
 * a surrogate pair — a lone surrogate is invalid UTF-8, which Telegram refuses (the message, and every
 * retry of it, fails). Pure.
 */
const segmenter = new Intl.Segmenter('ru', { granularity: 'grapheme' });

/**
 * The longest message sent in one piece: Telegram's limit is 4,096 characters after entity parsing
 * (core.telegram.org/bots/api#sendmessage); the raw HTML is never shorter than what it shows, so a
 * text within it in raw characters is within it after parsing.
 */
export const MESSAGE_LIMIT = 4096;

/**
 * The Bitrix24 messenger's limit is 20,000 characters, the excess cut off with « (...)»
 * (api-reference/chat-bots/chat-bots-v2/imbot.v2/messages/index.md#limits, chat-message-send.md). It
 * counts the BB-code text the transport makes of our HTML, which escaping can make longer — at most
 * twice as long (a `[` gains a zero-width space, a run of dashes one between each two) — so half of it.
 */
export const B24_MESSAGE_LIMIT = 10_000;

/**
 * Buttons under one message: Telegram refuses more than 100, or more than 8 in a row («reply markup is
 * too long»; undocumented in the Bot API: assumed from what bots meet, as simulator/telegram-proxy.ts
 * does). Bitrix24 documents no limit (message-keyboards.md); undocumented: assumed the same is safe there.
 */
export const KEYBOARD_LIMIT = 100;

/** At most `max` graphemes; a cut text ends with «…» (counted in `max`). */
export function cutText(text: string, max: number): string {
  if (text.length <= max) return text; // a grapheme is at least one UTF-16 unit: nothing to cut
  const out: string[] = [];
  for (const { segment } of segmenter.segment(text)) {
    if (out.length === max) {
      out[max - 1] = '…';
      return out.join('');
    }
    out.push(segment);
  }
  return out.join('');
}

/** The largest index ≤ `at` that is a grapheme boundary of `text` (a safe place to split it). */
export function graphemeBoundary(text: string, at: number): number {
  if (at >= text.length) return text.length;
  let last = 0;
  for (const { index } of segmenter.segment(text)) {
    if (index > at) break;
    last = index;
  }
  return last;
}

/**
 * A message's HTML text made at most `max` characters long by shortening its longest lines (user
 * data: a comment, an address), never its short ones (the head, the deadline, the buttons' meaning).
 * A shortened line loses its tags (no tag or entity is left cut open) and ends with «…».
 */
export function shortenMarkup(text: string, max: number): string {
  const lines = text.split('\n');
  for (let guard = 0; lines.join('\n').length > max && guard < lines.length * 4; guard++) {
    const excess = lines.join('\n').length - max;
    let longest = 0;
    for (let i = 1; i < lines.length; i++) if ((lines[i] ?? '').length > (lines[longest] ?? '').length) longest = i;
    const line = lines[longest] ?? '';
    if (line.length <= 1) break;
    // Tags gone; entities are kept whole by cutting the decoded text and escaping it again.
    const plain = decodeBasic(line.replace(/<[^>]*>/g, ''));
    const keep = Math.max(1, plain.length - excess - 1);
    lines[longest] = encodeBasic(cutText(plain, keep < plain.length ? keep : plain.length - 1));
  }
  return lines.join('\n');
}

const decodeBasic = (s: string) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');
const encodeBasic = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
