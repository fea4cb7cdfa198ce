ALTER TABLE `messages` ADD `form_nonce` text;--> statement-breakpoint
CREATE UNIQUE INDEX `messages_conversation_form_nonce_idx` ON `messages` (`conversation_id`,`form_nonce`);