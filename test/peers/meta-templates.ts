import { isRecord } from "./is-record.js";
import type { MetaErrorSpec } from "./meta-errors.js";
import type { PricingCategory } from "./webhook-builders.js";

export interface TemplateComponent {
  type: "HEADER" | "BODY" | "FOOTER" | "BUTTONS";
  format?: "TEXT" | "IMAGE" | "DOCUMENT" | "VIDEO";
  text?: string;
  example?: Record<string, unknown>;
  buttons?: Array<{ type: "QUICK_REPLY" | "URL" | "PHONE_NUMBER"; text: string; url?: string }>;
}

/** A row of `GET /{waba-id}/message_templates`, in Meta's field names. */
export interface MessageTemplate {
  id: string;
  name: string;
  language: string;
  status: "APPROVED" | "PENDING" | "REJECTED" | "PAUSED" | "DISABLED";
  category: "UTILITY" | "MARKETING" | "AUTHENTICATION";
  parameter_format?: "POSITIONAL" | "NAMED";
  components: TemplateComponent[];
}

export const DEFAULT_TEMPLATES: readonly MessageTemplate[] = [
  {
    id: "1192339204654487",
    name: "hello_world",
    language: "en_US",
    status: "APPROVED",
    category: "UTILITY",
    components: [
      { type: "HEADER", format: "TEXT", text: "Hello World" },
      {
        type: "BODY",
        text: "Welcome and congratulations!! This message demonstrates your ability to send a WhatsApp message notification from the Cloud API, hosted by Meta.",
      },
      { type: "FOOTER", text: "WhatsApp Business Platform sample message" },
    ],
  },
  {
    id: "1146216403623180",
    name: "order_confirmation",
    language: "en_US",
    status: "APPROVED",
    category: "UTILITY",
    parameter_format: "POSITIONAL",
    components: [
      { type: "HEADER", format: "TEXT", text: "Order confirmed" },
      {
        type: "BODY",
        text: "Hi {{1}}, thanks for your order {{2}}. It ships by {{3}}.",
        example: { body_text: [["Pablo", "#860198", "Friday"]] },
      },
      { type: "BUTTONS", buttons: [{ type: "QUICK_REPLY", text: "Track order" }] },
    ],
  },
  {
    id: "1146216403623181",
    name: "order_confirmation",
    language: "es",
    status: "APPROVED",
    category: "UTILITY",
    parameter_format: "POSITIONAL",
    components: [
      {
        type: "BODY",
        text: "Hola {{1}}, gracias por tu pedido {{2}}. Sale el {{3}}.",
        example: { body_text: [["Pablo", "#860198", "viernes"]] },
      },
    ],
  },
  {
    id: "775223451192834",
    name: "reorder_reminder",
    language: "en_US",
    status: "APPROVED",
    category: "MARKETING",
    parameter_format: "POSITIONAL",
    components: [
      {
        type: "BODY",
        text: "Hi {{1}}, running low on {{2}}? Reply YES and we will send the usual.",
        example: { body_text: [["Sam", "coffee beans"]] },
      },
      { type: "FOOTER", text: "Reply STOP to opt out" },
      {
        type: "BUTTONS",
        buttons: [
          { type: "QUICK_REPLY", text: "YES" },
          { type: "QUICK_REPLY", text: "Not now" },
        ],
      },
    ],
  },
  {
    id: "602874430215576",
    name: "appointment_reminder",
    language: "en_US",
    status: "PENDING",
    category: "UTILITY",
    parameter_format: "POSITIONAL",
    components: [{ type: "BODY", text: "Reminder: your appointment is on {{1}} at {{2}}." }],
  },
];

/** Meta lets a list be filtered by `status`, `name` and `language`; the composer asks for APPROVED only. */
export function filterTemplates(templates: readonly MessageTemplate[], query: URLSearchParams): MessageTemplate[] {
  const status = query.get("status")?.toUpperCase();
  const name = query.get("name");
  const language = query.get("language");
  return templates.filter(
    (template) =>
      (status === undefined || template.status === status) &&
      (name === null || template.name.includes(name)) &&
      (language === null || template.language === language),
  );
}

export function pricingCategoryOf(template: MessageTemplate | undefined): PricingCategory {
  if (template === undefined) return "utility";
  return template.category.toLowerCase() as Lowercase<MessageTemplate["category"]>;
}

export function findTemplate(templates: readonly MessageTemplate[], name: string, language: string): MessageTemplate | undefined {
  return templates.find((template) => template.name === name && template.language === language);
}

/**
 * Checks a send's `template` object the way Meta does synchronously: the name must exist in that
 * language and be approved (132001), and the body parameter count must match its `{{n}}` (132000).
 */
export function checkTemplateSend(templates: readonly MessageTemplate[], request: unknown): MetaErrorSpec | undefined {
  if (!isRecord(request) || typeof request.name !== "string") return missingParameter("template['name']");
  const language = isRecord(request.language) && typeof request.language.code === "string" ? request.language.code : undefined;
  if (language === undefined) return missingParameter("template['language']['code']");
  const template = findTemplate(templates, request.name, language);
  if (template === undefined || template.status !== "APPROVED") {
    return {
      status: 404,
      code: 132001,
      message: "(#132001) Template name does not exist in the translation",
      details: `template name (${request.name}) does not exist in ${language}`,
    };
  }
  const expected = bodyParameterCount(template);
  const given = sentBodyParameterCount(request.components);
  if (expected === given) return undefined;
  return {
    status: 400,
    code: 132000,
    message: "(#132000) Number of parameters does not match the expected number of params",
    details: `body: number of localizable_params (${given}) does not match the expected number of params (${expected})`,
  };
}

function bodyParameterCount(template: MessageTemplate): number {
  const body = template.components.find((component) => component.type === "BODY")?.text ?? "";
  return new Set(body.match(/\{\{\s*\w+\s*\}\}/g) ?? []).size;
}

function sentBodyParameterCount(components: unknown): number {
  if (!Array.isArray(components)) return 0;
  const body: unknown = components.find((component) => isRecord(component) && String(component.type).toLowerCase() === "body");
  return isRecord(body) && Array.isArray(body.parameters) ? body.parameters.length : 0;
}

function missingParameter(name: string): MetaErrorSpec {
  return { status: 400, code: 100, message: `(#100) The parameter ${name} is required.` };
}
