/** The org's members, for assignee names and the assign menu; loaded once per inbox visit. */
import { computed, signal } from "@preact/signals";
import { teamApi } from "../api/team";
import type { PublicUser } from "../api/types";
import { readCache, writeCache } from "../offline/local-cache";

export const members = signal<PublicUser[]>(readCache<PublicUser[]>("members") ?? []);
export const membersById = computed(() => new Map(members.value.map((m) => [m.id, m])));

export async function loadMembers(): Promise<void> {
  try {
    members.value = (await teamApi.members()).members;
    writeCache("members", members.value);
  } catch {
    // Offline or a blip: names fall back to the cached list, or to "A teammate".
  }
}

export const memberName = (id: string): string => membersById.value.get(id)?.name ?? "A teammate";
