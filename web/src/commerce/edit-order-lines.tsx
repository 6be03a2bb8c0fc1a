/**
 * A draft, edited in its dialog: quantities, removing a line, adding a catalog product, and the
 * discount, tax rate and shipping. The totals beside them are the server's own computeTotals; Save
 * sends lines and amounts (PATCH), and the server recomputes and checks them as it does for a new order.
 */
import { useEffect, useState } from "preact/hooks";
import { computeTotals } from "../../../worker/commerce/order-math";
import { messageOf } from "../api/client";
import { commerceApi, type OrderDetail, type PublicProduct } from "../api/commerce";
import { Alert } from "../components/alert";
import { formatMinor } from "../format/money";
import { AdjustmentFields, useAdjustments } from "./order-adjustments";
import { noteOrder } from "./order-live";

interface EditLine {
  key: string;
  productId: string | null;
  name: string;
  quantity: number;
  unitPriceMinor: number;
}

export function EditOrderLines({
  detail,
  onSaved,
  onCancel,
}: {
  detail: OrderDetail;
  onSaved: (d: OrderDetail) => void;
  onCancel: () => void;
}) {
  const o = detail.order;
  const [lines, setLines] = useState<EditLine[]>(() =>
    detail.lines.map((l) => ({ key: l.id, productId: l.productId, name: l.name, quantity: l.quantity, unitPriceMinor: l.unitPriceMinor })),
  );
  const [q, setQ] = useState("");
  const [found, setFound] = useState<PublicProduct[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!q.trim()) return setFound([]);
    let current = true;
    const t = setTimeout(() => {
      commerceApi.products({ q, active: "active", limit: 6 }).then(
        (r) => current && setFound(r.products.filter((p) => p.currency === o.currency)),
        () => undefined,
      );
    }, 150);
    return () => {
      current = false;
      clearTimeout(t);
    };
  }, [q]);

  const adj = useAdjustments(o.currency, o);
  const totals = computeTotals(lines, adj.values);
  const setQuantity = (key: string, quantity: number) => setLines((ls) => ls.map((l) => (l.key === key ? { ...l, quantity } : l)));

  async function save() {
    setBusy(true);
    setError(null);
    try {
      const d = await commerceApi.updateOrder(o.id, {
        lines: lines.map((l) =>
          l.productId
            ? { productId: l.productId, quantity: l.quantity, unitPriceMinor: l.unitPriceMinor }
            : { name: l.name, quantity: l.quantity, unitPriceMinor: l.unitPriceMinor },
        ),
        ...adj.values,
      });
      noteOrder(d.order);
      onSaved(d);
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div class="stack edit-order-lines">
      <table class="table">
        <thead>
          <tr>
            <th scope="col">Item</th>
            <th scope="col" class="num">
              Qty
            </th>
            <th scope="col" class="num">
              Total
            </th>
            <th scope="col">
              <span class="visually-hidden">Remove</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {lines.map((l) => (
            <tr key={l.key}>
              <td class="cell-head">{l.name}</td>
              <td class="num" data-label="Qty">
                <input
                  class="input input-sm qty-input"
                  type="number"
                  min={1}
                  step={1}
                  value={l.quantity}
                  aria-label={`Quantity of ${l.name}`}
                  onInput={(e) => setQuantity(l.key, Math.max(1, Math.floor(Number(e.currentTarget.value) || 1)))}
                />
              </td>
              <td class="num" data-label="Total">
                {formatMinor(l.quantity * l.unitPriceMinor, o.currency)}
              </td>
              <td>
                <button
                  type="button"
                  class="btn btn-ghost btn-sm"
                  disabled={lines.length === 1}
                  onClick={() => setLines((ls) => ls.filter((x) => x.key !== l.key))}
                  aria-label={`Remove ${l.name}`}
                >
                  Remove
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <label class="field">
        <span class="field-label">Add a product</span>
        <input class="input" type="search" value={q} placeholder="Name or SKU" onInput={(e) => setQ(e.currentTarget.value)} />
      </label>
      {found.length > 0 && (
        <ul class="commerce-list">
          {found.map((p) => (
            <li key={p.id}>
              <span>
                {p.name} <span class="muted small">{formatMinor(p.priceMinor, p.currency)}</span>
              </span>
              <button
                type="button"
                class="btn btn-sm"
                onClick={() => {
                  setLines((ls) =>
                    ls.some((l) => l.productId === p.id)
                      ? ls.map((l) => (l.productId === p.id ? { ...l, quantity: l.quantity + 1 } : l))
                      : [...ls, { key: `new-${p.id}`, productId: p.id, name: p.name, quantity: 1, unitPriceMinor: p.priceMinor }],
                  );
                  setQ("");
                }}
              >
                Add
              </button>
            </li>
          ))}
        </ul>
      )}
      <AdjustmentFields adj={adj} />
      <p>
        Total <strong data-testid="edit-order-total">{formatMinor(totals.totalMinor, o.currency)}</strong>
      </p>
      {error && <Alert>{error}</Alert>}
      <div class="cluster">
        <button type="button" class="btn btn-primary" disabled={busy || adj.invalid} onClick={save}>
          Save changes
        </button>
        <button type="button" class="btn btn-ghost" disabled={busy} onClick={onCancel}>
          Cancel
        </button>
      </div>
    </div>
  );
}
