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
CREATE INDEX `documents_sha_idx` ON `documents` (`sha256`);