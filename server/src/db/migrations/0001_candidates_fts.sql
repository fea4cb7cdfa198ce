-- Full-text search over candidates (SQLite FTS5, external content: the index stores no copy of the text).
-- Only the candidates repo's search function touches it, so a PostgreSQL dialect can swap in tsvector.
CREATE VIRTUAL TABLE candidates_fts USING fts5(
  full_name, headline, title, company_name, location, skills, tags,
  content='candidates', content_rowid='id', tokenize='unicode61 remove_diacritics 2'
);
--> statement-breakpoint
CREATE TRIGGER candidates_fts_ai AFTER INSERT ON candidates BEGIN
  INSERT INTO candidates_fts(rowid, full_name, headline, title, company_name, location, skills, tags)
  VALUES (new.id, new.full_name, new.headline, new.title, new.company_name, new.location, new.skills, new.tags);
END;
--> statement-breakpoint
CREATE TRIGGER candidates_fts_ad AFTER DELETE ON candidates BEGIN
  INSERT INTO candidates_fts(candidates_fts, rowid, full_name, headline, title, company_name, location, skills, tags)
  VALUES ('delete', old.id, old.full_name, old.headline, old.title, old.company_name, old.location, old.skills, old.tags);
END;
--> statement-breakpoint
CREATE TRIGGER candidates_fts_au AFTER UPDATE OF full_name, headline, title, company_name, location, skills, tags ON candidates BEGIN
  INSERT INTO candidates_fts(candidates_fts, rowid, full_name, headline, title, company_name, location, skills, tags)
  VALUES ('delete', old.id, old.full_name, old.headline, old.title, old.company_name, old.location, old.skills, old.tags);
  INSERT INTO candidates_fts(rowid, full_name, headline, title, company_name, location, skills, tags)
  VALUES (new.id, new.full_name, new.headline, new.title, new.company_name, new.location, new.skills, new.tags);
END;
