/**
 * Export and restore progress reaches the org's open pages as `data_job` frames after every Queue step:
 * owners' and admins' sockets, not agents', not another org's.
 */
import { describe, expect, it } from "vitest";
import { addMember, signUpOwner } from "../support/accounts";
import { expectJson } from "../support/api-errors";
import { seedConversations, type PublicExport } from "../support/data";
import { socket } from "../support/live";
import { exportZip, startRestore } from "../support/restore";

type JobFrame = { t: string; progress: { kind: string; job: { id: string; status: string; doneRows: number } } };

describe("live data job progress", { timeout: 90_000 }, () => {
  it("an export's steps and its end reach owners and admins live; agents and other orgs get nothing", async () => {
    const owner = await signUpOwner();
    const admin = await addMember(owner, "admin");
    const agent = await addMember(owner, "agent");
    const stranger = await signUpOwner();
    await seedConversations(owner, 100);
    const [o, a, g, s] = await Promise.all([
      socket(owner, "/api/live/inbox"),
      socket(admin, "/api/live/inbox"),
      socket(agent, "/api/live/inbox"),
      socket(stranger, "/api/live/inbox"),
    ]);
    await Promise.all([o, a, g, s].map((x) => x.next((f) => f.t === "ready")));

    const { export: e } = await expectJson<{ export: PublicExport }>(await owner.browser.post("/api/data/exports"), 202);
    const ready = (await o.next(
      (f) => f.t === "data_job" && (f as JobFrame).progress.job.id === e.id && (f as JobFrame).progress.job.status === "ready",
      60_000,
    )) as JobFrame;
    expect(ready.progress.kind).toBe("export");
    const steps = o.frames.filter((f) => f.t === "data_job" && (f as JobFrame).progress.job.id === e.id) as JobFrame[];
    // 100+ rows at 40 a step: several frames, rows only ever growing.
    expect(steps.length).toBeGreaterThanOrEqual(3);
    const rows = steps.map((f) => f.progress.job.doneRows);
    expect(rows).toEqual([...rows].sort((x, y) => x - y));
    await a.next((f) => f.t === "data_job" && (f as JobFrame).progress.job.status === "ready", 10_000);
    expect(g.frames.filter((f) => f.t === "data_job")).toEqual([]);
    expect(s.frames.filter((f) => f.t === "data_job")).toEqual([]);
    for (const x of [o, a, g, s]) x.close();
  });

  it("a restore's verify and write steps reach the new org's owner", async () => {
    const source = await signUpOwner();
    await seedConversations(source, 60);
    const zip = await exportZip(source);
    const fresh = await signUpOwner();
    const live = await socket(fresh, "/api/live/inbox");
    await live.next((f) => f.t === "ready");
    const r = await startRestore(fresh, zip);
    await live.next((f) => f.t === "data_job" && (f as JobFrame).progress.job.status === "ready", 60_000);
    const statuses = live.frames.filter((f) => f.t === "data_job").map((f) => (f as JobFrame).progress);
    expect(statuses.every((p) => p.kind === "restore" && p.job.id === r.id)).toBe(true);
    expect(new Set(statuses.map((p) => p.job.status))).toEqual(new Set(["verifying", "restoring", "ready"]));
    live.close();
  });
});
