ALTER TABLE `contact_imports` ADD `columns` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
ALTER TABLE `contact_imports` ADD `on_duplicate` text DEFAULT 'update' NOT NULL;--> statement-breakpoint
ALTER TABLE `contact_imports` ADD `skipped` integer DEFAULT 0 NOT NULL;