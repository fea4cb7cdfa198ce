import { escapeHtml as e } from "@prospector/shared/mail/template";
import { DOCUMENT_MAX_BYTES } from "../documents/documents.formats";
import type { Branding, CareersList, FieldErrors, FieldName, FormValues, JobPage } from "./careers.service";
import { FIELD_LIMITS } from "./careers.service";

/**
 * The careers pages, rendered on the server: plain HTML that works without JavaScript (there is none), every
 * value escaped, styles only with the response's CSP nonce.
 */

const MB = DOCUMENT_MAX_BYTES / 1024 / 1024;

/** Black or white text, whichever reads better on the brand colour (WCAG relative luminance). */
function textOn(hex: string): string {
  const ch = (i: number) => {
    const v = Number.parseInt(hex.slice(i, i + 2), 16) / 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  };
  const l = 0.2126 * ch(1) + 0.7152 * ch(3) + 0.0722 * ch(5);
  return (l + 0.05) / 0.05 > 1.05 / (l + 0.05) ? "#111111" : "#ffffff";
}

function styles(b: Branding) {
  const brand = b.color ?? "#0a66c2";
  return `:root{--brand:${brand};--on-brand:${textOn(brand)}}
*{box-sizing:border-box}
body{font:16px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;background:#f6f7f9;color:#1d1d1f}
header.brand{background:var(--brand);color:var(--on-brand)}
header.brand .in{max-width:48rem;margin:0 auto;padding:1rem 1.25rem;display:flex;align-items:center;gap:.75rem}
header.brand img{max-height:2.5rem;max-width:10rem;background:#fff;border-radius:.25rem;padding:.125rem}
header.brand a{color:inherit;text-decoration:none;font-weight:700;font-size:1.25rem}
main{max-width:48rem;margin:0 auto;padding:1.25rem}
main a{color:#0b57a4}
h1{font-size:1.75rem;line-height:1.2;margin:.5rem 0 1rem}
h2{font-size:1.25rem;margin:1.5rem 0 .5rem}
.jobs{list-style:none;padding:0;margin:0}
.jobs li{background:#fff;border:1px solid #d8dbe0;border-radius:.5rem;margin:.75rem 0;padding:.875rem 1rem}
.jobs a{font-size:1.125rem;font-weight:600;color:#0b57a4}
.meta{color:#4a4f57;margin:.125rem 0 0}
.card{background:#fff;border:1px solid #d8dbe0;border-radius:.5rem;padding:1rem 1.25rem;margin:1rem 0}
.description{white-space:pre-wrap}
.field{margin:0 0 1rem}
.field label,.field legend{display:block;font-weight:600;margin-bottom:.25rem}
.hint{display:block;color:#4a4f57;font-size:.9rem;margin:.125rem 0 .25rem}
input[type=text],input[type=email],input[type=tel],input[type=url],textarea{width:100%;font:inherit;padding:.5rem .625rem;border:1px solid #8a9099;border-radius:.375rem;background:#fff;color:inherit}
input[type=file]{font:inherit}
textarea{min-height:7rem}
input:focus,textarea:focus,button:focus,a:focus{outline:3px solid #1a73e8;outline-offset:2px}
[aria-invalid=true]{border-color:#b3261e;border-width:2px}
.error{color:#b3261e;font-weight:600;margin:.25rem 0 0}
.field label.check{display:flex;gap:.5rem;align-items:flex-start;font-weight:400}
.check input{margin-top:.3rem;width:1.125rem;height:1.125rem}
button{font:inherit;font-weight:600;padding:.625rem 1.5rem;border:0;border-radius:.375rem;background:var(--brand);color:var(--on-brand);cursor:pointer}
.notice{background:#fff4ce;border:1px solid #e0c25a;border-radius:.5rem;padding:.75rem 1rem;margin:1rem 0}
.alert{background:#fdecea;border:1px solid #e3a29c;border-radius:.5rem;padding:.75rem 1rem;margin:1rem 0}
.alert ul{margin:.25rem 0 0;padding-left:1.25rem}
.alert a{color:#8c1d18}
.ok{background:#e7f5ea;border:1px solid #8fc79a;border-radius:.5rem;padding:1rem 1.25rem}
.hint-inline{font-weight:400;color:#4a4f57}
.hp{position:absolute;left:-10000px;top:auto;width:1px;height:1px;overflow:hidden}
footer{max-width:48rem;margin:0 auto;padding:1rem 1.25rem 2rem;color:#4a4f57;font-size:.9rem}
footer a{color:#0b57a4}`;
}

function careersHref(b: Branding, token: string | null) {
  return `/jobs/${encodeURIComponent(b.slug)}${token ? `?t=${encodeURIComponent(token)}` : ""}`;
}

