/**
 * This browser's side of push: whether it can, whether the person allowed it, and opting this device in
 * or out. The permission prompt only ever follows a click (Settings → Notifications or the inbox's
 * offer after a first reply), never a page load.
 */
import { signal } from "@preact/signals";
import type { SubscribeBody } from "../../../worker/schemas/push";
import { pushApi } from "./push-api";

/** The id the server gave this device, to tell it apart in the list and to opt it out. */
const DEVICE_KEY = "parley.push.device";

export type DeviceStatus = "unsupported" | "blocked" | "off" | "on";

export const deviceStatus = signal<DeviceStatus>("off");

export const pushSupported = () => "serviceWorker" in navigator && "PushManager" in window && "Notification" in window;

export const thisDeviceId = () => localStorage.getItem(DEVICE_KEY);

async function currentSubscription(): Promise<PushSubscription | null> {
  const registration = await navigator.serviceWorker.ready;
  return registration.pushManager.getSubscription();
}

/** Reads the browser's state; a subscription the browser still has is sent again (keys may have rotated). */
export async function refreshDeviceStatus(): Promise<DeviceStatus> {
  if (!pushSupported()) return (deviceStatus.value = "unsupported");
  if (Notification.permission === "denied") return (deviceStatus.value = "blocked");
  const sub = Notification.permission === "granted" ? await currentSubscription() : null;
  if (!sub) {
    localStorage.removeItem(DEVICE_KEY);
    return (deviceStatus.value = "off");
  }
  const { device } = await pushApi.subscribe(sub.toJSON() as SubscribeBody);
  localStorage.setItem(DEVICE_KEY, device.id);
  return (deviceStatus.value = "on");
}

const keyBytes = (base64url: string) => Uint8Array.from(atob(base64url.replace(/-/g, "+").replace(/_/g, "/")), (c) => c.charCodeAt(0));

/** Asks for permission (call from a click), subscribes with the server's VAPID key and registers the device. */
export async function enablePush(publicKey: string): Promise<DeviceStatus> {
  if (!pushSupported()) return (deviceStatus.value = "unsupported");
  const permission = await Notification.requestPermission();
  if (permission !== "granted") return (deviceStatus.value = permission === "denied" ? "blocked" : "off");
  const registration = await navigator.serviceWorker.ready;
  const sub =
    (await registration.pushManager.getSubscription()) ??
    (await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes(publicKey) }));
  const { device } = await pushApi.subscribe(sub.toJSON() as SubscribeBody);
  localStorage.setItem(DEVICE_KEY, device.id);
  return (deviceStatus.value = "on");
}

/** Opts this device out: the server forgets it first, then the browser drops the subscription. */
export async function disablePush(): Promise<DeviceStatus> {
  const id = thisDeviceId();
  if (id) await pushApi.unsubscribe(id).catch(() => undefined);
  localStorage.removeItem(DEVICE_KEY);
  const sub = pushSupported() ? await currentSubscription() : null;
  await sub?.unsubscribe();
  return (deviceStatus.value = pushSupported() && Notification.permission === "denied" ? "blocked" : "off");
}
