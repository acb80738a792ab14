/**
 * A fresh user's findings on statement files and chat versions (round 25): a bank document merged
 * into a chat announcement keeps its own claim once that announcement is withdrawn or changed (H1).
 */
import Database from 'better-sqlite3';
import iconv from 'iconv-lite';
import { afterEach, describe, expect, it } from 'vitest';
import { type Harness, PEOPLE } from '../../simulator/harness';
import { settle } from '../../simulator/settle';
import { faults } from '../../simulator/telegram-proxy';
import { dealWithInvoice, HOUR, labels, promptsTo, startPaymentWorld, YES } from '../support/payment-world';
import { statementFile } from '../support/statement-file';

const CHAT = -100725;
let h: Harness;
afterEach(async () => {
  await h?.stop();
});

const doc943 = {
  n: 377,
  sum: '4000.00',
  inn: '7806210729',
  payer: 'ООО "ЭЛЕКСИС"',
  purpose: 'Оплата по счету № 2018/943',
};
const chatFrom = { id: CHAT, type: 'group' as const, title: 'Оплата' };
const director = { id: PEOPLE.director.telegram, is_bot: false, first_name: 'A' };
/** The live prompts of Гракун: their text as it reads now, for those still offering «Да». */
const live = () => promptsTo(h, PEOPLE.grakun.telegram).filter((m) => labels(m).includes(YES));

describe('a bank document merged into a chat announcement (H1)', () => {
  it.each([
    ['the caption removed', undefined],
    ['the caption changed into a note', 'выписка за 27.11'],
  ])('is prompted on its own when %s', async (_name, caption) => {
    let company: number;
    ({ h, company } = await startPaymentWorld(CHAT));
    await dealWithInvoice(h, company, '2018/943', 4000);
    const file = h.tgFiles.offer('kl_to_1c.txt', statementFile([doc943]));
    const id = await h.postRaw(PEOPLE.director.telegram, CHAT, {
      document: file,
      caption: 'Оплачен счет 2018/943 на 4000',
    });
    expect(live()).toHaveLength(1);
    await h.app.telegram!.bot.handleUpdate({
      update_id: 7777,
      edited_message: {
        message_id: id,
        date: 0,
        edit_date: 1,
        chat: chatFrom,
        from: director,
        document: file,
        ...(caption ? { caption } : {}),
      },
    } as never);
    await settle(h.app);
    await h.advance(60_000);
    // The caption's prompt is withdrawn; the bank document's own is live, for its 4 000 ₽.
    expect(live()).toHaveLength(1);
    expect(live()[0]?.text).toMatch(/4\s000\s₽[\s\S]*совпадает/u);
    expect(
      h
        .messagesTo(CHAT)
        .map((m) => m.text)
        .join('\n'),
    ).toContain('п/п № 377 из выписки');
  });

  it('is prompted on its own when the announcement is edited into another invoice', async () => {
    let company: number;
    ({ h, company } = await startPaymentWorld(CHAT));
    await dealWithInvoice(h, company, '2018/943', 4000);
    await dealWithInvoice(h, company, '2018/950', 7000, { managerId: PEOPLE.ivanov.id });
    const msg = await h.say(PEOPLE.director.telegram, CHAT, 'Оплачен счет 2018/943 на 4000');
    await h.postRaw(PEOPLE.director.telegram, CHAT, {
      document: h.tgFiles.offer('kl_to_1c.txt', statementFile([doc943])),
    });
    expect(live()).toHaveLength(1);
    const first = live()[0]?.messageId;
    await h.edit(PEOPLE.director.telegram, CHAT, msg, 'Оплачен счет 2018/950 на 7000');
    await h.advance(HOUR);
    expect(live()).toHaveLength(1);
    expect(live()[0]?.messageId).not.toBe(first);
  });

  it('gets its own prompt beside the changed one when the caption names another sum', async () => {
    let company: number;
    ({ h, company } = await startPaymentWorld(CHAT));
    await dealWithInvoice(h, company, '2018/943', 4000);
    const file = h.tgFiles.offer('kl_to_1c.txt', statementFile([doc943]));
    const id = await h.postRaw(PEOPLE.director.telegram, CHAT, {
      document: file,
      caption: 'Оплачен счет 2018/943 на 4000',
    });
    await h.app.telegram!.bot.handleUpdate({
      update_id: 7778,
      edited_message: {
        message_id: id,
        date: 0,
        edit_date: 1,
        chat: chatFrom,
        from: director,
        document: file,
        caption: 'Оплачен счет 2018/943 на 3500',
      },
    } as never);
    await settle(h.app);
    await h.advance(60_000);
    // The bank says 4 000 came in: that payment keeps a «Да» of its own.
    expect(live()).toHaveLength(1);
    expect(live()[0]?.text).toMatch(/4\s000\s₽/u);
  });
});

