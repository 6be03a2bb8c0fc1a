/** What a form shows when the server refused for a plan limit (402 plan_limit): the reason and the way up. */
import { ApiError } from "../api/client";
import { Alert } from "../components/alert";
import { currentUser } from "../session/session";

export const isPlanLimit = (err: unknown): err is ApiError => err instanceof ApiError && err.code === "plan_limit";

export function UpgradePrompt({ message }: { message: string }) {
  const owner = currentUser.value?.role === "owner";
  return (
    <Alert tone="warning">
      <span class="upgrade-prompt">
        {message}{" "}
        {owner ? (
          <a href="/billing">
            <strong>See plans</strong>
          </a>
        ) : (
          "Ask an owner of your organization to upgrade."
        )}
      </span>
    </Alert>
  );
}
