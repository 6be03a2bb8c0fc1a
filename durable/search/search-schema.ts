/**
 * The SearchIndex's SQLite tables. `docs` holds one row per message (the filters' columns and the text);
 * `docs_fts` is an FTS5 index over `docs.text` (external content: the text is stored once, and snippets
 * read it back). Triggers keep the two in step.
 *
 * `k`, the row key, is the message's WhatsApp time in seconds × 2^20 plus a few bits of its id: FTS5
 * walks matches in rowid order, so "newest first" is its natural order (a LIMIT stops the walk early)
 * and a date range is a rowid range, with no sort of every match.
 */
export const KEY_SHIFT = 2 ** 20;

export const SEARCH_SCHEMA = `
CREATE TABLE IF NOT EXISTS docs (
  k INTEGER PRIMARY KEY,
  message_id TEXT NOT NULL UNIQUE,
  conversation_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  direction TEXT NOT NULL,
  phone_number_id TEXT,
  at INTEGER NOT NULL,
  has_media INTEGER NOT NULL,
  type TEXT NOT NULL,
  status TEXT,
  text TEXT NOT NULL,
  gen INTEGER NOT NULL,
  indexed_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS docs_conversation ON docs (conversation_id, k);
CREATE VIRTUAL TABLE IF NOT EXISTS docs_fts USING fts5(
  text, content='docs', content_rowid='k',
  tokenize='unicode61 remove_diacritics 2', prefix='2 3'
);
CREATE TRIGGER IF NOT EXISTS docs_ai AFTER INSERT ON docs BEGIN
  INSERT INTO docs_fts (rowid, text) VALUES (new.k, new.text);
END;
CREATE TRIGGER IF NOT EXISTS docs_ad AFTER DELETE ON docs BEGIN
  INSERT INTO docs_fts (docs_fts, rowid, text) VALUES ('delete', old.k, old.text);
END;
CREATE TRIGGER IF NOT EXISTS docs_au AFTER UPDATE OF text ON docs BEGIN
  INSERT INTO docs_fts (docs_fts, rowid, text) VALUES ('delete', old.k, old.text);
  INSERT INTO docs_fts (rowid, text) VALUES (new.k, new.text);
END;
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, json TEXT NOT NULL);
`;
