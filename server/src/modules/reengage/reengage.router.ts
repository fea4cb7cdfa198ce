import { z } from "zod";
import { authedProcedure, router } from "../../trpc/init";
import * as invitations from "./invitations.service";
import * as reengage from "./reengage.service";

const zId = z.number().int().positive();
const zIds = z.array(zId).max(50);
const zTexts = z.array(z.string().trim().min(1).max(200)).max(20).optional();
const zMonths = z.number().int().min(0).max(600);

/** The filters of a re-engagement search (also what a saved search keeps). */
export const zSearchFilters = z.object({
  query: z.string().max(2000).optional(),
  /** Current or past title: any of them. */
  titles: zTexts,
  /** Any of them. */
  locations: zTexts,
  /** Skills or tags: every one. */
  skills: zTexts,
  sources: z.array(z.enum(["extension", "bulk_upload", "manual", "application", "import"])).max(5).optional(),
  /** No activity for at least / at most this many calendar months. */
  inactiveMonthsMin: zMonths.optional(),
  inactiveMonthsMax: zMonths.optional(),
  validEmail: z.boolean().optional(),
  /** One past application: on one of these openings, last in a stage so named, decisioned with one of these states. */
  pastOpeningIds: zIds.optional(),
  lastStages: zTexts,
  decisionStateIds: zIds.optional(),
  /** No past application decisioned with any of these. */
  excludeDecisionStateIds: zIds.optional(),
});
const zCursor = z.object({ rank: z.number(), at: z.number().int(), id: zId });
const zSegment = z.object({ text: z.string(), match: z.boolean() });
const zResult = z.object({
  /** Exact up to 10,000; totalCapped: more match than that. */
  total: z.number(),
  totalCapped: z.boolean(),
  items: z.array(
    z.object({
      id: z.number(),
      fullName: z.string(),
      title: z.string(),
      headline: z.string(),
      companyName: z.string(),
      location: z.string(),
      source: z.string(),
      lastActivityAt: z.number(),
      hasValidEmail: z.boolean(),
      /** Why it matched: the field and a highlighted snippet of it (null without text to match). */
      match: z.object({ field: z.string(), segments: z.array(zSegment) }).nullable(),
      /** Past applications (on openings the user can see) and where they ended. */
      applications: z.array(
        z.object({
          applicationId: z.number(),
          openingId: z.number(),
          openingTitle: z.string(),
          workflow: z.enum(["prospecting", "hiring"]),
          stageName: z.string(),
          status: z.enum(["active", "decisioned"]),
          decisionName: z.string().nullable(),
          decisionKind: z.string().nullable(),
          decisionedAt: z.number().nullable(),
          createdAt: z.number(),
        }),
      ),
    }),
  ),
  nextCursor: zCursor.nullable(),
});
const zSaved = z.object({ id: z.number(), name: z.string(), filters: zSearchFilters, createdAt: z.number(), lastRunAt: z.number().nullable() });
const zName = z.string().trim().min(1, "Give the search a name").max(100);

const zSelection = z.union([z.object({ candidateIds: z.array(zId).min(1).max(50_000) }), z.object({ filters: zSearchFilters })]);
const zTarget = z.union([z.object({ openingId: zId }), z.object({ careersPage: z.literal(true) })]);
const zText = z.object({ templateId: zId.optional(), subject: z.string().trim().max(300).optional(), body: z.string().max(20_000).optional() });
const zSkipReason = z.enum(["no_email", "bounced", "do_not_contact", "already_on_opening", "recently_contacted"]);
const zSkippedPeople = z.array(z.object({ candidateId: z.number(), candidateName: z.string(), reason: zSkipReason }));
/** Skip people written to in the last N days (0: nobody is skipped for that). */
const zRecentDays = z.number().int().min(0).max(3650).default(30);
const zSend = z.object({
  id: z.number(),
  createdAt: z.number(),
  sender: z.string(),
  target: z.object({ kind: z.enum(["opening", "careers_page"]), openingId: z.number().nullable(), title: z.string() }),
  subject: z.string(),
  status: z.enum(["queueing", "queued"]),
  selected: z.number(),
  allMatching: z.boolean(),
  skipped: z.record(z.string(), z.number()),
  startsAt: z.number(),
  lastMailAt: z.number().nullable(),
  invited: z.number(),
  delivered: z.number(),
  pending: z.number(),
  kept: z.number(),
  bounced: z.number(),
  failed: z.number(),
  replied: z.number(),
  applied: z.number(),
});

