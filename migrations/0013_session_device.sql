ALTER TABLE `sessions` ADD `device_hash` text;--> statement-breakpoint
CREATE INDEX `sessions_user_device` ON `sessions` (`user_id`,`device_hash`);