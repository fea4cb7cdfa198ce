// The capture form as an extension page. Framed in the panel of a profile page (?embedded=1: the person is read
// from the framing tab's content script), or in a window of its own for a page the content script does not run
// on (?tab=<id>: the context menu and the shortcut, through activeTab). Being an extension page, nothing the
// page runs can read it: the form, and what the server says about the person, stay out of the page.
import { QueryClient, QueryClientProvider, useQuery } from "@tanstack/react-query";
import { useEffect } from "react";
import { send } from "~lib/messages";
import { CaptureForm } from "~ui/CaptureForm";
import { STYLES } from "~ui/styles";

const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false, staleTime: 30_000 } } });
const params = new URLSearchParams(location.search);
const embedded = params.has("embedded");
const tabId = Number(params.get("tab")) || undefined;
document.title = "Add prospect — Prospector";

function close() {
  if (embedded) void send("close-panel", {});
  else window.close();
}

function Capture() {
  const capture = useQuery({
    queryKey: ["capture", tabId],
    queryFn: async () => {
      const r = await send("capture-tab", tabId ? { tabId } : {});
      if (!r.ok) throw new Error(r.message);
      return r.capture;
    },
    staleTime: Number.POSITIVE_INFINITY,
  });
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Escape") close();
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, []);
  return (
    <div className={`pp-app pp-capture${embedded ? " pp-embedded" : ""}`}>
      {embedded ? null : (
        <header className="pp-popup-header">
          <h1>Add prospect</h1>
        </header>
      )}
      <main className="pp-popup-body" aria-label="Add prospect">
        {capture.isPending ? <p className="pp-hint">Reading the page…</p> : null}
        {capture.isError ? (
          <p className="pp-banner pp-error" role="alert">
            {capture.error.message}
          </p>
        ) : null}
        {capture.data ? <CaptureForm capture={capture.data} onDone={close} /> : null}
      </main>
    </div>
  );
}

export default function CapturePage() {
  return (
    <QueryClientProvider client={queryClient}>
      <style>{STYLES}</style>
      <Capture />
    </QueryClientProvider>
  );
}
