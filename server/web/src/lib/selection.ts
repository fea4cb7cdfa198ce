import { useEffect, useState } from "react";

/**
 * The selection of a paged list: some ids ticked, or "all matching" (the filter, not the page). A new `resetKey`
 * (the filter) is a new list, so the selection does not carry over.
 */
export function useSelection(resetKey: string, shownIds: number[]) {
  const [ids, setIds] = useState<Set<number>>(new Set());
  const [all, setAll] = useState(false);
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset when the list changes only
  useEffect(() => {
    setIds(new Set());
    setAll(false);
  }, [resetKey]);
  const allShown = shownIds.length > 0 && shownIds.every((id) => ids.has(id));
  return {
    ids,
    all,
    /** Every row shown is ticked. */
    allShown,
    toggle(id: number) {
      setAll(false);
      setIds((s) => {
        const n = new Set(s);
        if (n.has(id)) n.delete(id);
        else n.add(id);
        return n;
      });
    },
    /** The header checkbox: tick every row shown, or untick all. */
    toggleShown() {
      setAll(false);
      setIds(allShown || all ? new Set() : new Set(shownIds));
    },
    selectAllMatching() {
      setAll(true);
    },
    clear() {
      setIds(new Set());
      setAll(false);
    },
  };
}
