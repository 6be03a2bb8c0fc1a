/**
 * The ConversationRoom's SQLite tables. A new room is created at the latest version in one go; a room
 * stored by an older version gets the changes since, once each, on wake-up.
 */

/** Every table as it is now: what a new room gets. A change here needs its migration below too. */
export const ROOM_SCHEMA = `
CREATE TABLE IF NOT EXISTS frames (seq INTEGER PRIMARY KEY, frame TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS messages (
  id TEXT PRIMARY KEY,
  seq INTEGER NOT NULL UNIQUE,
  wamid TEXT UNIQUE,
  direction TEXT NOT NULL,
  phone_number_id TEXT,
  content TEXT NOT NULL,
  context TEXT,
  wa_ts INTEGER NOT NULL,
  received_at INTEGER NOT NULL,
  status TEXT,
  status_at INTEGER,
  error TEXT,
  media TEXT,
  author TEXT,
  status_times TEXT,
  pricing TEXT
);
CREATE TABLE IF NOT EXISTS reactions (
  target_wamid TEXT NOT NULL, by TEXT NOT NULL, emoji TEXT, at INTEGER NOT NULL,
  PRIMARY KEY (target_wamid, by)
);
CREATE TABLE IF NOT EXISTS seen_reactions (wamid TEXT PRIMARY KEY);
CREATE TABLE IF NOT EXISTS held_statuses (
  wamid TEXT NOT NULL, status TEXT NOT NULL, at INTEGER NOT NULL, error TEXT, callback TEXT, held_at INTEGER NOT NULL, pricing TEXT,
  PRIMARY KEY (wamid, status)
);
CREATE TABLE IF NOT EXISTS outbox (id INTEGER PRIMARY KEY, item TEXT NOT NULL, committed_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS state (id INTEGER PRIMARY KEY CHECK (id = 1), json TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS schema_version (id INTEGER PRIMARY KEY CHECK (id = 1), v INTEGER NOT NULL);
`;

/** Changes to a room's tables after its first version, applied once each, in order, on wake-up. */
export const ROOM_MIGRATIONS = [
  "ALTER TABLE messages ADD COLUMN author TEXT",
  // Message info: every status's time and Meta's pricing, per outbound message (and held until it exists).
  "ALTER TABLE messages ADD COLUMN status_times TEXT; ALTER TABLE messages ADD COLUMN pricing TEXT; ALTER TABLE held_statuses ADD COLUMN pricing TEXT",
  // D1 projections committed with the change they mirror and sent after the answer (room-outbox.ts).
  "CREATE TABLE IF NOT EXISTS outbox (id INTEGER PRIMARY KEY, item TEXT NOT NULL, committed_at INTEGER NOT NULL)",
];

export function migrateRoom(sql: SqlStorage): void {
  const version = storedVersion(sql);
  // A room wakes up far more often than it is created: one query when it is current, not eight.
  if (version === ROOM_MIGRATIONS.length) return;
  if (version === "new") {
    // Straight to the latest tables: replaying the migrations (an ALTER rewrites the schema SQLite just
    // wrote) made a new room's creation cost more, and 1,000 first-time customers create 1,000 rooms.
    sql.exec(ROOM_SCHEMA);
  } else {
    for (let v = version; v < ROOM_MIGRATIONS.length; v++) sql.exec(ROOM_MIGRATIONS[v]!);
  }
  sql.exec("INSERT INTO schema_version (id, v) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET v = excluded.v", ROOM_MIGRATIONS.length);
}

/** The stored version; "new" for a room without tables. Every room ever stored has its version row. */
function storedVersion(sql: SqlStorage): number | "new" {
  try {
    return sql.exec<{ v: number }>("SELECT v FROM schema_version WHERE id = 1").toArray()[0]?.v ?? 0;
  } catch {
    return "new"; // no schema_version table: no tables yet
  }
}
