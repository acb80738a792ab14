/**
 * Round 14, texts a fresh user trips on: a «Фамилия И.» put in a case it cannot take («у Иванов П.»,
 * «взятие в работу Иванов П.»), and first-person buttons that were masculine for everyone.
 */
import { describe, expect, it } from 'vitest';
import * as texts from '../../src/texts';
import type { FollowUpView, Named } from '../../src/texts';

const NAME = 'Иванов П.';

/** A parameter or field that holds a person's (or a payer's) name, by its name in the code. */
const NAMEISH = /name|^by$|who|manager|announcer|payer|owner|head|person|colleague|deputy/i;

/**
 * A value a builder can take for any parameter: a string, a Named person, a view whose fields are such
 * values again, a list of one. Its text is «Иванов П.» where it stands for a person, else a neutral
 * «№ 1»; its fields are the name when their names say they hold one. Builders that need a number or a
 * date throw — they name nobody from such a parameter.
 */
function anything(text: string, gender?: 'M' | 'F'): unknown {
  const list = [text];
  const s = Object.assign(new String(text), { gender, inn: null });
  const self: unknown = new Proxy(s, {
    get(target, key, receiver) {
      if (typeof key === 'symbol' || (key in target && !NAMEISH.test(key))) {
        const v = Reflect.get(target, key, receiver);
        return typeof v === 'function' ? v.bind(target) : v;
      }
      if (key === 'name' || key === 'lastName') return NAME;
      if (NAMEISH.test(key)) return anything(NAME, gender);
      if (key in list) return (list as unknown as Record<string, unknown>)[key];
      if (key === 'toFixed') return () => '1.00';
      return anything('№ 1', gender);
    },
  });
  return self;
}

