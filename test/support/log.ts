import { Writable } from 'node:stream';
import { createLogger } from '../../src/kernel/log';

/** Log lines as objects, for assertions on what the bot says about itself. */
export function captureLog() {
  const lines: Array<Record<string, unknown>> = [];
  const destination = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const l of chunk.toString('utf8').split('\n').filter(Boolean)) lines.push(JSON.parse(l));
      done();
    },
  });
  return { lines, log: createLogger({ level: 'info', destination }) };
}
