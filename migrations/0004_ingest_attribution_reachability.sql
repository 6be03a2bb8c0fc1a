ALTER TABLE `contacts` ADD `unreachable_at` integer;--> statement-breakpoint
ALTER TABLE `conversations` ADD `first_referral` text;