import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp, CSRF_HEADER, SESSION_COOKIE } from "../src/app";
import { stopExtractor } from "../src/modules/documents/documents.extract";
import { draft, makeOpening, makeWorld, newRequestId, TEST_PASSWORD, type World } from "./factory";
import { pdfBytes, storedFiles, withDataDir } from "./support/documents";

/** The document and careers routes against the real Express app (multipart in, bytes and HTML out). */
let w: World;
let server: Server;
let base: string;
let dir: string;
let cookie: string;
let slug: string;
let openingId: number;
let janeId: number;

async function signIn(email: string) {
  const res = await fetch(`${base}/trpc/auth.signIn`, {
    method: "POST",
    headers: { "content-type": "application/json", [CSRF_HEADER]: "1" },
    body: JSON.stringify({ email, password: TEST_PASSWORD }),
  });
  const c = /prospector_session=([^;]+)/.exec(res.headers.get("set-cookie") ?? "")?.[1];
  if (!c) throw new Error(`no session: ${res.status}`);
  return `${SESSION_COOKIE}=${c}`;
}

function form(fields: Record<string, string>, file?: { field: string; name: string; bytes: Buffer; type?: string }) {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.append(k, v);
  if (file) f.append(file.field, new Blob([new Uint8Array(file.bytes)], { type: file.type ?? "application/octet-stream" }), file.name);
  return f;
}

