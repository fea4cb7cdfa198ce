import { isAdmin, isSuperAdmin, type UserActor } from "../../lib/actor";
import { getCompany } from "../companies/companies.repo";
import type { Deps } from "../../lib/deps";
import { visibleOpeningIds } from "../openings/openings.service";
import { openCount } from "../tasks/tasks.service";
import * as repo from "./dashboard.repo";

/** Counts above this show as "10,000+": the dashboard never scans an unbounded backlog. */
export const FOLLOW_UP_COUNT_CAP = 10_000;

/** Company settings the product needs and nobody has given yet (asked of super admins, who set them). */
export type SetupItem = "public_contact_email";

function setupNeeded(deps: Deps, actor: UserActor): SetupItem[] {
  if (!isSuperAdmin(actor)) return [];
  // Without it a rejected candidate, and the automatic answer to their reply, get no address to write to.
  return getCompany(deps.db, actor.companyId)?.publicContactEmail ? [] : ["public_contact_email"];
}

/**
 * The dashboard's numbers in one call: prospects needing follow-up on the openings the actor can see
 * (what the Prospects tab lists with "needs follow-up"), and the latest activity they may see.
 */
export function getSummary(deps: Deps, actor: UserActor, input: { recentLimit: number }) {
  const openingIds = visibleOpeningIds(deps.db, actor) ?? undefined;
  const n = repo.countNeedsFollowUp(deps.db, actor.companyId, openingIds, FOLLOW_UP_COUNT_CAP);
  const recent = repo.recentActivities(
    deps.db,
    actor.companyId,
    input.recentLimit,
    isAdmin(actor) ? undefined : { onlyOpeningIds: openingIds ?? [], selfUserId: actor.userId },
  );
  return {
    needsFollowUp: Math.min(n, FOLLOW_UP_COUNT_CAP),
    needsFollowUpCapped: n > FOLLOW_UP_COUNT_CAP,
    /** The actor's open tasks ("My tasks"). */
    openTasks: openCount(deps, actor),
    recent,
    setupNeeded: setupNeeded(deps, actor),
  };
}
