CREATE TABLE `duplicate_flags` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`company_id` integer NOT NULL,
	`candidate_a_id` integer NOT NULL,
	`candidate_b_id` integer NOT NULL,
	`reason` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`candidate_a_id`) REFERENCES `candidates`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`candidate_b_id`) REFERENCES `candidates`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `duplicate_flags_pair_uq` ON `duplicate_flags` (`company_id`,`candidate_a_id`,`candidate_b_id`);--> statement-breakpoint
CREATE INDEX `duplicate_flags_company_b_idx` ON `duplicate_flags` (`company_id`,`candidate_b_id`);--> statement-breakpoint
ALTER TABLE `career_submissions` ADD `details` text;--> statement-breakpoint
CREATE INDEX `documents_sha_idx` ON `documents` (`sha256`);--> statement-breakpoint
-- The text of documents tied to an opening (an application's CV, a reply's attachment) is visible only to those who
-- may see that opening, so it leaves candidates_fts' documents column (searched by everyone) for a table of its own,
-- one row per document (rowid = documents.id), searched with the openings the searcher may see (hand-written: FTS5).
CREATE VIRTUAL TABLE document_fts USING fts5(text, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2');
--> statement-breakpoint
INSERT INTO document_fts(rowid, text)
  SELECT d.id, t.text FROM documents d JOIN document_texts t ON t.document_id = d.id WHERE d.opening_id IS NOT NULL AND d.removed_at IS NULL;
--> statement-breakpoint
INSERT OR IGNORE INTO candidates_fts_pending (candidate_id) SELECT DISTINCT candidate_id FROM documents WHERE opening_id IS NOT NULL;
