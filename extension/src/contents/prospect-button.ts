// On profile pages: the Add-prospect button, in a shadow root (page CSS cannot break it, nor it the page). Plain
// DOM, no React and no extractor at load: this script runs on every page of its sites (LinkedIn, GitHub, XING, Stack Exchange, GitLab, Dribbble, Behance), so on the
// many that are not profiles it only looks at the URL and a selector or two. The extractor (EXTRACTOR_FILE) is
// loaded when a page looks like a profile; the capture form is an extension page framed in the panel, so the
// page's own scripts can read neither the form nor what the server says about the person. No network calls.
// The background also injects this file on demand (popup capture, shortcut, context menu) through activeTab.
import type { PlasmoCSConfig } from "plasmo";
import { matchesPattern, pageKind } from "~lib/page-kind";
import {
  type AddOutcome,
  CAPTURE_PAGE,
  type CaptureRes,
  EXTRACTOR_FILE,
  EXTRACTOR_GLOBAL,
  type ExtractorApi,
  isTabMessage,
  PAGE_API,
  type PageApi,
  type TabMessage,
} from "~lib/protocol";

export const config: PlasmoCSConfig = {
  // Whole sites, not only profile paths: LinkedIn and GitHub reach profiles without a page load.
  matches: [
    "https://www.linkedin.com/*",
    "https://*.linkedin.com/*",
    "https://github.com/*",
    "https://www.xing.com/*",
    "https://stackoverflow.com/*",
    "https://*.stackexchange.com/*",
    "https://superuser.com/*",
    "https://serverfault.com/*",
    "https://askubuntu.com/*",
    "https://gitlab.com/*",
    "https://dribbble.com/*",
    "https://www.behance.net/*",
  ],
  run_at: "document_idle",
};

const HOST_ID = "prospector-csui";
const g = globalThis as Record<string, unknown>;

const CSS = `
:host { all: initial; }
* { box-sizing: border-box; font: 13px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
.fab { position: fixed; right: 20px; bottom: 20px; z-index: 2147483647; display: inline-flex; align-items: center; gap: 6px;
  padding: 10px 16px; border: 0; border-radius: 999px; cursor: pointer; background: #1d4ed8; color: #fff; font-weight: 600;
  font-size: 14px; box-shadow: 0 4px 14px rgba(0,0,0,.25); }
.fab:hover { background: #1e40af; }
button:focus-visible, a:focus-visible { outline: 3px solid #f59e0b; outline-offset: 2px; }
.panel { position: fixed; right: 16px; top: 16px; z-index: 2147483647; width: 420px; max-width: calc(100vw - 32px);
  height: min(720px, calc(100vh - 32px)); display: flex; flex-direction: column; background: #fff; border: 1px solid #d1d5db;
  border-radius: 10px; box-shadow: 0 10px 40px rgba(0,0,0,.3); overflow: hidden; }
.panel header { display: flex; align-items: center; justify-content: space-between; gap: 8px; padding: 10px 14px;
  background: #1d4ed8; color: #fff; }
.panel h2 { margin: 0; font-size: 15px; font-weight: 700; color: inherit; }
.close { background: transparent; border: 0; color: inherit; font-size: 20px; line-height: 1; cursor: pointer; padding: 2px 6px; border-radius: 4px; }
iframe { flex: 1 1 auto; width: 100%; min-height: 0; border: 0; background: #fff; }
.toast { position: fixed; right: 20px; bottom: 76px; z-index: 2147483647; max-width: 360px; background: #111827; color: #fff;
  border-radius: 8px; padding: 10px 14px; box-shadow: 0 4px 14px rgba(0,0,0,.3); }
.toast a { color: #93c5fd; font-weight: 600; }
`;

function emptyCapture(): CaptureRes {
  return { person: null, draft: null, sources: {}, pageUrl: location.href, title: document.title };
}

let extractor: Promise<ExtractorApi> | null = null;
/** The extractor: already there when the background injected it with this script, else imported once. */
function loadExtractor(): Promise<ExtractorApi> {
  extractor ??= (async () => {
    if (!g[EXTRACTOR_GLOBAL]) await import(/* a web-accessible resource of the extension */ chrome.runtime.getURL(EXTRACTOR_FILE));
    const api = g[EXTRACTOR_GLOBAL] as ExtractorApi | undefined;
    if (!api) throw new Error("The page reader did not load");
    return api;
  })();
  extractor.catch(() => {
    extractor = null;
  });
  return extractor;
}

async function extract(): Promise<CaptureRes> {
  try {
    return (await loadExtractor()).capture(document, location.href);
  } catch (err) {
    console.warn("Prospector: could not read this page", err);
    return emptyCapture();
  }
}

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

/** The form is web-accessible only on the profile sites: elsewhere (a page this script was injected into on demand) it cannot be framed. */
function mayFrameForm(): boolean {
  return (chrome.runtime.getManifest().web_accessible_resources ?? []).some(
    (r) => typeof r === "object" && r.resources.includes(CAPTURE_PAGE) && (r.matches ?? []).some((m) => matchesPattern(m, location.href)),
  );
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: Partial<HTMLElementTagNameMap[K]> = {}, ...children: (Node | string)[]) {
  const e = Object.assign(document.createElement(tag), props);
  e.append(...children);
  return e;
}

