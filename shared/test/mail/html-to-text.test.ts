import { describe, expect, it } from "vitest";
import { decodeEntities, htmlToText } from "../../src/mail/html-to-text";
import { trimReply } from "../../src/mail/trim-reply";

describe("htmlToText", () => {
  it.each([
    ["paragraphs and line breaks", "<p>Dobrý den,</p><p>mám zájem.<br>Jan</p>", "Dobrý den,\n\nmám zájem.\nJan"],
    ["divs are lines, spaces collapse", "<div>Hi   there</div>\n<div>\n  Jan\n</div>", "Hi there\nJan"],
    ["blockquote becomes > quoting", "<div>Yes</div><blockquote><p>Can you?</p><blockquote>Nested</blockquote></blockquote>", "Yes\n> Can you?\n>\n> > Nested"],
    ["lists", "<ul><li>Java</li><li>Kotlin</li></ul>", "- Java\n- Kotlin"],
    ["entities", "Fish &amp; chips &lt;3 &eacute;t&eacute; &#269;e&#x161;tina&nbsp;ok &unknown;", "Fish & chips <3 été čeština ok &unknown;"],
    ["a web link keeps its address", '<a href="https://novak.dev/cv">my CV</a>', "my CV <https://novak.dev/cv>"],
    ["a link showing its address is not repeated", '<a href="https://novak.dev">https://novak.dev</a>', "https://novak.dev"],
    ["head, style and comments are dropped", "<html><head><title>T</title><style>p{}</style></head><body><!-- x -->Hi</body></html>", "Hi"],
    ["pre keeps its lines", "<pre>a\n  b</pre>", "a\n  b"],
    ["hr is a rule line", "Reply<hr>From: x", "Reply\n________________________________\nFrom: x"],
    ["a bare < is text", "1 < 2 and 3 > 2", "1 < 2 and 3 > 2"],
    ["empty", "", ""],
  ])("%s", (_, html, text) => {
    expect(htmlToText(html)).toBe(text);
  });

  it("drops scripts and never returns markup: hostile HTML becomes plain text", () => {
    const html =
      '<p>Hello</p><script>alert("x")</script><img src=x onerror="alert(1)"><iframe src="javascript:alert(1)"></iframe><p>&lt;script&gt;alert(2)&lt;/script&gt;</p>';
    const text = htmlToText(html);
    expect(text).toBe("Hello\n\n<script>alert(2)</script>");
    expect(text).not.toContain("alert(1)");
    expect(text).not.toContain('alert("x")');
  });

  it("an unclosed script hides the rest rather than showing it", () => {
    expect(htmlToText("Hi<script>alert(1)")).toBe("Hi");
  });

  it.each([
    ["unclosed tags", "<a".repeat(200_000)],
    ["lone < before a late >", `${"<3 ".repeat(200_000)}>`],
    ["unclosed comments", "<!--".repeat(100_000)],
    ["nested links", `${'<a href="http://x">'.repeat(20_000)}${"</a>".repeat(20_000)}`],
  ])("stays fast on %s", (_, html) => {
    const started = performance.now();
    htmlToText(html);
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it("a Gmail HTML reply trims to what was written", () => {
    const html =
      '<div dir="ltr">Dobrý den,<div>mám zájem.</div></div><br><div class="gmail_quote"><div dir="ltr" class="gmail_attr">po 11. 3. 2024 v 9:00 odesílatel Petra &lt;<a href="mailto:petra@firma.cz">petra@firma.cz</a>&gt; napsal:<br></div><blockquote class="gmail_quote"><div>Máte zájem?</div></blockquote></div>';
    expect(trimReply(htmlToText(html)).visible).toBe("Dobrý den,\nmám zájem.");
  });
});

describe("decodeEntities", () => {
  it.each([
    ["&amp;lt;", "&lt;"],
    ["&#0;&#xD800;&#1114112;", "\uFFFD\uFFFD\uFFFD"],
    ["&Uuml;ber &ccedil;a", "Über ça"],
  ])("%j -> %j", (input, output) => {
    expect(decodeEntities(input)).toBe(output);
  });
});
