/**
 * Starts the local peers once for the workerd tests: the Meta Graph API and the email API. The Worker
 * reaches them through GRAPH_API_BASE and EMAIL_API_BASE, exactly as production reaches the real ones.
 */
import type { TestProject } from "vitest/node";
import { startMailPeer } from "../peers/mail";
import { startMetaGraphPeer } from "../peers/meta-graph";
import { TEST_SECRETS } from "../../vitest.config";

export default async function setup(project: TestProject) {
  const peer = await startMetaGraphPeer({
    accessToken: TEST_SECRETS.META_ACCESS_TOKEN,
    appSecret: TEST_SECRETS.META_APP_SECRET,
    control: true,
  });
  const mail = await startMailPeer({ apiKey: TEST_SECRETS.EMAIL_API_KEY });
  project.provide("metaPeerUrl", peer.url);
  project.provide("mailPeerUrl", mail.url);
  return async () => {
    await peer.close();
    await mail.close();
  };
}
