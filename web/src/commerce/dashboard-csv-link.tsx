/** A dashboard table's CSV, for the same selection as on screen. */
import { commerceApi } from "../api/commerce";
import type { dashboardTables } from "../../../worker/schemas/commerce";

export interface DashboardFilters {
  from?: string;
  to?: string;
  phoneNumberId?: string;
  label?: string;
}

export function DashboardCsv({ table, filters }: { table: (typeof dashboardTables)[number]; filters: DashboardFilters }) {
  return (
    <a class="btn btn-ghost btn-sm" href={commerceApi.dashboardCsvUrl(table, filters)} download aria-label={`${table} as CSV`}>
      CSV
    </a>
  );
}
