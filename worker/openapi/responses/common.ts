/**
 * Response schemas shared by several resources. Row shapes come from the drizzle tables through
 * drizzle-zod, so a column added to a table shows in the docs, and an answer that leaves the documented
 * shape fails the tests (conformance.ts).
 */
import { createSelectSchema } from "drizzle-zod";
import { z } from "zod";
import { organizations, sessions, users } from "../../../db/schema";

/** Epoch milliseconds, as every time in the API is. */
export const ms = z.int().describe("Epoch milliseconds");

/** `{ <flag>: true }`-style answers of actions with nothing else to say. */
export const flag = <K extends string>(key: K) => z.strictObject({ [key]: z.boolean() } as Record<K, z.ZodBoolean>);

export const userOut = createSelectSchema(users)
  .pick({ id: true, email: true, name: true, role: true, createdAt: true })
  .extend({ twoFactorEnabled: z.boolean() })
  .strict();

export const orgOut = createSelectSchema(organizations)
  .pick({ id: true, name: true, requireTwoFactor: true, staySignedIn: true, terminatedAt: true, purgeAfter: true })
  .strict();

export const sessionOut = createSelectSchema(sessions)
  .pick({ id: true, ip: true, userAgent: true, createdAt: true, lastSeenAt: true })
  .extend({ current: z.boolean() })
  .strict();

/** Signed in: who, where, and the CSRF token for the next writes. */
export const signedInOut = z.strictObject({ user: userOut, org: orgOut, csrfToken: z.string() });

export const twoFactorStepOut = z.strictObject({ twoFactorRequired: z.literal(true), challengeId: z.string() });
