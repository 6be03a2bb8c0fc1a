/** Docs for the Web Push routes: worker/routes/push.ts. */
import type { RouteDoc } from "./routes";
import * as push from "../schemas/push";
import * as S from "./responses/push";

export const pushRouteDocs: RouteDoc[] = [
  {
    method: "get",
    path: "/api/push",
    operationId: "getPushState",
    response: S.pushStateOut,
    errors: [],
    tag: "Push notifications",
    summary: "The VAPID public key to subscribe with, this member's devices and switches, and the org's privacy setting.",
  },
  {
    method: "post",
    path: "/api/push/subscriptions",
    operationId: "subscribePushDevice",
    body: push.subscribeBody,
    response: S.pushDeviceOut,
    status: [201, 200],
    errors: ["400 invalid_endpoint", "400 invalid_push_key", "422 push_service_not_allowed", "503 push_not_configured"],
    tag: "Push notifications",
    summary:
      "Opts this device in: the body is the browser's PushSubscription.toJSON(). 201 for a new device (or one another member had: it moves to you), 200 when it was already yours (keys refreshed).",
  },
  {
    method: "delete",
    path: "/api/push/subscriptions/{id}",
    operationId: "unsubscribePushDevice",
    response: "none",
    status: 204,
    errors: ["404 push_device_not_found"],
    tag: "Push notifications",
    summary: "Opts one of your devices out.",
  },
  {
    method: "put",
    path: "/api/push/preferences",
    operationId: "updatePushPreferences",
    body: push.preferencesBody,
    response: S.pushPreferencesOut,
    errors: [],
    tag: "Push notifications",
    summary: "Your switches, per event; fields left out keep their value. Everything starts switched on.",
  },
  {
    method: "put",
    path: "/api/push/settings",
    operationId: "updatePushSettings",
    body: push.pushSettingsBody,
    response: S.pushSettingsOut,
    errors: [],
    tag: "Push notifications",
    summary: "What the org's notifications may show on a lock screen: full, sender (default) or none. Audited.",
    auth: "admin",
  },
];
