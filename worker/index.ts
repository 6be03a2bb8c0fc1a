/** Parley's Worker: assembles the HTTP app, the queue consumer and the cron job, and exports the Durable Objects. */
import { app } from "./app";
import { consumeJobs, type Job } from "./jobs/consume-jobs";
import { runScheduled } from "./jobs/scheduled";

export { ConversationRoom } from "../durable/conversation-room";
export { OrgInbox } from "../durable/org-inbox";
export { RateLimiter } from "../durable/rate-limiter";
export { CampaignRunner } from "../durable/campaign-runner";
export { SearchIndex } from "../durable/search-index";

export default {
  fetch: app.fetch,
  queue: (batch, env) => consumeJobs(batch, env),
  scheduled: (controller, env) => runScheduled(controller.cron, env),
} satisfies ExportedHandler<Env, Job>;
