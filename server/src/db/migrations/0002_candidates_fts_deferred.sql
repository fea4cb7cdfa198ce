-- Full-text index maintained in batches instead of by per-row triggers: updating FTS5 inside every
-- one-row transaction cost 0.35-1 ms per add, with 20-80 ms stalls when the index merged segments.
-- Triggers now only note which candidates changed (cheap); search-index.ts indexes them in batches
-- (a background timer, and before every search so a user always finds what they just saved).
-- Contentless with contentless_delete, so a row can be replaced knowing only its rowid.
DROP TRIGGER IF EXISTS candidates_fts_ai;
--> statement-breakpoint
DROP TRIGGER IF EXISTS candidates_fts_ad;
--> statement-breakpoint
DROP TRIGGER IF EXISTS candidates_fts_au;
--> statement-breakpoint
DROP TABLE IF EXISTS candidates_fts;
--> statement-breakpoint
CREATE VIRTUAL TABLE candidates_fts USING fts5(
  full_name, headline, title, company_name, location, skills, tags,
  content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2'
);
--> statement-breakpoint
CREATE TABLE candidates_fts_pending (candidate_id integer PRIMARY KEY NOT NULL);
--> statement-breakpoint
CREATE TRIGGER candidates_fts_ai AFTER INSERT ON candidates BEGIN
  INSERT OR IGNORE INTO candidates_fts_pending(candidate_id) VALUES (new.id);
END;
--> statement-breakpoint
CREATE TRIGGER candidates_fts_au AFTER UPDATE OF full_name, headline, title, company_name, location, skills, tags ON candidates BEGIN
  INSERT OR IGNORE INTO candidates_fts_pending(candidate_id) VALUES (new.id);
END;
--> statement-breakpoint
CREATE TRIGGER candidates_fts_ad AFTER DELETE ON candidates BEGIN
  INSERT OR IGNORE INTO candidates_fts_pending(candidate_id) VALUES (old.id);
END;
--> statement-breakpoint
INSERT INTO candidates_fts(rowid, full_name, headline, title, company_name, location, skills, tags)
  SELECT id, full_name, headline, title, company_name, location, skills, tags FROM candidates;
