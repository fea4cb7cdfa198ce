import { randomBytes } from "node:crypto";
import { type Request, type Response, Router } from "express";
import { sameOrigin } from "../../app";
import type { Deps } from "../../lib/deps";
import { closeAfterAnswer, declaredLength, MultipartError, readMultipart } from "../documents/documents.multipart";
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
  // A private apply link is in the URL: never send it to another site as a Referer. (Not no-referrer: with it,
  // browsers send "Origin: null" on the form's own POST, which the Origin check must refuse.)
  res.setHeader("referrer-policy", "same-origin");
  res.type("html").send(html.layout(b, { title: opts.title, nonce, token: opts.token, body: opts.body(nonce) }));
}

const tokenOf = (req: Request) => {
  const t = req.query.t;
  return typeof t === "string" && /^[A-Za-z0-9_-]{20,100}$/.test(t) ? t : null;
};
const str = (v: unknown) => (typeof v === "string" ? v : "");
const pickValues = (f: Record<string, string>): careers.FormValues => ({
  name: str(f.name),
  email: str(f.email),
  phone: str(f.phone),
  profileUrl: str(f.profileUrl),
  note: str(f.note),
  consent: f.consent === "yes" || f.consent === "on",
});

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
    // Everything up to the end of the body's reading answers without reading it, and closes the connection so that
    // Node does not read and drop the rest (a 10 MB upload from a refused address costs us nothing).
    closeAfterAnswer(res);
    // A form on another site posting here (the page's Referrer-Policy same-origin makes browsers send our Origin).
    if (req.headers.origin !== undefined && !sameOrigin(req, deps.config.publicUrl)) {
      return send(res, 403, DEFAULT_BRANDING, { title: "Not sent", token: null, body: () => html.messageBody("Your application could not be sent", "Please open the job's page on our site and send the form from there.") });
    }
    const id = Number(req.params.openingId);
    if (!/^\d{1,12}$/.test(String(req.params.openingId)) || !Number.isSafeInteger(id) || id <= 0) return notFound(res);
    const admitted = careers.admitApplication(deps, { slug: String(req.params.slug), openingId: id, token: tokenOf(req), ip: req.ip ?? "unknown" });
    if (admitted.kind === "not_found") return notFound(res);
    const p0 = admitted.page;
    const title0 = `${p0.job.title} · ${p0.company.name}`;
    const fresh = (status: number, notice: string) =>
      send(res, status, p0.company, {
        title: title0,
        token: p0.token,
        body: () => html.jobBody(p0, { values: p0.prefill, errors: {}, formToken: careers.newFormToken(deps, p0.companyId, p0.job.id), hadFile: false, notice }),
      });
    if (admitted.kind === "limited") {
      res.setHeader("retry-after", "600");
      return fresh(429, "Too many applications were sent from your network in the last few minutes, so this one was not read. Please wait ten minutes, then go back with your browser's Back button (what you typed is still there) and send it again.");
    }
    if (admitted.kind === "closed") {
      return send(res, 409, p0.company, { title: title0, token: p0.token, body: () => html.jobBody(p0, null, "This job stopped taking applications while you were filling in the form. Nothing was sent.") });
    }
    if ((declaredLength(req) ?? 0) > careers.APPLY_MAX_POST_BYTES) {
      return fresh(413, `Your file is larger than ${careers.RESUME_MAX_BYTES / 1024 / 1024} MB, so the application was not sent. Please go back with your browser's Back button (what you typed is still there) and choose a smaller file.`);
    }
    let form: Awaited<ReturnType<typeof readMultipart>>;
    try {
      form = await readMultipart(deps, req, { fileField: "resume", maxFileBytes: careers.RESUME_MAX_BYTES, maxFields: 12, maxFieldBytes: 32 * 1024 });
    } catch (err) {
      if (!(err instanceof MultipartError)) throw err;
      send(res, 400, DEFAULT_BRANDING, { title: "Not sent", token: null, body: () => html.messageBody("Your application could not be read", "Please go back, reload the page and send it again.") });
      return;
    }
    if (form.tooLarge) {
      // Reading stopped at the file: the fields sent before it come back, the file's error beside it.
      const v = careers.validate({ ...careers.emptyForm(), ...pickValues(form.fields) }, null).values;
      const nonce = careers.formNonceOf(str(form.fields.form)) ?? undefined;
      return send(res, 413, p0.company, {
        title: `Please check the form · ${title0}`,
        token: p0.token,
        body: () =>
          html.jobBody(p0, {
            values: v,
            errors: { resume: `This file is larger than ${careers.RESUME_MAX_BYTES / 1024 / 1024} MB.` },
            formToken: careers.newFormToken(deps, p0.companyId, p0.job.id, nonce),
            hadFile: true,
            notice: "Your file was too large, so the rest of the form was not read: please check your note and the consent box, and choose a smaller file.",
          }),
      });
    }
    // The whole body has been read: the connection may be kept.
    res.removeHeader("connection");
    const f = form.fields;
    const token = str(f.t) && /^[A-Za-z0-9_-]{20,100}$/.test(f.t!) ? f.t! : tokenOf(req);
    const p = pageOf(req, token);
    if (!p) {
      await form.file?.discard();
      return notFound(res);
    }
    const values = pickValues(f);
    const result = await careers.apply(deps, {
      slug: p.company.slug,
      openingId: p.job.id,
      token,
      form: str(f.form),
      website: str(f.website),
      values,
      resume: form.file,
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
      case "closed":
        return send(res, 409, p.company, { title, token: p.token, body: () => html.jobBody(p, null, "This job stopped taking applications while you were filling in the form. Nothing was sent.") });
      case "not_found":
        return notFound(res, p.company);
    }
  });
  return r;
}
