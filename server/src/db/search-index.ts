import { type DB, preparedOnce } from "./client";

type Raw = DB["$client"];

function prepare(raw: Raw) {
  const pending = raw.prepare<[number], { id: number }>("SELECT candidate_id AS id FROM candidates_fts_pending LIMIT ?");
  const remove = raw.prepare<[number]>("DELETE FROM candidates_fts WHERE rowid = ?");
  // The headline column also holds the past titles (a JSON list: its brackets and quotes are not indexed), so
  // "current or past title" is one column filter, {title headline}, and the index keeps its columns.
  const insert = raw.prepare<[number]>(
    // The documents column: the text extracted from the candidate's live documents (CVs), see 0010.
    `INSERT INTO candidates_fts(rowid, full_name, headline, title, company_name, location, skills, tags, documents)
     SELECT c.id, c.full_name, c.headline || ' ' || c.past_titles, c.title, c.company_name, c.location, c.skills, c.tags,
       (SELECT group_concat(t.text, char(10)) FROM documents d JOIN document_texts t ON t.document_id = d.id
         WHERE d.company_id = c.company_id AND d.candidate_id = c.id AND d.removed_at IS NULL)
     FROM candidates c WHERE c.id = ?`,
  );
  const done = raw.prepare<[number]>("DELETE FROM candidates_fts_pending WHERE candidate_id = ?");
  const batch = raw.transaction((limit: number) => {
    const ids = pending.all(limit);
    for (const { id } of ids) {
      remove.run(id);
      insert.run(id);
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
