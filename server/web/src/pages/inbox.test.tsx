import { screen } from "@testing-library/react";
import { Route, Routes, useLocation } from "react-router";
import { describe, expect, it } from "vitest";
import { renderApp, serverError } from "../test/render";
import { ConversationLinkPage } from "./inbox";

function Where() {
  const l = useLocation();
  return <p>at {`${l.pathname}${l.hash}`}</p>;
}
const show = (answer: () => unknown) =>
  renderApp(
    <Routes>
      <Route path="/conversations/:applicationId" element={<ConversationLinkPage />} />
      <Route path="/candidates/:candidateId" element={<Where />} />
    </Routes>,
    { route: "/conversations/9", handlers: { "conversations.get": answer } },
  );

describe("a conversation link (/app/conversations/<application>, as mails sent before sent it)", () => {
  it("opens the candidate's page at that application's thread", async () => {
    show(() => ({ conversationId: 3, applicationId: 9, candidate: { id: 5, fullName: "Jane Doe", email: null, doNotContact: false }, opening: { id: 7, title: "Backend" }, candidateLocked: false, canSend: true, messages: [] }));
    expect(await screen.findByText("at /candidates/5#thread-9")).toBeTruthy();
  });

  it("says so when the conversation is not there for this user", async () => {
    show(() => {
      throw serverError("NOT_FOUND", "Application not found");
    });
    expect(await screen.findByText(/Application not found/)).toBeTruthy();
    expect(screen.queryByRole("button", { name: "Try again" })).toBeNull();
  });
});
