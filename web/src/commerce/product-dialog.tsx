/** Adding or changing a product: prices typed as decimals, sent as integer minor units. */
import { useState } from "preact/hooks";
import { formatAmount, parseAmount } from "../../../worker/commerce/order-math";
import { messageOf } from "../api/client";
import { commerceApi, type PublicProduct } from "../api/commerce";
import { Alert } from "../components/alert";
import { Dialog } from "../components/dialog";
import { toast } from "../components/toasts";
import { ProductPhotoField } from "./product-photo";

export function ProductDialog({ product, onClose, onSaved }: { product: PublicProduct | null; onClose: () => void; onSaved: () => void }) {
  const [sku, setSku] = useState(product?.sku ?? "");
  const [name, setName] = useState(product?.name ?? "");
  const [currency, setCurrency] = useState(product?.currency ?? "EUR");
  const [price, setPrice] = useState(product ? formatAmount(product.priceMinor, product.currency) : "");
  const [unit, setUnit] = useState(product?.unit ?? "unit");
  const [retailerId, setRetailerId] = useState(product?.retailerId ?? "");
  const [interval, setInterval] = useState(product?.reorderIntervalDays ? String(product.reorderIntervalDays) : "");
  const [active, setActive] = useState(product?.active ?? true);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // The photo is saved on its own (its upload is the request); the list refreshes with it.
  const [photoOf, setPhotoOf] = useState(product);

  async function save(e: Event) {
    e.preventDefault();
    const priceMinor = parseAmount(price, currency.toUpperCase());
    if (priceMinor === null) return setError(`Price: a number like 12.50 in ${currency.toUpperCase()}.`);
    const body = {
      sku: sku.trim(),
      name: name.trim(),
      currency: currency.trim(),
      priceMinor,
      unit: unit.trim() || "unit",
      retailerId: retailerId.trim() || null,
      reorderIntervalDays: interval ? Number(interval) : null,
      active,
    };
    setBusy(true);
    setError(null);
    try {
      if (product) await commerceApi.updateProduct(product.id, body);
      else await commerceApi.createProduct(body);
      toast(product ? "Product saved." : "Product added.");
      onSaved();
      onClose();
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  }

  const field = (label: string, value: string, set: (v: string) => void, extra: Record<string, unknown> = {}) => (
    <label class="field">
      <span class="field-label">{label}</span>
      <input class="input" value={value} onInput={(e) => set(e.currentTarget.value)} {...extra} />
    </label>
  );
  return (
    <Dialog title={product ? `Edit ${product.name}` : "Add a product"} onClose={onClose} busy={busy}>
      <form class="stack" onSubmit={save}>
        {photoOf ? (
          <ProductPhotoField
            product={photoOf}
            onChange={(p) => {
              setPhotoOf(p);
              onSaved();
            }}
          />
        ) : (
          <p class="muted small">Add a photo once the product is saved.</p>
        )}
        {field("Name", name, setName, { required: true, maxLength: 200 })}
        <div class="form-row">
          {field("SKU", sku, setSku, { required: true, maxLength: 64 })}
          {field("Unit", unit, setUnit, { maxLength: 20 })}
        </div>
        <div class="form-row">
          {field("Price", price, setPrice, { required: true, inputMode: "decimal", placeholder: "12.50" })}
          {field("Currency", currency, setCurrency, { required: true, maxLength: 3, class: "input mono" })}
        </div>
        {field("WhatsApp catalog retailer id", retailerId, setRetailerId, {
          maxLength: 100,
          placeholder: "Maps catalog orders to this product",
        })}
        {field("Reorder interval (days)", interval, setInterval, {
          type: "number",
          min: 1,
          max: 3650,
          placeholder: "When customers usually need it again",
        })}
        <label class="check">
          <input type="checkbox" checked={active} onChange={(e) => setActive(e.currentTarget.checked)} /> Active (offered in new orders)
        </label>
        {error && <Alert>{error}</Alert>}
        <div class="cluster dialog-actions">
          <button type="button" class="btn btn-ghost" onClick={onClose} disabled={busy}>
            Cancel
          </button>
          <button type="submit" class="btn btn-primary" disabled={busy}>
            {product ? "Save" : "Add product"}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
