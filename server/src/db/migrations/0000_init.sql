CREATE TABLE `activities` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`company_id` integer NOT NULL,
	`candidate_id` integer,
	`application_id` integer,
	`opening_id` integer,
	`actor_type` text NOT NULL,
	`actor_id` integer,
	`type` text NOT NULL,
	`data` text DEFAULT '{}' NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`candidate_id`) REFERENCES `candidates`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`application_id`) REFERENCES `applications`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`opening_id`) REFERENCES `openings`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `activities_company_candidate_idx` ON `activities` (`company_id`,`candidate_id`,`id`);--> statement-breakpoint
CREATE INDEX `activities_company_opening_idx` ON `activities` (`company_id`,`opening_id`,`id`);--> statement-breakpoint
CREATE INDEX `activities_company_application_idx` ON `activities` (`company_id`,`application_id`);--> statement-breakpoint
CREATE INDEX `activities_company_created_idx` ON `activities` (`company_id`,`id`);--> statement-breakpoint
CREATE TABLE `applications` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`company_id` integer NOT NULL,
	`candidate_id` integer NOT NULL,
	`opening_id` integer NOT NULL,
	`workflow` text NOT NULL,
	`stage_id` integer NOT NULL,
	`origin` text NOT NULL,
	`status` text NOT NULL,
	`decisioned_state_id` integer,
	`decisioned_by_id` integer,
	`decisioned_at` integer,
	`followed_up` integer DEFAULT false NOT NULL,
	`rating` text,
	`created_by_id` integer,
	`import_batch_id` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`candidate_id`) REFERENCES `candidates`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`opening_id`) REFERENCES `openings`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`stage_id`) REFERENCES `stages`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`decisioned_state_id`) REFERENCES `decisioned_states`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`decisioned_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `applications_opening_candidate_uq` ON `applications` (`company_id`,`opening_id`,`candidate_id`);--> statement-breakpoint
CREATE INDEX `applications_company_stage_idx` ON `applications` (`company_id`,`opening_id`,`stage_id`,`status`,`id`);--> statement-breakpoint
CREATE INDEX `applications_company_workflow_idx` ON `applications` (`company_id`,`workflow`,`status`,`id`);--> statement-breakpoint
CREATE INDEX `applications_company_candidate_idx` ON `applications` (`company_id`,`candidate_id`);--> statement-breakpoint
CREATE INDEX `applications_company_state_idx` ON `applications` (`company_id`,`decisioned_state_id`);--> statement-breakpoint
CREATE TABLE `candidate_emails` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`company_id` integer NOT NULL,
	`candidate_id` integer NOT NULL,
	`email` text NOT NULL,
	`email_key` text NOT NULL,
	`bounced_at` integer,
	`position` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`candidate_id`) REFERENCES `candidates`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `candidate_emails_company_key_uq` ON `candidate_emails` (`company_id`,`email_key`);--> statement-breakpoint
CREATE INDEX `candidate_emails_company_candidate_idx` ON `candidate_emails` (`company_id`,`candidate_id`);--> statement-breakpoint
CREATE TABLE `candidate_phones` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`company_id` integer NOT NULL,
	`candidate_id` integer NOT NULL,
	`phone` text NOT NULL,
	`e164` text,
	`phone_key` text NOT NULL,
	`position` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`candidate_id`) REFERENCES `candidates`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `candidate_phones_company_key_idx` ON `candidate_phones` (`company_id`,`phone_key`);--> statement-breakpoint
CREATE INDEX `candidate_phones_company_candidate_idx` ON `candidate_phones` (`company_id`,`candidate_id`);--> statement-breakpoint
CREATE TABLE `candidate_profiles` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`company_id` integer NOT NULL,
	`candidate_id` integer NOT NULL,
	`url` text NOT NULL,
	`site` text NOT NULL,
	`url_key` text NOT NULL,
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`candidate_id`) REFERENCES `candidates`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `candidate_profiles_company_key_uq` ON `candidate_profiles` (`company_id`,`url_key`);--> statement-breakpoint
CREATE INDEX `candidate_profiles_company_candidate_idx` ON `candidate_profiles` (`company_id`,`candidate_id`);--> statement-breakpoint
CREATE TABLE `candidates` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`company_id` integer NOT NULL,
	`full_name` text NOT NULL,
	`first_name` text DEFAULT '' NOT NULL,
	`last_name` text DEFAULT '' NOT NULL,
	`name_key` text NOT NULL,
	`headline` text DEFAULT '' NOT NULL,
	`title` text DEFAULT '' NOT NULL,
	`company_name` text DEFAULT '' NOT NULL,
	`company_key` text DEFAULT '' NOT NULL,
	`location` text DEFAULT '' NOT NULL,
	`photo_url` text,
	`summary` text DEFAULT '' NOT NULL,
	`links` text DEFAULT '[]' NOT NULL,
	`skills` text DEFAULT '[]' NOT NULL,
	`tags` text DEFAULT '[]' NOT NULL,
	`source` text NOT NULL,
	`source_url` text,
	`sourced_by_id` integer,
	`do_not_contact` integer DEFAULT false NOT NULL,
	`do_not_contact_reason` text,
	`do_not_contact_at` integer,
	`merged_into_id` integer,
	`last_activity_at` integer NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`sourced_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `candidates_company_id_idx` ON `candidates` (`company_id`,`merged_into_id`,`id`);--> statement-breakpoint
