import { describe, expect, it } from "vitest";
import { listItem } from "../test/fixtures";
import { applyMove, type BoardData, groupByStage, moveBefore, moveInList } from "./board-state";

const item = (applicationId: number, stageId: number, workflow: "hiring" | "prospecting" = "prospecting") => listItem(applicationId, `P${applicationId}`, stageId, workflow);
const data = (): BoardData => ({ pages: [{ items: [item(1, 100), item(2, 100)], nextCursor: 2 }, { items: [item(3, 101)], nextCursor: null }], pageParams: [null, 2] });

describe("board state", () => {
  it("moves a card to another column of the same workflow", () => {
    const next = applyMove(data(), 2, { id: 101, name: "Contacted", workflow: "prospecting" })!;
    const by = groupByStage(next);
    expect(by.get(100)?.map((i) => i.application?.applicationId)).toEqual([1]);
    expect(by.get(101)?.map((i) => i.application?.applicationId)).toEqual([2, 3]);
    expect(next.pages[0]?.items[1]?.application?.stageName).toBe("Contacted");
  });

  it("takes a card off the board when it goes to the other workflow, and leaves the input untouched", () => {
    const before = data();
    const next = applyMove(before, 3, { id: 200, name: "New", workflow: "hiring" })!;
    expect(next.pages[1]?.items).toEqual([]);
    expect(before.pages[1]?.items).toHaveLength(1);
  });

  it("returns the same data when the card is not there", () => {
    const d = data();
    expect(applyMove(d, 99, { id: 101, name: "x", workflow: "prospecting" })).toBe(d);
    expect(applyMove(undefined, 1, { id: 101, name: "x", workflow: "prospecting" })).toBeUndefined();
  });

  it("reorders lists by one step and by drop position", () => {
    expect(moveInList([1, 2, 3], 3, -1)).toEqual([1, 3, 2]);
    expect(moveInList([1, 2, 3], 1, -1)).toEqual([1, 2, 3]);
    expect(moveInList([1, 2, 3], 3, 1)).toEqual([1, 2, 3]);
    expect(moveBefore([1, 2, 3, 4], 4, 2)).toEqual([1, 4, 2, 3]);
    expect(moveBefore([1, 2, 3, 4], 1, 3)).toEqual([2, 1, 3, 4]);
    expect(moveBefore([1, 2, 3], 2, null)).toEqual([1, 3, 2]);
  });
});
