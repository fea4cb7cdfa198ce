import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { OutboxPage } from "../pages/outbox";
import { TemplatesPage } from "../pages/templates";
import { deferred, ME, renderApp, serverError } from "../test/render";
import type { RouterOutputs } from "../trpc";
import { LiveUpdates } from "./live-updates";
import { NotificationBell } from "./notification-bell";
import { ConversationThread } from "./thread";

type Thread = RouterOutputs["conversations"]["get"];
type Message = Thread["messages"][number];

const msg = (id: number, over: Partial<Message> = {}): Message => ({
  id,
  authorType: "user",
  authorUserId: 1,
  authorName: "Rita Recruiter",
  channel: "web",
  subject: "",
  body: `message ${id}`,
  createdAt: 1_700_000_000_000 + id * 60_000,
  delivery: null,
  attachments: [],
  ...over,
});
const thread = (messages: Message[], over: Partial<Thread> = {}): Thread => ({
  allBounced: false,
  conversationId: 4,
  applicationId: 9,
  candidate: { id: 5, fullName: "Jane Doe", email: "jane@example.com", doNotContact: false },
  opening: { id: 7, title: "Backend" },
  candidateLocked: false,
  canSend: true,
  messages,
  ...over,
});

describe("Conversation thread", () => {
  it("shows who wrote each message and how it went out, as text; a new message arrives live and is marked read", async () => {
    const live = deferred<unknown[]>();
    const first = thread([
      msg(1, { subject: "Backend at Acme", body: "Hi <b>Jane</b>", delivery: { status: "outbox", reason: "SMTP is not configured: kept, not sent" } }),
      msg(2, { authorType: "candidate", authorUserId: null, authorName: null, channel: "email", body: "<script>alert(1)</script> yes" }),
    ]);
    const { calls } = renderApp(
      <>
        <LiveUpdates />
        <ConversationThread applicationId={9} candidateName="Jane Doe" />
      </>,
      {
      handlers: {
        "conversations.get": () => first,
        "conversations.markRead": () => ({ ok: true }),
        "conversations.onMessage": () => live.promise,
      },
      },
    );
    await screen.findByText("Hi <b>Jane</b>");
    expect(document.querySelector("b, script")).toBeNull();
    expect(screen.getByText("Rita Recruiter")).toBeTruthy();
    expect(screen.getByText("Kept in the outbox — not sent")).toBeTruthy();
    expect(screen.getByText("<script>alert(1)</script> yes")).toBeTruthy();
    expect(screen.getByText("· by email")).toBeTruthy();
    await waitFor(() => expect(calls.filter((c) => c.path === "conversations.markRead").map((c) => c.input)).toEqual([{ applicationId: 9, upToMessageId: 2 }]));
    // One app-wide stream, not one per thread.
    expect(calls.filter((c) => c.path === "conversations.onMessage").map((c) => c.input)).toEqual([undefined]);

    live.resolve([{ applicationId: 9, conversationId: 4, message: msg(3, { authorType: "candidate", authorUserId: null, authorName: null, channel: "page", body: "Tuesday works" }) }]);
    await screen.findByText("Tuesday works");
    expect(screen.getByText("· on their conversation page")).toBeTruthy();
    await waitFor(() => expect(calls.filter((c) => c.path === "conversations.markRead").at(-1)!.input).toEqual({ applicationId: 9, upToMessageId: 3 }));
  });

  it("posts from the composer; says when the candidate is locked out or cannot be written to", async () => {
    const { calls } = renderApp(<ConversationThread applicationId={9} candidateName="Jane Doe" />, {
      handlers: {
        "conversations.get": () => thread([], { candidateLocked: true, candidate: { id: 5, fullName: "Jane Doe", email: null, doNotContact: false } }),
        "conversations.post": () => ({ messageId: 10, emailed: false }),
      },
    });
    const user = userEvent.setup();
    await screen.findByText("No messages yet.");
    expect(screen.getByText(/can no longer write on their conversation page/)).toBeTruthy();
    expect(screen.getByText(/No email address/)).toBeTruthy();
    await user.type(screen.getByLabelText("Message to Jane Doe"), "Thanks for your time");
    await user.click(screen.getByRole("button", { name: "Send message" }));
    await waitFor(() => expect(calls.find((c) => c.path === "conversations.post")?.input).toEqual({ applicationId: 9, body: "Thanks for your time" }));
  });

  it("offers no composer for a do-not-contact candidate", async () => {
    renderApp(<ConversationThread applicationId={9} candidateName="Jane Doe" />, {
      handlers: { "conversations.get": () => thread([], { canSend: false, candidate: { id: 5, fullName: "Jane Doe", email: "j@x.io", doNotContact: true } }) },
    });
    await screen.findByText(/Do not contact: no message can be sent/);
    expect(screen.queryByLabelText("Message to Jane Doe")).toBeNull();
  });
});