CREATE INDEX `candidates_company_activity_idx` ON `candidates` (`company_id`,`last_activity_at`);--> statement-breakpoint
CREATE INDEX `candidates_company_name_key_idx` ON `candidates` (`company_id`,`name_key`);--> statement-breakpoint
CREATE INDEX `candidates_company_source_idx` ON `candidates` (`company_id`,`source`,`id`);--> statement-breakpoint
CREATE INDEX `candidates_company_dnc_idx` ON `candidates` (`company_id`,`do_not_contact`,`id`);--> statement-breakpoint
CREATE INDEX `candidates_company_sourced_by_idx` ON `candidates` (`company_id`,`sourced_by_id`);--> statement-breakpoint
CREATE TABLE `duplicate_dismissals` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`company_id` integer NOT NULL,
	`candidate_a_id` integer NOT NULL,
	`candidate_b_id` integer NOT NULL,
	`dismissed_by_id` integer NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`candidate_a_id`) REFERENCES `candidates`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`candidate_b_id`) REFERENCES `candidates`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`dismissed_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `duplicate_dismissals_pair_uq` ON `duplicate_dismissals` (`company_id`,`candidate_a_id`,`candidate_b_id`);--> statement-breakpoint
CREATE TABLE `import_batches` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`company_id` integer NOT NULL,
	`opening_id` integer NOT NULL,
	`workflow` text NOT NULL,
	`stage_id` integer NOT NULL,
	`created_by_id` integer NOT NULL,
	`status` text NOT NULL,
	`file_name` text DEFAULT '' NOT NULL,
	`csv` text NOT NULL,
	`mapping` text NOT NULL,
	`total_rows` integer DEFAULT 0 NOT NULL,
	`processed_rows` integer DEFAULT 0 NOT NULL,
	`summary` text,
	`error` text,
	`created_at` integer NOT NULL,
	`finished_at` integer,
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`opening_id`) REFERENCES `openings`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`stage_id`) REFERENCES `stages`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `import_batches_company_idx` ON `import_batches` (`company_id`,`opening_id`,`id`);--> statement-breakpoint
CREATE TABLE `prospect_requests` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`company_id` integer NOT NULL,
	`request_id` text NOT NULL,
	`user_id` integer NOT NULL,
	`result` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `prospect_requests_company_request_uq` ON `prospect_requests` (`company_id`,`request_id`);--> statement-breakpoint
CREATE TABLE `api_tokens` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`company_id` integer NOT NULL,
	`user_id` integer NOT NULL,
	`name` text NOT NULL,
	`prefix` text NOT NULL,
	`token_hash` text NOT NULL,
	`created_at` integer NOT NULL,
	`last_used_at` integer,
	`revoked_at` integer,
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `api_tokens_token_uq` ON `api_tokens` (`token_hash`);--> statement-breakpoint
CREATE INDEX `api_tokens_company_user_idx` ON `api_tokens` (`company_id`,`user_id`);--> statement-breakpoint
CREATE TABLE `clients` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`company_id` integer NOT NULL,
	`name` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `clients_company_idx` ON `clients` (`company_id`,`name`);--> statement-breakpoint
CREATE TABLE `companies` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`slug` text NOT NULL,
	`public_contact_email` text,
	`logo_url` text,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `companies_slug_uq` ON `companies` (`slug`);--> statement-breakpoint
CREATE TABLE `sessions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`company_id` integer NOT NULL,
	`user_id` integer NOT NULL,
	`token_hash` text NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `sessions_token_uq` ON `sessions` (`token_hash`);--> statement-breakpoint
