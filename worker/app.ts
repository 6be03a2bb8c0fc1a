/** The HTTP surface: middleware that applies everywhere, then one router per resource. */
import { Hono } from "hono";
import { secureHeaders } from "hono/secure-headers";
import { AppError, errorResponse } from "./errors";
import { devInspect } from "./routes/dev-inspect";
import { health } from "./routes/health";
import { webhooks } from "./routes/webhooks";

export const app = new Hono<{ Bindings: Env }>();

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
app.route("/api/health", health);
app.route("/api/dev", devInspect);

app.notFound((c) => errorResponse(new AppError(404, "not_found", "No such route."), c));
app.onError(errorResponse);
