CREATE TABLE `ai_actions` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`kind` text NOT NULL,
	`conversation_id` text,
	`contact_id` text,
	`dedupe_key` text,
	`detail` text NOT NULL,
	`before` text,
	`reverted_at` integer,
	`reverted_by` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`org_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `ai_actions_org_time` ON `ai_actions` (`org_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `ai_actions_conv` ON `ai_actions` (`org_id`,`conversation_id`,`kind`);--> statement-breakpoint
CREATE UNIQUE INDEX `ai_actions_dedupe` ON `ai_actions` (`org_id`,`dedupe_key`);--> statement-breakpoint
CREATE TABLE `ai_intents` (
	`conversation_id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`intent` text NOT NULL,
	`confidence` real NOT NULL,
	`model` text NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`conversation_id`) REFERENCES `conversations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `ai_knowledge` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`kind` text NOT NULL,
	`title` text NOT NULL,
	`body` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`org_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `ai_knowledge_org` ON `ai_knowledge` (`org_id`,`kind`);--> statement-breakpoint
CREATE TABLE `ai_settings` (
	`org_id` text PRIMARY KEY NOT NULL,
	`enabled` integer DEFAULT false NOT NULL,
	`features` text NOT NULL,
	`model` text,
	`monthly_budget_cents` integer DEFAULT 1000 NOT NULL,
	`auto_reply_mode` text DEFAULT 'outside_hours' NOT NULL,
	`business_hours` text,
	`auto_reply_min_confidence` real DEFAULT 0.7 NOT NULL,
	`auto_reply_max_per_conversation` integer DEFAULT 2 NOT NULL,
	`intents` text NOT NULL,
	`updated_at` integer NOT NULL,
	`updated_by` text,
	FOREIGN KEY (`org_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `ai_summaries` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`conversation_id` text NOT NULL,
	`text` text NOT NULL,
	`model` text NOT NULL,
	`trigger` text NOT NULL,
	`upto_seq` integer NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`org_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`conversation_id`) REFERENCES `conversations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `ai_summaries_conv` ON `ai_summaries` (`org_id`,`conversation_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `ai_usage` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`month` text NOT NULL,
	`feature` text NOT NULL,
	`model` text NOT NULL,
	`tokens_in` integer DEFAULT 0 NOT NULL,
	`tokens_out` integer DEFAULT 0 NOT NULL,
	`cost_micros` integer DEFAULT 0 NOT NULL,
	`latency_ms` integer DEFAULT 0 NOT NULL,
	`outcome` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`org_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `ai_usage_org_month` ON `ai_usage` (`org_id`,`month`);--> statement-breakpoint
CREATE TABLE `contact_lead_scores` (
	`contact_id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`score` integer NOT NULL,
	`reason` text,
	`source` text NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`contact_id`) REFERENCES `contacts`(`id`) ON UPDATE no action ON DELETE cascade
);