describe("Notification bell", () => {
  it("shows the live count, lists notifications as text and marks them all read", async () => {
    const { calls } = renderApp(<NotificationBell />, {
      handlers: {
        "notifications.unreadCount": () => ({ unread: 0 }),
        "notifications.onCount": () => [3],
        "notifications.list": () => ({
          items: [
            {
              id: 1,
              kind: "candidate_message",
              title: "<i>Jane</i> wrote about Backend",
              body: "Yes!",
              applicationId: 9,
              candidateId: 5,
              openingId: 7,
              read: false,
              createdAt: Date.now(),
            },
          ],
          nextCursor: null,
        }),
        "notifications.markRead": () => ({ unread: 0 }),
      },
    });
    const user = userEvent.setup();
    const bell = await screen.findByRole("button", { name: "Notifications, 3 unread" });
    await user.click(bell);
    expect(bell.getAttribute("aria-expanded")).toBe("true");
    expect(await screen.findByText("<i>Jane</i> wrote about Backend")).toBeTruthy();
    expect(document.querySelector("i")).toBeNull();
    await user.click(screen.getByRole("button", { name: "Mark all read" }));
    await waitFor(() => expect(calls.find((c) => c.path === "notifications.markRead")?.input).toEqual({ all: true }));
    await user.keyboard("{Escape}");
    expect(screen.queryByRole("region", { name: "Notifications" })).toBeNull();
  });
});

const mail = {
  id: 3,
  direction: "out" as const,
  kind: "candidate" as const,
  status: "outbox" as const,
  sent: false,
  reason: "SMTP is not configured: kept, not sent",
  from: "Acme <p@acme.test>",
  to: "jane@example.com",
  subject: "<b>Backend</b> at Acme",
  conversationId: 4,
  candidateId: 5,
  attempts: 1,
  createdAt: 0,
  sentAt: null,
};

describe("Outbox", () => {
  it("marks mail kept in the outbox as not sent and opens one as text", async () => {
    const { calls } = renderApp(<OutboxPage />, {
      route: "/outbox",
      path: "/outbox",
      handlers: {
        "mail.list": () => ({ items: [mail, { ...mail, id: 2, status: "failed", reason: "550 no such user", to: "x@y.z" }], nextCursor: null }),
        "mail.get": () => ({ ...mail, text: "Hi <script>x</script>", headers: null }),
      },
    });
    const user = userEvent.setup();
    await screen.findByText("jane@example.com");
    expect(screen.getAllByText("Not sent — kept in the outbox").filter((e) => e.tagName !== "OPTION")).toHaveLength(1);
    expect(document.body.textContent).toContain("outgoing mail is kept here and not sent");
    expect(screen.getAllByText("Failed").filter((e) => e.tagName !== "OPTION")).toHaveLength(1);
    expect(screen.getByText("550 no such user")).toBeTruthy();
    expect(calls[0]!.input).toEqual({ direction: "out", limit: 50 });
    await user.click(screen.getAllByRole("link", { name: "<b>Backend</b> at Acme" })[0]!);
    expect((await screen.findByTestId("mail-text")).textContent).toBe("Hi <script>x</script>");
    expect(document.querySelector("b, script")).toBeNull();
  });

  it("is for admins only", () => {
    renderApp(<OutboxPage />, { route: "/outbox", path: "/outbox", me: { ...ME, role: "recruiter" }, handlers: {} });
    expect(screen.getByText(/Only admins can read the stored mail/)).toBeTruthy();
  });
});

describe("Message templates", () => {
  const list = [{ id: 1, name: "Ask to apply", subject: "{{opening_title}}", body: "Hi {{candidate_first_name}}", defaultKey: "ask_to_apply", updatedAt: 0 }];
  const placeholders = [
    { name: "candidate_first_name", description: "First name", token: "{{candidate_first_name}}" },
    { name: "opening_title", description: "The opening", token: "{{opening_title}}" },
  ];

  it("a super admin inserts a placeholder, and an unknown one is refused with the server's message", async () => {
    const { calls } = renderApp(<TemplatesPage />, {
      route: "/settings/templates?template=new",
      path: "/settings/templates",
      me: { ...ME, role: "super_admin" },
      handlers: {
        "templates.list": () => list,
        "templates.placeholders": () => placeholders,
        "candidates.list": () => ({ items: [], nextCursor: null }),
        "templates.create": () => {
          throw serverError("BAD_REQUEST", "Unknown placeholder: {{bogus}}");
        },
      },
    });
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText("Name"), "Hello");
    await user.type(screen.getByLabelText("Subject"), "Hi");
    await user.type(screen.getByLabelText("Message"), "Dear {{{{bogus}} ");
    await user.click(screen.getByRole("button", { name: /Insert \{\{opening_title\}\}/ }));
    expect((screen.getByLabelText("Message") as HTMLTextAreaElement).value).toBe("Dear {{bogus}} {{opening_title}}");
    await user.click(screen.getByRole("button", { name: "Create template" }));
    expect(await screen.findByText(/Unknown placeholder: \{\{bogus\}\}/)).toBeTruthy();
    expect(calls.find((c) => c.path === "templates.create")!.input).toEqual({ name: "Hello", subject: "Hi", body: "Dear {{bogus}} {{opening_title}}" });
  });

  it("others read templates without editing them", async () => {
    renderApp(<TemplatesPage />, {
      route: "/settings/templates?template=1",
      path: "/settings/templates",
      me: { ...ME, role: "recruiter" },
      handlers: { "templates.list": () => list, "templates.placeholders": () => placeholders, "candidates.list": () => ({ items: [], nextCursor: null }) },
    });
    await screen.findByRole("heading", { name: "Ask to apply" });
    expect((screen.getByLabelText("Message") as HTMLTextAreaElement).readOnly).toBe(true);
    expect(screen.queryByRole("button", { name: /Save|Delete|New template/ })).toBeNull();
  });
});
