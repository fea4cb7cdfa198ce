CREATE TABLE `import_rows` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`company_id` integer NOT NULL,
	`batch_id` integer NOT NULL,
	`row` integer NOT NULL,
	`outcome` text NOT NULL,
	`name` text DEFAULT '' NOT NULL,
	`candidate_id` integer,
	`reason` text DEFAULT '' NOT NULL,
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`batch_id`) REFERENCES `import_batches`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`candidate_id`) REFERENCES `candidates`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `import_rows_batch_idx` ON `import_rows` (`company_id`,`batch_id`,`outcome`,`row`);--> statement-breakpoint
CREATE INDEX `import_rows_candidate_idx` ON `import_rows` (`candidate_id`);