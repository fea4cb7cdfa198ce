// On profile pages: the Add-prospect button and the capture panel, in a shadow root (Plasmo CSUI). Reads the
// page with the shared extractor and makes no network calls: everything goes through the background.
// The background also injects this file on demand (popup capture, shortcut, context menu) through activeTab.
import { extractProfile, toProspectDraft } from "@prospector/shared/extract/index";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import type { PlasmoCSConfig } from "plasmo";
import { useCallback, useEffect, useRef, useState } from "react";
import { type AddOutcome, type CaptureRes, isTabMessage, PAGE_API, type PageApi, type TabMessage } from "~lib/protocol";
import { CaptureForm } from "~ui/CaptureForm";
import { STYLES } from "~ui/styles";

export const config: PlasmoCSConfig = {
  matches: ["https://www.linkedin.com/in/*", "https://*.linkedin.com/in/*", "https://github.com/*", "https://www.xing.com/profile/*"],
  run_at: "document_idle",
};

export const getShadowHostId = () => "prospector-csui";

export const getStyle = () => {
  const style = document.createElement("style");
  style.textContent = STYLES;
  return style;
};

function extract(): CaptureRes {
  const pageUrl = location.href;
  let result: ReturnType<typeof extractProfile> = { person: null, sources: {} };
  try {
    result = extractProfile(document, pageUrl);
  } catch (err) {
    console.warn("Prospector: could not read this page", err);
  }
  return {
    person: result.person,
    draft: result.person ? toProspectDraft(result.person, pageUrl) : null,
    sources: result.sources,
    pageUrl,
    title: document.title,
  };
}

const panelOpeners = new Set<() => void>();
const api: PageApi = { extract, openPanel: () => panelOpeners.forEach((f) => f()) };
(globalThis as Record<string, unknown>)[PAGE_API] = api;
// The background asks here first (no host permission needed where this script already runs).
chrome.runtime.onMessage.addListener((msg, _sender, sendResponse) => {
  if (isTabMessage(msg) && msg.type === "prospector/extract") sendResponse(extract());
  return false;
});

const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false, staleTime: 30_000 } } });

function shortcutText(m: Extract<TabMessage, { type: "prospector/shortcut-result" }>): { text: string; link?: string } {
  const who = m.fullName || "This person";
  const o = m.outcome as AddOutcome | { state: "no_person" } | { state: "no_last_used" };
  switch (o.state) {
    case "no_person":
      return { text: "Prospector found no person on this page." };
    case "no_last_used":
      return { text: "No opening used yet: pick one in the panel; the shortcut then adds to it." };
    case "added":
      return { text: `${who} added to ${o.openingTitle} — ${o.stageName}.`, link: o.candidateUrl };
    case "queued":
      return { text: `${who}: the server cannot be reached; saved and sent when it is back (${o.waiting} waiting).` };
    case "conflict":
      return { text: `${who} is already on ${o.openingTitle}${o.stageName ? ` — ${o.stageName}` : ""}.`, link: o.candidateUrl ?? undefined };
    case "not_connected":
      return { text: "Prospector is not connected: click its toolbar button to connect." };
    case "unauthorized":
      return { text: "Your Prospector sign-in is no longer valid: connect again from the toolbar button." };
    case "opening_archived":
    case "prospecting_off":
    case "invalid":
    case "error":
      return { text: `Not added: ${o.message}` };
  }
}

function ProspectButton() {
  const [capture, setCapture] = useState<CaptureRes>(() => extract());
  const [open, setOpen] = useState(false);
  const [toast, setToast] = useState<{ text: string; link?: string } | null>(null);
  const fab = useRef<HTMLButtonElement>(null);
  const hasPerson = capture.draft !== null;

  const openPanel = useCallback(() => {
    setCapture(extract());
    setOpen(true);
  }, []);
  const close = useCallback(() => {
    setOpen(false);
    setTimeout(() => fab.current?.focus(), 0);
  }, []);

  useEffect(() => {
    panelOpeners.add(openPanel);
    return () => void panelOpeners.delete(openPanel);
  }, [openPanel]);

  // Single-page sites (LinkedIn) change the URL without a reload and fill the page in late: read again when
  // the URL changes, and a few times while no person has been found.
  useEffect(() => {
    let url = location.href;
    let tries = 0;
    const t = setInterval(() => {
      if (location.href !== url) {
        url = location.href;
        tries = 0;
        setCapture(extract());
      } else if (tries < 5) {
        tries++;
        setCapture((c) => (c.draft ? c : extract()));
      }
    }, 1500);
    return () => clearInterval(t);
  }, []);

  useEffect(() => {
    const listener = (msg: unknown) => {
      if (!isTabMessage(msg)) return false;
      if (msg.type === "prospector/open-panel") openPanel();
      else if (msg.type === "prospector/shortcut-result") setToast(shortcutText(msg));
      return false;
    };
    chrome.runtime.onMessage.addListener(listener);
    return () => chrome.runtime.onMessage.removeListener(listener);
  }, [openPanel]);

  useEffect(() => {
    if (!toast) return;
    const t = setTimeout(() => setToast(null), 8000);
    return () => clearTimeout(t);
  }, [toast]);

  if (!hasPerson && !open && !toast) return null;
  return (
    <QueryClientProvider client={queryClient}>
      <div className="pp-root">
        {!open && hasPerson ? (
          <button ref={fab} type="button" className="pp-fab" aria-haspopup="dialog" onClick={openPanel} title={`Add ${capture.draft?.fullName ?? "this person"} to Prospector`}>
            <span aria-hidden="true">+</span> Add prospect
          </button>
        ) : null}
        {open ? (
          <div
            className="pp-panel"
            role="dialog"
            aria-modal="false"
            aria-labelledby="pp-panel-title"
            onKeyDown={(e) => {
              if (e.key === "Escape") {
                e.stopPropagation();
                close();
              }
            }}
          >
            <header>
              <h2 id="pp-panel-title">Add prospect</h2>
              <button type="button" className="pp-icon-btn" aria-label="Close" onClick={close}>
                ×
              </button>
            </header>
            <div className="pp-panel-body">
              <CaptureForm key={capture.pageUrl} capture={capture} onDone={close} />
            </div>
          </div>
        ) : null}
        {toast ? (
          <div className="pp-toast" role="status">
            {toast.text}{" "}
            {toast.link ? (
              <a href={toast.link} target="_blank" rel="noopener noreferrer">
                Open in Prospector
              </a>
            ) : null}
          </div>
        ) : null}
      </div>
    </QueryClientProvider>
  );
}

export default ProspectButton;
