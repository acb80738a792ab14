import { describe, expect, it } from 'vitest';
import { htmlToBbCode, toKeyboard } from '../../src/integrations/bitrix/chat-transport';
import { commentsToPlainText } from '../../src/integrations/bitrix/bbcode';
import { dealCard } from '../../src/texts';

describe('the Bitrix24 messenger rendering', () => {
  it('when a text uses our HTML subset, then it becomes BB codes with entities decoded', () => {
    expect(
      htmlToBbCode(
        '<b>ООО «Бетон»</b> &amp; <i>сын</i>: <a href="https://x.bitrix24.ru/crm/deal/details/5/?a=1&amp;b=2">сделка</a> 5 &lt; 6',
      ),
    ).toBe(
      '[b]ООО «Бетон»[/b] & [i]сын[/i]: [url=https://x.bitrix24.ru/crm/deal/details/5/?a=1&b=2]сделка[/url] 5 < 6',
    );
  });

  it('when a card has rows of buttons, then each action runs the hidden command once (BLOCK), rows are split by NEWLINE and the keyboard names its BOT_ID', () => {
    const kb = toKeyboard(
      [[{ text: '✅ Беру в работу', action: 'claim:17' }], [{ text: 'Открыть', url: 'https://x/deal/5/' }]],
      1001,
    );
    expect(kb).toEqual({
      BOT_ID: 1001,
      BUTTONS: [
        { TEXT: '✅ Беру в работу', COMMAND: 'act', COMMAND_PARAMS: 'claim:17', BLOCK: 'Y', DISPLAY: 'LINE' },
        { TYPE: 'NEWLINE' },
        { TEXT: 'Открыть', LINK: 'https://x/deal/5/', DISPLAY: 'LINE' },
      ],
    });
    expect(toKeyboard([], 1001)).toBeUndefined();
  });

  it('when a real deal card is rendered, then no HTML tag is left in it', () => {
    const card = dealCard(
      {
        deal: {
          id: 5,
          title: 'Бетон <М300>',
          categoryId: 0,
          stageId: 'NEW',
          assignedById: 7,
          contactId: null,
          companyId: null,
          amount: 1000,
          currency: 'RUB',
          comment: '',
          address: null,
          dateModify: null,
        },
        client: { name: 'Иван', phone: '+7 921 111-22-33', company: null },
        pipelineName: 'Бетон',
        stageName: 'Новая',
        link: 'https://x.bitrix24.ru/crm/deal/details/5/',
        zone: 'Europe/Moscow',
        now: Date.parse('2026-11-23T07:00:00Z'),
        dueAt: Date.parse('2026-11-23T07:10:00Z'),
        offHours: false,
        managerName: 'Гракун Е.',
      },
      1,
    );
    const bb = htmlToBbCode(card.text);
    expect(bb).not.toMatch(/<\/?(b|i|a)\b/);
    expect(bb).toContain('Бетон <М300>');
  });

  it('when user data holds BB codes, then they reach Bitrix24 inert: no bold, no link, no mention can open', () => {
    const bb = htmlToBbCode('<b>Сделка</b>: [b]жирно[/b] [url=https://evil.example]жми[/url] [USER=1]Директор[/USER]');
    expect(bb.startsWith('[b]Сделка[/b]: ')).toBe(true);
    expect(bb.slice('[b]Сделка[/b]: '.length)).not.toMatch(/\[\/?(b|url|USER)[\]=]/i);
    // What people see is still what was typed (the zero-width space is invisible).
    expect(bb.replaceAll('\u200b', '')).toBe(
      '[b]Сделка[/b]: [b]жирно[/b] [url=https://evil.example]жми[/url] [USER=1]Директор[/USER]',
    );
  });

  it('when deal COMMENTS hold BB codes, HTML and entities (crm-deal-add.md), then the card text is plain', () => {
    expect(
      commentsToPlainText(
        '[b]Срочно[/b]: бетон [i]М300[/i],<br>[url=https://maps.example/1]адрес[/url] &quot;Заря&quot; &amp; Ко[list][*]10 м³[*]насос[/list]',
      ),
    ).toBe('Срочно: бетон М300,\nадрес "Заря" & Ко\n• 10 м³\n• насос');
  });
});
