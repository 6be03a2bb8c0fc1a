/** Answers of the Web Push routes (worker/routes/push.ts). */
import { createSelectSchema } from "drizzle-zod";
import { z } from "zod";
import { pushPreviews, pushSubscriptions } from "../../../db/tables/push";

const deviceOut = createSelectSchema(pushSubscriptions).pick({ id: true, device: true, createdAt: true, lastSentAt: true }).strict();
const preferencesOut = z.strictObject({
  newConversation: z.boolean().describe("A customer Parley did not know writes in"),
  assignedMessage: z.boolean().describe("A customer writes in a conversation assigned to me"),
  mention: z.boolean().describe("A private note @mentions me"),
  windowClosing: z.boolean().describe("My conversation's 24-hour window closes within the hour, the customer waiting"),
});
const preview = z.enum(pushPreviews).describe("What notifications show: full (sender and text), sender (sender only), none");

export const pushStateOut = z.strictObject({
  publicKey: z.string().nullable().describe("The VAPID public key, the browser's applicationServerKey; null when push is not set up"),
  devices: z.array(deviceOut).describe("This member's opted-in devices"),
  preferences: preferencesOut,
  preview,
});
export const pushDeviceOut = z.strictObject({ device: deviceOut });
export const pushPreferencesOut = z.strictObject({ preferences: preferencesOut });
export const pushSettingsOut = z.strictObject({ preview });
