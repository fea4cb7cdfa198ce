// Reading the person on any tab, for the popup's "Capture this page", the shortcut and the context menu:
// with activeTab (or a granted host), the content script is injected on demand and its extractor run there.
import { type CaptureRes, PAGE_API, type PageApi, type TabMessage } from "~lib/protocol";

/** The built content script with the Add-prospect UI (Plasmo names it prospect-button.<hash>.js). */
function contentScriptFile(): string | null {
  for (const cs of chrome.runtime.getManifest().content_scripts ?? []) {
    const js = cs.js?.find((f) => /(^|\/)prospect-button\.[^/]*\.js$/.test(f));
    if (js) return js;
  }
  return null;
}

/**
 * What the tab's person is: asked of the content script where it runs already (profile pages); elsewhere it is
 * injected first (activeTab: the popup, the shortcut and the context menu grant it for the current tab).
 */
export async function extractInTab(tabId: number): Promise<CaptureRes> {
  try {
    const answer = (await chrome.tabs.sendMessage(tabId, { type: "prospector/extract" } satisfies TabMessage)) as CaptureRes | undefined;
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
    await chrome.scripting.executeScript({ target: { tabId }, files: [file] });
  }
  const [res] = await chrome.scripting.executeScript({
    target: { tabId },
    func: (api: string) => ((globalThis as Record<string, unknown>)[api] as PageApi).extract(),
    args: [PAGE_API],
  });
  if (!res?.result) throw new Error("Could not read the page");
  return res.result as CaptureRes;
}

export async function captureTab(tabId: number): Promise<{ ok: true; capture: CaptureRes } | { ok: false; message: string }> {
  try {
    return { ok: true, capture: await extractInTab(tabId) };
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    // chrome://, the Web Store and other extensions' pages cannot be scripted.
    if (/cannot be scripted|Cannot access|chrome:\/\/|extensions gallery|permission/i.test(msg)) return { ok: false, message: "Prospector cannot read this kind of page" };
    return { ok: false, message: msg };
  }
}

/** Tells the tab's content script something (it shows it in its shadow-root UI). */
export async function tellTab(tabId: number, message: TabMessage): Promise<void> {
  try {
    await chrome.tabs.sendMessage(tabId, message);
  } catch {
    // No content script there (a page that cannot be scripted): nothing to show.
  }
}
