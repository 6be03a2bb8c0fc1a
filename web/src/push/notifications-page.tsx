/**
 * Settings → Notifications, for every member: this device opted in or not, the other devices they
 * opted in, which events notify them, and (admins) what a notification may show on a lock screen.
 */
import { useEffect, useState } from "preact/hooks";
import type { PushPreview } from "../../../db/tables/push";
import { messageOf } from "../api/client";
import { Alert } from "../components/alert";
import { LoadingRows, Page } from "../components/page";
import { RelativeTime } from "../components/relative-time";
import { toast } from "../components/toasts";
import { useResource } from "../hooks/use-resource";
import { isAdmin } from "../session/roles";
import { currentUser } from "../session/session";
import { deviceStatus, disablePush, enablePush, refreshDeviceStatus, thisDeviceId } from "./device-push";
import { pushApi, type PushPreferences, type PushState } from "./push-api";
import "./push.css";

const STATUS_TEXT = {
  unsupported: "This browser cannot receive push notifications. On an iPhone, add Parley to the Home Screen first.",
  blocked: "Notifications are blocked for Parley in this browser's site settings. Allow them there, then come back.",
  off: "This device gets no notifications.",
  on: "This device gets notifications while Parley is closed or in the background.",
} as const;

function ThisDevice({ state, onChange }: { state: PushState; onChange: () => void }) {
  const status = deviceStatus.value;
  const [pending, setPending] = useState(false);
  async function run(action: () => Promise<unknown>, done: string) {
    setPending(true);
    try {
      await action();
      toast(done);
      onChange();
    } catch (err) {
      toast(messageOf(err), "error");
    } finally {
      setPending(false);
    }
  }
  const key = state.publicKey;
  return (
    <div class="push-device">
      <p>
        <strong>This device: {status === "on" ? "on" : "off"}</strong>
        <br />
        <span class="muted small">{STATUS_TEXT[status]}</span>
      </p>
      {status === "off" && key && (
        <button
          type="button"
          class="btn btn-primary"
          disabled={pending}
          onClick={() => void run(() => enablePush(key), "Notifications on for this device")}
        >
          Turn on for this device
        </button>
      )}
      {status === "on" && (
        <button type="button" class="btn" disabled={pending} onClick={() => void run(disablePush, "Notifications off for this device")}>
          Turn off
        </button>
      )}
      {!key && <Alert tone="warning">Push notifications are not set up on this server (VAPID keys).</Alert>}
    </div>
  );
}

function Devices({ state, onRemoved }: { state: PushState; onRemoved: (id: string) => void }) {
  const mine = thisDeviceId();
  if (!state.devices.length) return null;
  return (
    <ul class="push-devices">
      {state.devices.map((d) => (
        <li key={d.id}>
          <div>
            <strong>{d.device}</strong> {d.id === mine && <span class="badge badge-accent">This device</span>}
            <br />
            <span class="muted small">
              Opted in <RelativeTime at={d.createdAt} />
              {d.lastSentAt && (
                <>
                  {" · last notified "}
                  <RelativeTime at={d.lastSentAt} />
                </>
              )}
            </span>
          </div>
          {d.id !== mine && (
            <button
              type="button"
              class="btn btn-sm"
              onClick={() =>
                void pushApi
                  .unsubscribe(d.id)
                  .then(() => onRemoved(d.id))
                  .catch((err: unknown) => toast(messageOf(err), "error"))
              }
            >
              Remove
            </button>
          )}
        </li>
      ))}
    </ul>
  );
}

const SWITCHES: { key: keyof PushPreferences; title: string; description: string }[] = [
  { key: "newConversation", title: "New conversation", description: "A customer writes in for the first time." },
  { key: "assignedMessage", title: "New message in my conversations", description: "A customer writes in a conversation assigned to you." },
  { key: "mention", title: "Mentions", description: "A teammate writes @your name in a private note." },
  {
    key: "windowClosing",
    title: "Reply window closing",
    description: "A customer of yours has waited almost 24 hours: an hour before you can only send templates.",
  },
];

