/**
 * A product's photo: a thumbnail wherever products are listed or picked, and the dialog's field to set,
 * replace or remove it. The URL carries the object's key (`?v=`), which changes with every upload, so the
 * browser caches each photo for good and still sees a new one at once.
 */
import { useState } from "preact/hooks";
import { upload, api, messageOf } from "../api/client";
import type { PublicProduct } from "../api/commerce";
import { Alert } from "../components/alert";

const MAX_BYTES = 5 * 1024 * 1024;

export const productImageUrl = (p: Pick<PublicProduct, "id" | "imageKey">) =>
  p.imageKey ? `/api/products/${encodeURIComponent(p.id)}/image?v=${encodeURIComponent(p.imageKey.split("/").pop()!)}` : null;

export function ProductThumb({ product, size = 32 }: { product: Pick<PublicProduct, "id" | "imageKey" | "name">; size?: number }) {
  const url = productImageUrl(product);
  return url ? (
    <img class="product-thumb" src={url} alt="" width={size} height={size} loading="lazy" decoding="async" />
  ) : (
    <span class="product-thumb product-thumb-empty" style={{ width: size, height: size }} aria-hidden="true">
      {product.name.slice(0, 1).toUpperCase()}
    </span>
  );
}

export function ProductPhotoField({ product, onChange }: { product: PublicProduct; onChange: (p: PublicProduct) => void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function choose(file: File | undefined) {
    if (!file) return;
    setError(null);
    // The server checks too; this saves a 5 MB upload that would be refused.
    if (file.size > MAX_BYTES) return setError("Product photos are limited to 5 MB.");
    setBusy(true);
    try {
      onChange((await upload<{ product: PublicProduct }>(`/api/products/${encodeURIComponent(product.id)}/image`, file)).product);
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  }

  async function remove() {
    setBusy(true);
    setError(null);
    try {
      onChange((await api.delete<{ product: PublicProduct }>(`/api/products/${encodeURIComponent(product.id)}/image`)).product);
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div class="field product-photo">
      <span class="field-label">Photo</span>
      <div class="cluster">
        <ProductThumb product={product} size={72} />
        <label class={`btn btn-sm ${busy ? "is-busy" : ""}`}>
          {product.imageKey ? "Replace photo" : "Add photo"}
          <input
            type="file"
            accept="image/jpeg,image/png,image/webp"
            class="visually-hidden"
            disabled={busy}
            aria-label={product.imageKey ? "Replace photo" : "Add photo"}
            onChange={(e) => {
              void choose(e.currentTarget.files?.[0]);
              e.currentTarget.value = "";
            }}
          />
        </label>
        {product.imageKey && (
          <button type="button" class="btn btn-sm btn-ghost danger" disabled={busy} onClick={remove}>
            Remove
          </button>
        )}
      </div>
      <span class="field-hint">JPEG, PNG or WebP, up to 5 MB.</span>
      {error && <Alert>{error}</Alert>}
    </div>
  );
}
