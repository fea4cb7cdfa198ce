import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CSRF_HEADER, createApp } from "../src/app";
import { pagePost } from "../src/modules/conversations/candidate-page.service";
import { makeWorld, TEST_PASSWORD, type World } from "./factory";
import { withProspects } from "./support/mail";

let w: World;
let server: Server;
let base: string;
let app: number;

beforeAll(async () => {
  w = await makeWorld();
  app = (await withProspects(w)).jane.applicationId!;
  server = createApp(w.deps).listen(0, "127.0.0.1");
  await new Promise((r) => server.once("listening", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

async function signIn(email: string) {
  const res = await fetch(`${base}/trpc/auth.signIn`, {
    method: "POST",
    headers: { "content-type": "application/json", [CSRF_HEADER]: "1" },
    body: JSON.stringify({ email, password: TEST_PASSWORD }),
  });
  return res.headers.get("set-cookie")!.split(";")[0]!;
}

/** Opens conversations.onMessage for the application and reads it until `until` says stop (or 5 s). */
async function stream(cookie: string) {
  const res = await fetch(`${base}/trpc/conversations.onMessage?input=${encodeURIComponent(JSON.stringify({ applicationId: app }))}`, {
    headers: { accept: "text/event-stream", cookie },
    signal: AbortSignal.timeout(8000),
  });
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let text = "";
  return {
    text: () => text,
    /** Reads until the text contains `needle` or the stream ends; true if it ended. */
    async readUntil(needle: string): Promise<"found" | "ended" | "timeout"> {
      const until = Date.now() + 5000;
      while (Date.now() < until) {
        if (text.includes(needle)) return "found";
        const { value, done } = await reader.read();
        if (done) return "ended";
        text += decoder.decode(value);
      }
      return "timeout";
    },
  };
}

describe("live streams end when the credential they were opened with does", () => {
  it("a browser that signed out receives no further messages: its stream ends at the next event", async () => {
    const link = await w.as.recruiter.conversations.createCandidateLink({ applicationId: app });
    const token = link.url.split("/c/")[1]!;

    const stays = await signIn("rita.recruiter@acme.test");
    const leaves = await signIn("rita.recruiter@acme.test");
    const open = await stream(stays);
    const gone = await stream(leaves);
    await new Promise((r) => setTimeout(r, 50));
    pagePost(w.deps, token, "Before sign-out");
    expect(await open.readUntil("Before sign-out")).toBe("found");
    expect(await gone.readUntil("Before sign-out")).toBe("found");

    const out = await fetch(`${base}/trpc/auth.signOut`, { method: "POST", headers: { "content-type": "application/json", [CSRF_HEADER]: "1", cookie: leaves }, body: "{}" });
    expect(out.status).toBe(200);
    pagePost(w.deps, token, "After sign-out");
    expect(await open.readUntil("After sign-out")).toBe("found");
    expect(await gone.readUntil("After sign-out")).toBe("ended");
    expect(gone.text()).not.toContain("After sign-out");
  });
});
