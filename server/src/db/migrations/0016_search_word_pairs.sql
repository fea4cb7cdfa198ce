-- Hand-written. The candidates' full-text index gets a `pairs` column: every two neighbouring words of a field
-- joined into one token (see db/word-pairs.ts), so a phrase is one token's list to read instead of two long lists
-- of positions to compare ("data engineer" at 1M people: 13 ms for the phrase, 2 ms for its pair token).
-- FTS5 cannot add a column: the index is rebuilt (contentless, automerge off, as before). The other columns are
-- filled here so the search keeps working; the pairs need the tokenizer's view of each character, asked of SQLite
-- from JavaScript, so every candidate is noted for search-index.ts, which re-indexes them in batches. Until it has,
-- the search matches phrases as phrases (reengage.service.ts).
DROP TABLE IF EXISTS candidates_fts;
--> statement-breakpoint
CREATE VIRTUAL TABLE candidates_fts USING fts5(
  full_name, headline, title, company_name, location, skills, tags, documents, pairs,
  content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2'
);
--> statement-breakpoint
INSERT INTO candidates_fts(candidates_fts, rank) VALUES ('automerge', 0);
--> statement-breakpoint
INSERT INTO candidates_fts(rowid, full_name, headline, title, company_name, location, skills, tags, documents)
  SELECT c.id, c.full_name, c.headline || ' ' || c.past_titles, c.title, c.company_name, c.location, c.skills, c.tags,
    (SELECT group_concat(t.text, char(10)) FROM documents d JOIN document_texts t ON t.document_id = d.id
      WHERE d.company_id = c.company_id AND d.candidate_id = c.id AND d.removed_at IS NULL AND d.opening_id IS NULL)
  FROM candidates c;
--> statement-breakpoint
INSERT OR IGNORE INTO candidates_fts_pending (candidate_id) SELECT id FROM candidates;
