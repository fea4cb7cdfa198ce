import { useCallback } from "react";
import { useSearchParams } from "react-router";

/**
 * Filters live in the URL: reading is `get(name)`, writing replaces the given keys (empty values are dropped)
 * and pushes a history entry, so back/forward and shared links restore the list.
 */
export function useUrlFilters() {
  const [params, setParams] = useSearchParams();
  const set = useCallback(
    (changes: Record<string, string | null | undefined>, opts: { replace?: boolean } = {}) => {
      setParams(
        (prev) => {
          const next = new URLSearchParams(prev);
          for (const [k, v] of Object.entries(changes)) {
            if (v === null || v === undefined || v === "") next.delete(k);
            else next.set(k, v);
          }
          return next;
        },
        { replace: opts.replace ?? false },
      );
    },
    [setParams],
  );
  return { params, get: (k: string) => params.get(k) ?? "", set };
}

export const positiveInt = (s: string | null | undefined): number | undefined => {
  if (!s || !/^\d+$/.test(s)) return undefined;
  const n = Number(s);
  return n > 0 && Number.isSafeInteger(n) ? n : undefined;
};
