import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { openingFixture, stage } from "../test/fixtures";
import { renderApp, serverError } from "../test/render";
import { StageEditor } from "./stage-editor";

const opening = openingFixture({
  hiringStages: [stage(1, "New", "hiring", 0), stage(2, "Interview", "hiring", 1, { count: 3 }), stage(3, "Offer", "hiring", 2)],
  prospectingStages: [],
});

describe("StageEditor", () => {
  it("reorders with the keyboard buttons, sending the whole new order", async () => {
    const { calls } = renderApp(<StageEditor opening={opening} workflow="hiring" />, { handlers: { "openings.stages.reorder": () => opening } });
    const user = userEvent.setup();
    expect((screen.getByRole("button", { name: "Move New up" }) as HTMLButtonElement).disabled).toBe(true);
    screen.getByRole("button", { name: "Move Offer up" }).focus();
    await user.keyboard("{Enter}");
    await screen.findByText('"Offer" moved up');
    expect(calls.at(-1)).toEqual({ path: "openings.stages.reorder", input: { openingId: 7, workflow: "hiring", stageIds: [1, 3, 2] } });
  });

  it("removing a stage that holds candidates asks where they go", async () => {
    const { calls } = renderApp(<StageEditor opening={opening} workflow="hiring" />, { handlers: { "openings.stages.remove": () => opening } });
    const user = userEvent.setup();
    await user.click(screen.getByRole("button", { name: "Remove Interview" }));
    const panel = screen.getByRole("group", { name: "Remove Interview" });
    await user.selectOptions(within(panel).getByLabelText("Move its 3 candidates to…"), "Offer");
    await user.click(within(panel).getByRole("button", { name: "Remove stage" }));
    await screen.findByText('Stage "Interview" removed');
    expect(calls.at(-1)).toEqual({ path: "openings.stages.remove", input: { openingId: 7, stageId: 2, moveToStageId: 3 } });
  });

  it("an empty stage goes without a target; a refusal is shown", async () => {
    const { calls } = renderApp(<StageEditor opening={opening} workflow="hiring" />, {
      handlers: {
        "openings.stages.remove": () => {
          throw serverError("PRECONDITION_FAILED", "This stage holds 1 candidate(s); choose where they go");
        },
      },
    });
    const user = userEvent.setup();
    await user.click(screen.getByRole("button", { name: "Remove New" }));
    expect(screen.getByText(/It holds no candidates/)).toBeTruthy();
    await user.click(screen.getByRole("button", { name: "Remove stage" }));
    expect((await screen.findByText(/choose where they go/)).closest("[role=alert]")).not.toBeNull();
    expect(calls.at(-1)?.input).toEqual({ openingId: 7, stageId: 1, moveToStageId: undefined });
  });

  it("renames a stage and adds one", async () => {
    const { calls } = renderApp(<StageEditor opening={opening} workflow="hiring" />, {
      handlers: { "openings.stages.rename": () => opening, "openings.stages.add": () => opening },
    });
    const user = userEvent.setup();
    const name = screen.getByLabelText("Name of stage 2");
    await user.clear(name);
    await user.type(name, "Tech interview");
    await user.click(screen.getByRole("button", { name: "Rename" }));
    await screen.findByText('Stage renamed to "Tech interview"');
    expect(calls.at(-1)).toEqual({ path: "openings.stages.rename", input: { openingId: 7, stageId: 2, name: "Tech interview" } });
    await user.type(screen.getByLabelText("New stage"), "Reference check");
    await user.click(screen.getByRole("button", { name: "Add stage" }));
    await screen.findByText('Stage "Reference check" added');
    expect(calls.at(-1)).toEqual({ path: "openings.stages.add", input: { openingId: 7, workflow: "hiring", name: "Reference check" } });
  });

  it("saves a name left by Tab, and puts a blanked one back", async () => {
    const { calls } = renderApp(<StageEditor opening={opening} workflow="hiring" />, { handlers: { "openings.stages.rename": () => opening } });
    const user = userEvent.setup();
    const name = screen.getByLabelText("Name of stage 2");
    await user.clear(name);
    await user.type(name, "Tech interview");
    await user.tab(); // to its Rename button: still editing, nothing sent
    expect(calls.filter((c) => c.path === "openings.stages.rename")).toEqual([]);
    await user.tab(); // out of the name: saved
    await screen.findByText('Stage renamed to "Tech interview"');
    expect(calls.filter((c) => c.path === "openings.stages.rename").map((c) => c.input)).toEqual([{ openingId: 7, stageId: 2, name: "Tech interview" }]);
    const first = screen.getByLabelText("Name of stage 1") as HTMLInputElement;
    await user.clear(first);
    await user.tab();
    expect(first.value).toBe("New");
    expect(calls.filter((c) => c.path === "openings.stages.rename")).toHaveLength(1);
  });
});
