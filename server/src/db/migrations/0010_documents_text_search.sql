ALTER TABLE `documents` ADD `opening_id` integer REFERENCES openings(id);--> statement-breakpoint
CREATE INDEX `documents_opening_idx` ON `documents` (`opening_id`) WHERE "documents"."opening_id" IS NOT NULL;--> statement-breakpoint
-- The candidates' full-text index gets a column for the text of their documents (CVs), so a free-text search
-- (no column filter) also finds people by what their CV says. FTS5 cannot add a column: the index is rebuilt
-- (contentless as before, automerge off as in 0005). search-index.ts fills the column from document_texts.
DROP TABLE IF EXISTS candidates_fts;
--> statement-breakpoint
CREATE VIRTUAL TABLE candidates_fts USING fts5(
  full_name, headline, title, company_name, location, skills, tags, documents,
  content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2'
);
--> statement-breakpoint
INSERT INTO candidates_fts(candidates_fts, rank) VALUES ('automerge', 0);
--> statement-breakpoint
INSERT INTO candidates_fts(rowid, full_name, headline, title, company_name, location, skills, tags, documents)
  SELECT c.id, c.full_name, c.headline, c.title, c.company_name, c.location, c.skills, c.tags,
    (SELECT group_concat(t.text, char(10)) FROM documents d JOIN document_texts t ON t.document_id = d.id
      WHERE d.company_id = c.company_id AND d.candidate_id = c.id AND d.removed_at IS NULL)
  FROM candidates c;
--> statement-breakpoint
DELETE FROM candidates_fts_pending;
