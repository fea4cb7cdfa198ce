// The page reader: the shared extraction library (with its phone metadata, most of the weight), built apart
// from Plasmo by scripts/post-build.mjs into EXTRACTOR_FILE. The content script loads it only on pages that
// look like a profile, or when the user asks for a capture; on every other matched page it is never parsed.
// Relative imports only: esbuild bundles this file without Plasmo's `~` alias.
import { extractProfile, toProspectDraft } from "@prospector/shared/extract/index";
import { type CaptureRes, EXTRACTOR_GLOBAL, type ExtractorApi } from "./protocol";

export function capture(doc: Document, pageUrl: string): CaptureRes {
  let result: ReturnType<typeof extractProfile> = { person: null, sources: {} };
  try {
    result = extractProfile(doc, pageUrl);
  } catch (err) {
    console.warn("Prospector: could not read this page", err);
  }
  return {
    person: result.person,
    draft: result.person ? toProspectDraft(result.person, pageUrl) : null,
    sources: result.sources,
    pageUrl,
    title: doc.title,
  };
}

const api: ExtractorApi = { capture };
(globalThis as Record<string, unknown>)[EXTRACTOR_GLOBAL] = api;
