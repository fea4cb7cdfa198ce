import { zProfileDraft } from "@prospector/shared/profile";
import { z } from "zod";
import { groupCommit } from "../../db/group-commit";
import { adminProcedure, authedProcedure, router } from "../../trpc/init";
import * as apps from "./applications.service";
import * as candidates from "./candidates.service";
import * as followup from "./followup.service";
import * as intake from "./intake.service";

const zId = z.number().int().positive();
const zWorkflow = z.enum(["prospecting", "hiring"]);
const zAppStatus = z.enum(["active", "decisioned"]);
const zSource = z.enum(["extension", "bulk_upload", "manual", "application", "import"]);
const zTags = z.array(z.string().trim().min(1).max(60)).max(50);
const zOk = z.object({ ok: z.literal(true) });
const ok = { ok: true as const };

const zIntakeResult = z.object({
  candidateId: z.number(),
  applicationId: z.number().nullable(),
  outcome: z.enum(["created", "linked", "existing"]),
  matchedBy: z.enum(["profile_url", "email", "phone"]).nullable(),
  openingId: z.number().nullable(),
  stageId: z.number().nullable(),
  stageName: z.string().nullable(),
});

const zCandidateSummary = z.object({
  id: z.number(),
  fullName: z.string(),
  headline: z.string(),
  title: z.string(),
  companyName: z.string(),
  location: z.string(),
  photoUrl: z.string().nullable(),
  source: zSource,
  doNotContact: z.boolean(),
  lastActivityAt: z.number(),
  createdAt: z.number(),
});

const zAllowedMoves = z.object({
  withinWorkflow: z.boolean(),
  toHiring: z.boolean(),
  toProspecting: z.boolean(),
  decision: z.boolean(),
  reopen: z.boolean(),
  reasons: z.object({ toProspecting: z.string().optional(), reopen: z.string().optional() }),
});

const zCandidateDetail = zCandidateSummary.extend({
  firstName: z.string(),
  lastName: z.string(),
  summary: z.string(),
  links: z.array(z.object({ url: z.string(), label: z.string() })),
  skills: z.array(z.string()),
  tags: z.array(z.string()),
  sourceUrl: z.string().nullable(),
  sourcedById: z.number().nullable(),
  doNotContactReason: z.string().nullable(),
  doNotContactAt: z.number().nullable(),
  updatedAt: z.number(),
  /** A bounced address (hard bounce at send, or a DSN) is never mailed until cleared: when and why it bounced. */
  emails: z.array(z.object({ id: z.number(), email: z.string(), bounced: z.boolean(), bouncedAt: z.number().nullable(), bounceReason: z.string().nullable() })),
  phones: z.array(z.object({ id: z.number(), phone: z.string(), e164: z.string().nullable() })),
  profiles: z.array(z.object({ id: z.number(), url: z.string(), site: z.string() })),
  applications: z.array(
    z.object({
      id: z.number(),
      openingId: z.number(),
      openingTitle: z.string(),
      openingStatus: z.string(),
      workflow: zWorkflow,
      stageId: z.number(),
      stageName: z.string(),
      origin: zWorkflow,
      status: zAppStatus,
      decisionedStateId: z.number().nullable(),
      decisionedStateName: z.string().nullable(),
      decisionedAt: z.number().nullable(),
      followedUp: z.boolean(),
      rating: z.enum(["shortlist", "not_a_fit"]).nullable(),
      createdAt: z.number(),
      allowedMoves: zAllowedMoves,
    }),
  ),
  timeline: z.array(
    z.object({
      id: z.number(),
      type: z.string(),
      data: z.record(z.string(), z.unknown()),
      actorType: z.string(),
      actorId: z.number().nullable(),
      actorName: z.string().nullable(),
      applicationId: z.number().nullable(),
      openingId: z.number().nullable(),
      createdAt: z.number(),
    }),
  ),
  possibleDuplicates: z.array(
    z.object({
      id: z.number(),
      fullName: z.string(),
      title: z.string(),
      companyName: z.string(),
      location: z.string(),
      /** name: same name at the same company or place; phone / profile_url: an application gave theirs (see duplicate_flags). */
      reason: z.enum(["name", "phone", "profile_url"]),
    }),
  ),
});

const zGetResult = z.object({ mergedIntoId: z.number().nullable(), candidate: zCandidateDetail.nullable() });
const zPlacement = z.object({ openingId: zId, workflow: zWorkflow, stageId: zId.optional() });

