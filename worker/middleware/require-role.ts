import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../app-env";
import type { Role } from "../../db/schema";
import { AppError } from "../errors";

/** Admin routes: the caller's role (from the session, never the request) must be one of `allowed`. */
export function requireRole(...allowed: Role[]) {
  return createMiddleware<AppEnv>(async function requireRoleMiddleware(c, next) {
    if (!allowed.includes(c.get("auth").user.role)) {
      throw new AppError(403, "forbidden", `This needs the ${allowed.join(" or ")} role.`);
    }
    await next();
  });
}
