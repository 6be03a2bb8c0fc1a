CREATE TABLE `data_restores` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`requested_by` text,
	`status` text DEFAULT 'queued' NOT NULL,
	`step` integer DEFAULT 0 NOT NULL,
	`source_org_id` text NOT NULL,
	`source_created_at` integer NOT NULL,
	`phase` text,
	`done_rows` integer DEFAULT 0 NOT NULL,
	`total_rows` integer DEFAULT 0 NOT NULL,
	`bytes` integer NOT NULL,
	`r2_key` text NOT NULL,
	`state` text,
	`report` text,
	`error` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer NOT NULL,
	`finished_at` integer,
	FOREIGN KEY (`org_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`requested_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `data_restores_org` ON `data_restores` (`org_id`,`created_at`);