import { afterEach, describe, expect, it, vi } from "vitest";

const ours = new Set<number>();
vi.mock("~background/capture", () => ({ captureTab: vi.fn(), isCaptureWindow: async (id: number) => ours.has(id) }));
vi.mock("~lib/messages", () => ({ handler: () => () => undefined }));

const { trustedTabId } = await import("../src/background/messages/capture-tab");

function withWindows(type: string) {
  ours.clear();
  if (type === "popup") ours.add(7);
  vi.stubGlobal("chrome", { runtime: { getURL: (p: string) => `chrome-extension://abc/${p}` } });
}
const tab = (id: number) => ({ id, windowId: 7 }) as chrome.tabs.Tab;

describe("which tab the capture form may read", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("the toolbar popup (no tab of its own) names the tab", async () => {
    withWindows("normal");
    expect(await trustedTabId(42, {} as chrome.runtime.MessageSender)).toBe(42);
  });

  it("the small capture window the context menu opens names the tab", async () => {
    withWindows("popup");
    expect(await trustedTabId(42, { tab: tab(9), frameId: 0, url: "chrome-extension://abc/tabs/capture.html?tab=42" } as chrome.runtime.MessageSender)).toBe(42);
  });

  it("framed in a web page, a ?tab= cannot point at another tab", async () => {
    withWindows("popup");
    expect(await trustedTabId(42, { tab: tab(9), frameId: 3 } as chrome.runtime.MessageSender)).toBe(9);
  });

  it("the toolbar popup opened in a tab still names the tab (popup.html is not web-accessible)", async () => {
    withWindows("normal");
    expect(await trustedTabId(42, { tab: tab(9), frameId: 0, url: "chrome-extension://abc/popup.html" } as chrome.runtime.MessageSender)).toBe(42);
  });

  it("loaded top-level by a page in a normal window, a ?tab= cannot point at another tab", async () => {
    withWindows("normal");
    expect(await trustedTabId(42, { tab: tab(9), frameId: 0 } as chrome.runtime.MessageSender)).toBe(9);
  });
});
