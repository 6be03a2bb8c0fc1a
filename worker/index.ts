/** Parley's Worker: assembles the HTTP app, the queue consumer and the cron job, and exports the Durable Objects. */
import { app } from "./app";
import { consumeJobs, type Job } from "./jobs/consume-jobs";
import { purgeExpired } from "./jobs/retention";

export { ConversationRoom } from "../durable/conversation-room";
export { OrgInbox } from "../durable/org-inbox";
export { RateLimiter } from "../durable/rate-limiter";

export default {
  fetch: app.fetch,
  queue: (batch, env) => consumeJobs(batch, env),
  scheduled: (_controller, env) => purgeExpired(env),
} satisfies ExportedHandler<Env, Job>;
