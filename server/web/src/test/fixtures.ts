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
    published: false,
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
type Summary = ListItem["candidate"];
export type CandidateDetail = NonNullable<RouterOutputs["candidates"]["get"]["candidate"]>;
export type CandidateApplication = CandidateDetail["applications"][number];

const summary = (id: number, fullName: string): Summary => ({
  id,
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
});

/** An active application on opening 7, as both the list and the profile describe it. */
const activeOnOpening7 = {
  openingId: 7,
  openingTitle: "Backend",
  status: "active",
  decisionedStateId: null,
  decisionedStateName: null,
  decisionedAt: null,
  followedUp: false,
  rating: null,
} as const;

/** One candidates.list item on opening 7: an active application that started in the workflow it is in. */
export function listItem(applicationId: number, fullName: string, stageId: number, workflow: Workflow, over: Partial<Application> = {}): ListItem {
  return {
    candidate: summary(applicationId + 100, fullName),
    application: { ...activeOnOpening7, applicationId, stageId, stageName: `Stage ${stageId}`, workflow, origin: workflow, appliedAt: 0, ...over },
  };
}

/** A candidates.list page. */
export const listPage = (items: ListItem[], nextCursor: number | null = null) => ({ items, nextCursor });

/** allowedMoves of an active application that may move within its workflow and be decisioned. */
export const allowedMovesFixture = (over: Partial<CandidateApplication["allowedMoves"]> = {}): CandidateApplication["allowedMoves"] => ({
  withinWorkflow: true,
  toHiring: false,
  toProspecting: false,
  decision: true,
  reopen: false,
  reasons: {},
  ...over,
});

/** Application 9 of a profile: active in hiring stage New(1) of opening 7, started in hiring. */
export const candidateApplication = (over: Partial<CandidateApplication> = {}): CandidateApplication => ({
  ...activeOnOpening7,
  id: 9,
  openingStatus: "open",
  workflow: "hiring",
  stageId: 1,
  stageName: "New",
  origin: "hiring",
  createdAt: 0,
  allowedMoves: allowedMovesFixture(),
  ...over,
});

/** Candidate 5's profile (candidates.get). */
export const candidateDetail = (applications: CandidateApplication[], over: Partial<CandidateDetail> = {}): CandidateDetail => ({
  ...summary(5, "Jane Doe"),
  firstName: "",
  lastName: "",
  summary: "",
  links: [],
  skills: [],
  tags: [],
  sourceUrl: null,
  sourcedById: null,
  doNotContactReason: null,
  doNotContactAt: null,
  updatedAt: 0,
  emails: [],
  phones: [],
  profiles: [],
  applications,
  timeline: [],
  possibleDuplicates: [],
  ...over,
});
