import { z } from "zod";
import { authedProcedure, router } from "../../trpc/init";
import * as notifications from "./notifications.service";

const zId = z.number().int().positive();

export const notificationsRouter = router({
  list: authedProcedure
    .input(z.object({ unreadOnly: z.boolean().optional(), cursor: zId.optional(), limit: z.number().int().min(1).max(100).default(30) }))
    .output(
      z.object({
        items: z.array(
          z.object({
            id: z.number(),
            kind: z.enum(["candidate_message", "follow_up_reminder", "application_received"]),
            title: z.string(),
            body: z.string(),
            applicationId: z.number().nullable(),
            candidateId: z.number().nullable(),
            openingId: z.number().nullable(),
            read: z.boolean(),
            createdAt: z.number(),
          }),
        ),
        nextCursor: z.number().nullable(),
      }),
    )
    .query(({ ctx, input }) => notifications.listNotifications(ctx.deps, ctx.actor, input)),
  unreadCount: authedProcedure.output(z.object({ unread: z.number() })).query(({ ctx }) => ({ unread: notifications.unreadCount(ctx.deps, ctx.actor) })),
  markRead: authedProcedure
    .input(z.union([z.object({ notificationIds: z.array(zId).min(1).max(500) }), z.object({ all: z.literal(true) })]))
    .output(z.object({ unread: z.number() }))
    .mutation(({ ctx, input }) => notifications.markRead(ctx.deps, ctx.actor, input)),
  /** Live unread count: the current value first, then each change (SSE). */
  onCount: authedProcedure.subscription(({ ctx, signal }) => notifications.watchUnreadCount(ctx.deps, ctx.actor, signal, ctx.meta.stillAuthorized)),
});