export const candidatesRouter = router({
  list: authedProcedure
    .input(
      z.object({
        tab: z.enum(["all", "hiring", "prospects"]).default("all"),
        search: z.string().trim().max(200).optional(),
        source: zSource.optional(),
        doNotContact: z.boolean().optional(),
        openingId: zId.optional(),
        stageId: zId.optional(),
        needsFollowUp: z.boolean().optional(),
        rating: z.enum(["shortlist", "not_a_fit"]).optional(),
        /** Hiring and prospects tabs: active applications (the default) or decisioned ones. */
        status: zAppStatus.default("active"),
        cursor: zId.optional(),
        limit: z.number().int().min(1).max(200).default(50),
      }),
    )
    .output(
      z.object({
        items: z.array(
          z.object({
            candidate: zCandidateSummary,
            application: z
              .object({
                applicationId: z.number(),
                openingId: z.number(),
                openingTitle: z.string(),
                stageId: z.number(),
                stageName: z.string(),
                workflow: zWorkflow,
                origin: zWorkflow,
                status: zAppStatus,
                decisionedStateId: z.number().nullable(),
                decisionedStateName: z.string().nullable(),
                decisionedAt: z.number().nullable(),
                followedUp: z.boolean(),
                rating: z.enum(["shortlist", "not_a_fit"]).nullable(),
                appliedAt: z.number(),
              })
              .nullable(),
          }),
        ),
        nextCursor: z.number().nullable(),
      }),
    )
    .query(({ ctx, input }) => candidates.listCandidates(ctx.deps, ctx.actor, input)),
  get: authedProcedure.input(z.object({ candidateId: zId })).output(zGetResult).query(({ ctx, input }) => candidates.getCandidate(ctx.deps, ctx.actor, input.candidateId)),
  create: authedProcedure
    .input(z.object({ draft: zProfileDraft, placement: zPlacement.optional(), tags: zTags.optional() }))
    .output(zIntakeResult)
    .mutation(({ ctx, input }) => intake.createCandidate(ctx.deps, ctx.actor, input)),
  update: authedProcedure
    .input(
      z.object({
        candidateId: zId,
        fullName: z.string().max(300).optional(),
        firstName: z.string().max(150).optional(),
        lastName: z.string().max(150).optional(),
        headline: z.string().max(500).optional(),
        title: z.string().max(300).optional(),
        companyName: z.string().max(300).optional(),
        location: z.string().max(300).optional(),
        photoUrl: z.string().max(2000).nullable().optional(),
        summary: z.string().max(20_000).optional(),
        skills: z.array(z.string().max(100)).max(200).optional(),
        tags: zTags.optional(),
        emails: z.array(z.string().max(320)).max(20).optional(),
        phones: z.array(z.string().max(60)).max(20).optional(),
        profileUrls: z.array(z.string().max(2000)).max(20).optional(),
      }),
    )
    .output(zGetResult)
    .mutation(({ ctx, input }) => candidates.updateCandidate(ctx.deps, ctx.actor, input)),
  setDoNotContact: authedProcedure
    .input(z.object({ candidateId: zId, doNotContact: z.boolean(), reason: z.string().max(500).optional() }))
    .output(zGetResult)
    .mutation(({ ctx, input }) => candidates.setDoNotContact(ctx.deps, ctx.actor, input)),
  dismissDuplicate: authedProcedure
    .input(z.object({ candidateId: zId, otherCandidateId: zId }))
    .output(zOk)
    .mutation(({ ctx, input }) => {
      candidates.dismissDuplicate(ctx.deps, ctx.actor, input);
      return ok;
    }),
  /** A recruiter clears a bounce (the address was fixed, or the mailbox is back): it is mailed again. */
  clearBounce: authedProcedure
    .input(z.object({ candidateId: zId, emailId: zId }))
    .output(zGetResult)
    .mutation(({ ctx, input }) => candidates.clearBounce(ctx.deps, ctx.actor, input)),
  merge: adminProcedure
    .input(z.object({ targetId: zId, sourceId: zId }))
    .output(zGetResult)
    .mutation(({ ctx, input }) => candidates.mergeCandidates(ctx.deps, ctx.actor, input)),
  addToOpening: authedProcedure
    .input(zPlacement.extend({ candidateId: zId }))
    .output(z.object({ applicationId: z.number(), stageId: z.number(), stageName: z.string() }))
    .mutation(({ ctx, input }) => apps.addToOpening(ctx.deps, ctx.actor, input)),
});

const zRating = z.enum(["shortlist", "not_a_fit"]);
const zApplicationIds = z.array(zId).min(1).max(followup.MAX_BULK);
/** Ticked prospects, or every prospect the filter matches ("select all" means all matches, not the page). */
const zProspectFilter = z.object({
  openingId: zId.optional(),
  stageId: zId.optional(),
  needsFollowUp: z.boolean().optional(),
  rating: zRating.optional(),
  search: z.string().trim().max(200).optional(),
  source: zSource.optional(),
  doNotContact: z.boolean().optional(),
});
const zSelection = z.union([z.object({ applicationIds: zApplicationIds }), z.object({ filter: zProspectFilter })]);
const zMessageText = {
  templateId: zId.optional(),
  subject: z.string().trim().min(1).max(300).optional(),
  body: z.string().min(1).max(20_000).optional(),
};
const zSkipped = z.array(
  z.object({ applicationId: z.number(), candidateId: z.number(), candidateName: z.string(), reason: z.enum(["no_email", "do_not_contact", "decisioned"]) }),
);

