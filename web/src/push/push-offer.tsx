/**
 * The inbox offers push once an agent has sent their first reply (they are working customers now, and
 * the browser's permission prompt then follows their click, not a page load). "Not now" is remembered.
 */
import { signal } from "@preact/signals";
import { useState } from "preact/hooks";
import { messageOf } from "../api/client";
import { toast } from "../components/toasts";
import { enablePush, pushSupported } from "./device-push";
import { pushApi } from "./push-api";
import "./push.css";

const DISMISSED_KEY = "parley.push.offer-dismissed";

const pushOffer = signal(false);

/** Called after a reply went out: offers push if this browser can and has never been asked. */
export function offerPushAfterReply(): void {
  if (pushOffer.peek() || !pushSupported() || Notification.permission !== "default") return;
  if (localStorage.getItem(DISMISSED_KEY)) return;
  pushOffer.value = true;
}

export function PushOffer() {
  const [pending, setPending] = useState(false);
  if (!pushOffer.value) return null;
  const dismiss = () => {
    localStorage.setItem(DISMISSED_KEY, String(Date.now()));
    pushOffer.value = false;
  };
  async function turnOn() {
    setPending(true);
    try {
      const { publicKey } = await pushApi.state();
      if (!publicKey) throw new Error("Push notifications are not set up on this server.");
      const status = await enablePush(publicKey);
      if (status === "on") toast("Notifications on for this device");
      pushOffer.value = false;
      if (status !== "on") dismiss();
    } catch (err) {
      toast(messageOf(err), "error");
    } finally {
      setPending(false);
    }
  }
  return (
    <section class="push-offer" aria-label="Notifications">
      <p>Get a notification when customers write while Parley is in the background?</p>
      <button type="button" class="btn btn-primary btn-sm" disabled={pending} onClick={() => void turnOn()}>
        Turn on
      </button>
      <button type="button" class="btn btn-sm" onClick={dismiss}>
        Not now
      </button>
    </section>
  );
}
