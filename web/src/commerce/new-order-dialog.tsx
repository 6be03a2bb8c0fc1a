/**
 * "New order" from the inbox: search the catalog, set quantities, see the totals as the server will
 * compute them (the same computeTotals), then create a draft or a confirmed order.
 */
import { useEffect, useState } from "preact/hooks";
import { computeTotals } from "../../../worker/commerce/order-math";
import { messageOf } from "../api/client";
import { commerceApi, type PublicProduct } from "../api/commerce";
import { Alert } from "../components/alert";
import { Dialog } from "../components/dialog";
import { toast } from "../components/toasts";
import { formatMinor } from "../format/money";
import { AdjustmentFields, useAdjustments } from "./order-adjustments";
import { noteOrder } from "./order-live";
import { ProductThumb } from "./product-photo";

interface Line {
  product: PublicProduct;
  quantity: number;
}

export function NewOrderDialog({
  contactId,
  conversationId,
  onClose,
}: {
  contactId: string;
  conversationId?: string;
  onClose: () => void;
}) {
  const [q, setQ] = useState("");
  const [found, setFound] = useState<PublicProduct[]>([]);
  const [lines, setLines] = useState<Line[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const currency = lines[0]?.product.currency ?? found[0]?.currency ?? "EUR";

  useEffect(() => {
    let current = true;
    const t = setTimeout(() => {
      commerceApi.products({ q, active: "active", limit: 8 }).then(
        (r) => current && setFound(r.products),
        () => undefined,
      );
    }, 150);
    return () => {
      current = false;
      clearTimeout(t);
    };
  }, [q]);

  const adj = useAdjustments(currency);
  const invalid = adj.invalid;
  const totals = computeTotals(
    lines.map((l) => ({ quantity: l.quantity, unitPriceMinor: l.product.priceMinor })),
    adj.values,
  );

  function add(product: PublicProduct) {
    if (lines.length && product.currency !== currency) {
      setError(`${product.name} is priced in ${product.currency}; this order is in ${currency}.`);
      return;
    }
    setError(null);
    setLines((old) =>
      old.some((l) => l.product.id === product.id)
        ? old.map((l) => (l.product.id === product.id ? { ...l, quantity: l.quantity + 1 } : l))
        : [...old, { product, quantity: 1 }],
    );
  }

  async function submit(status: "draft" | "confirmed") {
    setBusy(true);
    setError(null);
    try {
      const { order } = await commerceApi.createOrder({
        contactId,
        ...(conversationId && { conversationId }),
        currency,
        lines: lines.map((l) => ({ productId: l.product.id, quantity: l.quantity })),
        ...adj.values,
        status,
      });
      noteOrder(order);
      toast(`Order #${order.number} created.`);
      onClose();
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Dialog title="New order" onClose={onClose} busy={busy} class="dialog-wide">
      <div class="stack new-order">
        <label class="field">
          <span class="field-label">Add a product</span>
          <input class="input" type="search" value={q} placeholder="Search by name or SKU" onInput={(e) => setQ(e.currentTarget.value)} />
        </label>
        <ul class="product-picks" aria-label="Products">
          {found.map((p) => (
            <li key={p.id}>
              <button type="button" class="btn btn-ghost btn-sm" onClick={() => add(p)}>
                <ProductThumb product={p} size={24} />
                <span>{p.name}</span>
                <span class="muted mono">{p.sku}</span>
                <span>{formatMinor(p.priceMinor, p.currency)}</span>
              </button>
            </li>
          ))}
        </ul>
        {lines.length > 0 && (
          <table class="table order-lines">
            <thead>
              <tr>
                <th scope="col">Product</th>
                <th scope="col">Qty</th>
                <th scope="col" class="num">
                  Line total
                </th>
                <th scope="col">
                  <span class="visually-hidden">Remove</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {lines.map((l, i) => (
                <tr key={l.product.id}>
                  <td>{l.product.name}</td>
                  <td>
                    <input
                      class="input input-sm qty"
                      type="number"
                      min={1}
                      step={1}
                      value={l.quantity}
                      aria-label={`Quantity of ${l.product.name}`}
                      onInput={(e) => {
                        const n = Math.max(1, Math.floor(Number(e.currentTarget.value) || 1));
                        setLines((old) => old.map((x, j) => (j === i ? { ...x, quantity: n } : x)));
                      }}
                    />
                  </td>
                  <td class="num">{formatMinor(totals.lineTotals[i] ?? 0, currency)}</td>
                  <td>
                    <button type="button" class="btn btn-ghost btn-sm" onClick={() => setLines((old) => old.filter((_, j) => j !== i))}>
                      Remove
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <AdjustmentFields adj={adj} />
        <dl class="dl order-totals" aria-live="polite">
          <dt>Subtotal</dt>
          <dd>{formatMinor(totals.subtotalMinor, currency)}</dd>
          <dt>Tax</dt>
          <dd>{formatMinor(totals.taxMinor, currency)}</dd>
          <dt>Total</dt>
          <dd>
            <strong data-testid="order-total">{formatMinor(totals.totalMinor, currency)}</strong>
          </dd>
        </dl>
        {error && <Alert>{error}</Alert>}
        <div class="cluster dialog-actions">
          <button type="button" class="btn btn-ghost" onClick={onClose} disabled={busy}>
            Cancel
          </button>
          <button type="button" class="btn" onClick={() => submit("draft")} disabled={busy || invalid || !lines.length}>
            Save draft
          </button>
          <button type="button" class="btn btn-primary" onClick={() => submit("confirmed")} disabled={busy || invalid || !lines.length}>
            Create order
          </button>
        </div>
      </div>
    </Dialog>
  );
}
