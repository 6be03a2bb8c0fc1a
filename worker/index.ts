/** Parley's Worker: assembles the HTTP app, the queue consumer and the cron job, and exports the Durable Objects. */
import { app } from "./app";
import { consumeJobs, type Job } from "./jobs/consume-jobs";

export { ConversationRoom } from "../durable/conversation-room";
export { OrgInbox } from "../durable/org-inbox";

export default {
  fetch: app.fetch,
  queue: (batch, env) => consumeJobs(batch, env),
  async scheduled() {
    // Retention and backups arrive with the features that own that data.
  },
} satisfies ExportedHandler<Env, Job>;
