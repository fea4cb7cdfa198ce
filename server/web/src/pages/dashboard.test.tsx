import { screen, waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { ME, renderApp } from "../test/render";
import { CompanySettingsPage } from "./company-settings";
import { DashboardPage } from "./dashboard";

const summary = (setupNeeded: string[]) => ({ needsFollowUp: 0, needsFollowUpCapped: false, openTasks: 0, recent: [], setupNeeded });
const show = (setupNeeded: string[]) =>
  renderApp(<DashboardPage />, {
    me: { ...ME, role: "super_admin" },
    handlers: { "dashboard.summary": () => summary(setupNeeded), "openings.list": () => ({ items: [], nextCursor: null }) },
  });

describe("Dashboard", () => {
  it("asks for the public contact email until it is set, with a link to the setting", async () => {
    show(["public_contact_email"]);
    const link = await screen.findByRole("link", { name: "Set the public contact email" });
    expect(link.getAttribute("href")).toBe("/settings/company#public-contact-email");
    expect(screen.getByText(/rejected candidates.*no address to write to/i)).toBeTruthy();
  });

  it("says nothing of it once it is set", async () => {
    show([]);
    await screen.findByText(/prospects need/);
    expect(screen.queryByRole("link", { name: "Set the public contact email" })).toBeNull();
  });
});

describe("Company settings, opened from the prompt", () => {
  it("brings the public contact email field into focus", async () => {
    renderApp(<CompanySettingsPage />, {
      route: "/settings/company#public-contact-email",
      me: { ...ME, role: "super_admin" },
      handlers: {
        "decisionedStates.list": () => [],
        "users.list": () => [],
        "company.get": () => ({ id: 1, name: "Acme", slug: "acme", publicContactEmail: null, logoUrl: null, brandColor: null, portalName: null }),
      },
    });
    const field = await screen.findByLabelText("Public contact email (shown to candidates)");
    await waitFor(() => expect(document.activeElement).toBe(field));
  });
});
