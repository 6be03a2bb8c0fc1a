/** What the org defines for its contacts (custom fields, stages, labels), loaded once per visit and shared by every CRM view. */
import { signal } from "@preact/signals";
import { crmApi, type CustomField, type Label, type Stage } from "../api/crm";

export const customFields = signal<CustomField[]>([]);
export const stages = signal<Stage[]>([]);
export const orgLabels = signal<Label[]>([]);
let loading: Promise<void> | null = null;

export function loadCrmMeta(force = false): Promise<void> {
  if (loading && !force) return loading;
  loading = Promise.all([crmApi.fields(), crmApi.stages(), crmApi.labels()]).then(
    ([f, s, l]) => {
      customFields.value = f.fields;
      stages.value = s.stages;
      orgLabels.value = l.labels;
    },
    () => {
      loading = null;
    },
  );
  return loading;
}

export const stageName = (key: string | null): string => {
  const list = stages.value;
  const stage = key ? list.find((s) => s.key === key) : list[0];
  return stage?.name ?? key ?? "—";
};
export const stageOf = (key: string | null) => (key ? stages.value.find((s) => s.key === key) : stages.value[0]);
