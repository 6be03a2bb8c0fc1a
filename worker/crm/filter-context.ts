/** What compiling a filter needs to know about the org: its first stage and its custom fields' types. */
import type { Db } from "../../db/client";
import type { FilterContext } from "./contact-filter";
import { listCustomFields } from "./custom-fields";
import { firstStageKey, listStages } from "./stages";

export async function filterContext(db: Db, orgId: string): Promise<FilterContext> {
  const [stages, fields] = await Promise.all([listStages(db, orgId), listCustomFields(db, orgId)]);
  return { firstStage: firstStageKey(stages), customFields: new Map(fields.map((f) => [f.key, f.type])) };
}
