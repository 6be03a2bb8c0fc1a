import type { CampaignRunner } from "../../durable/campaign-runner";
import { runnerName } from "../../durable/campaign-protocol";

/** The campaign's runner object; it checks the org and campaign on every call. */
export const runnerOf = (env: Env, orgId: string, campaignId: string): DurableObjectStub<CampaignRunner> =>
  env.CAMPAIGN_RUNNER.getByName(runnerName(orgId, campaignId));
