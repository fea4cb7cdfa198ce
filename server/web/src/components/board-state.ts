import type { InfiniteData } from "@tanstack/react-query";
import type { RouterOutputs } from "../trpc";

export type ListPage = RouterOutputs["candidates"]["list"];
export type ListItem = ListPage["items"][number];
export type BoardData = InfiniteData<ListPage, number | null>;

export interface StageRef {
  id: number;
  name: string;
  workflow: "prospecting" | "hiring";
}

/**
 * The board after moving one card (the optimistic update): within a workflow the card changes column;
 * to the other workflow it leaves this board. Returns the same object when the card is not on the board.
 */
export function applyMove(data: BoardData | undefined, applicationId: number, to: StageRef): BoardData | undefined {
  if (!data) return data;
  let found = false;
  const pages = data.pages.map((page) => {
    const items: ListItem[] = [];
    for (const item of page.items) {
      if (item.application?.applicationId !== applicationId) {
        items.push(item);
        continue;
      }
      found = true;
      if (to.workflow !== item.application.workflow) continue;
      items.push({ ...item, application: { ...item.application, stageId: to.id, stageName: to.name } });
    }
    return { ...page, items };
  });
  return found ? { ...data, pages } : data;
}

/** The board without one card (the optimistic update of a decision: the card leaves the stage columns). */
export function removeCard(data: BoardData | undefined, applicationId: number): BoardData | undefined {
  if (!data) return data;
  const pages = data.pages.map((page) => ({ ...page, items: page.items.filter((i) => i.application?.applicationId !== applicationId) }));
  return { ...data, pages };
}

/** Cards grouped by stage id, in list order (newest application first). */
export function groupByStage(data: BoardData | undefined): Map<number, ListItem[]> {
  const by = new Map<number, ListItem[]>();
  for (const page of data?.pages ?? []) {
    for (const item of page.items) {
      const a = item.application;
      if (!a) continue;
      const list = by.get(a.stageId);
      if (list) list.push(item);
      else by.set(a.stageId, [item]);
    }
  }
  return by;
}

/** Moves one id up (-1) or down (+1) in an ordered list; the same list when it cannot move. */
export function moveInList<T>(ids: T[], id: T, delta: -1 | 1): T[] {
  const i = ids.indexOf(id);
  const j = i + delta;
  if (i < 0 || j < 0 || j >= ids.length) return ids;
  const next = [...ids];
  [next[i], next[j]] = [next[j] as T, next[i] as T];
  return next;
}

/** Puts `id` where `beforeId` is (drag and drop); at the end when `beforeId` is null. */
export function moveBefore<T>(ids: T[], id: T, beforeId: T | null): T[] {
  if (id === beforeId) return ids;
  const rest = ids.filter((x) => x !== id);
  const at = beforeId === null ? rest.length : rest.indexOf(beforeId);
  if (at < 0) return ids;
  return [...rest.slice(0, at), id, ...rest.slice(at)];
}