describe('an older version of a chat message delivered again (H3)', () => {
  const original = (id: number, updateId: number) => ({
    update_id: updateId,
    message: { message_id: id, date: 0, chat: chatFrom, from: director, text: 'Оплачен счет 2018/943 на 4000' },
  });
  const edit = (id: number, updateId: number) => ({
    update_id: updateId,
    edited_message: {
      message_id: id,
      date: 0,
      edit_date: 1,
      chat: chatFrom,
      from: director,
      text: 'Оплачен счет 2018/943 на 3500',
    },
  });

  it('never brings back the stale sum after the edit', async () => {
    let company: number;
    ({ h, company } = await startPaymentWorld(CHAT));
    await dealWithInvoice(h, company, '2018/943', 4000);
    const id = await h.say(PEOPLE.director.telegram, CHAT, 'Оплачен счет 2018/943 на 4000');
    await h.app.telegram!.bot.handleUpdate(edit(id, 5554) as never);
    await settle(h.app);
    const thread = h.messagesTo(CHAT).length;
    await h.app.telegram!.bot.handleUpdate(original(id, 5555) as never);
    await settle(h.app);
    await h.advance(10_000);
    expect(live()).toHaveLength(0);
    expect(h.messagesTo(CHAT)).toHaveLength(thread);
  });

  it('changes nothing when the original and its edit come again after a restart', async () => {
    let company: number;
    ({ h, company } = await startPaymentWorld(CHAT));
    await dealWithInvoice(h, company, '2018/943', 4000);
    const id = await h.say(PEOPLE.director.telegram, CHAT, 'Оплачен счет 2018/943 на 4000');
    await h.app.telegram!.bot.handleUpdate(edit(id, 5554) as never);
    await settle(h.app);
    const thread = h.messagesTo(CHAT).length;
    const manager = h.messagesTo(PEOPLE.grakun.telegram).map((m) => m.text);
    await h.restart();
    await h.app.telegram!.bot.handleUpdate(original(id, 1) as never);
    await h.app.telegram!.bot.handleUpdate(edit(id, 2) as never);
    await settle(h.app);
    await h.advance(10_000);
    expect(h.messagesTo(CHAT)).toHaveLength(thread);
    expect(h.messagesTo(PEOPLE.grakun.telegram).map((m) => m.text)).toEqual(manager);
  });
});

describe('a statement file cut short or in DOS encoding, posted in the chat (M5, M6)', () => {
  const docs = [
    doc943,
    {
      n: 378,
      sum: '5000.00',
      inn: '7806210729',
      payer: 'ООО "ЭЛЕКСИС"',
      purpose: 'Оплата по счету 2018/944 за щебень',
    },
  ];
  const text = () => iconv.decode(statementFile(docs), 'win1251');

  it('reads what came whole, never a cut sum, and tells the thread the file is cut', async () => {
    let company: number;
    ({ h, company } = await startPaymentWorld(CHAT));
    await dealWithInvoice(h, company, '2018/943', 4000);
    await dealWithInvoice(h, company, '2018/944', 5000, { managerId: PEOPLE.ivanov.id });
    const t = text();
    const cut = `${t.slice(0, t.indexOf('Сумма=5000.00'))}Сумма=50\r\nПлательщикИНН=7806210729\r\nНазначениеПлатежа=Оплата по счету 2018/944`;
    await h.postRaw(PEOPLE.director.telegram, CHAT, {
      document: h.tgFiles.offer('kl_to_1c.txt', iconv.encode(cut, 'win1251')),
    });
    expect(live()).toHaveLength(1);
    expect(promptsTo(h, PEOPLE.ivanov.telegram)).toHaveLength(0);
    const thread = h
      .messagesTo(CHAT)
      .map((m) => m.text)
      .join('\n');
    expect(thread).toContain('Файл «kl_to_1c.txt» оборван на п/п № 378 от 27.11.2026');
    expect(thread).not.toContain('50 ₽');
  });

  it('reads a cp866 file whose header says «Кодировка=DOS»', async () => {
    let company: number;
    ({ h, company } = await startPaymentWorld(CHAT));
    await dealWithInvoice(h, company, '2018/943', 4000);
    const dos = iconv.encode(text().replace('Кодировка=Windows', 'Кодировка=DOS'), 'cp866');
    await h.postRaw(PEOPLE.director.telegram, CHAT, { document: h.tgFiles.offer('kl_to_1c.txt', dos) });
    expect(live()).toHaveLength(1);
    expect(
      h
        .messagesTo(CHAT)
        .map((m) => m.text)
        .join('\n'),
    ).toContain('📄 Выписка: 2 входящих платежа');
  });
});

