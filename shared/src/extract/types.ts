/** Where a field's value was read from: a structured format, a site reader, or the page's plain markup (headings, mailto:/tel: links, rel=me, canonical link, the URL). */
export type Source = "json-ld" | "microdata" | "rdfa" | "h-card" | "site" | "open-graph" | "text";

/** One job. Dates are "YYYY", "YYYY-MM" or "YYYY-MM-DD" when they could be read, else the page's text; `end` is "" for a current role. */
export interface Experience {
  title: string;
  company: string;
  start: string;
  end: string;
  location: string;
}

/** One school. Dates as in {@link Experience}. */
export interface Education {
  school: string;
  degree: string;
  field: string;
  start: string;
  end: string;
}

/** A person as read from a page: every string normalised (whitespace, NFC) plain text, every URL an absolute http(s) URL. */
export interface ProfileDraft {
  fullName: string;
  firstName: string;
  lastName: string;
  headline: string;
  /** Current job title. */
  title: string;
  /** Current employer. */
  company: string;
  location: string;
  /** Lower-cased addresses. */
  emails: string[];
  /** E.164 where the country can be told, else the number as written. */
  phones: string[];
  /** Canonical URL of the profile the page shows. */
  profileUrl: string | null;
  photoUrl: string | null;
  /** Other profiles and websites of the person (canonical form, never the profileUrl). */
  links: string[];
  skills: string[];
  experience: Experience[];
  education: Education[];
  summary: string;
}

/** A field of {@link ProfileDraft}. */
export type ProfileField = keyof ProfileDraft;

/** Per field, the source its value came from (list fields: the first source that contributed). */
export type FieldSources = Partial<Record<ProfileField, Source>>;

/** What {@link extractProfile} returns; `person` is null when the page is not about one person. */
export interface ExtractResult {
  person: ProfileDraft | null;
  sources: FieldSources;
}

/** How a reader found a person: `main` = the reader knows it is the page's subject (a site's top card, ProfilePage.mainEntity, og:type=profile); `standalone` = a top-level item; `nested` = a property value of something else (an author, a sponsor, a colleague). */
export type CandidateRole = "main" | "standalone" | "nested";

/** A person as one reader saw it, before the page's own person is chosen and the sources are merged. */
export interface Candidate {
  source: Source;
  role: CandidateRole;
  person: Partial<ProfileDraft>;
  /** Absolute http(s) URLs that identify this person (url, uid, sameAs, mainEntityOfPage, the site's profile URL). */
  identityUrls: string[];
  /** The element the person was read from, when there is one: scopes mailto:/tel: links and rules out sidebar cards. */
  element: Element | null;
}
