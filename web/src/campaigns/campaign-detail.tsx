/** /campaigns/:id: a draft's audience and send controls; a started campaign's live progress, controls and recipients. */
import { useRef, useState } from "preact/hooks";
import { useRoute } from "preact-iso";
import { messageOf } from "../api/client";
import { Alert } from "../components/alert";
import { LoadingRows, Page } from "../components/page";
import { toast } from "../components/toasts";
import { useResource } from "../hooks/use-resource";
import { isAdmin } from "../session/roles";
import { currentUser } from "../session/session";
import { AudienceSummary } from "./audience-summary";
import { useCampaignLive } from "./campaign-live";
import { CampaignProgressCard } from "./campaign-progress";
import { CampaignBadge } from "./campaign-status";
import { type CampaignDetail, type CampaignRecipient, campaignsApi } from "./campaigns-api";
import { RecipientsTable } from "./recipients-table";
import { SendControls } from "./send-controls";

export default function CampaignDetailPage() {
  const { params } = useRoute();
  const id = params.id!;
  const admin = isAdmin(currentUser.value?.role);
  const detail = useResource(() => campaignsApi.get(id), [id]);
  const c = detail.data?.campaign;
  const draft = c?.status === "draft";
  const started = c && !["draft", "scheduled"].includes(c.status);
  const preview = useResource(() => (draft && admin ? campaignsApi.savedPreview(id) : Promise.resolve(null)), [id, draft]);
  const recipients = useResource(
    () => (started ? campaignsApi.recipients(id) : Promise.resolve({ recipients: [], next: null })),
    [id, started],
  );
  const [busy, setBusy] = useState(false);
  // Delivery ticks arrive in bursts; the totals above the table are reloaded once a burst settles.
  const totalsTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  useCampaignLive(started ? id : null, {
    onProgress: (progress) => {
      detail.update((d) => ({ ...d, progress }));
      // The runner says done or stopped: the campaign's row and delivery totals changed with it.
      if (["done", "paused", "cancelled"].includes(progress.phase) && progress.phase !== detail.data?.progress?.phase) void detail.reload();
    },
    onRecipients: (updates) => {
      const byIdx = new Map(updates.map((u) => [u.idx, u]));
      recipients.update((r) => ({
        ...r,
        recipients: r.recipients.map((row) => {
          const u = byIdx.get(row.idx);
          return u ? ({ ...row, status: u.status, errorTitle: u.errorTitle ?? row.errorTitle } as CampaignRecipient) : row;
        }),
      }));
      if (updates.some((u) => ["delivered", "read", "replied", "failed"].includes(u.status))) scheduleTotals();
    },
    onReconnect: () => {
      void detail.reload();
      void recipients.reload();
    },
  });

  function scheduleTotals() {
    clearTimeout(totalsTimer.current);
    totalsTimer.current = setTimeout(() => void detail.reload(), 1000);
  }

  async function act(fn: () => Promise<CampaignDetail>, done: string) {
    setBusy(true);
    try {
      const next = await fn();
      detail.update(() => next);
      toast(done);
    } catch (err) {
      toast(messageOf(err), "error");
    } finally {
      setBusy(false);
    }
  }

  async function more() {
    const r = recipients.data;
    if (r?.next == null) return;
    const page = await campaignsApi.recipients(id, r.next);
    recipients.update((cur) => ({ recipients: [...cur.recipients, ...page.recipients], next: page.next }));
  }

  const status = c?.status;
  return (
    <Page
      title={c?.name ?? "Campaign"}
      description={c && <CampaignMeta detail={detail.data!} />}
      actions={
        admin &&
        c && (
          <>
            {status === "sending" && (
              <button type="button" class="btn" disabled={busy} onClick={() => act(() => campaignsApi.control(id, "pause"), "Paused")}>
                Pause
              </button>
            )}
            {status === "paused" && (
              <button
                type="button"
                class="btn btn-primary"
                disabled={busy}
                onClick={() => act(() => campaignsApi.control(id, "resume"), "Resumed")}
              >
                Resume
              </button>
            )}
            {(status === "sending" || status === "paused" || status === "scheduled") && (
              <button
                type="button"
                class="btn btn-ghost danger"
                disabled={busy}
                onClick={() => act(() => campaignsApi.control(id, "cancel"), "Cancelled")}
              >
                Cancel campaign
              </button>
            )}
            {started && (detail.data?.progress?.failed ?? 0) > 0 && status !== "cancelled" && (
              <button
                type="button"
                class="btn"
                disabled={busy}
                onClick={() => act(() => campaignsApi.retryFailed(id), "Failed recipients queued again")}
              >
                Retry failed
              </button>
            )}
            {started && (
              <a class="btn btn-ghost" href={campaignsApi.csvUrl(id)} download>
                Export CSV
              </a>
            )}
          </>
        )
      }
    >
      {detail.error && <Alert>{detail.error}</Alert>}
      {!c && detail.loading && <LoadingRows rows={3} />}
      {c && draft && (
        <section class="card" aria-label="Audience">
          <div class="card-header">
            <h2>Who receives it</h2>
          </div>
          <div class="card-body">
            {preview.error && <Alert>{preview.error}</Alert>}
            {preview.data && <AudienceSummary preview={preview.data.preview} />}
            {!preview.data && preview.loading && <LoadingRows rows={1} />}
          </div>
        </section>
      )}
      {c && draft && admin && (
        <SendControls id={id} willReceive={preview.data?.preview.willReceive ?? null} onChanged={(d) => detail.update(() => d)} />
      )}
      {c && status === "scheduled" && c.scheduledAt && (
        <Alert tone="info">
          Goes out {new Date(c.scheduledAt).toLocaleString(undefined, { timeZone: c.timeZone, dateStyle: "full", timeStyle: "short" })} (
          {c.timeZone}).
        </Alert>
      )}
      {c && started && <CampaignProgressCard progress={detail.data!.progress} totals={detail.data!.totals} />}
      {c && started && (
        <section class="card" aria-labelledby="recipients-title">
          <div class="card-header">
            <h2 id="recipients-title">Recipients</h2>
          </div>
          {recipients.data && <RecipientsTable rows={recipients.data.recipients} more={recipients.data.next !== null} onMore={more} />}
        </section>
      )}
    </Page>
  );
}

function CampaignMeta({ detail }: { detail: CampaignDetail }) {
  const c = detail.campaign;
  return (
    <span class="cluster campaign-meta">
      <CampaignBadge status={c.status} />
      <span class="mono">{c.templateName}</span>
      {c.excluded && c.recipientCount > 0 && <span>{c.recipientCount.toLocaleString()} recipients</span>}
    </span>
  );
}
