import { authRouter } from "../modules/auth/auth.router";
import { applicationsRouter, candidatesRouter, duplicatesRouter, prospectsRouter } from "../modules/candidates/candidates.router";
import { clientsRouter } from "../modules/clients/clients.router";
import { companyRouter } from "../modules/companies/companies.router";
import { dashboardRouter } from "../modules/dashboard/dashboard.router";
import { decisionedStatesRouter } from "../modules/decisions/decisions.router";
import { documentsRouter } from "../modules/documents/documents.router";
import { importsRouter } from "../modules/imports/imports.router";
import { openingsRouter } from "../modules/openings/openings.router";
import { usersRouter } from "../modules/users/users.router";
import { conversationsRouter } from "../modules/conversations/conversations.router";
import { mailRouter } from "../modules/mail/mail.router";
import { reengageRouter } from "../modules/reengage/reengage.router";
import { notificationsRouter } from "../modules/notifications/notifications.router";
import { sharesRouter } from "../modules/shares/shares.router";
import { tasksRouter } from "../modules/tasks/tasks.router";
import { templatesRouter } from "../modules/templates/templates.router";
import { authedProcedure, router } from "./init";

export const appRouter = router({
  auth: authRouter,
  users: usersRouter,
  company: companyRouter,
  openings: openingsRouter,
  decisionedStates: decisionedStatesRouter,
  candidates: candidatesRouter,
  applications: applicationsRouter,
  prospects: prospectsRouter,
  duplicates: duplicatesRouter,
  dashboard: dashboardRouter,
  imports: importsRouter,
  templates: templatesRouter,
  conversations: conversationsRouter,
  notifications: notificationsRouter,
  mail: mailRouter,
  reengage: reengageRouter,
  tasks: tasksRouter,
  clients: clientsRouter,
  shares: sharesRouter,
  documents: documentsRouter,
  /** A mutation that does nothing: the benchmark's baseline for tRPC's own cost. */
  ping: authedProcedure.mutation(() => ({ ok: true as const })),
});

export type AppRouter = typeof appRouter;