function Switches({ state, onSaved }: { state: PushState; onSaved: (p: PushPreferences) => void }) {
  async function flip(key: keyof PushPreferences, value: boolean) {
    try {
      onSaved((await pushApi.preferences({ [key]: value })).preferences);
    } catch (err) {
      toast(messageOf(err), "error");
    }
  }
  return (
    <div class="card-body policies">
      {SWITCHES.map((s) => (
        <div class="policy" key={s.key}>
          <label class="switch" for={`push-${s.key}`}>
            <input
              id={`push-${s.key}`}
              type="checkbox"
              role="switch"
              checked={state.preferences[s.key]}
              aria-checked={state.preferences[s.key]}
              onChange={(e) => void flip(s.key, e.currentTarget.checked)}
              aria-describedby={`push-${s.key}-desc`}
            />
            <span class="switch-text">
              <span class="switch-title">{s.title}</span>
              <span class="muted small" id={`push-${s.key}-desc`}>
                {s.description}
              </span>
            </span>
          </label>
        </div>
      ))}
      <p class="muted small">Never for the conversation you have open on screen, nor for what you did yourself.</p>
    </div>
  );
}

const PREVIEWS: { value: PushPreview; title: string; example: string }[] = [
  { value: "full", title: "Sender and message", example: "Ana · “Do you have the blue teapot?”" },
  { value: "sender", title: "Sender only", example: "Ana · New message" },
  { value: "none", title: "Nothing", example: "Parley · New message in your conversation" },
];

function Privacy({ state, onSaved }: { state: PushState; onSaved: (p: PushPreview) => void }) {
  const admin = isAdmin(currentUser.value?.role);
  async function choose(preview: PushPreview) {
    try {
      onSaved((await pushApi.settings(preview)).preview);
      toast("Saved for everyone in the organization");
    } catch (err) {
      toast(messageOf(err), "error");
    }
  }
  return (
    <fieldset class="card-body push-previews" disabled={!admin}>
      <legend class="visually-hidden">What notifications show</legend>
      {PREVIEWS.map((p) => (
        <label class="push-preview" key={p.value}>
          <input
            type="radio"
            name="push-preview"
            value={p.value}
            checked={state.preview === p.value}
            onChange={() => void choose(p.value)}
          />
          <span>
            <strong>{p.title}</strong>
            <span class="muted small">{p.example}</span>
          </span>
        </label>
      ))}
      {!admin && <p class="muted small">Admins choose this for the whole organization.</p>}
    </fieldset>
  );
}

export default function NotificationsPage() {
  const state = useResource(() => pushApi.state());
  useEffect(() => {
    refreshDeviceStatus()
      .then(() => state.reload())
      .catch(() => undefined);
  }, []);
  const s = state.data;
  const set = (change: (s: PushState) => PushState) => state.update(change);
  return (
    <Page title="Notifications" description="Push notifications on this computer or phone, even with Parley closed." narrow>
      <section class="card" aria-labelledby="push-device-title">
        <div class="card-header">
          <h2 id="push-device-title">Devices</h2>
        </div>
        {state.error && <Alert>{state.error}</Alert>}
        {!s && state.loading && <LoadingRows rows={2} />}
        {s && (
          <div class="card-body">
            <ThisDevice state={s} onChange={() => void state.reload()} />
            <Devices state={s} onRemoved={(id) => set((x) => ({ ...x, devices: x.devices.filter((d) => d.id !== id) }))} />
          </div>
        )}
      </section>
      {s && (
        <section class="card" aria-labelledby="push-events-title">
          <div class="card-header">
            <h2 id="push-events-title">Notify me about</h2>
          </div>
          <Switches state={s} onSaved={(preferences) => set((x) => ({ ...x, preferences }))} />
        </section>
      )}
      {s && (
        <section class="card" aria-labelledby="push-privacy-title">
          <div class="card-header">
            <div>
              <h2 id="push-privacy-title">What notifications show</h2>
              <p>Lock screens can be read by anyone nearby. This applies to everyone in the organization.</p>
            </div>
          </div>
          <Privacy state={s} onSaved={(preview) => set((x) => ({ ...x, preview }))} />
        </section>
      )}
    </Page>
  );
}
