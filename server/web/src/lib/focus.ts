import { useEffect, useRef } from "react";
import { useLocation } from "react-router";

/**
 * Navigation state asking the next page to put keyboard focus on its main heading: a form that created
 * something and opens it (otherwise focus drops to the page body and a keyboard user starts from the top).
 */
export const FOCUS_HEADING = { focusHeading: true } as const;

/** A ref for the page's main heading (give it tabIndex={-1}), focused when the page was opened with FOCUS_HEADING. */
export function useHeadingFocusOnArrival<T extends HTMLElement>() {
  const ref = useRef<T>(null);
  const location = useLocation();
  const wanted = (location.state as { focusHeading?: boolean } | null)?.focusHeading === true;
  // biome-ignore lint/correctness/useExhaustiveDependencies: once per arrival (a new location key)
  useEffect(() => {
    if (wanted) ref.current?.focus();
  }, [location.key]);
  return ref;
}