export const reengageRouter = router({
  /** One page of people worth contacting again, with the total count; keyset-paged by nextCursor. */
  search: authedProcedure
    .input(z.object({ filters: zSearchFilters, limit: z.number().int().min(1).max(100).default(25), cursor: zCursor.nullish() }))
    .output(zResult)
    .query(({ ctx, input }) => reengage.search(ctx.deps, ctx.actor, input.filters, { limit: input.limit, cursor: input.cursor })),
  /** Every matching id ("select all matching"), up to 50,000. */
  matchingIds: authedProcedure
    .input(z.object({ filters: zSearchFilters }))
    .output(z.object({ ids: z.array(z.number()) }))
    .query(({ ctx, input }) => ({ ids: reengage.allMatchingIds(ctx.deps, ctx.actor, input.filters) })),
  /** The stage names the "last stage reached" filter offers (openings and decisioned states have their own lists). */
  facets: authedProcedure
    .output(z.object({ stageNames: z.array(z.object({ name: z.string(), workflow: z.enum(["prospecting", "hiring"]) })) }))
    .query(({ ctx }) => reengage.facets(ctx.deps, ctx.actor)),

  /** The user's own saved searches. */
  savedSearches: router({
    list: authedProcedure.output(z.array(zSaved)).query(({ ctx }) => reengage.listSavedSearches(ctx.deps, ctx.actor)),
    create: authedProcedure
      .input(z.object({ name: zName, filters: zSearchFilters }))
      .output(zSaved)
      .mutation(({ ctx, input }) => reengage.createSavedSearch(ctx.deps, ctx.actor, input)),
    update: authedProcedure
      .input(z.object({ id: zId, name: zName.optional(), filters: zSearchFilters.optional() }))
      .output(zSaved)
      .mutation(({ ctx, input }) => reengage.updateSavedSearch(ctx.deps, ctx.actor, input)),
    remove: authedProcedure
      .input(z.object({ id: zId }))
      .output(z.object({ ok: z.literal(true) }))
      .mutation(({ ctx, input }) => {
        reengage.deleteSavedSearch(ctx.deps, ctx.actor, input);
        return { ok: true as const };
      }),
    /** Runs it (records when) and answers its filters with the first page. */
    run: authedProcedure
      .input(z.object({ id: zId, limit: z.number().int().min(1).max(100).default(25) }))
      .output(z.object({ search: zSaved, result: zResult }))
      .mutation(({ ctx, input }) => reengage.runSavedSearch(ctx.deps, ctx.actor, input)),
  }),

  /** Who would be invited and who skipped, and the mail as one real person of the selection would get it. */
  previewInvite: authedProcedure
    .input(z.object({ selection: zSelection, target: zTarget, text: zText.default({}), recentDays: zRecentDays, previewCandidateId: zId.optional() }))
    .output(
      z.object({
        total: z.number(),
        willSend: z.number(),
        skipped: z.record(z.string(), z.number()),
        skippedPeople: zSkippedPeople,
        createsProspects: z.boolean(),
        throttle: z.object({ mailsPerMinute: z.number(), intervalMs: z.number(), startsAt: z.number(), lastMailAt: z.number() }),
        sample: z
          .object({
            candidateId: z.number(),
            candidateName: z.string(),
            to: z.string().nullable(),
            skipReason: zSkipReason.nullable(),
            subject: z.string(),
            text: z.string(),
            html: z.string(),
          })
          .nullable(),
      }),
    )
    .mutation(({ ctx, input }) => invitations.previewInvitation(ctx.deps, ctx.actor, input)),
  /** Invites the selection (idempotent by requestId: the same send twice is one set of mails), throttled. */
  invite: authedProcedure
    .input(z.object({ requestId: z.string().min(8).max(100), selection: zSelection, target: zTarget, text: zText.default({}), recentDays: zRecentDays }))
    .output(zSend.extend({ skippedPeople: zSkippedPeople }))
    .mutation(({ ctx, input }) => invitations.sendInvitation(ctx.deps, ctx.actor, input)),
  /** Past sends and what came of them: invited, delivered, bounced, replied, applied. */
  sends: authedProcedure
    .input(z.object({ cursor: zId.optional(), limit: z.number().int().min(1).max(50).default(10) }))
    .output(z.object({ items: z.array(zSend), nextCursor: z.number().nullable() }))
    .query(({ ctx, input }) => invitations.listSends(ctx.deps, ctx.actor, input)),
  send: authedProcedure
    .input(z.object({ sendId: zId }))
    .output(zSend.extend({ skippedPeople: zSkippedPeople }))
    .query(({ ctx, input }) => invitations.sendSummary(ctx.deps, ctx.actor, input.sendId)),
});
