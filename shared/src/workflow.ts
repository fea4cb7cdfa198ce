/** The two workflows an application can be in. */
export type Workflow = "prospecting" | "hiring";
export type OpeningStatus = "draft" | "open" | "on_hold" | "closed" | "archived";

export const DEFAULT_HIRING_STAGES = ["New", "Phone screen", "Interview", "Offer"] as const;
export const DEFAULT_PROSPECTING_STAGES = ["Identified", "Contacted", "Replied", "Interested"] as const;

export interface MoveSubject {
  workflow: Workflow;
  origin: Workflow;
  status: "active" | "decisioned";
}
export interface MoveOpening {
  status: OpeningStatus;
  prospectingEnabled: boolean;
}

/** What can be done with one application; the server enforces it and the UI offers only these. */
export interface AllowedMoves {
  /** Move to another stage of the workflow it is in. */
  withinWorkflow: boolean;
  toHiring: boolean;
  toProspecting: boolean;
  decision: boolean;
  reopen: boolean;
  /** Why toProspecting / reopen is not offered, for a tooltip. */
  reasons: { toProspecting?: string; reopen?: string };
}

export function allowedMoves(app: MoveSubject, opening: MoveOpening): AllowedMoves {
  const active = app.status === "active";
  const reasons: AllowedMoves["reasons"] = {};
  let toProspecting = false;
  if (active && app.workflow === "hiring") {
    if (app.origin !== "prospecting") reasons.toProspecting = "Started in the hiring workflow";
    else if (!opening.prospectingEnabled) reasons.toProspecting = "Prospecting is off for this opening";
    else toProspecting = true;
  }
  let reopen = false;
  if (!active) {
    if (app.workflow === "prospecting" && !opening.prospectingEnabled) {
      reasons.reopen = "Prospecting is off for this opening";
    } else reopen = true;
  }
  return {
    withinWorkflow: active,
    toHiring: active && app.workflow === "prospecting",
    toProspecting,
    decision: active,
    reopen,
    reasons,
  };
}

/** Whether new candidates may be added to a workflow of an opening; null when allowed, else why not. */
export function addRefusal(opening: MoveOpening, workflow: Workflow): string | null {
  if (opening.status === "archived") return "This opening is archived and accepts no new candidates";
  if (workflow === "prospecting" && !opening.prospectingEnabled) {
    return "Prospecting is switched off for this opening";
  }
  return null;
}
