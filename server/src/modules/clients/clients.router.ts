import { z } from "zod";
import { OPENING_STATUSES } from "../../db/schema/openings";
import { adminProcedure, authedProcedure, router } from "../../trpc/init";
import * as clients from "./clients.service";

const zId = z.number().int().positive();
const zName = z.string().trim().min(1).max(200);
const zNotes = z.string().max(10_000);
const zEmail = z.string().trim().toLowerCase().pipe(z.email().max(320));

const zContact = z.object({
  id: z.number(),
  clientId: z.number(),
  name: z.string(),
  email: z.string(),
  active: z.boolean(),
  invitedAt: z.number().nullable(),
  lastSignInAt: z.number().nullable(),
  createdAt: z.number(),
});

export const clientsRouter = router({
  list: authedProcedure
    .output(z.array(z.object({ id: z.number(), name: z.string(), notes: z.string(), createdAt: z.number(), contacts: z.number(), activeContacts: z.number(), openings: z.number() })))
    .query(({ ctx }) => clients.listClients(ctx.deps, ctx.actor)),
  get: authedProcedure
    .input(z.object({ clientId: zId }))
    .output(
      z.object({
        id: z.number(),
        name: z.string(),
        notes: z.string(),
        createdAt: z.number(),
        contacts: z.array(zContact),
        openings: z.array(z.object({ id: z.number(), title: z.string(), status: z.enum(OPENING_STATUSES) })),
      }),
    )
    .query(({ ctx, input }) => clients.getClient(ctx.deps, ctx.actor, input)),
  create: adminProcedure
    .input(z.object({ name: zName, notes: zNotes.optional() }))
    .output(z.object({ id: z.number() }))
    .mutation(({ ctx, input }) => clients.createClient(ctx.deps, ctx.actor, input)),
  update: adminProcedure
    .input(z.object({ clientId: zId, name: zName.optional(), notes: zNotes.optional() }))
    .output(z.object({ id: z.number() }))
    .mutation(({ ctx, input }) => clients.updateClient(ctx.deps, ctx.actor, input)),
  createContact: adminProcedure
    .input(z.object({ clientId: zId, name: zName, email: zEmail }))
    .output(zContact)
    .mutation(({ ctx, input }) => clients.createContact(ctx.deps, ctx.actor, input)),
  updateContact: adminProcedure
    .input(z.object({ contactId: zId, name: zName.optional(), email: zEmail.optional(), active: z.boolean().optional() }))
    .output(zContact)
    .mutation(({ ctx, input }) => clients.updateContact(ctx.deps, ctx.actor, input)),
  /** Emails the contact a sign-in link to the portal. */
  inviteContact: adminProcedure
    .input(z.object({ contactId: zId }))
    .output(z.object({ mailId: z.number(), invitedAt: z.number() }))
    .mutation(({ ctx, input }) => clients.inviteContact(ctx.deps, ctx.actor, input)),
});
