import type { Role } from "../api/types";

export const isAdmin = (role: Role | undefined): boolean => role === "owner" || role === "admin";

export const roleLabels: Record<Role, string> = { owner: "Owner", admin: "Admin", agent: "Agent" };
