import Database from 'better-sqlite3';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export type Db = Database.Database;

export const MIGRATIONS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../migrations');

export function openDb(path: string): Db {
  if (path !== ':memory:') mkdirSync(dirname(resolve(path)), { recursive: true });
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  // NORMAL under WAL is durable across process crashes (kill -9); only an OS crash may lose the last commit.
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  return db;
}

/** Applies numbered migrations/NNN_name.sql files in order, each once, each in its own transaction. */
export function migrate(db: Db, dir = MIGRATIONS_DIR): string[] {
  db.exec(
    `CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`,
  );
  const done = new Set(
    (db.prepare('SELECT version FROM schema_migrations').all() as Array<{ version: number }>).map((r) => r.version),
  );
  const files = readdirSync(dir)
    .filter((f) => /^\d+_.+\.sql$/.test(f))
    .sort((a, b) => parseInt(a, 10) - parseInt(b, 10));
  // Two files with one number would share a version: the second would never be applied.
  const twice = files.find((f, i) => i > 0 && parseInt(f, 10) === parseInt(files[i - 1] ?? '', 10));
  if (twice) throw new Error(`migrations: two files are numbered ${parseInt(twice, 10)} (${twice}); renumber one`);
  const applied: string[] = [];
  for (const f of files) {
    const version = parseInt(f, 10);
    if (done.has(version)) continue;
    const sql = readFileSync(join(dir, f), 'utf8');
    db.transaction(() => {
      db.exec(sql);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(
        version,
        f,
        new Date().toISOString(),
      );
    })();
    applied.push(f);
  }
  return applied;
}

export function kvGet(db: Db, key: string): string | undefined {
  return (db.prepare('SELECT value FROM kv WHERE key = ?').get(key) as { value: string } | undefined)?.value;
}

export function kvSet(db: Db, key: string, value: string): void {
  db.prepare('INSERT INTO kv (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(
    key,
    value,
  );
}

/** Small durable settings and cursors; keys come from kernel/keys (kvKey). */
export class KvStore {
  constructor(private readonly db: Db) {}

  get(key: string): string | undefined {
    return kvGet(this.db, key);
  }

  set(key: string, value: string): void {
    kvSet(this.db, key, value);
  }

  delete(key: string): void {
    this.db.prepare('DELETE FROM kv WHERE key = ?').run(key);
  }
}

/** Thrown to roll back the writability probe. */
class RoomProbe extends Error {}

/**
 * Whether the database takes writes that need new pages: an update that fits its page succeeds
 * even on a full disk, so the probe asks for two fresh pages and rolls them back. Returns null when
 * writable, else the reason.
 */
export function probeWritable(db: Db, probeKey: string, roomKey: string, now: number): string | null {
  try {
    kvSet(db, probeKey, String(now));
    db.transaction(() => {
      db.prepare(`INSERT OR REPLACE INTO kv (key, value) VALUES (?, ?)`).run(
        roomKey,
        ' '.repeat(2 * (db.pragma('page_size', { simple: true }) as number)),
      );
      throw new RoomProbe();
    })();
  } catch (e) {
    if (!(e instanceof RoomProbe)) return `not writable: ${e instanceof Error ? e.message : String(e)}`;
  }
  return null;
}

/** Runs `fn` in one transaction; a nested call joins the outer one (better-sqlite3 savepoints). */
export type Transact = <T>(fn: () => T) => T;
export const transactor =
  (db: Db): Transact =>
  (fn) =>
    db.transaction(fn)();
