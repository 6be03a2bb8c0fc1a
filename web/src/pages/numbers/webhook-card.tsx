/** What an admin pastes into Meta's App Dashboard so this org's numbers reach Parley. */
import type { WebhookSettings } from "../../api/types";
import { CopyField } from "../../components/copy-button";

export function WebhookCard({ webhook }: { webhook: WebhookSettings }) {
  return (
    <section class="card" aria-labelledby="webhook-title">
      <div class="card-header">
        <div>
          <h2 id="webhook-title">Webhook for Meta</h2>
          <p>In Meta's App Dashboard, open WhatsApp → Configuration and paste these two values, then subscribe to the messages field.</p>
        </div>
      </div>
      <div class="card-body">
        <div class="field">
          <span class="field-label" id="webhook-url-label">
            Callback URL
          </span>
          <CopyField value={webhook.url} what="Callback URL" id="webhook-url" />
        </div>
        <div class="field">
          <span class="field-label" id="webhook-token-label">
            Verify token
          </span>
          <CopyField value={webhook.verifyToken} what="Verify token" id="webhook-token" />
        </div>
      </div>
    </section>
  );
}
