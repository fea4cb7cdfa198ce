import { randomBytes } from "node:crypto";
import { type Request, type Response, Router } from "express";
import type { Deps } from "../../lib/deps";
import { MultipartError, readMultipart } from "../documents/documents.multipart";
import * as html from "./careers.html";
import * as careers from "./careers.service";

const DEFAULT_BRANDING: careers.Branding = { name: "Careers", slug: "", logoUrl: null, color: null, contactEmail: null };

/** Our public pages: no script at all, styles only with this response's nonce, forms only to ourselves. */
function send(res: Response, status: number, b: careers.Branding, opts: { title: string; token: string | null; body: (nonce: string) => string; cache?: string }) {
  const nonce = randomBytes(16).toString("base64");
  res.status(status);
  res.setHeader(
    "content-security-policy",
    `default-src 'none'; style-src 'nonce-${nonce}'; img-src 'self' https:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'`,
  );
  // A job page holds a one-time form value (and maybe a private link): never cached or shared.
  res.setHeader("cache-control", opts.cache ?? "no-store");
  // A private apply link is in the URL: never send it on as a Referer.
  res.setHeader("referrer-policy", "no-referrer");
  res.type("html").send(html.layout(b, { title: opts.title, nonce, token: opts.token, body: opts.body(nonce) }));
}

const tokenOf = (req: Request) => {
  const t = req.query.t;
  return typeof t === "string" && /^[A-Za-z0-9_-]{20,100}$/.test(t) ? t : null;
};
const str = (v: unknown) => (typeof v === "string" ? v : "");

/**
 * The public careers pages: GET /jobs/<company-slug> (open, published openings), GET /jobs/<slug>/<opening> (the
 * job and its Apply form) and POST /jobs/<slug>/<opening> (multipart: the form and the resume). Reading is not
 * rate limited (public pages, a fraction of a millisecond each, often behind one office NAT); applying is.
 */
export function careersRoutes(deps: Deps): Router {
  const r = Router();
  const notFound = (res: Response, b: careers.Branding = DEFAULT_BRANDING) =>
    send(res, 404, b, {
      title: "Not found",
      token: null,
      body: () => html.messageBody("This job is not here", "It may have been filled or taken down. The list of open positions has the jobs you can apply for."),
    });

  r.get("/jobs/:slug", (req, res) => {
    const l = careers.careersList(deps, String(req.params.slug), tokenOf(req));
    if (!l) return notFound(res);
    send(res, 200, l.company, {
      title: `Jobs at ${l.company.name}`,
      token: l.token,
      body: () => html.listBody(l),
      cache: l.token ? "no-store" : "public, max-age=60",
    });
  });

  const pageOf = (req: Request, token: string | null) => {
    const id = Number(req.params.openingId);
    if (!/^\d{1,12}$/.test(String(req.params.openingId)) || !Number.isSafeInteger(id) || id <= 0) return null;
    return careers.jobPage(deps, String(req.params.slug), id, token);
  };

  r.get("/jobs/:slug/:openingId", (req, res) => {
    const p = pageOf(req, tokenOf(req));
    if (!p) return notFound(res);
    const form: html.FormState = { values: p.prefill, errors: {}, formToken: careers.newFormToken(deps, p.companyId, p.job.id), hadFile: false };
    send(res, 200, p.company, { title: `${p.job.title} · ${p.company.name}`, token: p.token, body: () => html.jobBody(p, form) });
  });

  r.post("/jobs/:slug/:openingId", async (req, res) => {
    let form: Awaited<ReturnType<typeof readMultipart>>;
    try {
      form = await readMultipart(deps, req, { fileField: "resume", maxFileBytes: careers.RESUME_MAX_BYTES, maxFields: 12, maxFieldBytes: 32 * 1024 });
    } catch (err) {
      if (!(err instanceof MultipartError)) throw err;
      send(res, 400, DEFAULT_BRANDING, { title: "Not sent", token: null, body: () => html.messageBody("Your application could not be read", "Please go back, reload the page and send it again.") });
      return;
    }
    const f = form.fields;
    const token = str(f.t) && /^[A-Za-z0-9_-]{20,100}$/.test(f.t!) ? f.t! : tokenOf(req);
    const p = pageOf(req, token);
    if (!p) {
      await form.file?.discard();
      return notFound(res);
    }
    const values: careers.FormValues = {
      name: str(f.name),
      email: str(f.email),
      phone: str(f.phone),
      profileUrl: str(f.profileUrl),
      note: str(f.note),
      consent: f.consent === "yes" || f.consent === "on",
    };
    const result = await careers.apply(deps, {
      slug: p.company.slug,
      openingId: p.job.id,
      token,
      form: str(f.form),
      website: str(f.website),
      values,
      resume: form.file,
      ip: req.ip ?? "unknown",
    });
    const title = `${p.job.title} · ${p.company.name}`;
    const hadFile = form.file !== null;
    // The same form's one-time value, signed afresh: fixing a field and sending again is still one application.
    const again = () => careers.newFormToken(deps, p.companyId, p.job.id, careers.formNonceOf(str(f.form)) ?? undefined);
    switch (result.kind) {
      case "applied":
        return send(res, 200, p.company, { title: `Application sent · ${p.company.name}`, token: null, body: () => html.appliedBody(p, values.name.trim()) });
      case "spam":
        // Told like a success: a robot learns nothing from the answer.
        return send(res, 200, p.company, { title: `Application sent · ${p.company.name}`, token: null, body: () => html.appliedBody(p, "") });
      case "invalid":
        return send(res, 400, p.company, { title: `Please check the form · ${title}`, token: p.token, body: () => html.jobBody(p, { values: result.values, errors: result.errors, formToken: again(), hadFile }) });
      case "stale_form":
        return send(res, 400, p.company, {
          title,
          token: p.token,
          body: () =>
            html.jobBody(p, {
              values: result.values,
              errors: {},
              formToken: careers.newFormToken(deps, p.companyId, p.job.id),
              hadFile,
              notice: "This form had been open for a long time, so it was not sent. Everything you typed is still here: please check it and send it again.",
            }),
        });
      case "limited":
        res.setHeader("retry-after", "600");
        return send(res, 429, p.company, {
          title,
          token: p.token,
          body: () =>
            html.jobBody(p, {
              values: careers.validate(values, null).values,
              errors: {},
              formToken: again(),
              hadFile,
              notice: "Too many applications were sent from your network in the last few minutes. Please wait ten minutes and send it again: everything you typed is still here.",
            }),
        });
      case "closed":
        return send(res, 409, p.company, { title, token: p.token, body: () => html.jobBody(p, null, "This job stopped taking applications while you were filling in the form. Nothing was sent.") });
      case "not_found":
        return notFound(res, p.company);
    }
  });
  return r;
}
