import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { escapeHtml } from "@prospector/shared/mail/template";
import express, { type NextFunction, type Request, type Response, Router } from "express";
import { whenWritable } from "../db/write-gate";
import type { Deps } from "../lib/deps";
import { RateLimiter } from "../lib/rate-limit";
import { type PageView, pagePost, pageView, unsubscribe, unsubscribeTarget } from "../modules/conversations/candidate-page.service";
import { receiveMail } from "./inbound";

/** Header carrying INBOUND_EMAIL_SECRET on POST /inbound/email (or `Authorization: Bearer <secret>`). */
export const INBOUND_SECRET_HEADER = "x-inbound-secret";
const PAGE_CSRF_COOKIE = "prospector_page_csrf";

/** Length-independent constant-time comparison (both sides hashed first). */
function sameSecret(given: string, expected: string) {
  const a = createHash("sha256").update(given).digest();
  const b = createHash("sha256").update(expected).digest();
  return timingSafeEqual(a, b);
}

function readCookie(req: Request, name: string): string | null {
  for (const part of (req.headers.cookie ?? "").split(";")) {
    const i = part.indexOf("=");
    if (i > 0 && part.slice(0, i).trim() === name) return part.slice(i + 1).trim();
  }
  return null;
}

/** Our own pages: no script at all, styles only with this response's nonce, forms only to ourselves. */
function sendPage(res: Response, status: number, title: string, body: string) {
  const nonce = randomBytes(16).toString("base64");
  res.status(status);
  res.setHeader(
    "content-security-policy",
    `default-src 'none'; style-src 'nonce-${nonce}'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'`,
  );
  res.setHeader("cache-control", "no-store");
  // The private token is in the URL: never send it on as a Referer.
  res.setHeader("referrer-policy", "no-referrer");
  res.setHeader("x-robots-tag", "noindex");
  res.type("html").send(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex">
<title>${escapeHtml(title)}</title>
<style nonce="${nonce}">
body{font:16px/1.5 system-ui,sans-serif;margin:0;background:#f5f5f7;color:#1d1d1f}
main{max-width:44rem;margin:0 auto;padding:1.5rem}
ol{list-style:none;padding:0}
li{background:#fff;border-radius:.5rem;padding:.75rem 1rem;margin:.75rem 0;border-left:4px solid #8a8a8e}
li.you{border-left-color:#0a66c2}
.meta{font-size:.85rem;color:#555;margin:0 0 .25rem}
.body{white-space:pre-wrap;margin:0}
textarea{width:100%;min-height:8rem;font:inherit;box-sizing:border-box}
button{font:inherit;padding:.5rem 1.25rem;margin-top:.5rem}
.notice{background:#fff4ce;padding:.75rem 1rem;border-radius:.5rem}
label{font-weight:600}
</style></head>
<body><main>
${body}
</main></body></html>`);
}

const fmtDate = (ms: number) => new Date(ms).toISOString().replace("T", " ").slice(0, 16) + " UTC";

/** "<opening> · <company>", or the company alone for a general conversation (about no opening). */
const pageTitle = (v: PageView) => (v.openingTitle ? `${v.openingTitle} · ${v.companyName}` : v.companyName);

function conversationHtml(v: PageView, token: string, csrf: string, opts: { apply: boolean; sent: boolean; error?: string }) {
  const items = v.messages
    .map(
      (m) =>
        `<li class="${m.fromCandidate ? "you" : "them"}"><p class="meta">${escapeHtml(m.author)} · ${escapeHtml(fmtDate(m.createdAt))}</p><p class="body">${escapeHtml(m.body)}</p></li>`,
    )
    .join("\n");
  const contact = v.publicContactEmail
    ? `<a href="mailto:${escapeHtml(v.publicContactEmail)}">${escapeHtml(v.publicContactEmail)}</a>`
    : escapeHtml(v.companyName);
  const form = v.locked
    ? `<p class="notice" role="status">This conversation is closed: ${escapeHtml(v.companyName)} no longer reads messages here or replies to their emails. To get in touch, please write to ${contact}.</p>`
    : `${opts.apply && v.openingTitle ? `<p>Interested in ${escapeHtml(v.openingTitle)}? Write a short note below and ${escapeHtml(v.companyName)} will get back to you.</p>` : ""}
${opts.sent ? `<p class="notice" role="status">Your message was sent.</p>` : ""}${opts.error ? `<p class="notice" role="alert">${escapeHtml(opts.error)}</p>` : ""}
<form method="post" action="/c/${escapeHtml(token)}">
<input type="hidden" name="csrf" value="${escapeHtml(csrf)}">
<input type="hidden" name="nonce" value="${randomBytes(16).toString("base64url")}">
<label for="body">Your message</label>
<textarea id="body" name="body" required maxlength="10000"></textarea>
<button type="submit">Send</button>
</form>`;
  return `<h1>${escapeHtml(pageTitle(v))}</h1>
<p>Your conversation with ${escapeHtml(v.companyName)}.${v.locked ? "" : " You can also answer any of their emails directly."}</p>
<ol>
${items || "<li>No messages yet.</li>"}
</ol>
${form}`;
}

/**
 * Mail doors over HTTP: the inbound webhook, the candidate's private conversation page (/c/<token>) and the
 * unsubscribe link (/u/<token>). Tokens are looked up by hash; bad ones are rate limited per address.
 */
export function mailRoutes(deps: Deps): Router {
  const r = Router();
  const requests = new RateLimiter(120, 60_000);
  const badTokens = new RateLimiter(20, 15 * 60_000);
  const secure = deps.config.publicUrl.startsWith("https:");

  const limited = (req: Request, res: Response) => {
    const ip = req.ip ?? "unknown";
    const now = deps.clock.now();
    requests.hit(ip, now);
    if (requests.isLimited(ip, now) || badTokens.isLimited(ip, now)) {
      res.setHeader("retry-after", "60");
      sendPage(res, 429, "Too many requests", "<h1>Too many requests</h1><p>Please wait a minute and try again.</p>");
      return true;
    }
    return false;
  };
  /** The rate limit before the body is read: a limited address does not get its 64 kB parsed first. */
  const limitFirst = (req: Request, res: Response, next: () => void) => {
    if (!limited(req, res)) next();
  };
  const notFoundPage = (req: Request, res: Response) => {
    badTokens.hit(req.ip ?? "unknown", deps.clock.now());
    sendPage(res, 404, "Link not valid", "<h1>This link is not valid</h1><p>It may have been replaced by a newer one: please use the link in the latest email you received.</p>");
  };
  const token = (req: Request) => {
    const t = String(req.params.token ?? "");
    return /^[A-Za-z0-9_-]{20,100}$/.test(t) ? t : null;
  };
  // Same rule as the API (app.ts): no Origin, our public origin, or the host the request came to.
  // "null" too: browsers send `Origin: null` for a form posted from a page served with
  // `Referrer-Policy: no-referrer` (ours, to keep the token out of Referers). The double-submit check
  // below still refuses a cross-site post (the SameSite=Strict cookie does not come with it).
  const crossSite = (req: Request) => {
    const o = req.headers.origin;
    if (o === undefined || o === "null") return false;
    const host = req.headers.host;
    return o !== new URL(deps.config.publicUrl).origin && o !== `http://${host}` && o !== `https://${host}`;
  };

  // The secret is checked before the body is read: a caller without it cannot make us buffer MAIL_MAX_BYTES.
  const inboundSecret = (req: Request, res: Response, next: NextFunction) => {
    const secret = deps.config.inboundEmailSecret;
    if (!secret) {
      res.status(404).json({ error: "Inbound mail over HTTP is not configured (INBOUND_EMAIL_SECRET)" });
      return;
    }
    const given = (req.headers[INBOUND_SECRET_HEADER] as string | undefined) ?? /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? "")?.[1];
    if (!given || !sameSecret(given, secret)) {
      res.status(401).json({ error: "Wrong or missing inbound secret" });
      return;
    }
    next();
  };

  r.post("/inbound/email", inboundSecret, express.raw({ type: () => true, limit: deps.config.mailMaxBytes }), async (req, res) => {
    if (!Buffer.isBuffer(req.body) || req.body.length === 0) {
      res.status(400).json({ error: "Send the raw message (RFC 5322) as the request body" });
      return;
    }
    const envelopeTo = typeof req.headers["x-envelope-to"] === "string" ? req.headers["x-envelope-to"].split(",").map((s) => s.trim()).filter(Boolean) : [];
    try {
      const result = await receiveMail(deps, req.body, { to: envelopeTo });
      res.status(result.outcome === "refused" ? 422 : 200).json(result);
    } catch (err) {
      deps.log.error({ err }, "inbound mail failed");
      res.status(500).json({ error: "Internal error; retry later" });
    }
  });

  r.get("/c/:token", (req, res) => {
    if (limited(req, res)) return;
    const t = token(req);
    const v = t ? pageView(deps, t) : null;
    if (!t || !v) return notFoundPage(req, res);
    const csrf = readCookie(req, PAGE_CSRF_COOKIE) ?? randomBytes(24).toString("base64url");
    res.cookie(PAGE_CSRF_COOKIE, csrf, { httpOnly: true, sameSite: "strict", secure, path: "/c/" });
    sendPage(res, 200, pageTitle(v), conversationHtml(v, t, csrf, { apply: req.query.apply === "1", sent: req.query.sent === "1" }));
  });

  r.post("/c/:token", limitFirst, express.urlencoded({ extended: false, limit: "64kb" }), async (req, res) => {
    const t = token(req);
    if (!t) return notFoundPage(req, res);
    const cookie = readCookie(req, PAGE_CSRF_COOKIE);
    const field = typeof req.body?.csrf === "string" ? req.body.csrf : "";
    // Double-submit: the SameSite=Strict cookie never comes with a cross-site form, so neither can a match.
    if (crossSite(req) || !cookie || !field || !sameSecret(field, cookie)) {
      sendPage(res, 403, "Please try again", `<h1>Please try again</h1><p>Your message was not sent. <a href="/c/${escapeHtml(t)}">Reload the conversation</a> and send it again.</p>`);
      return;
    }
    // An import may hold the write lock: wait for it rather than lose the candidate's message to SQLITE_BUSY.
    await whenWritable(deps.db);
    // Each rendered form has its own one-time value: posting the same form again stores the message once.
    const nonce = typeof req.body?.nonce === "string" && /^[A-Za-z0-9_-]{16,64}$/.test(req.body.nonce) ? req.body.nonce : null;
    const outcome = pagePost(deps, t, typeof req.body?.body === "string" ? req.body.body : "", nonce);
    if (outcome === "invalid") return notFoundPage(req, res);
    if (outcome === "posted") {
      res.redirect(303, `/c/${t}?sent=1`);
      return;
    }
    const v = pageView(deps, t)!;
    sendPage(res, outcome === "locked" ? 403 : 400, pageTitle(v), conversationHtml(v, t, cookie, { apply: false, sent: false, error: outcome === "empty" ? "Please write a message." : undefined }));
  });

  r.get("/u/:token", (req, res) => {
    if (limited(req, res)) return;
    const t = token(req);
    const target = t ? unsubscribeTarget(deps, t) : null;
    if (!t || !target) return notFoundPage(req, res);
    sendPage(
      res,
      200,
      "Unsubscribe",
      `<h1>Stop messages from ${escapeHtml(target.companyName)}?</h1><form method="post" action="/u/${escapeHtml(t)}"><button type="submit">Unsubscribe</button></form>`,
    );
  });

  // The page's button and RFC 8058 one-click (List-Unsubscribe=One-Click from the mail client) both land here.
  r.post("/u/:token", limitFirst, express.urlencoded({ extended: false, limit: "4kb" }), async (req, res) => {
    const t = token(req);
    // An import may hold the write lock: wait for it, an opt-out must not be lost to SQLITE_BUSY.
    if (t) await whenWritable(deps.db);
    const done = t ? unsubscribe(deps, t) : null;
    if (!t || !done) return notFoundPage(req, res);
    sendPage(res, 200, "Unsubscribed", `<h1>You are unsubscribed</h1><p>You will not receive further messages from ${escapeHtml(done.companyName)}.</p>`);
  });

  return r;
}
