import { copyFileSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MIGRATIONS_DIR, migrate, openDb } from '../../src/store/db';

const dirs: string[] = [];
const scratch = () => {
  const d = mkdtempSync(join(tmpdir(), 'b24migrate-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('migrations', () => {
  it('when the project’s migrations run on a new database, then each is applied once and a second run applies none', () => {
    const db = openDb(':memory:');
    const first = migrate(db);
    expect(first).toEqual(
      readdirSync(MIGRATIONS_DIR)
        .filter((f) => f.endsWith('.sql'))
        .sort(),
    );
    expect(migrate(db)).toEqual([]);
    db.close();
  });

  it('when two migration files share a number, then migrating refuses and names them instead of skipping one', () => {
    const dir = scratch();
    for (const f of readdirSync(MIGRATIONS_DIR)) copyFileSync(join(MIGRATIONS_DIR, f), join(dir, f));
    writeFileSync(join(dir, '009_another.sql'), 'CREATE TABLE another (id INTEGER);');
    const db = openDb(':memory:');
    expect(() => migrate(db, dir)).toThrow(/two files are numbered 9/);
    db.close();
  });
});
