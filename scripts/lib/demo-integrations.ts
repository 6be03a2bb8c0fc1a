/**
 * `npm start`'s demo org gets one webhook endpoint pointing at the local receiver peer, so a newcomer
 * sees Parley's outgoing webhooks arrive (signed with a fixed local secret) without setting anything up.
 */
import { seal, sealingKeysFromEnv } from "../../worker/crypto/secret-box";

export const DEMO_ENDPOINT_ID = "we_demo";
/** Local only: the demo endpoint's signing secret, so a reader can check the signatures by hand. */
export const DEMO_WEBHOOK_SECRET = "whsec_local_demo_not_secret";

const sqlString = (s: string) => `'${s.replaceAll("'", "''")}'`;

export async function demoIntegrationsSql(orgId: string, encryptionKey: string, receiverUrl: string): Promise<string[]> {
  const sealed = await seal(sealingKeysFromEnv(encryptionKey), DEMO_WEBHOOK_SECRET, `webhook_endpoint:${DEMO_ENDPOINT_ID}`);
  const events = [
    "message.received",
    "conversation.assigned",
    "conversation.closed",
    "contact.created",
    "order.created",
    "order.status_changed",
  ];
  const now = Date.now();
  // The receiver's port can change between runs: the URL is rewritten, everything an admin changed stays.
  return [
    `INSERT INTO webhook_endpoints (id, org_id, url, description, events, secret_sealed, secret_prefix, enabled, failure_streak, created_at, updated_at)
     VALUES (${sqlString(DEMO_ENDPOINT_ID)}, ${sqlString(orgId)}, ${sqlString(`${receiverUrl}/parley-demo`)}, 'Local receiver (npm start)', ${sqlString(JSON.stringify(events))}, ${sqlString(sealed)}, ${sqlString(DEMO_WEBHOOK_SECRET.slice(0, 12))}, 1, 0, ${now}, ${now})
     ON CONFLICT (id) DO UPDATE SET url = excluded.url;`,
  ];
}
