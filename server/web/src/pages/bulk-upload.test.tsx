import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { openingFixture } from "../test/fixtures";
import { renderApp } from "../test/render";
import { BulkUploadPage } from "./bulk-upload";

const preview = {
  batchId: 31,
  openingId: 7,
  workflow: "prospecting",
  stageId: 11,
  stageName: "Identified",
  headers: ["Full Name", "Mail", "Notes"],
  columnSamples: [["Ann Able", "Bob Bee", "Cy See"], ["ann@example.com"], []],
  delimiter: ",",
  mapping: { "Full Name": "fullName", Mail: "email", Notes: "ignore" },
  warnings: [],
  totalRows: 4,
  valid: 2,
  willCreate: 1,
  willLink: 1,
  errorRows: 2,
  errors: [],
  sample: [],
};
const batch = {
  batchId: 31,
  openingId: 7,
  workflow: "prospecting",
  stageId: 11,
  fileName: "people.csv",
  status: "committed",
  totalRows: 4,
  processedRows: 4,
  summary: { added: 1, linked: 1, skipped: [{ row: 3, reason: "Missing name" }, { row: 4, reason: "Malformed email" }] },
  error: null,
  createdAt: 0,
  finishedAt: 1,
};
const rows: Record<string, { row: number; name: string; candidateId: number | null; candidateName: string | null; reason: string }[]> = {
  linked: [{ row: 2, name: "Kim K.", candidateId: 55, candidateName: "Kim Known", reason: "Same email as an existing candidate" }],
  skipped: [
    { row: 3, name: "", candidateId: null, candidateName: null, reason: "Missing name" },
    { row: 4, name: "=cmd()", candidateId: null, candidateName: null, reason: "Malformed email" },
  ],
};

async function upload() {
  const r = renderApp(<BulkUploadPage />, {
    route: "/import?opening=7&workflow=prospecting",
    handlers: {
      "openings.list": () => ({ items: [openingFixture()], nextCursor: null }),
      "openings.get": () => openingFixture(),
      "imports.preview": () => preview,
      "imports.commit": () => ({ ...batch, status: "committing" }),
      "imports.get": () => batch,
      "imports.rows": (input) => {
        const { outcome, cursor } = input as { outcome: string; cursor?: number };
        const all = rows[outcome]!;
        // Pages of one, so "Show more" is there to press.
        const after = all.filter((x) => x.row > (cursor ?? 0));
        return { items: after.slice(0, 1), nextCursor: after.length > 1 ? after[0]!.row : null };
      },
    },
  });
  const user = userEvent.setup();
  await user.upload(screen.getByLabelText("CSV file"), new File(["Full Name,Mail,Notes\nAnn Able,ann@example.com,\n"], "people.csv", { type: "text/csv" }));
  await user.click(screen.getByRole("button", { name: "Preview" }));
  return { ...r, user };
}

describe("Bulk upload", () => {
  it("shows sample values of each column beside its mapping", async () => {
    await upload();
    const table = (await screen.findByRole("heading", { name: "2. Map the columns" })).closest("section")!;
    const row = (header: string) => within(table).getByRole("cell", { name: header }).closest("tr")!;
    expect(within(row("Full Name")).getByText("Ann Able · Bob Bee · Cy See")).toBeTruthy();
    expect(within(row("Mail")).getByText("ann@example.com")).toBeTruthy();
    expect(within(row("Notes")).getByText("(empty)")).toBeTruthy();
  });

  it("after the import lists the linked and skipped rows page by page, and links their CSV downloads", async () => {
    const { user, calls } = await upload();
    await user.click(await screen.findByRole("button", { name: /^Import 2 valid rows/ }));
    await screen.findByRole("heading", { name: "Import finished" });
    const download = (name: string) => screen.getByRole("link", { name }).getAttribute("href");
    expect(download("Download the linked rows (CSV)")).toBe("/exports/imports/31/rows.csv?outcome=linked");
    expect(download("Download the skipped rows (CSV)")).toBe("/exports/imports/31/rows.csv?outcome=skipped");

    const linked = screen.getByRole("table", { name: "Linked rows" });
    await within(linked).findByRole("link", { name: "Kim Known" });
    expect(within(linked).getByRole("link", { name: "Kim Known" }).getAttribute("href")).toBe("/candidates/55");
    expect(within(linked).getByText("Kim K.")).toBeTruthy();

    const skipped = screen.getByRole("table", { name: "Skipped rows" });
    await within(skipped).findByText("Missing name");
    expect(within(skipped).queryByText("=cmd()")).toBeNull();
    await user.click(screen.getByRole("button", { name: "Show more skipped rows" }));
    await within(skipped).findByText("=cmd()"); // text, as it was in the file
    await waitFor(() => expect(screen.queryByRole("button", { name: "Show more skipped rows" })).toBeNull());
    expect(calls.filter((c) => c.path === "imports.rows").map((c) => c.input)).toEqual(
      expect.arrayContaining([expect.objectContaining({ batchId: 31, outcome: "skipped", cursor: 3 })]),
    );
  });
});
