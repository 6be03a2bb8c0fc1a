/** The HTTP surface: middleware that applies everywhere, then one router per resource. */
import { Hono } from "hono";
import { secureHeaders } from "hono/secure-headers";
import { AppError, errorResponse } from "./errors";
import { bodyLimit } from "hono/body-limit";
import type { AppEnv } from "./app-env";
import { csrfProtection } from "./middleware/csrf";
import { audit } from "./routes/audit";
import { auth } from "./routes/auth";
import { devInspect } from "./routes/dev-inspect";
import { health } from "./routes/health";
import { numbers } from "./routes/numbers";
import { orgSettings } from "./routes/org-settings";
import { profile } from "./routes/profile";
import { invitations, team } from "./routes/team";
import { webhooks } from "./routes/webhooks";

/** JSON API bodies are small; anything bigger is refused before it is read. */
const API_BODY_LIMIT = 64 * 1024;

export const app = new Hono<AppEnv>();

app.use(
  secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'"],
      imgSrc: ["'self'", "data:", "blob:"],
      connectSrc: ["'self'"],
      frameAncestors: ["'none'"],
      baseUri: ["'none'"],
      formAction: ["'self'"],
    },
    strictTransportSecurity: "max-age=63072000; includeSubDomains",
    referrerPolicy: "strict-origin-when-cross-origin",
  }),
);

app.route("/webhooks", webhooks);

app.use(
  "/api/*",
  bodyLimit({
    maxSize: API_BODY_LIMIT,
    onError: () => {
      throw new AppError(413, "payload_too_large", `Request bodies are limited to ${API_BODY_LIMIT / 1024} KB.`);
    },
  }),
  csrfProtection(),
);
app.route("/api/health", health);
app.route("/api/dev", devInspect);
app.route("/api/auth", auth);
app.route("/api/me", profile);
app.route("/api/team", team);
app.route("/api/invites", invitations);
app.route("/api/numbers", numbers);
app.route("/api/audit", audit);
app.route("/api/org", orgSettings);

app.notFound((c) => errorResponse(new AppError(404, "not_found", "No such route."), c));
app.onError(errorResponse);
