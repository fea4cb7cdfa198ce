import { describe, expect, it } from "vitest";
import { matchesPattern, pageKind } from "../src/lib/page-kind";

/** A document whose querySelector finds something only for selectors containing `has`. */
const doc = (has: string | null) => ({ querySelector: (sel: string) => (has !== null && sel.includes(has) ? ({} as Element) : null) });

describe("pageKind: whether the content script should load the extractor", () => {
  it.each([
    ["https://www.linkedin.com/in/jane-doe-4b2a1/", null, "profile"],
    ["https://de.linkedin.com/in/jane-doe?trk=x", null, "profile"],
    ["https://www.linkedin.com/feed/", ".h-card", "no"],
    ["https://www.linkedin.com/company/acme/", null, "no"],
    ["https://www.xing.com/profile/Max_Mustermann", null, "profile"],
    ["https://www.xing.com/jobs/search", null, "no"],
    ["https://github.com/octocat", ".vcard-names", "profile"],
    ["https://github.com/github", null, "no"], // an organisation: no vcard sidebar
    ["https://github.com/octocat/hello-world", ".vcard-names", "no"],
    ["https://github.com/settings", ".vcard-names", "no"],
    ["https://stackoverflow.com/users/4417923/wenonah?tab=profile", null, "profile"],
    ["https://stackoverflow.com/users/4417923", null, "profile"],
    ["https://cs.stackexchange.com/users/90121/wenonah", null, "profile"],
    ["https://stackoverflow.com/users/login", null, "no"],
    ["https://stackoverflow.com/questions/123/why", ".h-card", "no"],
    ["https://gitlab.com/ikaika.mh", ".user-profile-header", "profile"],
    ["https://gitlab.com/gitlab-org", null, "no"], // a group: no profile header
    ["https://gitlab.com/ikaika.mh/tidewatch", ".user-profile-header", "no"],
    ["https://gitlab.com/explore", ".user-profile-header", "no"],
    ["https://dribbble.com/liesbethoq/about", ".profile-masthead", "profile"],
    ["https://dribbble.com/shots/popular", ".profile-masthead", "no"],
    ["https://www.behance.net/teodorashgrove", "ProfileCard-", "profile"],
    ["https://www.behance.net/galleries", "ProfileCard-", "no"],
    ["https://www.behance.net/gallery/191234/Tidepool", "ProfileCard-", "no"],
    ["https://ada.example/", ".h-card", "maybe"],
    ["https://grace.example/", "ld+json", "maybe"],
    ["https://blog.example/post", null, "no"],
    ["not a url", ".h-card", "no"],
  ] as const)("%s → %s", (url, has, kind) => {
    expect(pageKind(url, doc(has))).toBe(kind);
  });
});

describe("matchesPattern", () => {
  it.each([
    ["https://www.linkedin.com/*", "https://www.linkedin.com/in/x", true],
    ["https://*.linkedin.com/*", "https://de.linkedin.com/in/x", true],
    ["https://*.linkedin.com/*", "https://linkedin.com/in/x", true],
    ["https://*.linkedin.com/*", "https://evil-linkedin.com/in/x", false],
    ["https://*.linkedin.com/*", "http://www.linkedin.com/in/x", false],
    ["http://127.0.0.1/*", "http://127.0.0.1:4321/ada/", true],
    ["http://127.0.0.1/*", "http://localhost:4321/ada/", false],
    ["https://www.xing.com/profile/*", "https://www.xing.com/jobs", false],
    ["*://github.com/*", "https://github.com/octocat", true],
    ["<all_urls>", "https://anything.example/", true],
    ["<all_urls>", "chrome://extensions", false],
  ] as const)("%s on %s → %s", (pattern, url, expected) => {
    expect(matchesPattern(pattern, url)).toBe(expected);
  });
});