describe('a statement file whose download Telegram defers (M9)', () => {
  it('is downloaded after retry_after and read, with no one asked to post it again', async () => {
    let company: number;
    ({ h, company } = await startPaymentWorld(CHAT));
    await dealWithInvoice(h, company, '2018/943', 4000);
    h.telegramProxy.inject({ method: 'getFile', fault: faults.tooMany(30) });
    await h.postRaw(PEOPLE.director.telegram, CHAT, {
      document: h.tgFiles.offer('kl_to_1c.txt', statementFile([doc943])),
    });
    expect(live()).toHaveLength(0);
    await h.advance(31_000);
    expect(live()).toHaveLength(1);
    const thread = h
      .messagesTo(CHAT)
      .map((m) => m.text)
      .join('\n');
    expect(thread).toContain('📄 Выписка: 1 входящий платёж');
    expect(thread).not.toContain('Не получилось скачать');
  });
});

describe('what a statement file is told (L11, L12, L13)', () => {
  it('says a file over 2 MB is too large, not that it is no statement', async () => {
    ({ h } = await startPaymentWorld(CHAT));
    const big = Buffer.alloc(2 * 1024 * 1024 + 1, 0x20);
    await h.postRaw(PEOPLE.director.telegram, CHAT, { document: h.tgFiles.offer('kl_to_1c_квартал.txt', big) });
    const thread = h
      .messagesTo(CHAT)
      .map((m) => m.text)
      .join('\n');
    expect(thread).toContain('больше 2 МБ');
    expect(thread).not.toContain('не похож на выписку');
  });

  it('says so too when the update gave no file_size and the download finds it too large', async () => {
    ({ h } = await startPaymentWorld(CHAT));
    const { file_size: _size, ...document } = h.tgFiles.offer('kl.txt', Buffer.alloc(2 * 1024 * 1024 + 1, 0x20));
    await h.postRaw(PEOPLE.director.telegram, CHAT, { document });
    const thread = h
      .messagesTo(CHAT)
      .map((m) => m.text)
      .join('\n');
    expect(thread).toContain('больше 2 МБ');
    expect(thread).not.toContain('Отправьте его, пожалуйста, ещё раз');
  });

  it('names the outgoing documents it skipped', async () => {
    ({ h } = await startPaymentWorld(CHAT));
    const out = statementFile([{ ...doc943, n: 12, sum: '90000.00', payer: 'ООО "НАША ФИРМА"', out: true }]);
    await h.postRaw(PEOPLE.director.telegram, CHAT, { document: h.tgFiles.offer('kl_out.txt', out) });
    expect(
      h
        .messagesTo(CHAT)
        .map((m) => m.text)
        .join('\n'),
    ).toContain('📄 Выписка: 0 входящих платежей (исходящие и переводы между своими счетами пропущены: 1).');
  });

  it('counts a document merged into a waiting prompt as waiting, not as «другое»', async () => {
    let company: number;
    ({ h, company } = await startPaymentWorld(CHAT));
    await dealWithInvoice(h, company, '2018/943', 4000);
    const file = h.tgFiles.offer('kl_to_1c.txt', statementFile([doc943]));
    await h.postRaw(PEOPLE.director.telegram, CHAT, { document: file, caption: 'Оплачен счет 2018/943 на 4000' });
    const thread = h
      .messagesTo(CHAT)
      .map((m) => m.text)
      .join('\n');
    expect(thread).toContain('уже ждут подтверждения: 1');
    expect(thread).not.toContain('другое');
  });
});

