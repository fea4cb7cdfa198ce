-- conversations.application_id / opening_id become nullable (a candidate's general conversation): SQLite rebuilds the
-- table; db/client.ts runs migrations with foreign keys off (the PRAGMAs below are no-ops inside the migrator's
-- transaction) and checks every reference afterwards.
DROP INDEX `applications_company_state_idx`;--> statement-breakpoint
CREATE INDEX `applications_company_state_idx` ON `applications` (`company_id`,`decisioned_state_id`,`candidate_id`) WHERE "applications"."decisioned_state_id" IS NOT NULL;--> statement-breakpoint
DROP INDEX `candidates_company_activity_idx`;--> statement-breakpoint
ALTER TABLE `candidates` ADD `past_titles` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
CREATE INDEX `candidates_search_facts_idx` ON `candidates` (`id`,`company_id`,`merged_into_id`,`do_not_contact`,`last_activity_at`);--> statement-breakpoint
CREATE INDEX `candidates_company_activity_idx` ON `candidates` (`company_id`,`last_activity_at`,`do_not_contact`,`merged_into_id`);--> statement-breakpoint
PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_conversations` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`company_id` integer NOT NULL,
	`application_id` integer,
	`candidate_id` integer NOT NULL,
	`opening_id` integer,
	`last_message_id` integer,
	`last_message_at` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`application_id`) REFERENCES `applications`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`candidate_id`) REFERENCES `candidates`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`opening_id`) REFERENCES `openings`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
INSERT INTO `__new_conversations`("id", "company_id", "application_id", "candidate_id", "opening_id", "last_message_id", "last_message_at", "created_at") SELECT "id", "company_id", "application_id", "candidate_id", "opening_id", "last_message_id", "last_message_at", "created_at" FROM `conversations`;--> statement-breakpoint
DROP TABLE `conversations`;--> statement-breakpoint
ALTER TABLE `__new_conversations` RENAME TO `conversations`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE UNIQUE INDEX `conversations_application_uq` ON `conversations` (`application_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `conversations_general_uq` ON `conversations` (`company_id`,`candidate_id`) WHERE application_id IS NULL;--> statement-breakpoint
CREATE INDEX `conversations_company_last_idx` ON `conversations` (`company_id`,`last_message_id`);--> statement-breakpoint
CREATE INDEX `conversations_company_opening_idx` ON `conversations` (`company_id`,`opening_id`,`last_message_id`);--> statement-breakpoint
CREATE INDEX `conversations_company_candidate_idx` ON `conversations` (`company_id`,`candidate_id`);--> statement-breakpoint
ALTER TABLE `companies` ADD `mails_per_minute` integer DEFAULT 60 NOT NULL;--> statement-breakpoint
ALTER TABLE `mails` ADD `opening_id` integer REFERENCES openings(id);--> statement-breakpoint
ALTER TABLE `invitation_sends` ADD `status` text DEFAULT 'queued' NOT NULL;--> statement-breakpoint
ALTER TABLE `invitation_sends` ADD `candidate_ids` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
ALTER TABLE `invitation_sends` ADD `filters` text;--> statement-breakpoint
ALTER TABLE `invitation_sends` ADD `subject` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `invitation_sends` ADD `body` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `invitation_sends` ADD `recent_days` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `invitation_sends` ADD `starts_at` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `invitation_sends` ADD `interval_ms` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `invitation_sends` ADD `reserved_until` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `invitation_sends` ADD `finished_at` integer;--> statement-breakpoint
ALTER TABLE `invitations` ADD `message_id` integer;--> statement-breakpoint
ALTER TABLE `invitations` ADD `skip_reason` text;--> statement-breakpoint
CREATE INDEX `candidate_emails_valid_idx` ON `candidate_emails` (`company_id`,`candidate_id`) WHERE "candidate_emails"."bounced_at" IS NULL;--> statement-breakpoint
CREATE INDEX `career_submissions_company_candidate_idx` ON `career_submissions` (`company_id`,`candidate_id`);--> statement-breakpoint
-- Hand-written: a change of past titles (kept in the search index beside the headline, see search-index.ts) must
-- reach the index like any other searched field.
DROP TRIGGER IF EXISTS candidates_fts_au;--> statement-breakpoint
CREATE TRIGGER candidates_fts_au AFTER UPDATE OF full_name, headline, title, past_titles, company_name, location, skills, tags ON candidates BEGIN
  INSERT OR IGNORE INTO candidates_fts_pending(candidate_id) VALUES (new.id);
END;
