import { authRouter } from "../modules/auth/auth.router";
import { applicationsRouter, candidatesRouter, duplicatesRouter, prospectsRouter } from "../modules/candidates/candidates.router";
import { companyRouter } from "../modules/companies/companies.router";
import { decisionedStatesRouter } from "../modules/decisions/decisions.router";
import { openingsRouter } from "../modules/openings/openings.router";
import { usersRouter } from "../modules/users/users.router";
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
  /** A mutation that does nothing: the benchmark's baseline for tRPC's own cost. */
  ping: authedProcedure.mutation(() => ({ ok: true as const })),
});

export type AppRouter = typeof appRouter;