function start() {
  let root: ShadowRoot | null = null;
  let fab: HTMLButtonElement | null = null;
  let panel: HTMLElement | null = null;
  let frame: HTMLIFrameElement | null = null;
  let toast: HTMLElement | null = null;
  let toastTimer: ReturnType<typeof setTimeout> | undefined;
  let personName: string | null = null;

  function shadow(): ShadowRoot {
    if (!root) {
      const host = el("div", { id: HOST_ID });
      // Above everything the page draws; the panel and button position themselves.
      host.style.cssText = "position:fixed;top:0;left:0;width:0;height:0;z-index:2147483647;";
      root = host.attachShadow({ mode: "open" });
      root.append(el("style", { textContent: CSS }));
    }
    // A single-page app may re-render the whole document: put the host (and what it shows) back.
    if (!root.host.isConnected) document.documentElement.append(root.host);
    return root;
  }

  function renderButton() {
    const show = personName !== null && panel === null;
    if (!show) {
      fab?.remove();
      fab = null;
      return;
    }
    if (!fab) {
      fab = el("button", { type: "button", className: "fab", onclick: () => openPanel() }, el("span", { textContent: "+" }), " Add prospect");
      fab.setAttribute("aria-haspopup", "dialog");
      fab.firstElementChild?.setAttribute("aria-hidden", "true");
      shadow().append(fab);
    }
    fab.title = `Add ${personName || "this person"} to Prospector`;
  }

  function openPanel() {
    if (panel) {
      frame?.focus();
      return;
    }
    const titleId = "pp-panel-title";
    const close = el("button", { type: "button", className: "close", textContent: "×", onclick: () => closePanel() });
    close.setAttribute("aria-label", "Close");
    frame = el("iframe", { src: chrome.runtime.getURL(`${CAPTURE_PAGE}?embedded=1`), title: "Add prospect form" });
    frame.addEventListener("load", () => frame?.focus());
    panel = el("div", { className: "panel" }, el("header", {}, el("h2", { id: titleId, textContent: "Add prospect" }), close), frame);
    panel.setAttribute("role", "dialog");
    panel.setAttribute("aria-modal", "false");
    panel.setAttribute("aria-labelledby", titleId);
    panel.addEventListener("keydown", (e) => {
      if (e.key === "Escape") {
        e.stopPropagation();
        closePanel();
      }
    });
    shadow().append(panel);
    renderButton();
  }

  function closePanel() {
    if (!panel) return;
    panel.remove();
    panel = frame = null;
    renderButton();
    fab?.focus();
  }

  function showToast(t: { text: string; link?: string }) {
    toast?.remove();
    clearTimeout(toastTimer);
    const link = t.link ? el("a", { href: t.link, target: "_blank", rel: "noopener noreferrer", textContent: "Open in Prospector" }) : "";
    toast = el("div", { className: "toast" }, `${t.text} `, link);
    toast.setAttribute("role", "status");
    shadow().append(toast);
    toastTimer = setTimeout(() => {
      toast?.remove();
      toast = null;
    }, 8000);
  }

  /** Reads the page when it may show a person; the button appears when it does. */
  async function check(): Promise<boolean> {
    if (pageKind(location.href, document) === "no") {
      personName = null;
    } else {
      listen();
      const c = await extract();
      personName = c.draft ? c.draft.fullName || "" : null;
    }
    renderButton();
    return personName !== null;
  }

  async function handle(msg: TabMessage): Promise<unknown> {
    switch (msg.type) {
      case "prospector/extract":
        return extract();
      case "prospector/open-panel": {
        const framable = mayFrameForm();
        if (framable) openPanel();
        return { opened: framable };
      }
      case "prospector/shortcut-result":
        showToast(shortcutText(msg));
        return null;
      // The framed form is done (Escape, Cancel, Done): through the background, so the page cannot fake it.
      case "prospector/close-panel":
        closePanel();
        return null;
    }
  }
  g[PAGE_API] = { extract, handle } satisfies PageApi;

  // The message listener is registered once a page may show a person: the first use of chrome.runtime costs
  // an isolated world a few milliseconds of binding set-up, which pages that are not profiles are spared (the
  // background reaches them through chrome.scripting and `handle` when the user asks, with activeTab).
  let listening = false;
  function listen() {
    if (listening) return;
    listening = true;
    chrome.runtime.onMessage.addListener((msg: unknown, _sender, sendResponse) => {
      if (!isTabMessage(msg)) return false;
      void handle(msg).then(sendResponse);
      return true;
    });
  }

  // Single-page sites change the URL without a load and fill the page in late: look again when the URL
  // changes (the Navigation API reports pushState too; polling where it is missing), and a few times, a
  // second apart, while a profile-like page shows nobody yet. Pages that are not profiles get no timers.
  let url = location.href;
  let tries = 0;
  let retry: ReturnType<typeof setTimeout> | undefined;
  const retryWhileEmpty = (found: boolean) => {
    if (found || tries >= 5 || pageKind(url, document) === "no") return;
    retry = setTimeout(() => {
      tries++;
      void check().then(retryWhileEmpty);
    }, 1000);
  };
  const onUrlChange = () => {
    if (location.href === url) return;
    url = location.href;
    tries = 0;
    clearTimeout(retry);
    void check().then(retryWhileEmpty);
  };
  const navigation = (globalThis as { navigation?: EventTarget }).navigation;
  if (navigation) navigation.addEventListener("currententrychange", onUrlChange);
  else setInterval(onUrlChange, 1000);
  addEventListener("popstate", onUrlChange);
  void check().then(retryWhileEmpty);
}

// Injected again on demand (activeTab) into a page that has it already: one instance per page.
if (!g[PAGE_API]) start();
