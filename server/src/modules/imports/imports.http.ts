import { type Request, Router } from "express";
import type { UserActor } from "../../lib/actor";
import type { Deps } from "../../lib/deps";
import { AppError } from "../../lib/errors";
import { importRowsCsv } from "./imports.service";

const STATUS: Record<string, number> = { NOT_FOUND: 404, FORBIDDEN: 403, BAD_REQUEST: 400, UNAUTHORIZED: 401 };

/**
 * GET /exports/imports/<batchId>/rows.csv?outcome=linked|skipped: a committed import's linked or skipped rows
 * as a file (a plain link the web UI offers; tRPC answers JSON). Signed in by the session cookie or a Bearer
 * token, with the same rules as imports.rows (the service checks them).
 */
export function importExportRoutes(deps: Deps, actorOf: (req: Request) => UserActor | null) {
  const r = Router();
  r.get("/exports/imports/:batchId/rows.csv", (req, res) => {
    res.setHeader("cache-control", "no-store");
    const actor = actorOf(req);
    if (!actor) return void res.status(401).type("text/plain").send("Sign in first.");
    if (actor.mustChangePassword) return void res.status(403).type("text/plain").send("Choose your own password first.");
    const batchId = Number(req.params.batchId);
    const outcome = req.query.outcome;
    if (!Number.isSafeInteger(batchId) || batchId <= 0 || (outcome !== "linked" && outcome !== "skipped")) {
      return void res.status(400).type("text/plain").send("Give an import number and outcome=linked or outcome=skipped.");
    }
    try {
      const file = importRowsCsv(deps, actor, batchId, outcome);
      res.setHeader("content-disposition", `attachment; filename="${file.fileName}"`);
      // The byte-order mark makes spreadsheets read the file as UTF-8 (names with accents).
      res.type("text/csv; charset=utf-8").send(`\uFEFF${file.csv}`);
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      res.status(STATUS[err.code] ?? 400).type("text/plain").send(err.message);
    }
  });
  return r;
}