CREATE INDEX `sessions_company_user_idx` ON `sessions` (`company_id`,`user_id`);--> statement-breakpoint
CREATE TABLE `users` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`company_id` integer NOT NULL,
	`email` text NOT NULL,
	`name` text NOT NULL,
	`role` text NOT NULL,
	`password_hash` text NOT NULL,
	`must_change_password` integer DEFAULT false NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`failed_sign_ins` integer DEFAULT 0 NOT NULL,
	`locked_until` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `users_email_uq` ON `users` (`email`);--> statement-breakpoint
CREATE INDEX `users_company_idx` ON `users` (`company_id`,`name`);--> statement-breakpoint
CREATE TABLE `decisioned_states` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`company_id` integer NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`is_system` integer DEFAULT false NOT NULL,
	`position` integer NOT NULL,
	`retired_at` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `decisioned_states_company_idx` ON `decisioned_states` (`company_id`,`position`);--> statement-breakpoint
CREATE UNIQUE INDEX `decisioned_states_system_uq` ON `decisioned_states` (`company_id`,`kind`) WHERE is_system = 1;--> statement-breakpoint
CREATE TABLE `opening_members` (
	`company_id` integer NOT NULL,
	`opening_id` integer NOT NULL,
	`user_id` integer NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`opening_id`, `user_id`),
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`opening_id`) REFERENCES `openings`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `opening_members_company_user_idx` ON `opening_members` (`company_id`,`user_id`,`opening_id`);--> statement-breakpoint
CREATE TABLE `openings` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`company_id` integer NOT NULL,
	`title` text NOT NULL,
	`department` text DEFAULT '' NOT NULL,
	`location` text DEFAULT '' NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`client_id` integer,
	`owner_id` integer NOT NULL,
	`status` text NOT NULL,
	`prospecting_enabled` integer DEFAULT false NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`client_id`) REFERENCES `clients`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`owner_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `openings_company_status_idx` ON `openings` (`company_id`,`status`,`id`);--> statement-breakpoint
CREATE INDEX `openings_company_owner_idx` ON `openings` (`company_id`,`owner_id`);--> statement-breakpoint
CREATE INDEX `openings_company_client_idx` ON `openings` (`company_id`,`client_id`);--> statement-breakpoint
CREATE TABLE `stages` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`company_id` integer NOT NULL,
	`opening_id` integer NOT NULL,
	`workflow` text NOT NULL,
	`name` text NOT NULL,
	`position` integer NOT NULL,
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`opening_id`) REFERENCES `openings`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `stages_company_opening_idx` ON `stages` (`company_id`,`opening_id`,`workflow`,`position`);