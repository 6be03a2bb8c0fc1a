/** Web Push test helpers: devices made by the local push service (as a browser's), and what reached them. */
import { env } from "cloudflare:test";
import type { Member } from "./accounts";
import { expectJson } from "./api-errors";
import { until } from "./ai";
import type { PushRecord } from "../peers/web-push";

/** In the tests the allowed push services are exactly the local peer. */
export const pushPeer = () => env.PUSH_ENDPOINT_ORIGINS as string;

export interface PeerSubscription {
  id: string;
  endpoint: string;
  expirationTime: null;
  keys: { p256dh: string; auth: string };
}

/** A subscription as `PushSubscription.toJSON()` gives it; the peer keeps its private keys to decrypt. */
export async function peerSubscription(): Promise<PeerSubscription> {
  return (await (await fetch(`${pushPeer()}/__push/subscriptions`, { method: "POST" })).json()) as PeerSubscription;
}

export interface Device {
  peerId: string;
  deviceId: string;
}

/** Opts one device of `member` in, as the settings page does. */
export async function optIn(member: Member): Promise<Device> {
  const { id, ...sub } = await peerSubscription();
  const { device } = await expectJson<{ device: { id: string } }>(await member.browser.post("/api/push/subscriptions", sub), 201);
  return { peerId: id, deviceId: device.id };
}

export async function pushesTo(device: Device): Promise<PushRecord[]> {
  return (await (await fetch(`${pushPeer()}/__push/messages?subscription=${device.peerId}`)).json()) as PushRecord[];
}

/** Waits (fan-out and delivery run on the Queue) until `device` has `count` notifications. */
export async function waitForPushes(device: Device, count = 1): Promise<PushRecord[]> {
  return until(async () => {
    const got = await pushesTo(device);
    return got.length >= count && got;
  });
}

export async function expirePeerSubscription(device: Device): Promise<void> {
  await fetch(`${pushPeer()}/__push/subscriptions/${device.peerId}/expire`, { method: "POST" });
}

export async function failPeer(status: number, times: number): Promise<void> {
  await fetch(`${pushPeer()}/__push/fail`, { method: "POST", body: JSON.stringify({ status, times }) });
}

export async function peerRejections(): Promise<{ subscriptionId: string; reason: string }[]> {
  return (await (await fetch(`${pushPeer()}/__push/rejections`)).json()) as { subscriptionId: string; reason: string }[];
}
