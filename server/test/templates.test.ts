import fs from "node:fs";
import path from "node:path";
import { renderHtml, renderText, unknownPlaceholders } from "@prospector/shared/mail/template";
import { describe, expect, it } from "vitest";
import { DEFAULT_TEMPLATES } from "../src/modules/templates/templates.defaults";
import { rejects } from "./expect-error";
import { draft, makeOpening, makeWorld, newRequestId } from "./factory";

describe("message templates", () => {
  it("every company starts with the four default templates", async () => {
    const w = await makeWorld();
    const names = (await w.as.recruiter.templates.list()).map((t) => t.name);
    expect(names).toEqual(["Ask to apply", "Arrange an interview", "Not a match", "Invitation to re-apply"]);
    expect((await w.as.otherCompany.templates.list()).map((t) => t.name)).toEqual(names);
  });

  it("migration 0004 gives companies that existed before templates the same defaults", async () => {
    const w = await makeWorld();
    const raw = w.deps.db.$client;
    raw.prepare("DELETE FROM message_templates WHERE company_id = ?").run(w.companyId);
    const file = path.join(import.meta.dirname, "../src/db/migrations/0004_default_templates.sql");
    for (const stmt of fs.readFileSync(file, "utf8").split("--> statement-breakpoint")) raw.exec(stmt);
    const rows = raw.prepare("SELECT name, subject, body, default_key AS key FROM message_templates WHERE company_id = ? ORDER BY id").all(w.companyId);
    expect(rows).toEqual(DEFAULT_TEMPLATES.map((t) => ({ name: t.name, subject: t.subject, body: t.body, key: t.key })));
    // Companies that already had them get no second copy.
    expect(raw.prepare("SELECT count(*) AS n FROM message_templates WHERE company_id <> ?").get(w.companyId)).toEqual({ n: 4 });
  });

  it("only a super admin creates, edits and removes templates; everyone lists them", async () => {
    const w = await makeWorld();
    const input = { name: "Coffee chat", subject: "Coffee, {{candidate_first_name}}?", body: "Hi {{candidate_first_name}}, {{sender_name}} here." };
    await rejects(w.as.admin.templates.create(input), "FORBIDDEN");
    await rejects(w.as.recruiter.templates.create(input), "FORBIDDEN");
    const t = await w.as.superAdmin.templates.create(input);
    await rejects(w.as.admin.templates.update({ templateId: t.id, name: "X" }), "FORBIDDEN");
    await rejects(w.as.recruiter.templates.remove({ templateId: t.id }), "FORBIDDEN");
    expect((await w.as.recruiter.templates.get({ templateId: t.id })).subject).toBe(input.subject);
    const u = await w.as.superAdmin.templates.update({ templateId: t.id, body: "Hello {{ candidate_first_name }}" });
    expect(u.body).toBe("Hello {{ candidate_first_name }}");
    await rejects(w.as.superAdmin.templates.create({ ...input, name: "Ask to apply" }), "CONFLICT");
    await w.as.superAdmin.templates.remove({ templateId: t.id });
    await rejects(w.as.recruiter.templates.get({ templateId: t.id }), "NOT_FOUND");
  });

  it("an unknown placeholder is refused at save, naming it", async () => {
    const w = await makeWorld();
    const err = await rejects(w.as.superAdmin.templates.create({ name: "Typo", subject: "Hi {{candidate_name}}", body: "{{salary}} and {{opening_title}}" }), "BAD_REQUEST");
    expect(err.message).toContain("{{candidate_name}}");
    expect(err.cause?.details?.unknown).toEqual(["candidate_name", "salary"]);
    const t = (await w.as.superAdmin.templates.list())[0]!;
    await rejects(w.as.superAdmin.templates.update({ templateId: t.id, body: "{{nope}}" }), "BAD_REQUEST");
    expect(await w.as.superAdmin.templates.list()).toHaveLength(4);
  });

  it("preview fills the placeholders for a real candidate and escapes them in HTML", async () => {
    const w = await makeWorld();
    const o = await makeOpening(w, { title: "R&D <Lead>" });
    const p = await w.as.recruiter.prospects.add({ requestId: newRequestId(), openingId: o.id, draft: draft({ fullName: "<b>Eve</b> Smith", emails: ["eve@example.com"] }) });
    const t = (await w.as.recruiter.templates.list()).find((x) => x.name === "Ask to apply")!;
    const pv = await w.as.recruiter.templates.preview({ applicationId: p.applicationId!, templateId: t.id });
    expect(pv.to).toBe("eve@example.com");
    expect(pv.subject).toBe("R&D <Lead> at Acme Recruiting");
    expect(pv.text).toContain("Hi <b>Eve</b>,");
    expect(pv.text).toContain("Rita Recruiter");
    expect(pv.html).not.toContain("<b>Eve");
    expect(pv.html).toContain("Hi &#60;b&#62;Eve&#60;/b&#62;,");
    expect(pv.html).toContain("R&#38;D &#60;Lead&#62;");
    expect(pv.warnings).toEqual([]);
    const edited = await w.as.recruiter.templates.preview({ applicationId: p.applicationId!, subject: "Quick one", body: "Hey {{candidate_first_name}}" });
    expect(edited.text).toBe("Hey <b>Eve</b>");
    await rejects(w.as.recruiter.templates.preview({ applicationId: p.applicationId!, subject: "x", body: "{{bad}}" }), "BAD_REQUEST");
    // The outsider recruiter is not on this opening.
    await rejects(w.as.outsider.templates.preview({ applicationId: p.applicationId!, templateId: t.id }), "NOT_FOUND");
  });
});

describe("template rendering (shared)", () => {
  it("fills known fields, keeps unknown ones as text, and lists unknown names", () => {
    expect(renderText("Hi {{candidate_first_name}} {{x}}", { candidate_first_name: "Jo" })).toBe("Hi Jo {{x}}");
    expect(unknownPlaceholders("{{ opening_title }} {{x}} {{x}} {{}}")).toEqual(["x", ""]);
  });

  it("escapes literals and values in HTML; links become anchors only for http(s)", () => {
    const html = renderHtml("<i>{{candidate_first_name}}</i>\n{{apply_link}}\n{{conversation_link}}", {
      candidate_first_name: `"Bob" & <script>`,
      apply_link: "https://x.test/a?b=1&c=2",
      conversation_link: "javascript:alert(1)",
    });
    expect(html).toBe(
      `&#60;i&#62;&#34;Bob&#34; &#38; &#60;script&#62;&#60;/i&#62;<br>\n<a href="https://x.test/a?b=1&#38;c=2">https://x.test/a?b=1&#38;c=2</a><br>\njavascript:alert(1)`,
    );
  });
});
