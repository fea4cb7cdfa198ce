CREATE TABLE `career_submissions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`company_id` integer NOT NULL,
	`opening_id` integer NOT NULL,
	`candidate_id` integer NOT NULL,
	`application_id` integer NOT NULL,
	`apply_token_id` integer,
	`form_nonce` text NOT NULL,
	`outcome` text NOT NULL,
	`document_id` integer,
	`consent_at` integer NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`opening_id`) REFERENCES `openings`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`candidate_id`) REFERENCES `candidates`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`application_id`) REFERENCES `applications`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`apply_token_id`) REFERENCES `apply_tokens`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `career_submissions_nonce_uq` ON `career_submissions` (`company_id`,`form_nonce`);--> statement-breakpoint
CREATE INDEX `career_submissions_company_opening_idx` ON `career_submissions` (`company_id`,`opening_id`,`id`);