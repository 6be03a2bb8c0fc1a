/** The HTTP surface: middleware that applies everywhere, then one router per resource. */
import { Hono } from "hono";
import { secureHeaders } from "hono/secure-headers";
import { AppError, errorResponse } from "./errors";
import type { AppEnv } from "./app-env";
import { limitBody } from "./middleware/body-limit";
import { csrfProtection } from "./middleware/csrf";
import { MAX_UPLOAD_BYTES } from "./inbox/media";
import { openApiConformance } from "./openapi/conformance";
import { accountEmail } from "./routes/account-email";
import { aiRoutes } from "./routes/ai";
import { automationRoutes } from "./routes/automation";
import { integrationRoutes } from "./routes/integrations";
import { apiDocs } from "./routes/api-docs";
import { billing } from "./routes/billing";
import { emailDeliveryRoutes } from "./routes/email-deliveries";
import { audit } from "./routes/audit";
import { campaignRoutes } from "./routes/campaigns";
import { conversationRoutes } from "./routes/conversations";
import { dataDownloads, dataRoutes } from "./routes/data";
import { cannedRoutes, templatesRoutes } from "./routes/inbox-extras";
import { contactRoutes } from "./routes/contacts";
import { contactImportRoutes } from "./routes/contact-imports";
import { contactMergeRoutes } from "./routes/contact-merge";
import { MAX_IMPORT_BYTES } from "./crm/import/import-file";
import { customFieldRoutes, labelRoutes, stageRoutes } from "./routes/crm-settings";
import { segmentRoutes } from "./routes/segments";
import { searchRoutes } from "./routes/search";
import { live } from "./routes/live";
import { auth } from "./routes/auth";
import { dashboardRoutes } from "./routes/dashboard";
import { devInspect } from "./routes/dev-inspect";
import { health } from "./routes/health";
import { numbers } from "./routes/numbers";
import { site } from "./routes/site";
import { orgSettings } from "./routes/org-settings";
import { orderRoutes } from "./routes/orders";
import { productRoutes } from "./routes/products";
import { profile } from "./routes/profile";
import { pushRoutes } from "./routes/push";
import { purchaseHistoryRoutes, reorderRoutes } from "./routes/purchase-history";
import { invitations, team } from "./routes/team";
import { stripeWebhook } from "./routes/stripe-webhook";
import { stripeConnectWebhook } from "./routes/stripe-connect-webhook";
import { paymentRoutes } from "./routes/payments";
import { webhooks } from "./routes/webhooks";
import { d1Sessions } from "./middleware/d1-bookmark";

/** JSON API bodies are small; anything bigger is refused before it is read. */
const API_BODY_LIMIT = 64 * 1024;

export const app = new Hono<AppEnv>();

// First, so it sees every answer as it leaves, errors included (a no-op unless tests switch it on).
app.use(openApiConformance());

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

app.route("/webhooks/stripe", stripeWebhook);
app.route("/webhooks/stripe-connect", stripeConnectWebhook);
app.route("/webhooks", webhooks);

const UPLOAD_PATH = /^\/api\/conversations\/[^/]+\/media$/;
/** A product photo is the image's raw bytes too (worker/commerce/product-images.ts checks its 5 MB). */
const PRODUCT_IMAGE_PATH = /^\/api\/products\/[^/]+\/image$/;
/** CSV imports arrive as JSON holding the file's text: a catalog of thousands of rows outgrows 64 KB. */
const IMPORT_PATH = /^\/api\/[a-z-]+\/import$/;
const IMPORT_BODY_LIMIT = 4 * 1024 * 1024;
/** Contact imports are the CSV's raw bytes, up to 100,000+ rows (worker/crm/import/import-file.ts). */
const CONTACT_IMPORT_PATH = /^\/api\/contact-imports\/?$/;
/** A restore's zip, streamed into R2; its limit (RESTORE_MAX_BYTES) is checked by the route as it streams. */
const RESTORE_PATH = /^\/api\/data\/restores\/?$/;
const jsonLimit = limitBody({ maxSize: API_BODY_LIMIT, message: `Request bodies are limited to ${API_BODY_LIMIT / 1024} KB.` });
const uploadLimit = limitBody({ maxSize: MAX_UPLOAD_BYTES, message: "Files are limited to 16 MB." });
const importLimit = limitBody({ maxSize: IMPORT_BODY_LIMIT, message: "Imports are limited to 4 MB." });
const contactImportLimit = limitBody({
  maxSize: MAX_IMPORT_BYTES,
  message: `CSV imports are limited to ${MAX_IMPORT_BYTES / 1024 / 1024} MB; split the file.`,
});
// Each API request reads and writes D1 in one session from the agent's bookmark (read replicas, own writes seen).
app.use("/api/*", d1Sessions());
app.use("/api/*", (c, next) => {
  if (UPLOAD_PATH.test(c.req.path) || PRODUCT_IMAGE_PATH.test(c.req.path)) return uploadLimit(c, next);
  if (CONTACT_IMPORT_PATH.test(c.req.path)) return contactImportLimit(c, next);
  if (RESTORE_PATH.test(c.req.path) && c.req.method === "POST") return next();
  return IMPORT_PATH.test(c.req.path) ? importLimit(c, next) : jsonLimit(c, next);
});
// Uploads, product images, contact CSV imports and restores are a file's raw bytes (still behind the CSRF header); everything else is JSON.
app.use(
  "/api/*",
  csrfProtection({
    rawBodyPaths: new RegExp(`${UPLOAD_PATH.source}|${PRODUCT_IMAGE_PATH.source}|${CONTACT_IMPORT_PATH.source}|${RESTORE_PATH.source}`),
  }),
);

app.route("/api/health", health);
app.route("/api", apiDocs);
app.route("/api/dev", devInspect);
app.route("/api/auth", auth);
app.route("/api/auth", accountEmail);
app.route("/api/me", profile);
app.route("/api/team", team);
app.route("/api/invites", invitations);
app.route("/api/numbers", numbers);
app.route("/api/audit", audit);
app.route("/api/email", emailDeliveryRoutes);
app.route("/api/billing", billing);
app.route("/api/org", orgSettings);
app.route("/api/conversations", conversationRoutes);
app.route("/api/live", live);
app.route("/api/templates", templatesRoutes);
app.route("/api/canned-responses", cannedRoutes);
app.route("/api/contact-imports", contactImportRoutes);
// Before contactRoutes: its /:id would read "duplicates" as a contact id.
app.route("/api/contacts", contactMergeRoutes);
app.route("/api/contacts", contactRoutes);
app.route("/api/custom-fields", customFieldRoutes);
app.route("/api/lifecycle-stages", stageRoutes);
app.route("/api/labels", labelRoutes);
app.route("/api/segments", segmentRoutes);
app.route("/api/search", searchRoutes);
app.route("/api/campaigns", campaignRoutes);
app.route("/api/data/download", dataDownloads);
app.route("/api/data", dataRoutes);
app.route("/api/products", productRoutes);
app.route("/api/orders", orderRoutes);
app.route("/api/payments", paymentRoutes);
app.route("/api/purchase-history", purchaseHistoryRoutes);
app.route("/api/reorders", reorderRoutes);
app.route("/api/dashboard", dashboardRoutes);
app.route("/api/ai", aiRoutes);
app.route("/api/automation", automationRoutes);
app.route("/api/push", pushRoutes);
app.route("/api/integrations", integrationRoutes);

app.route("/", site);

app.notFound((c) => errorResponse(new AppError(404, "not_found", "No such route."), c));
app.onError(errorResponse);
