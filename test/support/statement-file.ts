/** A 1C «Клиент-Банк» export as banks write it (windows-1251, CRLF): our account 40702810500000054321. */
import iconv from 'iconv-lite';

export interface StatementDoc {
  n: number;
  sum: string;
  inn: string;
  payer: string;
  purpose: string;
  /** Money that left our account (skipped by the bot). */
  out?: boolean;
  /** The payer's account; a fixed one unless given. */
  account?: string;
  date?: string;
}

export function statementFile(docs: StatementDoc[]): Buffer {
  const lines = [
    '1CClientBankExchange',
    'ВерсияФормата=1.03',
    'Кодировка=Windows',
    'Отправитель=Бухгалтерия предприятия',
    'ДатаНачала=27.11.2026',
    'ДатаКонца=27.11.2026',
    'РасчСчет=40702810500000054321',
    'СекцияРасчСчет',
    'ДатаНачала=27.11.2026',
    'РасчСчет=40702810500000054321',
    'НачальныйОстаток=100000.00',
    'КонецРасчСчет',
  ];
  for (const d of docs)
    lines.push(
      'СекцияДокумент=Платежное поручение',
      `Номер=${d.n}`,
      `Дата=${d.date ?? '27.11.2026'}`,
      `Сумма=${d.sum}`,
      `ПлательщикСчет=${d.out ? '40702810500000054321' : (d.account ?? '40702810900000012345')}`,
      ...(d.out ? ['ДатаСписано=27.11.2026', 'ДатаПоступило='] : ['ДатаПоступило=27.11.2026']),
      `Плательщик=ИНН ${d.inn} ${d.payer}`,
      `ПлательщикИНН=${d.inn}`,
      `Плательщик1=${d.payer}`,
      `ПолучательСчет=${d.out ? '40702810900000099999' : '40702810500000054321'}`,
      `НазначениеПлатежа=${d.purpose}`,
      'КонецДокумента',
    );
  lines.push('КонецФайла');
  return iconv.encode(lines.join('\r\n'), 'win1251');
}