/** The names of a compiled function's parameters («(manager, number) =>» → manager, number). */
function paramNames(f: (...a: unknown[]) => unknown): string[] {
  const src = f.toString();
  const open = src.indexOf('(');
  const arrow = src.indexOf('=>');
  if (arrow >= 0 && (open < 0 || open > arrow)) return [src.slice(0, arrow).trim()];
  let depth = 0;
  let cur = '';
  const out: string[] = [];
  for (const ch of src.slice(open + 1)) {
    if (ch === ')' && depth === 0) break;
    if ('({['.includes(ch)) depth++;
    if (')}]'.includes(ch)) depth--;
    if (ch === ',' && depth === 0) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out.map((x) => x.split('=')[0]!.trim()).filter(Boolean);
}

/** Every function exported by texts.ts, at any depth of its objects, with a name to say where it is. */
function builders(): Array<[string, (...a: unknown[]) => unknown]> {
  const out: Array<[string, (...a: unknown[]) => unknown]> = [];
  const walk = (v: unknown, path: string, depth: number) => {
    if (typeof v === 'function') out.push([path, v as (...a: unknown[]) => unknown]);
    else if (v && typeof v === 'object' && depth < 3)
      for (const [k, x] of Object.entries(v)) walk(x, `${path}.${k}`, depth + 1);
  };
  for (const [k, v] of Object.entries(texts)) walk(v, k, 0);
  return out;
}

/** Every string a builder's output holds (a text, button labels, nested lines). */
function strings(v: unknown, seen = new Set<unknown>()): string[] {
  if (typeof v === 'string') return [v];
  if (!v || typeof v !== 'object' || seen.has(v)) return [];
  seen.add(v);
  return Object.values(v).flatMap((x) => strings(x, seen));
}

/**
 * The name right after a preposition or a noun that wants it in the genitive, dative or instrumental:
 * «у Иванов П.», «от Иванов П.», «назначена на Иванов П.», «взятие в работу Иванов П.».
 */
const OBLIQUE = new RegExp(
  String.raw`(?<![\p{L}])(?:у|от|для|без|до|к|ко|с|со|на|о|об|про|при|за|над|под|перед|через|по|между|взяти[ея] в работу|назначение|подтверждения|запрос|счетов|сч[её]та?|сделку)\s+«?${NAME.replace('.', '\\.')}`,
  'iu',
);

describe('a «Фамилия И.» only where it stands in the nominative', () => {
  it('when every text builder is given «Иванов П.» for each name, then none puts it after «у», «от», «на», «взятие в работу» …', () => {
    const found: string[] = [];
    let called = 0;
    for (const [path, f] of builders()) {
      for (const gender of ['M', 'F', undefined] as const) {
        let out: unknown;
        try {
          out = f(...paramNames(f).map((p) => anything(NAMEISH.test(p) ? NAME : '№ 1', gender)));
        } catch {
          continue; // a builder wanting another shape (a view object) is covered below
        }
        called++;
        for (const s of strings(out)) if (OBLIQUE.test(s)) found.push(`${path}: ${s}`);
      }
    }
    expect(called).toBeGreaterThan(150);
    expect([...new Set(found)]).toEqual([]);
  });

  it('when a sentence ends with «Иванов П.», then it has one full stop, not «П.. Отправил»', () => {
    const found: string[] = [];
    for (const [path, f] of builders())
      for (const gender of ['M', 'F', undefined] as const) {
        let out: unknown;
        try {
          out = f(...paramNames(f).map((p) => anything(NAMEISH.test(p) ? NAME : '№ 1', gender)));
        } catch {
          continue;
        }
        for (const s of strings(out)) if (/П\.\./u.test(s)) found.push(`${path}: ${s}`);
      }
    expect([...new Set(found)]).toEqual([]);
  });

  it('when the bot tells of a payment waiting at a manager or a payer with no number, then the name stays in the nominative', () => {
    const pc = texts.paymentChat;
    expect(pc.alreadyPending('2018/943', NAME)).toBe(
      'Счёт 2018/943: эта оплата уже ждёт подтверждения (ответственный — Иванов П.), второй запрос не отправляю.',
    );
    expect(pc.openBefore('2018/943', NAME, null)).toMatch(
      /^По счёту 2018\/943 уже открыт другой запрос \(ответственный — Иванов П\.\)\. Отправил/,
    );
    expect(pc.askForPayer({ name: 'Иванов П.', inn: null }, ['2018/943 на 4 000 ₽'])).toMatch(
      /^Какая сумма пришла от плательщика «Иванов П\.»\?/,
    );
    expect(pc.notFoundByPayer({ name: null, inn: '7806210729' })).toBe(
      'Не нашёл неоплаченный счёт плательщика с ИНН 7806210729 на эту сумму — напишите номер счёта, пожалуйста.',
    );
    expect(pc.askForPayer({ name: 'ООО «Вега»', inn: null }, [])).toMatch(
      /^Не нашёл открытых счетов плательщика ООО «Вега»\./,
    );
    expect(texts.replies.notYours({ name: NAME, gender: 'M' })).toBe(
      'Ответственный за эту сделку — Иванов П.: взять её может только он.',
    );
  });
});

const view: FollowUpView = {
  clientName: 'Сергей Орлов',
  phone: '+79218485383',
  company: null,
  dealTitle: 'Заявка #1',
  comment: '',
  amount: 0,
  currency: 'RUB',
  wonAt: null,
  zone: 'Europe/Moscow',
  link: 'https://b24.example/crm/deal/details/1/',
};
const labels = (m: { buttons?: Array<Array<{ text: string }>> }) => (m.buttons ?? []).flat().map((b) => b.text);

describe('first-person buttons agree with the manager', () => {
  const woman: Named = { name: 'Гракун Е.', gender: 'F' };
  const man: Named = { name: 'Иванов П.', gender: 'M' };
  const unknown: Named = { name: 'сотрудник #12' };

  it('when the follow-up call, the survey and the failure analysis come to a woman, a man, or someone whose gender is not known, then «Позвонила», «Позвонил», «Позвонил(а)»', () => {
    const call = (m: Named) => labels(texts.followUpCard(view, 1, m))[0];
    expect([call(woman), call(man), call(unknown)]).toEqual(['📞 Позвонила', '📞 Позвонил', '📞 Позвонил(а)']);
    const survey = (m: Named) => labels(texts.surveyCard(view, 1, '', 0, m))[0];
    expect([survey(woman), survey(man), survey(unknown)]).toEqual(['✅ Отправила', '✅ Отправил', '✅ Отправил(а)']);
    const failure = (m: Named) => labels(texts.failureAnalysisCard(view, 1, m))[0];
    expect([failure(woman), failure(man), failure(unknown)]).toEqual(['✅ Заполнила', '✅ Заполнил', '✅ Заполнил(а)']);
    expect(texts.morningButtons.called(2, woman)).toBe('2 · 📞 Позвонила');
    expect(texts.morningButtons.called(2, unknown)).toBe('2 · 📞 Позвонил(а)');
  });
});
