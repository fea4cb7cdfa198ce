ALTER TABLE `companies` ADD `logo_sha256` text;--> statement-breakpoint
ALTER TABLE `companies` ADD `logo_type` text;