describe('a statement file from someone who does not announce payments (L16)', () => {
  it('is not read, and the thread is told whose statements are', async () => {
    let company: number;
    ({ h, company } = await startPaymentWorld(CHAT));
    await dealWithInvoice(h, company, '2018/943', 4000);
    await h.postRaw(PEOPLE.grakun.telegram, CHAT, {
      document: h.tgFiles.offer('kl_to_1c.txt', statementFile([doc943])),
    });
    await h.postRaw(PEOPLE.grakun.telegram, CHAT, { document: h.tgFiles.offer('фото.pdf', Buffer.from('%PDF-1.4')) });
    expect(live()).toHaveLength(0);
    expect(h.messagesTo(CHAT).map((m) => m.text)).toEqual([
      'Выписки из банка я читаю только от тех, кто объявляет оплаты (Петров А.), эту не читаю — пусть кто-то из них отправит файл сюда.',
    ]);
  });
});

describe('an album of files under one payment caption (L10)', () => {
  it('reads the caption and does not answer its other files', async () => {
    let company: number;
    ({ h, company } = await startPaymentWorld(CHAT));
    await dealWithInvoice(h, company, '2018/943', 4000);
    const pdf = (name: string) => h.tgFiles.offer(name, Buffer.from('%PDF-1.4'));
    const album = { media_group_id: '13579' };
    await h.postRaw(PEOPLE.director.telegram, CHAT, {
      ...album,
      document: pdf('платёж 1.pdf'),
      caption: 'Оплачен счет 2018/943 на 4000',
    });
    await h.postRaw(PEOPLE.director.telegram, CHAT, { ...album, document: pdf('платёж 2.pdf') });
    await h.postRaw(PEOPLE.director.telegram, CHAT, { ...album, document: pdf('платёж 3.pdf') });
    expect(live()).toHaveLength(1);
    expect(h.messagesTo(CHAT).map((m) => m.text)).toEqual(['→ Гракун Е., счёт 2018/943']);
  });

  it('when the album was read longer ago than the retention period, then its mark and its messages’ version stamps are pruned; newer ones stay', async () => {
    let company: number;
    ({ h, company } = await startPaymentWorld(CHAT));
    await dealWithInvoice(h, company, '2018/943', 4000);
    const pdf = (name: string) => h.tgFiles.offer(name, Buffer.from('%PDF-1.4'));
    await h.postRaw(PEOPLE.director.telegram, CHAT, {
      media_group_id: '13579',
      document: pdf('платёж 1.pdf'),
      caption: 'Оплачен счет 2018/943 на 4000',
    });
    await h.postRaw(PEOPLE.director.telegram, CHAT, { media_group_id: '13579', document: pdf('платёж 2.pdf') });
    const side = new Database(h.dbPath, { readonly: true });
    const rows = () =>
      side
        .prepare(
          `SELECT (SELECT count(*) FROM payment_message_stamps) AS stamps,
                  (SELECT count(*) FROM kv WHERE key LIKE 'payments.album-read:%') AS albums`,
        )
        .get() as { stamps: number; albums: number };
    expect(rows()).toEqual({ stamps: 2, albums: 1 });
    const DAY = 86_400_000;
    h.clock.advance(89 * DAY);
    await h.say(PEOPLE.director.telegram, CHAT, 'Оплачен счет 2018/944 на 1000');
    expect((await h.app.prune(true))?.paymentStamps).toBe(0);
    h.clock.advance(2 * DAY);
    expect((await h.app.prune(true))?.paymentStamps).toBe(3);
    expect(rows()).toEqual({ stamps: 1, albums: 0 });
    side.close();
  });

  it('still answers a lone file of another album', async () => {
    ({ h } = await startPaymentWorld(CHAT));
    await h.postRaw(PEOPLE.director.telegram, CHAT, {
      media_group_id: '24680',
      document: h.tgFiles.offer('скан.pdf', Buffer.from('%PDF-1.4')),
    });
    expect(
      h
        .messagesTo(CHAT)
        .map((m) => m.text)
        .join('\n'),
    ).toContain('не похож на выписку');
  });
});
