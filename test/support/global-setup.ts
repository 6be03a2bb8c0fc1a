/**
 * Starts the local Meta Graph peer once for the workerd tests; the Worker reaches it through
 * GRAPH_API_BASE, exactly as production reaches graph.facebook.com.
 */
import type { TestProject } from "vitest/node";
import { startMetaGraphPeer } from "../peers/meta-graph";
import { TEST_SECRETS } from "../../vitest.config";

export default async function setup(project: TestProject) {
  const peer = await startMetaGraphPeer({
    accessToken: TEST_SECRETS.META_ACCESS_TOKEN,
    appSecret: TEST_SECRETS.META_APP_SECRET,
    control: true,
  });
  project.provide("metaPeerUrl", peer.url);
  return () => peer.close();
}
