/** Web Push request bodies (zod/mini: web/ imports the types). */
import { z } from "zod/mini";
import { pushPreviews } from "../../db/tables/push";

const base64url = z.string().check(z.regex(/^[A-Za-z0-9_-]+={0,2}$/, "Use base64url, as PushSubscription.toJSON() gives it."));

/** What `PushSubscription.toJSON()` gives (expirationTime is accepted and ignored: services answer 410 instead). */
export const subscribeBody = z.strictObject({
  endpoint: z.string().check(z.minLength(1), z.maxLength(1000)),
  expirationTime: z.optional(z.nullable(z.number())),
  keys: z.strictObject({
    p256dh: base64url.check(z.maxLength(120)),
    auth: base64url.check(z.maxLength(40)),
  }),
});
export type SubscribeBody = z.infer<typeof subscribeBody>;

const toggle = z.optional(z.boolean());
export const preferencesBody = z
  .strictObject({ newConversation: toggle, assignedMessage: toggle, mention: toggle, windowClosing: toggle })
  .check(z.refine((b) => Object.keys(b).length > 0, "Name at least one switch."));
export type PreferencesBody = z.infer<typeof preferencesBody>;

export const pushSettingsBody = z.strictObject({ preview: z.enum(pushPreviews) });
