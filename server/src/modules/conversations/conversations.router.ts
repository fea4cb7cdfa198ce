import { z } from "zod";
import { authedProcedure, router } from "../../trpc/init";
import { zDocument } from "../documents/documents.router";
import * as conversations from "./conversations.service";

const zId = z.number().int().positive();
const zMessage = z.object({
  id: z.number(),
  authorType: z.enum(["user", "candidate", "system"]),
  authorUserId: z.number().nullable(),
  /** null for the candidate (the UI shows the candidate's name). */
  authorName: z.string().nullable(),
  channel: z.enum(["web", "email", "page"]),
  subject: z.string(),
  body: z.string(),
  createdAt: z.number(),
  /** For company messages: the candidate mail's state (queued, sent, outbox = kept not sent, blocked, failed). */
  delivery: z.object({ status: z.string(), reason: z.string().nullable() }).nullable(),
  /** Files the candidate attached to an email reply (kept as their documents, downloadable). */
  attachments: z.array(zDocument),
});

/**
 * Which thread: an application's (`applicationId`), or a candidate's general conversation (`candidateId`), where
 * re-engagement invitations that are about no opening with prospecting are written.
 */
const zThread = z.union([z.object({ applicationId: zId }), z.object({ candidateId: zId })]);
const thread = <T extends z.ZodRawShape>(extra: T) => z.union([z.object({ applicationId: zId, ...extra }), z.object({ candidateId: zId, ...extra })]);

export const conversationsRouter = router({
  /** Conversations with messages on the openings the user can see, newest first, with their unread counts. */
  inbox: authedProcedure
    .input(
      z.object({
        openingId: zId.optional(),
        unreadOnly: z.boolean().optional(),
        cursor: zId.optional(),
        limit: z.number().int().min(1).max(100).default(30),
      }),
    )
    .output(
      z.object({
        items: z.array(
          z.object({
            conversationId: z.number(),
            /** Null: the candidate's general conversation. */
            applicationId: z.number().nullable(),
            candidate: z.object({ id: z.number(), fullName: z.string() }),
            opening: z.object({ id: z.number(), title: z.string() }).nullable(),
            lastMessage: z.object({ authorType: z.string(), preview: z.string(), at: z.number() }),
            unread: z.number(),
          }),
        ),
        nextCursor: z.number().nullable(),
        unreadTotal: z.number(),
      }),
    )
    .query(({ ctx, input }) => conversations.inbox(ctx.deps, ctx.actor, input)),
  /** One application's thread, or a candidate's general one. */
  get: authedProcedure
    .input(zThread)
    .output(
      z.object({
        allBounced: z.boolean(),
        conversationId: z.number().nullable(),
        applicationId: z.number().nullable(),
        candidate: z.object({ id: z.number(), fullName: z.string(), email: z.string().nullable(), doNotContact: z.boolean() }),
        opening: z.object({ id: z.number(), title: z.string() }).nullable(),
        candidateLocked: z.boolean(),
        canSend: z.boolean(),
        messages: z.array(zMessage),
      }),
    )
    .query(({ ctx, input }) => conversations.getThread(ctx.deps, ctx.actor, input)),
  post: authedProcedure
    .input(
      thread({
        subject: z.string().trim().max(300).optional(),
        body: z.string().trim().min(1).max(20_000),
        remindAfterDays: z.number().int().min(1).max(90).optional(),
      }),
    )
    .output(z.object({ messageId: z.number(), emailed: z.boolean() }))
    .mutation(({ ctx, input }) => conversations.postMessage(ctx.deps, ctx.actor, input)),
  markRead: authedProcedure
    .input(thread({ upToMessageId: zId.optional() }))
    .output(z.object({ ok: z.literal(true) }))
    .mutation(({ ctx, input }) => {
      conversations.markRead(ctx.deps, ctx.actor, input);
      return { ok: true as const };
    }),
  /** A new private link to the candidate's conversation page; shown only in this answer. */
  createCandidateLink: authedProcedure
    .input(zThread)
    .output(z.object({ url: z.string() }))
    .mutation(({ ctx, input }) => conversations.createCandidateLink(ctx.deps, ctx.actor, input)),
  revokeCandidateLinks: authedProcedure
    .input(thread({ includeReplyAddresses: z.boolean().optional() }))
    .output(z.object({ revoked: z.number() }))
    .mutation(({ ctx, input }) => conversations.revokeCandidateLinks(ctx.deps, ctx.actor, input)),
  /** Live: new messages of one application's conversation, or of every conversation the user can see (SSE). */
  onMessage: authedProcedure
    .input(z.object({ applicationId: zId.optional() }).optional())
    .subscription(({ ctx, input, signal }) => conversations.watchMessages(ctx.deps, ctx.actor, input ?? {}, signal, ctx.meta.stillAuthorized)),
});
