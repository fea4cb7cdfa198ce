import { useEffect } from "react";

/** Sets the document title so tabs, history and screen readers say where you are. */
export function usePageTitle(title: string | undefined) {
  useEffect(() => {
    document.title = title ? `${title} · Prospector` : "Prospector";
  }, [title]);
}