beforeAll(async () => {
  w = await makeWorld();
  dir = withDataDir(w.deps);
  const o = await makeOpening(w, { title: "Backend <Engineer> & Co", description: "Build <script>alert(1)</script> things.\nSecond line." });
  openingId = o.id;
  await w.as.admin.openings.setPublished({ openingId, published: true });
  await w.as.admin.openings.create({ title: "Unpublished role" });
  const closed = await makeOpening(w, { title: "Closed role" });
  await w.as.admin.openings.setPublished({ openingId: closed.id, published: true });
  await w.as.admin.openings.setStatus({ openingId: closed.id, status: "closed" });
  slug = (await w.as.admin.company.get()).slug;
  janeId = (await w.as.recruiter.prospects.add({ requestId: newRequestId(), openingId, draft: draft({ fullName: "Jane Doe" }) })).candidateId;
  server = createApp(w.deps).listen(0, "127.0.0.1");
  await new Promise((r) => server.once("listening", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  cookie = await signIn("rita.recruiter@acme.test");
});
afterAll(async () => {
  await new Promise<void>((r) => server.close(() => r()));
  await stopExtractor();
});

describe("documents over HTTP", () => {
  const upload = (body: FormData, headers: Record<string, string> = { cookie, [CSRF_HEADER]: "1" }, candidateId = janeId) =>
    fetch(`${base}/api/candidates/${candidateId}/documents`, { method: "POST", headers, body });

  it("uploads a multipart file for a signed-in user with the CSRF header; refuses without either", async () => {
    const pdf = await pdfBytes(["Jane Doe"]);
    expect((await upload(form({}, { field: "file", name: "cv.pdf", bytes: pdf }), {})).status).toBe(401);
    const noCsrf = await upload(form({}, { field: "file", name: "cv.pdf", bytes: pdf }), { cookie });
    expect(noCsrf.status).toBe(403);
    const crossSite = await upload(form({}, { field: "file", name: "cv.pdf", bytes: pdf }), { cookie, [CSRF_HEADER]: "1", origin: "https://evil.example" });
    expect(crossSite.status).toBe(403);
    expect(storedFiles(dir)).toEqual([]);
    const ok = await upload(form({ kind: "cover_letter" }, { field: "file", name: "Jane — CV.pdf", bytes: pdf, type: "text/html" }));
    expect(ok.status).toBe(201);
    const { document } = (await ok.json()) as { document: { id: number; fileName: string; format: string; kind: string } };
    // The browser's type (text/html) is ignored: the bytes are a PDF.
    expect(document).toMatchObject({ fileName: "Jane — CV.pdf", format: "pdf", kind: "cover_letter" });
  });

  it("refuses a wrong type, a too large file, a missing file and a wrong candidate with a clear JSON error", async () => {
    const png = await upload(form({}, { field: "file", name: "cv.pdf", bytes: Buffer.from("89504e470d0a1a0a", "hex") }));
    expect(png.status).toBe(400);
    expect(await png.json()).toEqual({ error: { message: expect.stringMatching(/^The file is not a PDF, Word/), field: "file" } });
    const big = await upload(form({}, { field: "file", name: "big.txt", bytes: Buffer.alloc(10 * 1024 * 1024 + 10, 0x61) }));
    expect(big.status).toBe(413);
    expect(((await big.json()) as { error: { message: string } }).error.message).toBe("The file is larger than 10 MB.");
    expect((await upload(form({ kind: "resume" }))).status).toBe(400);
    expect((await upload(form({}, { field: "file", name: "a.txt", bytes: Buffer.from("x") }), undefined, 999_999)).status).toBe(404);
    const notMultipart = await fetch(`${base}/api/candidates/${janeId}/documents`, { method: "POST", headers: { cookie, [CSRF_HEADER]: "1", "content-type": "application/json" }, body: "{}" });
    expect(notMultipart.status).toBe(400);
  });

  it("downloads only through the authorised route: attachment, nosniff, sandboxed CSP; a PDF may be previewed inline", async () => {
    const bytes = Buffer.from("<html><script>alert(1)</script></html>\n");
    const up = await upload(form({}, { field: "file", name: "notes.txt", bytes }));
    const { document } = (await up.json()) as { document: { id: number; downloadUrl: string } };
    const res = await fetch(`${base}${document.downloadUrl}`, { headers: { cookie } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toBe(`attachment; filename="notes.txt"; filename*=UTF-8''notes.txt`);
    expect(res.headers.get("content-type")).toMatch(/^text\/plain/);
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("content-security-policy")).toBe("default-src 'none'; sandbox; frame-ancestors 'none'");
    expect(Buffer.from(await res.arrayBuffer()).equals(bytes)).toBe(true);
    // ?view=1 on a text file is still a download.
    expect((await fetch(`${base}${document.downloadUrl}?view=1`, { headers: { cookie } })).headers.get("content-disposition")).toMatch(/^attachment/);
    const pdf = (await (await upload(form({}, { field: "file", name: "p.pdf", bytes: await pdfBytes(["P"]) }))).json()) as { document: { previewUrl: string } };
    const view = await fetch(`${base}${pdf.document.previewUrl}`, { headers: { cookie } });
    expect(view.headers.get("content-disposition")).toMatch(/^inline; filename="p.pdf"/);
    expect(view.headers.get("content-type")).toBe("application/pdf");
    expect(view.headers.get("content-security-policy")).toBe("default-src 'none'; frame-ancestors 'self'");
    // Signed out, another company, a removed document: not served.
    expect((await fetch(`${base}${document.downloadUrl}`)).status).toBe(401);
    const rival = await signIn("boss@rival.test");
    expect((await fetch(`${base}${document.downloadUrl}`, { headers: { cookie: rival } })).status).toBe(404);
    await w.as.admin.documents.remove({ documentId: document.id });
    expect((await fetch(`${base}${document.downloadUrl}`, { headers: { cookie } })).status).toBe(404);
  });
});

describe("the careers pages", () => {
  it("/jobs/<slug> lists the open, published openings only, escaped, with a strict CSP and no script", async () => {
    const res = await fetch(`${base}/jobs/${slug}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("Backend &#60;Engineer&#62; &#38; Co");
    expect(html).not.toContain("<Engineer>");
    expect(html).not.toContain("Unpublished role");
    expect(html).not.toContain("Closed role");
    expect(html).not.toMatch(/<script/i);
    const csp = res.headers.get("content-security-policy")!;
    expect(csp).toMatch(/^default-src 'none'; style-src 'nonce-[A-Za-z0-9+/=]+'; img-src 'self' https:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'$/);
    expect((await fetch(`${base}/jobs/no-such-company`)).status).toBe(404);
    expect((await fetch(`${base}/jobs/${slug}/999999`)).status).toBe(404);
    expect((await fetch(`${base}/jobs/${slug}/abc`)).status).toBe(404);
  });

  async function jobPageForm(query = "") {
    const res = await fetch(`${base}/jobs/${slug}/${openingId}${query}`);
    const html = await res.text();
    const token = /name="form" value="([^"]+)"/.exec(html)?.[1];
    return { res, html, token: token! };
  }

  it("the job page shows the job (escaped) and the Apply form; a post applies with the resume and answers with a thank-you page", async () => {
    const { res, html, token } = await jobPageForm();
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(html).toContain("Build &#60;script&#62;alert(1)&#60;/script&#62; things.");
    expect(html).toContain('enctype="multipart/form-data"');
    for (const label of ["Full name", "Email", "Phone", "Profile link", "Resume", "A note to the team", "privacy notice"]) expect(html).toContain(label);
    const post = await fetch(`${base}/jobs/${slug}/${openingId}`, {
      method: "POST",
      body: form({ form: token, name: "Hana Http", email: "hana@example.com", consent: "yes", note: "Hi", website: "" }, { field: "resume", name: "Hana.pdf", bytes: await pdfBytes(["Hana"]) }),
    });
    expect(post.status).toBe(200);
    expect(await post.text()).toContain("Thank you, Hana!");
    const found = (await w.as.admin.candidates.list({ search: "Hana" })).items;
    expect(found).toHaveLength(1);
    const docs = await w.as.admin.documents.list({ candidateId: found[0]!.candidate.id });
    expect(docs).toMatchObject([{ fileName: "Hana.pdf", source: "application" }]);
    // The same form again (the browser's resend): the same thank-you, one application.
    const again = await fetch(`${base}/jobs/${slug}/${openingId}`, { method: "POST", body: form({ form: token, name: "Hana Http", email: "hana@example.com", consent: "yes" }) });
    expect(again.status).toBe(200);
    expect((await w.as.admin.candidates.list({ search: "Hana" })).items).toHaveLength(1);
  });

  it("a wrong field comes back next to it, with everything typed kept (escaped) and a word about choosing the file again", async () => {
    const { token } = await jobPageForm();
    const res = await fetch(`${base}/jobs/${slug}/${openingId}`, {
      method: "POST",
      body: form({ form: token, name: 'Eve "<b>"', email: "not-an-email", phone: "", note: "My <note>" }, { field: "resume", name: "cv.pdf", bytes: Buffer.from("47494638396101000100800000ffffff", "hex") }),
    });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('value="Eve &#34;&#60;b&#62;&#34;"');
    expect(html).toContain('value="not-an-email"');
    expect(html).toContain("My &#60;note&#62;</textarea>");
    expect(html).toMatch(/id="f-email-error">This does not look like an email address/);
    expect(html).toMatch(/id="f-consent-error">Please agree to the privacy notice/);
    expect(html).toMatch(/id="f-resume-error">This is not a PDF, Word/);
    expect(html).toContain("Please choose your file again");
    expect(html).toContain('aria-invalid="true"');
    // The form keeps its one-time value: fixing it and sending is still one application.
    expect(html).toContain(`name="form" value="${token.split(".")[0]}.`);
  });

  it("the honeypot gets a thank-you and stores nothing; a resume over 10 MB is refused beside its field", async () => {
    const before = (await w.as.admin.candidates.list({})).items.length;
    const { token } = await jobPageForm();
    const spam = await fetch(`${base}/jobs/${slug}/${openingId}`, { method: "POST", body: form({ form: token, name: "Bot", email: "bot@example.com", consent: "yes", website: "http://x" }) });
    expect(spam.status).toBe(200);
    expect(await spam.text()).toContain("Thank you");
    expect((await w.as.admin.candidates.list({})).items.length).toBe(before);
    const big = await fetch(`${base}/jobs/${slug}/${openingId}`, {
      method: "POST",
      body: form({ form: (await jobPageForm()).token, name: "Big", email: "big@example.com", consent: "yes" }, { field: "resume", name: "big.pdf", bytes: Buffer.concat([Buffer.from("%PDF-1.4\n"), Buffer.alloc(10 * 1024 * 1024)]) }),
    });
    expect(big.status).toBe(400);
    expect(await big.text()).toMatch(/id="f-resume-error">This file is larger than 10 MB/);
  });

  it("a closed opening's page says it takes no applications and has no form", async () => {
    const list = await (await fetch(`${base}/jobs/${slug}`)).text();
    void list;
    const closedId = (await w.as.admin.openings.list({})).items.find((o) => o.title === "Closed role")!.id;
    const html = await (await fetch(`${base}/jobs/${slug}/${closedId}`)).text();
    expect(html).toContain("This job is no longer taking applications.");
    expect(html).not.toContain("<form");
  });
});
