// The Chrome extension (Plasmo MV3) lands with the profile-capture issue; until then this workspace only
// proves it builds against the shared package it will use.
import { zProfileDraft } from "@prospector/shared/profile";

export const draftSchema = zProfileDraft;
