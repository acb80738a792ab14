/**
 * The text a Bitrix24 message shows, read before anything else: its BB-codes
 * («[url=…]№ 77[/url]», «[b]…[/b]», «[USER=12]Ольга[/USER]», «[br]»), the few HTML tags an export or a
 * copy keeps («<b>», «<br>», «<a href=…>») and HTML entities («15&nbsp;000», «&quot;Вега&quot;»).
 * A tag goes and keeps its text; a line-break tag becomes a line break; entities are decoded with
 * `entities` (the HTML5 table, as the messenger wrote them). Pure.
 */
import { decodeHTML } from 'entities';

const BB_TAGS =
  'b|i|u|s|url|user|color|size|font|quote|code|img|left|right|center|justify|list|table|tr|td|p|icon|chat|disk|spoiler';
const RE_BB_BREAK = /\[(?:br|\*)\]/giu;
const RE_BB = new RegExp(String.raw`\[\/?(?:${BB_TAGS})(?:=[^\]\n]{0,300})?\]`, 'giu');
const RE_HTML_BREAK = /<br\s*\/?>|<\/(?:p|div|li|tr)>/giu;
const RE_HTML = /<\/?(?:b|i|u|s|strong|em|a|p|div|span|font|li|ul|ol|tr|td|table)(?:\s[^<>\n]{0,300})?>/giu;

export function plainText(text: string): string {
  if (!/[[<&]/.test(text)) return text;
  let out = text;
  if (out.includes('[')) out = out.replace(RE_BB_BREAK, '\n').replace(RE_BB, '');
  if (out.includes('<')) out = out.replace(RE_HTML_BREAK, '\n').replace(RE_HTML, '');
  return out.includes('&') ? decodeHTML(out) : out;
}
