/** What a rule can name in this org (members, labels, stages, fields, numbers), loaded once for the editor. */
import { crmApi, type CustomField, type Label, type Stage } from "../api/crm";
import { numbersApi } from "../api/numbers";
import { teamApi } from "../api/team";
import type { PublicNumber, PublicUser } from "../api/types";

export interface RuleOptions {
  members: PublicUser[];
  labels: Label[];
  stages: Stage[];
  fields: CustomField[];
  numbers: PublicNumber[];
}

export async function loadRuleOptions(): Promise<RuleOptions> {
  const [members, labels, stages, fields, numbers] = await Promise.all([
    teamApi.members(),
    crmApi.labels(),
    crmApi.stages(),
    crmApi.fields(),
    numbersApi.list(),
  ]);
  return {
    members: members.members,
    labels: labels.labels,
    stages: stages.stages,
    fields: fields.fields,
    numbers: numbers.numbers,
  };
}

export const memberName = (o: RuleOptions) => (id: string) => o.members.find((m) => m.id === id)?.name ?? "a former member";
