/**
 * Runs before each browser test file: a failed test prints what every open page said and showed
 * (test/e2e/browser.ts), so a failure that happens once in a full run can be diagnosed from CI's log.
 */
import { beforeEach } from "vitest";
import { reportPages } from "./browser";

beforeEach(({ task, onTestFailed }) => {
  onTestFailed(() => reportPages(task.name));
});
