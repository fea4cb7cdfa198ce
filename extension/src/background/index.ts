// The service worker: message handlers live in ./messages (wired by Plasmo); here are the alarms (queue
// retries, follow-up refresh), the badge, the keyboard shortcut and the context menu. Listeners are registered
// synchronously at the top level, as MV3 requires for a worker that is woken by events.
import { extractInTab, openCaptureForm, tellTab } from "~background/capture";
import { addProspect, FOLLOW_UP_ALARM, flush, QUEUE_ALARM, refreshFollowUp, scheduleQueueAlarm, updateBadge } from "~background/service";
import { chromeLocal, read } from "~lib/storage";

const MENU_CAPTURE = "prospector-capture";
export const COMMAND_ADD_LAST = "add-to-last-opening";

chrome.runtime.onInstalled.addListener(() => {
  chrome.contextMenus.removeAll(() => {
    chrome.contextMenus.create({ id: MENU_CAPTURE, title: "Add this person to Prospector…", contexts: ["page", "selection", "link", "image"] });
  });
  void setUp();
});

chrome.runtime.onStartup.addListener(() => void setUp());

async function setUp() {
  await chrome.alarms.create(FOLLOW_UP_ALARM, { periodInMinutes: 15, delayInMinutes: 1 });
  await scheduleQueueAlarm();
  await updateBadge();
}

chrome.alarms.onAlarm.addListener((alarm) => {
  if (alarm.name === QUEUE_ALARM) void flush();
  else if (alarm.name === FOLLOW_UP_ALARM) void refreshFollowUp();
});

chrome.storage.onChanged.addListener((changes, areaName) => {
  if (areaName !== "local") return;
  if ("queue" in changes || "followUp" in changes || "settings" in changes) void updateBadge();
});

async function activeTabId(tab?: chrome.tabs.Tab): Promise<number | undefined> {
  if (tab?.id !== undefined) return tab.id;
  const [t] = await chrome.tabs.query({ active: true, lastFocusedWindow: true });
  return t?.id;
}

/** The shortcut: the page's person straight to the last used opening and stage; the page shows how it went. */
async function addFromShortcut(tabId: number) {
  let capture: Awaited<ReturnType<typeof extractInTab>>;
  try {
    capture = await extractInTab(tabId);
  } catch (err) {
    console.warn("Prospector: cannot read this page", err);
    return;
  }
  if (!capture.draft) {
    await tellTab(tabId, { type: "prospector/shortcut-result", outcome: { state: "no_person" } });
    return;
  }
  const last = await read(chromeLocal(), "lastUsed");
  if (!last) {
    await tellTab(tabId, { type: "prospector/shortcut-result", outcome: { state: "no_last_used" }, fullName: capture.draft.fullName });
    await openCaptureForm(tabId);
    return;
  }
  const outcome = await addProspect({
    draft: { ...capture.draft, sourceUrl: capture.draft.sourceUrl ?? capture.pageUrl },
    openingId: last.openingId,
    openingTitle: last.openingTitle,
    stageId: last.stageId,
    stageName: last.stageName,
    tags: [],
    note: "",
  });
  await tellTab(tabId, { type: "prospector/shortcut-result", outcome, fullName: capture.draft.fullName });
}

/** The context menu: the capture form, on any page (activeTab). */
async function captureFromMenu(tabId: number) {
  try {
    await openCaptureForm(tabId);
  } catch (err) {
    console.warn("Prospector: cannot read this page", err);
  }
}

async function runShortcut(tab?: chrome.tabs.Tab) {
  const id = await activeTabId(tab);
  if (id !== undefined) await addFromShortcut(id);
}

chrome.commands.onCommand.addListener((command, tab) => {
  if (command === COMMAND_ADD_LAST) void runShortcut(tab);
});

chrome.contextMenus.onClicked.addListener((info, tab) => {
  if (info.menuItemId === MENU_CAPTURE && tab?.id !== undefined) void captureFromMenu(tab.id);
});

// What the shortcut and the menu run, reachable from the worker's console (and the browser tests: a headless
// browser cannot press an extension's shortcut or open its context menu).
(globalThis as Record<string, unknown>).prospector = { runShortcut, captureFromMenu };

// A worker woken after a restart picks up where the queue was.
void scheduleQueueAlarm();
void updateBadge();
