CREATE TABLE `automation_rules` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`name` text NOT NULL,
	`position` integer NOT NULL,
	`enabled` integer DEFAULT true NOT NULL,
	`trigger` text NOT NULL,
	`conditions` text DEFAULT '[]' NOT NULL,
	`actions` text NOT NULL,
	`turns` integer DEFAULT 0 NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`org_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `automation_rules_org_position` ON `automation_rules` (`org_id`,`position`);--> statement-breakpoint
CREATE TABLE `automation_runs` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`rule_id` text NOT NULL,
	`rule_name` text NOT NULL,
	`event_key` text NOT NULL,
	`trigger` text NOT NULL,
	`conversation_id` text,
	`contact_id` text,
	`outcome` text NOT NULL,
	`reason` text NOT NULL,
	`did` text DEFAULT '[]' NOT NULL,
	`error` text,
	`depth` integer DEFAULT 0 NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`org_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `automation_runs_claim` ON `automation_runs` (`org_id`,`rule_id`,`event_key`);--> statement-breakpoint
CREATE INDEX `automation_runs_org_time` ON `automation_runs` (`org_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `automation_runs_conversation_time` ON `automation_runs` (`conversation_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `business_hours` (
	`org_id` text PRIMARY KEY NOT NULL,
	`enabled` integer DEFAULT false NOT NULL,
	`time_zone` text DEFAULT 'UTC' NOT NULL,
	`week` text DEFAULT '[]' NOT NULL,
	`holidays` text DEFAULT '[]' NOT NULL,
	`away_message` text,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`org_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE cascade
);
