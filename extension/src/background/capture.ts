// Reading the person on any tab, for the capture form, the popup's "Capture this page", the shortcut and the
// context menu. Where the content script runs already (profile sites) it is asked; elsewhere (activeTab, or a
// granted host) the extractor and the content script are injected on demand and asked the same way.
import { CAPTURE_PAGE, type CaptureRes, EXTRACTOR_FILE, PAGE_API, type PageApi, type TabMessage } from "~lib/protocol";

/** The built content script with the Add-prospect button (Plasmo names it prospect-button.<hash>.js). */
function contentScriptFile(): string | null {
  for (const cs of chrome.runtime.getManifest().content_scripts ?? []) {
    const js = cs.js?.find((f) => /(^|\/)prospect-button\.[^/]*\.js$/.test(f));
    if (js) return js;
  }
  return null;
}

/**
 * What the tab's person is: asked of the content script where it runs already (profile pages); elsewhere it is
 * injected first, with the extractor (activeTab: the popup, the shortcut and the context menu grant it for the
 * current tab).
 */
export async function extractInTab(tabId: number): Promise<CaptureRes> {
  try {
    const answer = (await chrome.tabs.sendMessage(tabId, { type: "prospector/extract" } satisfies TabMessage, { frameId: 0 })) as CaptureRes | undefined;
    if (answer && typeof answer.pageUrl === "string") return answer;
  } catch {
    // No content script in that tab yet.
  }
  const probe = await chrome.scripting.executeScript({
    target: { tabId },
    func: (api: string) => typeof (globalThis as Record<string, unknown>)[api] === "object",
    args: [PAGE_API],
  });
  if (!probe[0]?.result) {
    const file = contentScriptFile();
    if (!file) throw new Error("The content script is missing from the build");
    await chrome.scripting.executeScript({ target: { tabId }, files: [EXTRACTOR_FILE, file] });
  }
  const [res] = await chrome.scripting.executeScript({
    target: { tabId },
    func: (api: string) => ((globalThis as Record<string, unknown>)[api] as PageApi).extract(),
    args: [PAGE_API],
  });
  if (!res?.result) throw new Error("Could not read the page");
  return res.result as CaptureRes;
}

export async function captureTab(tabId: number | undefined): Promise<{ ok: true; capture: CaptureRes } | { ok: false; message: string }> {
  if (tabId === undefined) return { ok: false, message: "No tab to capture" };
  try {
    return { ok: true, capture: await extractInTab(tabId) };
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    // chrome://, the Web Store and other extensions' pages cannot be scripted.
    if (/cannot be scripted|Cannot access|chrome:\/\/|extensions gallery|permission/i.test(msg)) return { ok: false, message: "Prospector cannot read this kind of page" };
    return { ok: false, message: msg };
  }
}

/**
 * Tells the tab's content script something and returns its answer: by message where it listens (profile pages),
 * else through chrome.scripting (activeTab: the shortcut, the menu and the popup grant it) where it runs without
 * listening; undefined where there is no content script or the page cannot be scripted.
 */
export async function tellTab(tabId: number, message: TabMessage): Promise<unknown> {
  try {
    return await chrome.tabs.sendMessage(tabId, message, { frameId: 0 });
  } catch {
    // Not listening there.
  }
  try {
    const [r] = await chrome.scripting.executeScript({
      target: { tabId },
      func: (api: string, m: TabMessage) => ((globalThis as Record<string, unknown>)[api] as PageApi | undefined)?.handle(m) ?? null,
      args: [PAGE_API, message],
    });
    return r?.result ?? undefined;
  } catch {
    return undefined;
  }
}

/**
 * Shows the capture form for a tab: in the page's own panel on the profile sites (the content script says whether
 * its page may frame the form), else in a small window of its own: a page elsewhere cannot frame it, and should
 * not be able to learn that the extension is installed.
 */
export async function openCaptureForm(tabId: number): Promise<void> {
  const r = (await tellTab(tabId, { type: "prospector/open-panel" })) as { opened?: boolean } | null | undefined;
  if (r?.opened) return;
  const win = await chrome.windows.create({ url: chrome.runtime.getURL(`${CAPTURE_PAGE}?tab=${tabId}`), type: "popup", width: 460, height: 760, focused: true });
  if (win?.id !== undefined) await rememberCaptureWindow(win.id);
}

const CAPTURE_WINDOWS = "captureWindows";
/** The windows this extension opened for the capture form: only there may the form name another tab. */
async function rememberCaptureWindow(id: number) {
  const had = ((await chrome.storage.session.get(CAPTURE_WINDOWS))[CAPTURE_WINDOWS] as number[] | undefined) ?? [];
  await chrome.storage.session.set({ [CAPTURE_WINDOWS]: [...had.slice(-19), id] });
}
export async function isCaptureWindow(id: number): Promise<boolean> {
  const had = ((await chrome.storage.session.get(CAPTURE_WINDOWS))[CAPTURE_WINDOWS] as number[] | undefined) ?? [];
  return had.includes(id);
}
