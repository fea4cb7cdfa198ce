import { randomUUID } from "node:crypto";
import type { NextFunction, Request, Response } from "express";
import type { Logger } from "pino";

const REQUEST_ID = /^[\w-]{1,64}$/;

/** The path as logged: no query string (tRPC inputs), and private links (/c/<token>, /u/<token>) without their token. */
export function loggedPath(url: string): string {
  return (url.split("?")[0] ?? "").replace(/^\/(c|u)\/[^/]+/, "/$1/[token]");
}

/**
 * One JSON line per request, when it ends: request id (taken from a well-formed x-request-id header, else new,
 * and sent back), method, path, status and duration. Nothing else of the request is logged — no headers
 * (cookies, tokens), no body, no query string. Written instead of pino-http, whose per-request child logger and
 * serializers cost a fifth of a bare tRPC call's CPU (measured with --cpu-prof under the add benchmark).
 */
export function requestLog(log: Logger, opts: { ignore?: (path: string) => boolean } = {}) {
  return (req: Request, res: Response, next: NextFunction) => {
    const header = req.headers["x-request-id"];
    const id = typeof header === "string" && REQUEST_ID.test(header) ? header : randomUUID();
    res.setHeader("x-request-id", id);
    const path = loggedPath(req.url);
    if (opts.ignore?.(path)) return next();
    const started = performance.now();
    let done = false;
    const end = (aborted: boolean) => {
      if (done) return;
      done = true;
      const line = { reqId: id, method: req.method, path, status: res.statusCode, ms: Math.round((performance.now() - started) * 10) / 10 };
      // A live stream (SSE) ends when its browser tab navigates or closes: that is its normal end.
      if (aborted && String(res.getHeader("content-type") ?? "").startsWith("text/event-stream")) log.info(line, "stream closed");
      else if (aborted) log.warn(line, "request aborted");
      else if (res.statusCode >= 500) log.error(line, "request failed");
      else log.info(line, "request completed");
    };
    res.once("finish", () => end(false));
    res.once("close", () => end(!res.writableFinished));
    next();
  };
}
