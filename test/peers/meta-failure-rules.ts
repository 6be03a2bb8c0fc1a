import type { MetaErrorSpec } from "./meta-errors.js";

/**
 * One injected failure. `path` matches the request path without the `/vNN.N` prefix: a string matches
 * if the path contains it, a RegExp if it tests true. `times` counts matching requests (default: forever).
 */
export interface FailureRule {
  status: number;
  path?: RegExp | string;
  method?: string;
  times?: number;
  code?: number;
  subcode?: number;
  message?: string;
  details?: string;
  retryAfter?: number;
  /**
   * 'response' (default) answers the request with the error. 'status-webhook' answers 200 with a wamid and
   * then posts a `failed` status carrying the error, which is how Meta reports most delivery failures.
   */
  via?: "response" | "status-webhook";
  /** Only sends to this recipient (`to` of a `/messages` body): a per-recipient failure such as 131056. */
  to?: string;
  /** Answer only after this long; with a status below 400 the request then succeeds as usual (a slow Meta). */
  delayMs?: number;
}

export interface MatchedFailure {
  spec: MetaErrorSpec;
  via: "response" | "status-webhook";
  delayMs?: number;
}

interface ActiveRule {
  rule: FailureRule;
  remaining: number;
}

export class FailureRules {
  #rules: ActiveRule[] = [];

  add(rule: FailureRule): void {
    this.#rules.push({ rule, remaining: rule.times ?? Number.POSITIVE_INFINITY });
  }

  clear(): void {
    this.#rules = [];
  }

  /** The first rule matching the request, consuming one of its `times`; rules apply in the order added. */
  take(method: string, path: string, to?: string): MatchedFailure | undefined {
    const active = this.#rules.find((candidate) => candidate.remaining > 0 && matches(candidate.rule, method, path, to));
    if (active === undefined) return undefined;
    active.remaining -= 1;
    if (active.remaining <= 0) this.#rules = this.#rules.filter((candidate) => candidate !== active);
    return {
      spec: toErrorSpec(active.rule),
      via: active.rule.via ?? "response",
      ...(active.rule.delayMs === undefined ? {} : { delayMs: active.rule.delayMs }),
    };
  }
}

function matches(rule: FailureRule, method: string, path: string, to?: string): boolean {
  if (rule.method !== undefined && rule.method.toUpperCase() !== method) return false;
  if (rule.to !== undefined && rule.to !== to) return false;
  if (rule.path === undefined) return true;
  return typeof rule.path === "string" ? path.includes(rule.path) : rule.path.test(path);
}

function toErrorSpec(rule: FailureRule): MetaErrorSpec {
  const code = rule.code ?? defaultCodeFor(rule.status);
  return {
    status: rule.status,
    code,
    message: rule.message ?? `(#${code}) Injected failure`,
    ...(rule.subcode === undefined ? {} : { subcode: rule.subcode }),
    ...(rule.details === undefined ? {} : { details: rule.details }),
    ...(rule.retryAfter === undefined ? {} : { retryAfter: rule.retryAfter }),
  };
}

function defaultCodeFor(status: number): number {
  if (status === 429) return 130429;
  if (status === 401) return 190;
  if (status >= 500) return 1;
  return 100;
}
