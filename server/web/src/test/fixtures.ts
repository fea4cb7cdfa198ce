import type { ListItem } from "../components/board-state";
import type { RouterOutputs } from "../trpc";

/** API answers the component tests feed the fake tRPC link (see render.tsx): one shape each, overridable. */
export type Opening = RouterOutputs["openings"]["get"];
export type Stage = Opening["hiringStages"][number];
type Workflow = "hiring" | "prospecting";

export const stage = (id: number, name: string, workflow: Workflow, position: number, over: Partial<Stage> = {}): Stage => ({
  id,
  name,
  workflow,
  position,
  count: 0,
  decisionedCount: 0,
  ...over,
});

/** Opening 7 "Backend": hiring New(1) → Interview(2) → Offer(3), prospecting on with Identified(11) → Contacted(12). */
export function openingFixture(over: Partial<Opening> = {}): Opening {
  return {
    id: 7,
    title: "Backend",
    department: "",
    location: "",
    description: "",
    clientId: null,
    ownerId: 1,
    status: "open",
    prospectingEnabled: true,
    createdAt: 0,
    updatedAt: 0,
    hiringStages: [stage(1, "New", "hiring", 0), stage(2, "Interview", "hiring", 1), stage(3, "Offer", "hiring", 2)],
    prospectingStages: [stage(11, "Identified", "prospecting", 0), stage(12, "Contacted", "prospecting", 1)],
    team: [],
    canManage: true,
    ...over,
  };
}

type Application = NonNullable<ListItem["application"]>;

/** One candidates.list item on opening 7: an active application that started in the workflow it is in. */
export function listItem(applicationId: number, fullName: string, stageId: number, workflow: Workflow, over: Partial<Application> = {}): ListItem {
  return {
    candidate: {
      id: applicationId + 100,
      fullName,
      headline: "",
      title: "Engineer",
      companyName: "Acme",
      location: "",
      photoUrl: null,
      source: "manual",
      doNotContact: false,
      lastActivityAt: 0,
      createdAt: 0,
    },
    application: {
      applicationId,
      openingId: 7,
      openingTitle: "Backend",
      stageId,
      stageName: `Stage ${stageId}`,
      workflow,
      origin: workflow,
      status: "active",
      decisionedStateId: null,
      decisionedStateName: null,
      decisionedAt: null,
      followedUp: false,
      rating: null,
      appliedAt: 0,
      ...over,
    },
  };
}

/** A candidates.list page. */
export const listPage = (items: ListItem[], nextCursor: number | null = null) => ({ items, nextCursor });