/** The whole document around a page's body; `nonce` is the CSP nonce of this response. */
export function layout(b: Branding, opts: { title: string; nonce: string; token: string | null; body: string }) {
  const logo = b.logoUrl ? `<img src="${e(b.logoUrl)}" alt="" referrerpolicy="no-referrer">` : "";
  const contact = b.contactEmail ? ` Questions? <a href="mailto:${e(b.contactEmail)}">${e(b.contactEmail)}</a>` : "";
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(opts.title)}</title>
<style nonce="${e(opts.nonce)}">${styles(b)}</style></head>
<body>
<header class="brand"><div class="in">${logo}<a href="${e(careersHref(b, opts.token))}">${e(b.name)} careers</a></div></header>
<main id="main">
${opts.body}
</main>
<footer><p>Jobs at ${e(b.name)}.${contact}</p></footer>
</body></html>`;
}

/** /jobs/<slug>: the open, published openings. */
export function listBody(l: CareersList) {
  const items = l.jobs
    .map((j) => {
      const href = `/jobs/${encodeURIComponent(l.company.slug)}/${j.id}${l.token ? `?t=${encodeURIComponent(l.token)}` : ""}`;
      const meta = [j.department, j.location].filter(Boolean).map(e).join(" · ");
      return `<li><a href="${e(href)}">${e(j.title)}</a>${meta ? `<p class="meta">${meta}</p>` : ""}</li>`;
    })
    .join("\n");
  return `<h1>Open positions at ${e(l.company.name)}</h1>
${l.jobs.length ? `<p>${l.jobs.length === 1 ? "One opening" : `${l.jobs.length} openings`}: choose one to read about it and apply.</p>\n<ul class="jobs">\n${items}\n</ul>` : "<p>There are no open positions right now. Please come back later.</p>"}`;
}

const LABELS: Record<FieldName, string> = {
  name: "Full name",
  email: "Email",
  phone: "Phone",
  profileUrl: "Profile link (LinkedIn, GitHub, portfolio…)",
  resume: "Resume",
  note: "A note to the team",
  consent: "Consent",
};

export interface FormState {
  values: FormValues;
  errors: FieldErrors;
  /** The signed one-time value of this form (careers.service newFormToken). */
  formToken: string;
  /** A file was sent with the form that came back: say it must be chosen again. */
  hadFile: boolean;
  /** A message above the form (a stale form, too many tries). */
  notice?: string;
}

function describedBy(...ids: (string | false)[]) {
  const v = ids.filter(Boolean).join(" ");
  return v ? ` aria-describedby="${v}"` : "";
}

function textField(f: FormState, name: "name" | "email" | "phone" | "profileUrl", type: string, opts: { required?: boolean; autocomplete: string; hint?: string }) {
  const err = f.errors[name];
  const id = `f-${name}`;
  return `<div class="field">
<label for="${id}">${e(LABELS[name])}${opts.required ? "" : " <span class=\"hint-inline\">(optional)</span>"}</label>
${opts.hint ? `<span class="hint" id="${id}-hint">${e(opts.hint)}</span>` : ""}<input type="${type}" id="${id}" name="${name}" value="${e(f.values[name])}" maxlength="${FIELD_LIMITS[name]}" autocomplete="${opts.autocomplete}"${opts.required ? " required" : ""}${err ? ' aria-invalid="true"' : ""}${describedBy(opts.hint ? `${id}-hint` : false, err ? `${id}-error` : false)}>
${err ? `<p class="error" id="${id}-error">${e(err)}</p>` : ""}</div>`;
}

/** The Apply form, with what was typed and a message beside every field that needs fixing. */
export function applyForm(p: JobPage, f: FormState) {
  const action = `/jobs/${encodeURIComponent(p.company.slug)}/${p.job.id}${p.token ? `?t=${encodeURIComponent(p.token)}` : ""}`;
  const order: FieldName[] = ["name", "email", "phone", "profileUrl", "resume", "note", "consent"];
  const wrong = order.filter((k) => f.errors[k]);
  const summary = wrong.length
    ? `<div class="alert" role="alert" id="form-errors"><p><strong>Please fix ${wrong.length === 1 ? "this field" : `these ${wrong.length} fields`}:</strong> nothing you typed is lost.</p><ul>${wrong
        .map((k) => `<li><a href="#f-${k}">${e(LABELS[k])}: ${e(f.errors[k]!)}</a></li>`)
        .join("")}</ul></div>`
    : "";
  const resumeErr = f.errors.resume;
  const reChoose = f.hadFile ? "Please choose your file again: a browser never sends a chosen file back with a form." : "";
  const consentErr = f.errors.consent;
  const noteErr = f.errors.note;
  return `<section class="card" aria-labelledby="apply-h">
