import { z } from "zod";
import { MAIL_STATUSES } from "../../db/schema/mail";
import { adminProcedure, router } from "../../trpc/init";
import * as mail from "./mail.service";

const zMail = z.object({
  id: z.number(),
  direction: z.enum(["out", "in"]),
  kind: z.enum(["candidate", "notification", "autoreply"]),
  status: z.enum(MAIL_STATUSES),
  sent: z.boolean(),
  reason: z.string().nullable(),
  from: z.string(),
  to: z.string(),
  subject: z.string(),
  conversationId: z.number().nullable(),
  candidateId: z.number().nullable(),
  attempts: z.number(),
  createdAt: z.number(),
  sentAt: z.number().nullable(),
});

export const mailRouter = router({
  /** The outbox (out) or the inbound log (in), newest first; admins only. */
  list: adminProcedure
    .input(z.object({ direction: z.enum(["out", "in"]), status: z.enum(MAIL_STATUSES).optional(), cursor: z.number().int().positive().optional(), limit: z.number().int().min(1).max(200).default(50) }))
    .output(z.object({ items: z.array(zMail), nextCursor: z.number().nullable() }))
    .query(({ ctx, input }) => mail.listMails(ctx.deps, ctx.actor, input)),
  get: adminProcedure
    .input(z.object({ mailId: z.number().int().positive() }))
    .output(zMail.extend({ text: z.string(), headers: z.string().nullable() }))
    .query(({ ctx, input }) => mail.getMail(ctx.deps, ctx.actor, input)),
});
