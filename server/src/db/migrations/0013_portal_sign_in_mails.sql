CREATE TABLE `portal_sign_in_mails` (
	`mail_id` integer PRIMARY KEY NOT NULL,
	`company_id` integer NOT NULL,
	`contact_id` integer NOT NULL,
	`opening_id` integer,
	`ttl_ms` integer NOT NULL,
	FOREIGN KEY (`mail_id`) REFERENCES `mails`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`contact_id`) REFERENCES `client_contacts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `portal_sign_in_mails_company_contact_idx` ON `portal_sign_in_mails` (`company_id`,`contact_id`);--> statement-breakpoint
ALTER TABLE `portal_sign_in_tokens` ADD `mail_id` integer REFERENCES mails(id);--> statement-breakpoint
CREATE INDEX `portal_sign_in_tokens_mail_idx` ON `portal_sign_in_tokens` (`mail_id`);