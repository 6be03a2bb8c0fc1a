/**
 * Product photos: admins upload JPEG/PNG/WebP (the bytes must be what the type says, up to 5 MB), members
 * see them, a new upload replaces the old object in R2 and deleting the photo or the product removes it;
 * nothing crosses organizations and a bad upload leaves the current photo as it was.
 */
import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { addMember, signUpOwner, type Member } from "../support/accounts";
import { expectError, expectJson } from "../support/api-errors";

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 1, 2, 3]);
const JPEG = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 9, 9]);
const WEBP = new Uint8Array([...new TextEncoder().encode("RIFF"), 4, 0, 0, 0, ...new TextEncoder().encode("WEBPVP8 ")]);

interface Product {
  id: string;
  imageKey: string | null;
}

const upload = (m: Member, id: string, bytes: Uint8Array, type: string) =>
  m.browser.request("POST", `/api/products/${id}/image`, bytes, { "content-type": type });

async function product(owner: Member, sku: string): Promise<Product> {
  return (
    await expectJson<{ product: Product }>(
      await owner.browser.post("/api/products", { sku, name: `Thing ${sku}`, priceMinor: 500, currency: "EUR" }),
      201,
    )
  ).product;
}

describe("product photos", () => {
  it("uploads, serves, replaces and removes a photo, deleting the old objects from R2", async () => {
    const owner = await signUpOwner("Photo Shop");
    const agent = await addMember(owner, "agent");
    const p = await product(owner, "VASE-1");

    await expectError(await agent.browser.get(`/api/products/${p.id}/image`), 404, "image_not_found");
    const first = (await expectJson<{ product: Product }>(await upload(owner, p.id, PNG, "image/png"))).product;
    expect(first.imageKey).toMatch(new RegExp(`^media/${owner.orgId}/products/${p.id}/`));
    const served = await agent.browser.get(`/api/products/${p.id}/image`);
    expect(served.status).toBe(200);
    expect(served.headers.get("content-type")).toBe("image/png");
    expect(served.headers.get("cache-control")).toContain("immutable");
    expect(new Uint8Array(await served.arrayBuffer())).toEqual(PNG);

    // A new photo replaces the old one; the old object is gone from R2.
    const second = (await expectJson<{ product: Product }>(await upload(owner, p.id, JPEG, "image/jpeg"))).product;
    expect(second.imageKey).not.toBe(first.imageKey);
    expect(await env.MEDIA.head(first.imageKey!)).toBeNull();
    expect((await agent.browser.get(`/api/products/${p.id}/image`)).headers.get("content-type")).toBe("image/jpeg");
    expect((await expectJson<{ product: Product }>(await upload(owner, p.id, WEBP, "image/webp"))).product.imageKey).toBeTruthy();
    const webpKey = (await expectJson<{ product: Product }>(await agent.browser.get(`/api/products/${p.id}`))).product.imageKey!;

    const removed = (await expectJson<{ product: Product }>(await owner.browser.delete(`/api/products/${p.id}/image`))).product;
    expect(removed.imageKey).toBeNull();
    expect(await env.MEDIA.head(webpKey)).toBeNull();
    await expectError(await owner.browser.delete(`/api/products/${p.id}/image`), 404, "image_not_found");

    // Deleting the product takes its photo along.
    const again = (await expectJson<{ product: Product }>(await upload(owner, p.id, PNG, "image/png"))).product;
    expect((await owner.browser.delete(`/api/products/${p.id}`)).status).toBe(200);
    await expect.poll(async () => env.MEDIA.head(again.imageKey!)).toBeNull();
  });

  it("refuses bad uploads with the reason and keeps the current photo; agents and other orgs cannot touch it", async () => {
    const owner = await signUpOwner("Strict Shop");
    const agent = await addMember(owner, "agent");
    const other = await signUpOwner("Other Shop");
    const p = await product(owner, "MUG-9");
    const kept = (await expectJson<{ product: Product }>(await upload(owner, p.id, PNG, "image/png"))).product.imageKey;

    await expectError(await upload(owner, p.id, PNG, "image/gif"), 415, "unsupported_image", "JPEG, PNG or WebP");
    await expectError(await upload(owner, p.id, PNG, "image/jpeg"), 415, "unsupported_image", "not a JPEG");
    await expectError(await upload(owner, p.id, new TextEncoder().encode("<svg onload=alert(1)>"), "image/png"), 415, "unsupported_image");
    await expectError(await upload(owner, p.id, new Uint8Array(), "image/png"), 400, "empty_upload");
    const big = new Uint8Array(5 * 1024 * 1024 + 1);
    big.set(PNG);
    await expectError(await upload(owner, p.id, big, "image/png"), 413, "payload_too_large", "5 MB");
    await expectError(await upload(agent, p.id, PNG, "image/png"), 403, "forbidden");
    await expectError(await upload(other, p.id, PNG, "image/png"), 404, "product_not_found");
    await expectError(await other.browser.get(`/api/products/${p.id}/image`), 404, "product_not_found");
    await expectError(await other.browser.delete(`/api/products/${p.id}/image`), 404, "product_not_found");
    await expectError(await upload(owner, "prd_nope", PNG, "image/png"), 404, "product_not_found");
    expect((await expectJson<{ product: Product }>(await owner.browser.get(`/api/products/${p.id}`))).product.imageKey).toBe(kept);
    expect(await env.MEDIA.head(kept!)).not.toBeNull();
    // Without the CSRF header even the owner's upload is refused.
    await expectError(
      await owner.browser.request("POST", `/api/products/${p.id}/image`, PNG, { "content-type": "image/png", "x-csrf-token": "" }),
      403,
      "csrf_failed",
    );
  });
});
