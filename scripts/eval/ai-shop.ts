/**
 * The shop the AI evaluation's conversations are written to: the demo's Lisbon pottery studio, its
 * catalog, its knowledge base and one customer order, in the shapes Commerce and the knowledge base
 * hand to the prompt builders. Names carry their Portuguese and Spanish words, as the demo's knowledge
 * base does, so customers can name things in their own language.
 */
import type { CatalogItem, OrderFact } from "../../worker/ai/commerce-lines";

export const EVAL_CATALOG: CatalogItem[] = [
  {
    name: "Blue teapot",
    sku: "SKU-TEAPOT-01",
    priceMinor: 3499,
    currency: "EUR",
    unit: "unit",
    description: "bule azul / tetera azul, 1 litre, hand-glazed",
    active: true,
  },
  {
    name: "Blue mug",
    sku: "SKU-MUG-BLUE",
    priceMinor: 1250,
    currency: "EUR",
    unit: "unit",
    description: "caneca azul / taza azul, 300 ml",
    active: true,
  },
  {
    name: "Espresso cups",
    sku: "SKU-ESPRESSO-4",
    priceMinor: 2400,
    currency: "EUR",
    unit: "set of 4",
    description: "chávenas de café / tazas de café",
    active: true,
  },
  {
    name: "Glaze refill",
    sku: "SKU-GLAZE-01",
    priceMinor: 899,
    currency: "EUR",
    unit: "250 ml jar",
    description: "recarga de vidrado / recambio de esmalte",
    active: true,
  },
  {
    name: "Stoneware clay",
    sku: "SKU-CLAY-5KG",
    priceMinor: 2200,
    currency: "EUR",
    unit: "5 kg bag",
    description: "barro de grés / arcilla de gres",
    active: true,
  },
  {
    name: "Green vase",
    sku: "SKU-VASE-GREEN",
    priceMinor: 4500,
    currency: "EUR",
    unit: "unit",
    description: "vaso verde / jarrón verde, 40 cm",
    active: false,
  },
];

/** As `- <title>: <body>` lines, the way knowledgeLines() writes the org's entries. */
export const EVAL_KNOWLEDGE: string[] = [
  "- Shipping and delivery (entregas, envios, envíos): Delivery to Lisbon takes 1 working day, the rest of Portugal 2 working days, Spain 4 working days; shipping is free over 50 €.",
  "- Returns and refunds (devoluções, devoluciones): Returns are free within 30 days; refunds reach the card in up to 5 working days.",
  "- Gift wrapping (embrulho para presente, envolver para regalo): Gift wrapping costs 3,00 € per parcel, with a handwritten card.",
  "- Studio shop opening hours (horário da loja, horario de la tienda): The studio shop in Rua das Flores is open Monday to Friday from 9 to 18.",
  "- Payment methods (pagamento, pago): We accept card, MB Way and bank transfer.",
  "- Pottery workshops (workshop de olaria, taller de cerámica): Weekend wheel-throwing workshops cost 65,00 € per person, 3 hours, clay included.",
];

/** The order a case with `orders: true` has on file. */
export const EVAL_ORDER: OrderFact = {
  number: 1042,
  status: "shipped",
  at: Date.parse("2026-12-02T10:00:00Z"),
  currency: "EUR",
  totalMinor: 3499,
  items: [{ name: "Blue teapot", quantity: 1 }],
};

export const EVAL_INTENTS = ["order", "pricing", "support", "complaint", "delivery", "spam"];
