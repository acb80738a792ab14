import { execFile } from 'node:child_process';
import { PassThrough, Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runParsePayment } from '../../src/payments/parse-cli';

async function run(args: string[], stdin: string): Promise<{ code: number; out: string }> {
  const output = new PassThrough();
  const chunks: Buffer[] = [];
  output.on('data', (c: Buffer) => chunks.push(c));
  const code = await runParsePayment(args, Readable.from([stdin]), output);
  output.end();
  return { code, out: Buffer.concat(chunks).toString('utf8') };
}

describe('runParsePayment --jsonl', () => {
  it('when three messages come in, then exactly three JSON lines come out, in order, with the documented keys', async () => {
    const input = [
      { text: 'Элексис оплатил 2018/943 4000' },
      { text: 'Совещание в 15:00' },
      { text: 'Оплаты:\n1) сч 943 — 4000\n2) сч 944 — 2500' },
    ]
      .map((o) => JSON.stringify(o))
      .join('\n');
    const { code, out } = await run(['--jsonl'], `${input}\n`);
    expect(code).toBe(0);
    const lines = out.split('\n').filter(Boolean);
    expect(lines).toHaveLength(3);
    expect(out.endsWith('\n')).toBe(true);
    expect(lines[0]).toBe(
      '{"isPayment":true,"invoices":["2018/943"],"amount":4000,"currency":"RUB","inn":null,"payer":"Элексис","partial":false,"items":[{"invoice":"2018/943","amount":4000}]}',
    );
    expect(JSON.parse(lines[1] ?? '')).toMatchObject({ isPayment: false, invoices: [] });
    expect(JSON.parse(lines[2] ?? '')).toMatchObject({ invoices: ['943', '944'], amount: 6500 });
    for (const l of lines)
      expect(Object.keys(JSON.parse(l) as object)).toEqual([
        'isPayment',
        'invoices',
        'amount',
        'currency',
        'inn',
        'payer',
        'partial',
        'items',
      ]);
  });

  it('when a message is in dollars or euros, then its currency says so, in the line and in the summary (not roubles)', async () => {
    const { out } = await run(
      ['--jsonl'],
      ['сч.1073 — 15 600 $', '1074 оплачен, 2 500 евро', 'оплачен 943 на 4000']
        .map((text) => JSON.stringify({ text }))
        .join('\n'),
    );
    expect(
      out
        .split('\n')
        .filter(Boolean)
        .map((l) => (JSON.parse(l) as { currency: string }).currency),
    ).toEqual(['USD', 'EUR', 'RUB']);
    const summary = await run(['сч.1073 — 15 600 $'], '');
    expect(summary.out).toMatch(/amount: {3}15 600 USD\n/);
  });

  it('when a line is not JSON or has no string text, then that line becomes an error line and order is kept', async () => {
    const input = [
      '{"text":"Оплачен сч 1 000"',
      '{"text":"Оплачен сч 943, 4000"}',
      '{"text":42}',
      '[1,2]',
      '{"text":"Элексис оплатил"}',
    ].join('\n');
    const { out } = await run(['--jsonl'], input);
    const lines = out
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(5);
    expect(lines[0]).toHaveProperty('error');
    expect(lines[1]).toMatchObject({ invoices: ['943'], amount: 4000 });
    expect(lines[2]).toHaveProperty('error');
    expect(lines[3]).toHaveProperty('error');
    expect(lines[4]).toMatchObject({ isPayment: true, invoices: [] });
  });

  it('when there are fully empty lines, then they are skipped', async () => {
    const { out } = await run(['--jsonl'], '\n{"text":"Элексис оплатил"}\n\n\n');
    expect(out.split('\n').filter(Boolean)).toHaveLength(1);
  });
});

describe('runParsePayment with a message', () => {
  it('when a message is given as arguments, then a readable summary is printed and the exit code is 0', async () => {
    const { code, out } = await run(['Элексис', 'оплатил', 'сч', '943', '4000'], '');
    expect(code).toBe(0);
    expect(out).toContain('943');
    expect(out.split('\n').length).toBeGreaterThan(2);
  });
});

describe('npm run -s cli -- parse-payment --jsonl', () => {
  it('when two lines are piped in, then stdout is exactly two JSON lines', async () => {
    const cwd = fileURLToPath(new URL('../..', import.meta.url));
    const stdout = await new Promise<string>((resolve, reject) => {
      const child = execFile('npm', ['run', '-s', 'cli', '--', 'parse-payment', '--jsonl'], { cwd }, (err, out) =>
        err ? reject(err) : resolve(out),
      );
      child.stdin?.end('{"text":"Элексис оплатил 2018/943 4000"}\n{"text":"Когда оплатят счет 943?"}\n');
    });
    const lines = stdout.split('\n');
    expect(lines.pop()).toBe('');
    expect(lines).toHaveLength(2);
    expect(JSON.parse(lines[0] ?? '')).toMatchObject({ isPayment: true, invoices: ['2018/943'], amount: 4000 });
    expect(JSON.parse(lines[1] ?? '')).toMatchObject({ isPayment: false });
  });
});