export const applicationsRouter = router({
  /** The follow-up flag ("contacted"), on or off, for one or several applications. */
  setFollowUp: authedProcedure
    .input(z.object({ applicationIds: zApplicationIds, followedUp: z.boolean() }))
    .output(zOk)
    .mutation(({ ctx, input }) => {
      followup.setFollowUp(ctx.deps, ctx.actor, input);
      return ok;
    }),
  /** Shortlist / Not a fit for this job; null clears it. */
  rate: authedProcedure
    .input(z.object({ applicationIds: zApplicationIds, rating: zRating.nullable() }))
    .output(zOk)
    .mutation(({ ctx, input }) => {
      followup.rate(ctx.deps, ctx.actor, input);
      return ok;
    }),
  move: authedProcedure
    .input(z.object({ applicationId: zId, stageId: zId }))
    .output(zOk)
    .mutation(({ ctx, input }) => {
      apps.moveApplication(ctx.deps, ctx.actor, input);
      return ok;
    }),
  decide: authedProcedure
    .input(z.object({ applicationId: zId, stateId: zId, note: z.string().max(2000).optional() }))
    .output(zOk)
    .mutation(({ ctx, input }) => {
      apps.decideApplication(ctx.deps, ctx.actor, input);
      return ok;
    }),
  reopen: authedProcedure
    .input(z.object({ applicationId: zId, stageId: zId.optional() }))
    .output(zOk)
    .mutation(({ ctx, input }) => {
      apps.reopenApplication(ctx.deps, ctx.actor, input);
      return ok;
    }),
});

export const prospectsRouter = router({
  /** How many active prospects a filter matches: what "select all" selects (capped at the bulk limit). */
  count: authedProcedure
    .input(z.object({ filter: zProspectFilter }))
    .output(z.object({ count: z.number(), tooMany: z.boolean(), max: z.number() }))
    .query(({ ctx, input }) => ({ ...followup.countMatching(ctx.deps, ctx.actor, input.filter), max: followup.MAX_BULK })),
  /**
   * Before a bulk send: how many get it, who is skipped and why, and the first recipient's message.
   * A mutation only so that a long id list travels in a POST body, not a URL (it changes nothing).
   */
  previewMessage: authedProcedure
    .input(z.object({ selection: zSelection, ...zMessageText }))
    .output(
      z.object({
        total: z.number(),
        willSend: z.number(),
        skipped: zSkipped,
        sample: z.object({ applicationId: z.number(), candidateName: z.string(), subject: z.string(), text: z.string(), html: z.string() }).nullable(),
      }),
    )
    .mutation(({ ctx, input }) => followup.previewBulk(ctx.deps, ctx.actor, input)),
  /** Sends a template to the selection; marks them followed up unless markFollowedUp is false; optional reminder. */
  sendMessage: authedProcedure
    .input(
      z.object({
        selection: zSelection,
        ...zMessageText,
        markFollowedUp: z.boolean().default(true),
        remindAfterDays: z.number().int().min(1).max(90).optional(),
      }),
    )
    .output(
      z.object({
        sent: z.number(),
        messages: z.array(z.object({ applicationId: z.number(), messageId: z.number(), emailed: z.boolean() })),
        skipped: zSkipped,
      }),
    )
    .mutation(({ ctx, input }) => followup.bulkSend(ctx.deps, ctx.actor, input)),
  add: authedProcedure
    .input(
      z.object({
        requestId: z.string().min(8).max(100),
        openingId: zId,
        stageId: zId.optional(),
        draft: zProfileDraft,
        tags: zTags.optional(),
        note: z.string().max(5000).optional(),
      }),
    )
    .output(zIntakeResult.extend({ replayed: z.boolean() }))
    // The extension's hot path: adds arriving together share one commit (db/group-commit.ts).
    .mutation(({ ctx, input }) => groupCommit(ctx.deps.db, () => intake.addProspect(ctx.deps, ctx.actor, input))),
});

export const duplicatesRouter = router({
  lookup: authedProcedure
    .input(
      z.object({
        profileUrl: z.string().max(2000).nullable().optional(),
        emails: z.array(z.string().max(320)).max(20).optional(),
        phones: z.array(z.string().max(60)).max(20).optional(),
        fullName: z.string().max(300).optional(),
        company: z.string().max(300).optional(),
        openingId: zId.optional(),
      }),
    )
    .output(
      z.object({
        match: z
          .object({
            candidateId: z.number(),
            fullName: z.string(),
            title: z.string(),
            companyName: z.string(),
            matchedBy: z.enum(["profile_url", "email", "phone"]),
            doNotContact: z.boolean(),
            applications: z.array(
              z.object({ applicationId: z.number(), openingId: z.number(), openingTitle: z.string(), workflow: zWorkflow, stageName: z.string(), status: zAppStatus }),
            ),
            onOpening: z.boolean().nullable(),
          })
          .nullable(),
        possible: z.array(z.object({ id: z.number(), fullName: z.string(), title: z.string(), companyName: z.string(), location: z.string() })),
      }),
    )
    .query(({ ctx, input }) => intake.lookupDuplicates(ctx.deps, ctx.actor, input)),
});
