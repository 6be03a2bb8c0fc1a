import type { Conversation, Organization, Session, User } from "../db/schema";

/** Who is calling, from a verified session; every org-scoped query takes `orgId` from here. */
export interface AuthContext {
  user: User;
  session: Session;
  org: Organization;
  /** Set when the caller is an API key (worker/integrations/key-auth.ts): `session` then only stands in. */
  apiKey?: { id: string; name: string; scopes: string[] };
}

export type AppEnv = {
  Bindings: Env;
  Variables: {
    auth: AuthContext;
    rawBody: ArrayBuffer;
    requestId: string;
    /** Set by `loadConversation` on routes under a conversation's id. */
    conversation?: Conversation;
  };
};
