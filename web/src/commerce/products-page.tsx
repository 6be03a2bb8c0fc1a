/** The product catalog: search, add and edit (admins), CSV import and export. */
import { useState } from "preact/hooks";
import { messageOf } from "../api/client";
import { commerceApi, type PublicProduct } from "../api/commerce";
import { Alert } from "../components/alert";
import { ConfirmDialog } from "../components/confirm-dialog";
import { LoadingRows, Page } from "../components/page";
import { toast } from "../components/toasts";
import { formatMinor } from "../format/money";
import { useResource } from "../hooks/use-resource";
import { isAdmin } from "../session/roles";
import { currentUser } from "../session/session";
import { ProductDialog } from "./product-dialog";
import { ProductThumb } from "./product-photo";

export default function ProductsPage() {
  const [q, setQ] = useState("");
  const [editing, setEditing] = useState<PublicProduct | "new" | null>(null);
  const [deleting, setDeleting] = useState<PublicProduct | null>(null);
  const [importError, setImportError] = useState<string | null>(null);
  const list = useResource(() => commerceApi.products({ q, limit: 500 }), [q]);
  const admin = isAdmin(currentUser.value?.role);

  async function importFile(file: File) {
    setImportError(null);
    try {
      const r = await commerceApi.importProducts(await file.text());
      toast(`Imported: ${r.created} new, ${r.updated} updated.`);
      await list.reload();
    } catch (err) {
      setImportError(messageOf(err));
    }
  }

  return (
    <Page
      title="Products"
      description="Your catalog: prices, WhatsApp catalog ids, and how often customers reorder."
      actions={
        <>
          <a class="btn" href={commerceApi.productsCsvUrl} download>
            Export CSV
          </a>
          {admin && (
            <>
              <label class="btn">
                Import CSV
                <input
                  type="file"
                  accept=".csv,text/csv"
                  class="visually-hidden"
                  onChange={(e) => {
                    const f = e.currentTarget.files?.[0];
                    e.currentTarget.value = "";
                    if (f) void importFile(f);
                  }}
                />
              </label>
              <button type="button" class="btn btn-primary" onClick={() => setEditing("new")}>
                Add product
              </button>
            </>
          )}
        </>
      }
    >
      <section class="card">
        <div class="card-header">
          <label class="field commerce-search">
            <span class="visually-hidden">Search products</span>
            <input
              class="input input-sm"
              type="search"
              placeholder="Search by name, SKU or retailer id"
              value={q}
              onInput={(e) => setQ(e.currentTarget.value)}
            />
          </label>
        </div>
        {importError && (
          <div class="card-body">
            <Alert>{importError}</Alert>
          </div>
        )}
        {list.error && <Alert>{list.error}</Alert>}
        {list.loading && !list.data && <LoadingRows rows={4} />}
        {list.data && list.data.products.length === 0 && <p class="card-empty">{q ? "No products match." : "No products yet."}</p>}
        {list.data && list.data.products.length > 0 && (
          <div class="table-wrap">
            <table class="table products-table">
              <thead>
                <tr>
                  <th scope="col">Product</th>
                  <th scope="col">SKU</th>
                  <th scope="col" class="num">
                    Price
                  </th>
                  <th scope="col" class="hide-narrow">
                    Reorder
                  </th>
                  <th scope="col" class="hide-narrow">
                    Catalog id
                  </th>
                  {admin && (
                    <th scope="col">
                      <span class="visually-hidden">Actions</span>
                    </th>
                  )}
                </tr>
              </thead>
              <tbody>
                {list.data.products.map((p) => (
                  <tr key={p.id} class={p.active ? undefined : "muted"}>
                    <td class="cell-head">
                      <span class="product-name">
                        <ProductThumb product={p} />
                        {p.name} {!p.active && <span class="badge">Inactive</span>}
                      </span>
                    </td>
                    <td class="mono" data-label="SKU">
                      {p.sku}
                    </td>
                    <td class="num" data-label="Price">
                      <span>
                        {formatMinor(p.priceMinor, p.currency)}
                        <span class="muted small"> / {p.unit}</span>
                      </span>
                    </td>
                    <td class="hide-narrow">{p.reorderIntervalDays ? `every ${p.reorderIntervalDays} days` : "—"}</td>
                    <td class="hide-narrow mono">{p.retailerId ?? "—"}</td>
                    {admin && (
                      <td class="cell-actions">
                        <button type="button" class="btn btn-ghost btn-sm" onClick={() => setEditing(p)}>
                          Edit
                        </button>
                        <button type="button" class="btn btn-ghost btn-sm danger" onClick={() => setDeleting(p)}>
                          Delete
                        </button>
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      {editing && (
        <ProductDialog product={editing === "new" ? null : editing} onClose={() => setEditing(null)} onSaved={() => void list.reload()} />
      )}
      {deleting && (
        <ConfirmDialog
          title={`Delete ${deleting.name}?`}
          confirmLabel="Delete product"
          onClose={() => setDeleting(null)}
          onConfirm={async () => {
            await commerceApi.deleteProduct(deleting.id);
            toast("Product deleted.");
            await list.reload();
          }}
        >
          <p>Past orders keep their lines; new orders can no longer pick it.</p>
        </ConfirmDialog>
      )}
    </Page>
  );
}
