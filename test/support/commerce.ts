/** Commerce test helpers: a workspace with a customer (written in over WhatsApp) and a small catalog. */
import { expect } from "vitest";
import { addMember, type Member } from "./accounts";
import { expectJson } from "./api-errors";
import { workspace, type Workspace } from "./live";
import { ALICE, conversationOf } from "./parley";

export interface Shop extends Workspace {
  agent: Member;
  contactId: string;
  conversationId: string;
  products: { mug: Product; teapot: Product; cup: Product };
}

export interface Product {
  id: string;
  sku: string;
  name: string;
  priceMinor: number;
  currency: string;
}

export async function addProduct(owner: Member, body: Record<string, unknown>): Promise<Product> {
  const { product } = await expectJson<{ product: Product }>(await owner.browser.post("/api/products", body), 201);
  return product;
}

export async function shop(): Promise<Shop> {
  const ws = await workspace();
  expect((await ws.post("msg_01_text")).status).toBe(200);
  const conv = await conversationOf(ws.orgId, ALICE.waId);
  const agent = await addMember(ws.owner, "agent");
  const [mug, teapot, cup] = await Promise.all([
    addProduct(ws.owner, {
      sku: "MUG-BLUE",
      name: "Blue mug",
      priceMinor: 1250,
      currency: "EUR",
      retailerId: "SKU-MUG-BLUE",
      reorderIntervalDays: 30,
    }),
    addProduct(ws.owner, { sku: "TEAPOT-01", name: "Teapot", priceMinor: 3499, currency: "EUR" }),
    addProduct(ws.owner, { sku: "CUP-USD", name: "Dollar cup", priceMinor: 900, currency: "USD" }),
  ]);
  return { ...ws, agent, contactId: conv.contactId, conversationId: conv.id, products: { mug, teapot, cup } };
}
