import { type DB, type Executor, preparedOnce, stmt } from "./client";
import { wordPairsOf } from "./word-pairs";

type Raw = DB["$client"];

/**
 * The columns of candidates_fts a candidate's fields go to, in order (after them `pairs`: the word pairs of all of
 * them, see word-pairs.ts). The headline column also holds the past titles (a JSON list: its brackets and quotes are
 * not indexed), so "current or past title" is one column filter, {title headline}, and the index keeps its columns.
 */
export const INDEXED_COLUMNS = ["full_name", "headline", "title", "company_name", "location", "skills", "tags", "documents"] as const;

function prepare(raw: Raw) {
  const pending = raw.prepare<[number], { id: number }>("SELECT candidate_id AS id FROM candidates_fts_pending LIMIT ?");
  const remove = raw.prepare<[number]>("DELETE FROM candidates_fts WHERE rowid = ?");
  // The documents column: the text extracted from the candidate's live documents (CVs) that everyone in the
  // company may see, i.e. not tied to an opening (see 0010, and 0014 for those tied to one: document_fts).
  const fields = raw
    .prepare<[number], unknown[]>(
      `SELECT c.full_name, c.headline || ' ' || c.past_titles, c.title, c.company_name, c.location, c.skills, c.tags,
         (SELECT group_concat(t.text, char(10)) FROM documents d JOIN document_texts t ON t.document_id = d.id
           WHERE d.company_id = c.company_id AND d.candidate_id = c.id AND d.removed_at IS NULL AND d.opening_id IS NULL)
       FROM candidates c WHERE c.id = ?`,
    )
    .raw();
  const insertRow = raw.prepare<unknown[]>(
    `INSERT INTO candidates_fts(rowid, ${INDEXED_COLUMNS.join(", ")}, pairs) VALUES (?, ${INDEXED_COLUMNS.map(() => "?").join(", ")}, ?)`,
  );
  const insert = (id: number) => {
    const f = fields.get(id) as (string | null)[] | undefined;
    if (f) insertRow.run(id, ...f, wordPairsOf(raw, f));
  };
  // Documents tied to an opening: one row each in document_fts (rowid = the document's id), searched only with the
  // openings the searcher may see. Every one of the candidate's is dropped and the live ones with text put back.
  const tied = raw.prepare<[number, number], { id: number; text: string | null }>(
    `SELECT d.id, CASE WHEN d.removed_at IS NULL THEN t.text END AS text
       FROM documents d LEFT JOIN document_texts t ON t.document_id = d.id
      WHERE d.company_id = (SELECT company_id FROM candidates WHERE id = ?) AND d.candidate_id = ? AND d.opening_id IS NOT NULL`,
  );
  const removeDoc = raw.prepare<[number]>("DELETE FROM document_fts WHERE rowid = ?");
  const insertDoc = raw.prepare<[number, string]>("INSERT INTO document_fts(rowid, text) VALUES (?, ?)");
  const done = raw.prepare<[number]>("DELETE FROM candidates_fts_pending WHERE candidate_id = ?");
  const batch = raw.transaction((limit: number) => {
    const ids = pending.all(limit);
    for (const { id } of ids) {
      remove.run(id);
      insert(id);
      for (const d of tied.all(id, id)) {
        removeDoc.run(d.id);
        if (d.text) insertDoc.run(d.id, d.text);
      }
      done.run(id);
    }
    return ids.length;
  });
  return { batch };
}

/**
 * Brings the candidates' full-text index up to date with up to `limit` changed candidates, in one
 * transaction; returns how many it indexed. SQLite-specific, like the FTS table (one place to swap).
 */
export function indexPendingCandidates(db: DB, limit = 5_000): number {
  return preparedOnce(db, "search-index", (d) => prepare(d.$client)).batch(limit);
}

/** Whether every changed candidate is indexed (nothing pending): then every row of the index has its word pairs. */
export function searchIndexCurrent(db: Executor): boolean {
  return stmt(db, "SELECT 1 FROM candidates_fts_pending LIMIT 1").get() === undefined;
}