<h2 id="apply-h">Apply for this job</h2>
${f.notice ? `<p class="notice" role="status">${e(f.notice)}</p>` : ""}${summary}
<form method="post" action="${e(action)}" enctype="multipart/form-data" novalidate>
<input type="hidden" name="form" value="${e(f.formToken)}">
${p.token ? `<input type="hidden" name="t" value="${e(p.token)}">` : ""}
${textField(f, "name", "text", { required: true, autocomplete: "name" })}
${textField(f, "email", "email", { required: true, autocomplete: "email" })}
${textField(f, "phone", "tel", { autocomplete: "tel" })}
${textField(f, "profileUrl", "url", { autocomplete: "url", hint: "A full address, starting with https://" })}
<div class="field">
<label for="f-resume">${LABELS.resume} <span class="hint-inline">(optional)</span></label>
<span class="hint" id="f-resume-hint">PDF, Word (.docx, .doc), OpenDocument (.odt), RTF or plain text, up to ${MB} MB.</span>
${reChoose ? `<p class="notice" id="f-resume-again">${e(reChoose)}</p>` : ""}<input type="file" id="f-resume" name="resume" accept=".pdf,.docx,.doc,.odt,.rtf,.txt,application/pdf,application/vnd.openxmlformats-officedocument.wordprocessingml.document,application/msword,application/vnd.oasis.opendocument.text,application/rtf,text/plain"${resumeErr ? ' aria-invalid="true"' : ""}${describedBy("f-resume-hint", reChoose ? "f-resume-again" : false, resumeErr ? "f-resume-error" : false)}>
${resumeErr ? `<p class="error" id="f-resume-error">${e(resumeErr)}</p>` : ""}</div>
<div class="field">
<label for="f-note">${LABELS.note} <span class="hint-inline">(optional)</span></label>
<textarea id="f-note" name="note" maxlength="${FIELD_LIMITS.note}"${noteErr ? ' aria-invalid="true"' : ""}${describedBy(noteErr ? "f-note-error" : false)}>${e(f.values.note)}</textarea>
${noteErr ? `<p class="error" id="f-note-error">${e(noteErr)}</p>` : ""}</div>
<div class="hp" aria-hidden="true"><label for="f-website">Leave this field empty</label><input type="text" id="f-website" name="website" tabindex="-1" autocomplete="off"></div>
<div class="field">
<label class="check" for="f-consent"><input type="checkbox" id="f-consent" name="consent" value="yes"${f.values.consent ? " checked" : ""}${consentErr ? ' aria-invalid="true"' : ""}${describedBy("privacy", consentErr ? "f-consent-error" : false)}> <span>I agree that ${e(p.company.name)} keeps my application as the <a href="#privacy">privacy notice</a> below says.</span></label>
${consentErr ? `<p class="error" id="f-consent-error">${e(consentErr)}</p>` : ""}</div>
<button type="submit">Send application</button>
</form>
<h3 id="privacy-h">Privacy notice</h3>
<p id="privacy">${e(p.company.name)} keeps what you send here — your name and contact details, your profile link, your resume and your note — to consider you for this job and for later ones, and may contact you about them. ${
    p.company.contactEmail ? `To see, correct or delete what is kept about you, write to ${e(p.company.contactEmail)}.` : `To see, correct or delete what is kept about you, contact ${e(p.company.name)}.`
  }</p>
</section>`;
}

/** /jobs/<slug>/<opening>: the job and, while it takes applications, the form. */
export function jobBody(p: JobPage, f: FormState | null, closedMessage?: string) {
  const meta = [p.job.department, p.job.location].filter(Boolean).map(e).join(" · ");
  const closed = !p.accepting || closedMessage;
  return `<p><a href="${e(careersHref(p.company, p.token))}">← All open positions</a></p>
<h1>${e(p.job.title)}</h1>
${meta ? `<p class="meta">${meta}</p>` : ""}
${p.job.description.trim() ? `<section class="card" aria-label="About the job"><div class="description">${e(p.job.description.trim())}</div></section>` : ""}
${closed ? `<p class="notice" role="status">${e(closedMessage ?? "This job is no longer taking applications.")}</p>` : f ? applyForm(p, f) : ""}`;
}

export function appliedBody(p: JobPage, name: string) {
  return `<div class="ok" role="status">
<h1>Thank you${name ? `, ${e(name.split(/\s+/)[0]!)}` : ""}!</h1>
<p>Your application for <strong>${e(p.job.title)}</strong> has reached ${e(p.company.name)}. The team will be in touch.</p>
</div>
<p><a href="${e(careersHref(p.company, null))}">See the other open positions</a></p>`;
}

export function messageBody(title: string, text: string) {
  return `<h1>${e(title)}</h1>\n<p>${e(text)}</p>`;
}
