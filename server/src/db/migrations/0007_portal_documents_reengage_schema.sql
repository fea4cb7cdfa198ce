CREATE TABLE `document_texts` (
	`document_id` integer PRIMARY KEY NOT NULL,
	`company_id` integer NOT NULL,
	`text` text NOT NULL,
	`extracted_at` integer NOT NULL,
	FOREIGN KEY (`document_id`) REFERENCES `documents`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `documents` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`company_id` integer NOT NULL,
	`candidate_id` integer NOT NULL,
	`kind` text NOT NULL,
	`file_name` text NOT NULL,
	`format` text NOT NULL,
	`mime_type` text NOT NULL,
	`size_bytes` integer NOT NULL,
	`sha256` text NOT NULL,
	`source` text NOT NULL,
	`message_id` integer,
	`mail_id` integer,
	`uploaded_by_id` integer,
	`text_status` text DEFAULT 'pending' NOT NULL,
	`created_at` integer NOT NULL,
	`removed_at` integer,
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`candidate_id`) REFERENCES `candidates`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`message_id`) REFERENCES `messages`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`mail_id`) REFERENCES `mails`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`uploaded_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `documents_company_candidate_idx` ON `documents` (`company_id`,`candidate_id`,`id`);--> statement-breakpoint
CREATE INDEX `documents_company_sha_idx` ON `documents` (`company_id`,`sha256`);--> statement-breakpoint
CREATE INDEX `documents_message_idx` ON `documents` (`message_id`) WHERE "documents"."message_id" IS NOT NULL;--> statement-breakpoint
CREATE TABLE `application_shares` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`company_id` integer NOT NULL,
	`application_id` integer NOT NULL,
	`candidate_id` integer NOT NULL,
	`opening_id` integer NOT NULL,
	`client_id` integer NOT NULL,
	`resume_document_id` integer,
	`video_url` text,
	`profile_template_id` integer,
	`shared_by_id` integer NOT NULL,
	`shared_at` integer NOT NULL,
	`unshared_at` integer,
	`first_viewed_at` integer,
	`first_viewed_by_contact_id` integer,
	`client_rating` integer,
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`application_id`) REFERENCES `applications`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`candidate_id`) REFERENCES `candidates`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`opening_id`) REFERENCES `openings`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`client_id`) REFERENCES `clients`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`resume_document_id`) REFERENCES `documents`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`profile_template_id`) REFERENCES `profile_templates`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`shared_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`first_viewed_by_contact_id`) REFERENCES `client_contacts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `application_shares_application_uq` ON `application_shares` (`company_id`,`application_id`);--> statement-breakpoint
CREATE INDEX `application_shares_client_opening_idx` ON `application_shares` (`company_id`,`client_id`,`opening_id`) WHERE "application_shares"."unshared_at" IS NULL;--> statement-breakpoint
CREATE TABLE `client_contacts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`company_id` integer NOT NULL,
	`client_id` integer NOT NULL,
	`name` text NOT NULL,
	`email` text NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`password_hash` text,
	`invited_at` integer,
	`last_sign_in_at` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`client_id`) REFERENCES `clients`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `client_contacts_company_email_uq` ON `client_contacts` (`company_id`,`email`);--> statement-breakpoint
CREATE INDEX `client_contacts_company_client_idx` ON `client_contacts` (`company_id`,`client_id`,`name`);--> statement-breakpoint
CREATE TABLE `profile_templates` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`company_id` integer NOT NULL,
	`name` text NOT NULL,
	`fields` text NOT NULL,
	`is_default` integer DEFAULT false NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `profile_templates_company_idx` ON `profile_templates` (`company_id`,`name`);--> statement-breakpoint
CREATE TABLE `tasks` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`company_id` integer NOT NULL,
	`assignee_id` integer NOT NULL,
	`opening_id` integer,
	`candidate_id` integer,
	`application_id` integer,
	`title` text NOT NULL,
	`details` text DEFAULT '' NOT NULL,
	`source` text NOT NULL,
	`due_at` integer,
	`done_at` integer,
	`created_by_id` integer,
	`created_by_contact_id` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`assignee_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`opening_id`) REFERENCES `openings`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`candidate_id`) REFERENCES `candidates`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`application_id`) REFERENCES `applications`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by_contact_id`) REFERENCES `client_contacts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `tasks_company_assignee_idx` ON `tasks` (`company_id`,`assignee_id`,`done_at`,`due_at`);--> statement-breakpoint
CREATE INDEX `tasks_company_application_idx` ON `tasks` (`company_id`,`application_id`);--> statement-breakpoint
CREATE TABLE `apply_tokens` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`company_id` integer NOT NULL,
	`candidate_id` integer NOT NULL,
	`opening_id` integer,
	`token_hash` text NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`used_at` integer,
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`candidate_id`) REFERENCES `candidates`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`opening_id`) REFERENCES `openings`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `apply_tokens_token_uq` ON `apply_tokens` (`token_hash`);--> statement-breakpoint
CREATE TABLE `invitation_sends` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`company_id` integer NOT NULL,
	`user_id` integer NOT NULL,
	`opening_id` integer,
	`template_id` integer,
	`request_id` text NOT NULL,
	`invited` integer DEFAULT 0 NOT NULL,
	`skipped` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`opening_id`) REFERENCES `openings`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `invitation_sends_request_uq` ON `invitation_sends` (`company_id`,`request_id`);--> statement-breakpoint
CREATE INDEX `invitation_sends_company_idx` ON `invitation_sends` (`company_id`,`id`);--> statement-breakpoint
CREATE TABLE `invitations` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`company_id` integer NOT NULL,
	`send_id` integer NOT NULL,
	`candidate_id` integer NOT NULL,
	`mail_id` integer,
	`conversation_id` integer,
	`application_id` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`send_id`) REFERENCES `invitation_sends`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`candidate_id`) REFERENCES `candidates`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `invitations_send_candidate_uq` ON `invitations` (`send_id`,`candidate_id`);--> statement-breakpoint
CREATE INDEX `invitations_company_candidate_idx` ON `invitations` (`company_id`,`candidate_id`);--> statement-breakpoint
CREATE TABLE `saved_searches` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`company_id` integer NOT NULL,
	`user_id` integer NOT NULL,
	`name` text NOT NULL,
	`filters` text NOT NULL,
	`created_at` integer NOT NULL,
	`last_run_at` integer,
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `saved_searches_user_name_uq` ON `saved_searches` (`company_id`,`user_id`,`name`);--> statement-breakpoint
ALTER TABLE `candidate_emails` ADD `bounce_reason` text;--> statement-breakpoint
ALTER TABLE `candidate_emails` ADD `soft_bounces` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `clients` ADD `notes` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `companies` ADD `brand_color` text;--> statement-breakpoint
ALTER TABLE `companies` ADD `portal_name` text;--> statement-breakpoint
ALTER TABLE `openings` ADD `published` integer DEFAULT false NOT NULL;