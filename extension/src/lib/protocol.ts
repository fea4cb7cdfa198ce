// The messages between the extension's pages (content script UI, popup) and the background service worker.
// Each name has one handler file in src/background/messages/<name>.ts; only the background talks to the server.
import type { FieldSources, ProfileDraft as ExtractedPerson } from "@prospector/shared/extract/types";
import type { ProfileDraftInput } from "@prospector/shared/profile";

export type { ExtractedPerson, FieldSources };

/** The signed-in user, as the extension shows them. */
export interface UserInfo {
  id: number;
  name: string;
  email: string;
  role: "super_admin" | "admin" | "recruiter";
}

/** Why a call to the server did not give data. */
export type Failure =
  | { kind: "not_connected" }
  /** The token was revoked or expired (HTTP 401): the user must connect again. */
  | { kind: "unauthorized" }
  /** The server could not be reached (network, timeout, 5xx). */
  | { kind: "offline"; message: string }
  | { kind: "server"; code: string; message: string };

export type Result<T> = { ok: true; data: T; stale?: boolean; fetchedAt?: number } | { ok: false; error: Failure };

export interface LastUsed {
  openingId: number;
  openingTitle: string;
  stageId: number;
  stageName: string;
  at: number;
}

export interface StatusRes {
  connected: boolean;
  serverUrl: string | null;
  email: string | null;
  user: UserInfo | null;
  /** Set when the server answered 401 to the stored token. */
  signedOutBecause: "revoked" | null;
  waiting: number;
  needsFollowUp: number | null;
  lastUsed: LastUsed | null;
}

export interface OpeningOption {
  id: number;
  title: string;
  department: string;
  location: string;
  lastUsedAt: number | null;
}

export interface StageOption {
  id: number;
  name: string;
}

export interface DuplicateInfo {
  match: {
    candidateId: number;
    candidateUrl: string;
    fullName: string;
    title: string;
    companyName: string;
    matchedBy: "profile_url" | "email" | "phone";
    doNotContact: boolean;
    applications: { openingId: number; openingTitle: string; stageName: string; workflow: "prospecting" | "hiring"; status: "active" | "decisioned" }[];
    onOpening: boolean | null;
  } | null;
  possible: { id: number; candidateUrl: string; fullName: string; title: string; companyName: string }[];
}

export interface LookupReq {
  profileUrl: string | null;
  emails: string[];
  phones: string[];
  fullName: string;
  company: string;
  openingId?: number;
}

export interface AddReq {
  draft: ProfileDraftInput;
  openingId: number;
  openingTitle: string;
  stageId: number;
  stageName: string;
  tags: string[];
  note: string;
}

/** What happened to an add, in the words the capture form shows. */
export type AddOutcome =
  | {
      state: "added";
      candidateId: number;
      candidateUrl: string;
      outcome: "created" | "linked" | "existing";
      openingTitle: string;
      stageName: string;
    }
  | { state: "queued"; requestId: string; waiting: number }
  | { state: "conflict"; candidateId: number | null; candidateUrl: string | null; openingTitle: string; stageName: string | null; message: string }
  | { state: "not_connected" }
  | { state: "unauthorized" }
  | { state: "opening_archived"; message: string }
  | { state: "prospecting_off"; message: string }
  | { state: "invalid"; message: string }
  | { state: "error"; message: string };

/** An add kept while the server could not be reached. */
export interface QueuedView {
  requestId: string;
  fullName: string;
  openingTitle: string;
  stageName: string;
  queuedAt: number;
  attempts: number;
  nextAttemptAt: number;
  state: "waiting" | "paused" | "failed";
  lastError: string | null;
}

export interface RecentAdd {
  candidateId: number;
  candidateUrl: string;
  fullName: string;
  openingTitle: string;
  stageName: string;
  at: number;
  outcome: "created" | "linked" | "existing";
}

export interface FollowUpItem {
  candidateId: number;
  candidateUrl: string;
  fullName: string;
  title: string;
  companyName: string;
  openingTitle: string;
  stageName: string;
}

export interface OverviewRes {
  followUp: Result<{ count: number; capped: boolean; items: FollowUpItem[] }>;
  recent: RecentAdd[];
  queue: QueuedView[];
}

/** What the extractor read from a page, plus where; `draft` is the person in the server's shape. */
export interface CaptureRes {
  person: ExtractedPerson | null;
  draft: ProfileDraftInput | null;
  sources: FieldSources;
  pageUrl: string;
  title: string;
}

/** The content script's functions, on its isolated world's globalThis, for chrome.scripting.executeScript. */
export const PAGE_API = "__prospectorPage";
export interface PageApi {
  extract(): Promise<CaptureRes>;
  /** What the content script's message listener does; the background calls it through chrome.scripting where the listener is not registered (pages that are not profiles). */
  handle(msg: TabMessage): Promise<unknown>;
}

/**
 * The page reader (the shared extraction library), built apart into EXTRACTOR_FILE by scripts/post-build.mjs and
 * loaded by the content script only when a page looks like a profile or a capture is asked for: the script
 * that runs on every matched page stays small. Loading it sets EXTRACTOR_GLOBAL in the isolated world.
 */
export const EXTRACTOR_FILE = "extractor.js";
export const EXTRACTOR_GLOBAL = "__prospectorExtractor";
export interface ExtractorApi {
  capture(doc: Document, pageUrl: string): CaptureRes;
}

/** The capture form as an extension page: framed in the page's panel (?embedded) or in its own window (?tab=<id>). */
export const CAPTURE_PAGE = "tabs/capture.html";


/** Request and response of every message, by name. */
export interface MessageMap {
  status: { req: Record<string, never>; res: StatusRes };
  connect: { req: { serverUrl: string; email: string; password: string }; res: { ok: true; user: UserInfo } | { ok: false; message: string } };
  disconnect: { req: Record<string, never>; res: { ok: true; revoked: boolean; message: string } };
  openings: { req: Record<string, never>; res: Result<OpeningOption[]> };
  stages: { req: { openingId: number }; res: Result<StageOption[]> };
  lookup: { req: LookupReq; res: Result<DuplicateInfo> };
  add: { req: AddReq; res: AddOutcome };
  overview: { req: Record<string, never>; res: OverviewRes };
  "retry-queue": { req: Record<string, never>; res: { waiting: number } };
  "dismiss-queued": { req: { requestId: string }; res: { waiting: number } };
  /** The framed capture form is done: its tab's content script closes the panel. */
  "close-panel": { req: Record<string, never>; res: { ok: true } };
  /** Reads the person on a tab: `tabId`, or the tab of the page that frames the sender. */
  "capture-tab": { req: { tabId?: number }; res: { ok: true; capture: CaptureRes } | { ok: false; message: string } };
}

export type MessageName = keyof MessageMap;

/** Messages the background sends to a tab's content script (plain chrome.tabs.sendMessage, not Plasmo's). */
export type TabMessage =
  /** Answered with a CaptureRes. */
  | { type: "prospector/extract" }
  /** Answered with { opened }: false where the page may not frame the form. */
  | { type: "prospector/open-panel" }
  | { type: "prospector/close-panel" }
  | { type: "prospector/shortcut-result"; outcome: AddOutcome | { state: "no_person" } | { state: "no_last_used" }; fullName?: string };

export function isTabMessage(m: unknown): m is TabMessage {
  return typeof m === "object" && m !== null && typeof (m as { type?: unknown }).type === "string" && (m as { type: string }).type.startsWith("prospector/");
}
