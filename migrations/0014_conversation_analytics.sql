CREATE TABLE `conversation_clocks` (
	`conversation_id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`opened_at` integer,
	`awaiting_since` integer
);
--> statement-breakpoint
CREATE TABLE `conversation_daily_rollups` (
	`org_id` text NOT NULL,
	`day` integer NOT NULL,
	`phone_number_id` text NOT NULL,
	`agent_id` text NOT NULL,
	`label` text NOT NULL,
	`opened` integer DEFAULT 0 NOT NULL,
	`resolved` integer DEFAULT 0 NOT NULL,
	`first_responses` integer DEFAULT 0 NOT NULL,
	`messages_sent` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`org_id`, `label`, `day`, `phone_number_id`, `agent_id`)
);
--> statement-breakpoint
CREATE TABLE `response_time_rollups` (
	`org_id` text NOT NULL,
	`label` text NOT NULL,
	`kind` text NOT NULL,
	`day` integer NOT NULL,
	`phone_number_id` text NOT NULL,
	`agent_id` text NOT NULL,
	`bucket` integer NOT NULL,
	`count` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`org_id`, `label`, `day`, `kind`, `phone_number_id`, `agent_id`, `bucket`)
);
--> statement-breakpoint
DROP INDEX `contact_stats_org_ltv`;--> statement-breakpoint
CREATE INDEX `contact_stats_org_lifetime` ON `contact_commerce_stats` (`org_id`,`lifetime_minor`);--> statement-breakpoint
CREATE INDEX `conversations_org_state_assignee` ON `conversations` (`org_id`,`state`,`assignee_id`);