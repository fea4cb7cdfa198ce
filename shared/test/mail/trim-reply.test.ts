import { describe, expect, it } from "vitest";
import { trimReply } from "../../src/mail/trim-reply";

// Our own cases (not the conformance corpora): what a recruiter should see of a candidate's reply.

const REPLY = "Děkuji, o pozici mám zájem.";
const QUOTE = "> Dobrý den,\n> máte zájem o pozici Java vývojáře?\n>\n> Petra";

describe("trimReply: quote headers cut the quoted history under a top-posted reply", () => {
  it.each([
    ["Gmail (en)", "On Tue, Mar 12, 2024 at 10:15 AM Petra Svobodová <petra@firma.cz> wrote:"],
    ["Gmail, header wrapped over two lines", "On Tue, Mar 12, 2024 at 10:15 AM Petra Svobodová <\npetra@firma.cz> wrote:"],
    ["Gmail, header wrapped over three lines", "On Tue, Mar 12, 2024 at 10:15 AM,\nPetra Svobodová <petra@firma.cz>\nwrote:"],
    ["Apple Mail", "On 12 Mar 2024, at 10:15, Petra Svobodová <petra@firma.cz> wrote:"],
    ["Thunderbird, no address", "On 12/03/2024 10:15, Petra Svobodová wrote:"],
    ["Zoho dashes, no colon", "---- On Tue, 12 Mar 2024 10:15:00 +0100 Petra <petra@firma.cz> wrote ----"],
    ["Czech Thunderbird", "Dne 12.03.2024 v 10:15 Petra Svobodová napsal(a):"],
    ["Czech Gmail", "po 12. 3. 2024 v 10:15 odesílatel Petra Svobodová <petra@firma.cz> napsal:"],
    ["Czech Apple Mail, no verb", "12. 3. 2024 v 10:15, Petra Svobodová <petra@firma.cz>:"],
    ["Slovak", "Dňa 12. 3. 2024 o 10:15 Petra Svobodová napísal(a):"],
    ["German", "Am 12.03.2024 um 10:15 schrieb Petra Svobodová <petra@firma.cz>:"],
    ["German Gmail, name first", "Petra Svobodová <petra@firma.cz> schrieb am Di., 12. März 2024 um 10:15 Uhr:"],
    ["French", "Le mar. 12 mars 2024 à 10:15, Petra Svobodová <petra@firma.cz> a écrit :"],
    ["Spanish", "El mar, 12 mar 2024 a las 10:15, Petra Svobodová (<petra@firma.cz>) escribió:"],
    ["Polish", "W dniu 12.03.2024 o 10:15, Petra Svobodová pisze:"],
    ["Dutch", "Op di 12 mrt 2024 om 10:15 schreef Petra Svobodová <petra@firma.cz>:"],
    ["Italian", "Il giorno mar 12 mar 2024 alle ore 10:15 Petra Svobodová <petra@firma.cz> ha scritto:"],
    ["Portuguese", "Em ter., 12 de mar. de 2024 às 10:15, Petra Svobodová <petra@firma.cz> escreveu:"],
    ["Swedish", "Den tis 12 mars 2024 kl 10:15 skrev Petra Svobodová <petra@firma.cz>:"],
    ["Russian", "вт, 12 мар. 2024 г. в 10:15, Petra Svobodová <petra@firma.cz>:"],
    ["Chinese", "在 2024年3月12日 10:15，Petra Svobodová <petra@firma.cz> 写道："],
    ["ISO date, Gmail in some locales", "2024-03-12 10:15 GMT+01:00 Petra Svobodová <petra@firma.cz>:"],
    ["quoted header line", "> On 12 Mar 2024, at 10:15, Petra Svobodová <petra@firma.cz> wrote:"],
  ])("%s", (_, header) => {
    const result = trimReply(`${REPLY}\n\n${header}\n\n${QUOTE}\n`);
    expect(result.visible).toBe(REPLY);
    expect(result.quoted.startsWith(header.split("\n")[0]!)).toBe(true);
    expect(result.quoted).toContain("máte zájem o pozici Java vývojáře?");
    expect(result.signature).toBeNull();
  });

  it("cuts at the header even when the quoted mail under it is not quoted with >", () => {
    const result = trimReply(`${REPLY}\n\nOn 12 Mar 2024, at 10:15, Petra <petra@firma.cz> wrote:\n\nDobrý den,\nmáte zájem?`);
    expect(result.visible).toBe(REPLY);
  });

  it("keeps an inline 'On …' sentence that is not a header", () => {
    const text = "On the other hand, the salary is fine.\n\nOn Monday I can come at 10:00.\n\nOn your side, what is needed:";
    expect(trimReply(text)).toEqual({ visible: text, withSignature: text, quoted: "", signature: null });
  });

  it("does not take 'On <day> … said:' without a date, time or address for a header", () => {
    const text = "On Monday John said:\nthe team is great.";
    expect(trimReply(text).visible).toBe(text);
  });
});

describe("trimReply: Outlook and forwarding blocks", () => {
  it.each([
    [
      "Outlook, underscore separator",
      "________________________________\nFrom: Petra Svobodová <petra@firma.cz>\nSent: Tuesday, March 12, 2024 10:15 AM\nTo: Jan Novák <jan@novak.cz>\nSubject: Java developer",
    ],
    ["-----Original Message-----", "-----Original Message-----\nFrom: Petra Svobodová\nSent: Tuesday, March 12, 2024 10:15 AM"],
    [
      "Outlook in bold (HTML mail as text)",
      "*From:* Petra Svobodová [mailto:petra@firma.cz]\n*Sent:* Tuesday, March 12, 2024 10:15 AM\n*To:* Jan Novák\n*Subject:* Java developer",
    ],
    [
      "Czech Outlook",
      "Od: Petra Svobodová <petra@firma.cz>\nOdesláno: úterý 12. března 2024 10:15\nKomu: Jan Novák <jan@novak.cz>\nPředmět: Pozice Java vývojáře",
    ],
    [
      "German Outlook",
      "Von: Petra Svobodová <petra@firma.cz>\nGesendet: Dienstag, 12. März 2024 10:15\nAn: Jan Novák\nBetreff: Java-Entwickler",
    ],
    [
      "French Outlook, wrapped From",
      "De : Petra Svobodová\n<petra@firma.cz>\nEnvoyé : mardi 12 mars 2024 10:15\nÀ : Jan Novák\nObjet : Développeur Java",
    ],
    ["Czech original message", "-------- Původní zpráva --------\nOd: Petra Svobodová <petra@firma.cz>"],
    [
      "Gmail forward",
      "---------- Forwarded message ---------\nFrom: Petra Svobodová <petra@firma.cz>\nDate: Tue, Mar 12, 2024 at 10:15 AM\nSubject: Java developer\nTo: <jan@novak.cz>",
    ],
    ["Czech Gmail forward", "---------- Přeposlaná zpráva ---------\nOd: Petra Svobodová <petra@firma.cz>\nDate: út 12. 3. 2024 v 10:15"],
    ["Apple forward", "Begin forwarded message:\n\nFrom: Petra Svobodová <petra@firma.cz>\nSubject: Java developer"],
  ])("%s", (_, block) => {
    const result = trimReply(`${REPLY}\n\n${block}\n\nDobrý den,\nmáte zájem o pozici?`);
    expect(result.visible).toBe(REPLY);
    expect(result.quoted).toContain("máte zájem o pozici?");
  });

  it("keeps the forwarded text of a forward sent without a comment", () => {
    const text =
      "---------- Forwarded message ---------\nFrom: Petra <petra@firma.cz>\nDate: Tue, Mar 12, 2024 at 10:15 AM\nSubject: CV\nTo: <jan@novak.cz>\n\nHere is the CV you asked for.";
    const result = trimReply(text);
    expect(result.visible).toBe("Here is the CV you asked for.");
    expect(result.quoted).toContain("Forwarded message");
  });

  it("does not take one 'Date:' line in the reply for a header block", () => {
    const text = "Date: Monday 18 March\nTime: 10:00\nPlace: your office";
    expect(trimReply(text).visible).toBe(text);
  });
});

describe("trimReply: signatures", () => {
  it.each([
    ['"-- " delimiter', "Jan Novák\nSenior Java Developer\n+420 777 123 456", "-- "],
    ['"--" without the space', "Jan Novák\njan@novak.cz", "--"],
  ])("%s", (_, block, delimiter) => {
    const result = trimReply(`${REPLY}\n\n${delimiter}\n${block}`);
    expect(result.visible).toBe(REPLY);
    expect(result.signature).toBe(`${delimiter}\n${block}`);
    expect(result.withSignature).toBe(`${REPLY}\n\n${delimiter}\n${block}`);
  });

  it.each([
    "Sent from my iPhone",
    "Sent from my Samsung Galaxy S24, please excuse typos",
    "Get Outlook for iOS<https://aka.ms/o0ukef>",
    "Odesláno z mého iPhonu",
    "Odesláno z iPhonu",
    "Envoyé de mon iPad",
    "Von meinem iPhone gesendet",
    "Enviado desde mi Android",
    "Wysłane z mojego telefonu",
  ])("mobile signature %j", (line) => {
    const result = trimReply(`${REPLY}\n\n${line}`);
    expect(result.visible).toBe(REPLY);
    expect(result.signature).toBe(line);
  });

  it("cuts the quoted mail that a phone puts under its signature", () => {
    const result = trimReply(`${REPLY}\n\nSent from my iPhone\n\nOn 12 Mar 2024, at 10:15, Petra <petra@firma.cz> wrote:\n\n${QUOTE}`);
    expect(result).toMatchObject({ visible: REPLY, signature: "Sent from my iPhone", withSignature: `${REPLY}\n\nSent from my iPhone` });
    expect(result.quoted).toContain("máte zájem");
  });

  it("keeps a sentence that only starts like a mobile signature", () => {
    const text = "Thanks!\n\nSent from my desk, which is much easier than typing on my phone.";
    expect(trimReply(text).visible).toBe(text);
  });

  it("keeps a plain sign-off with the name: it is part of what the candidate wrote", () => {
    const text = `${REPLY}\n\nS pozdravem\nJan Novák`;
    expect(trimReply(text)).toMatchObject({ visible: text, signature: null });
  });

  it("cuts a sign-off followed by name, title and phone", () => {
    const signature = "S pozdravem\n\nJan Novák\nSenior Java vývojář\n+420 777 123 456";
    const result = trimReply(`Dobrý den,\n\n${REPLY}\n\n${signature}`);
    expect(result.visible).toBe(`Dobrý den,\n\n${REPLY}`);
    expect(result.signature).toBe(signature);
  });

  it("cuts a closing block of contact details", () => {
    const signature = "Jan Novák\njan@novak.cz\n+420 777 123 456\nhttps://novak.dev";
    const result = trimReply(`Dobrý den,\n\n${REPLY}\n\n${signature}`);
    expect(result.visible).toBe(`Dobrý den,\n\n${REPLY}`);
    expect(result.signature).toBe(signature);
  });

  it("keeps a short closing paragraph with a link the candidate is sharing", () => {
    const text = "Here is my portfolio:\nhttps://novak.dev\n\nLooking forward to hearing from you.";
    expect(trimReply(text).visible).toBe(text);
  });

  it("keeps a dash inside a sentence and a markdown rule followed by prose", () => {
    const text =
      "The fix -- as agreed -- is deployed.\n\n## Notes\n----\n\nThe migration ran overnight and all the data was copied without errors.\nWe will check it again tomorrow morning with the whole team.";
    expect(trimReply(text).visible).toBe(text);
  });
});

describe("trimReply: where the reply sits", () => {
  it("a reply with no quote is kept whole", () => {
    const text = "Dobrý den,\n\ndoručuji životopis v příloze.\n\n- Java 17\n- Spring Boot\n\n    kód odsazený\n";
    expect(trimReply(text)).toEqual({
      visible: text.trimEnd(),
      withSignature: text.trimEnd(),
      quoted: "",
      signature: null,
    });
  });

  it("a reply in Czech: top-posted, signed, with Gmail's Czech quote", () => {
    const text = [
      "Dobrý den, paní Svobodová,",
      "",
      "děkuji za nabídku. Pohovor ve čtvrtek v 10:00 mi vyhovuje.",
      "",
      "S pozdravem",
      "Jan Novák",
      "",
      "čt 14. 3. 2024 v 9:02 odesílatel Petra Svobodová <petra@firma.cz> napsal:",
      "",
      "> Dobrý den, pane Nováku,",
      "> hodil by se Vám pohovor ve čtvrtek?",
      "> --",
      "> Petra Svobodová",
      "> HR, Firma s.r.o.",
    ].join("\n");
    const result = trimReply(text);
    expect(result.visible).toBe(
      "Dobrý den, paní Svobodová,\n\nděkuji za nabídku. Pohovor ve čtvrtek v 10:00 mi vyhovuje.\n\nS pozdravem\nJan Novák",
    );
    expect(result.quoted).toMatch(/^čt 14\. 3\. 2024 .* napsal:\n\n> Dobrý den, pane Nováku,/);
  });

  it("bottom posting: the answer under the quote is the reply", () => {
    const text = `On 12 Mar 2024, at 10:15, Petra <petra@firma.cz> wrote:\n${QUOTE}\n\n${REPLY}`;
    const result = trimReply(text);
    expect(result.visible).toBe(REPLY);
    expect(result.quoted).toContain("máte zájem o pozici Java vývojáře?");
  });

  it("inline answers keep every answer, with the questions as context", () => {
    const text = [
      "On 12 Mar 2024, at 10:15, Petra <petra@firma.cz> wrote:",
      "> When could you start?",
      "",
      "In two weeks.",
      "",
      "> What are your salary expectations?",
      "",
      "Around 90k.",
      "",
      "> Petra",
    ].join("\n");
    const result = trimReply(text);
    expect(result.visible).toBe(
      "> When could you start?\n\nIn two weeks.\n\n> What are your salary expectations?\n\nAround 90k.",
    );
    expect(result.quoted).toContain("wrote:");
  });

  it("a quote answered in the middle of a reply stays", () => {
    const text = "Hi Petra,\n\n> Can you send references?\n\nYes, attached.\n\nJan";
    expect(trimReply(text).visible).toBe(text);
  });

  it("a lone quote that ends the reply is cut", () => {
    const result = trimReply("Yes, Thursday works.\n\n> Does Thursday work for you?\n>");
    expect(result.visible).toBe("Yes, Thursday works.");
    expect(result.quoted).toBe("> Does Thursday work for you?\n>");
  });

  it("a reply's sign-off placed under the quote is kept, the quote is cut", () => {
    const text = `${REPLY}\n\nOn 12 Mar 2024, at 10:15, Petra <petra@firma.cz> wrote:\n\n${QUOTE}\n\nS pozdravem, Jan`;
    expect(trimReply(text).visible).toBe(`${REPLY}\n\nS pozdravem, Jan`);
  });

  it("an older mail of the thread under the quote is cut with it", () => {
    const text = [
      REPLY,
      "",
      "On 12 Mar 2024, at 10:15, Petra <petra@firma.cz> wrote:",
      "> Could you come on Thursday?",
      "",
      "Thursday is fine, see you.",
      "On 11 Mar 2024, at 09:00, Jan <jan@novak.cz> wrote:",
      "> Hello, I am interested.",
    ].join("\n");
    expect(trimReply(text).visible).toBe(REPLY);
  });

  it("keeps code fences as they are", () => {
    const text = "Here is the snippet:\n\n```\n> not a quote\n--\nOn 12 Mar 2024, at 10:15, x <x@y.cz> wrote:\n```\n\nThanks";
    expect(trimReply(text).visible).toBe(text);
  });

  it("normalises CRLF line endings", () => {
    expect(trimReply("Yes.\r\n\r\nOn 12 Mar 2024, at 10:15, Petra <petra@firma.cz> wrote:\r\n> Can you?\r\n").visible).toBe(
      "Yes.",
    );
  });
});

describe("trimReply: empty and hostile input", () => {
  it.each(["", "   ", "\n\n\t\n", "\uFEFF"])("empty reply %j", (text) => {
    expect(trimReply(text)).toEqual({ visible: "", withSignature: "", quoted: "", signature: null });
  });

  it("a reply that is only quoted history shows nothing, and keeps it all in quoted", () => {
    const text = `On 12 Mar 2024, at 10:15, Petra <petra@firma.cz> wrote:\n${QUOTE}`;
    expect(trimReply(text)).toEqual({ visible: "", withSignature: "", quoted: text, signature: null });
  });

  it("a message that is only a quote, without a header, is left alone", () => {
    expect(trimReply("> just this line").visible).toBe("> just this line");
  });

  it("HTML and script in a plain-text reply stay text", () => {
    const text = '<script>alert("x")</script>\n<img src=x onerror=alert(1)>\n&lt;b&gt;';
    const result = trimReply(`${text}\n\nOn 12 Mar 2024, at 10:15, Petra <petra@firma.cz> wrote:\n> <b>hi</b>`);
    expect(result.visible).toBe(text);
    expect(result.quoted).toContain("> <b>hi</b>");
  });

  it("nothing the sender wrote is lost: every line lands in exactly one part", () => {
    const text = `Hi,\n\nyes.\n\nThanks,\nJan\n-- \nJan Novák\n+420 777 123 456\n\nOn 12 Mar 2024, at 10:15, Petra <petra@firma.cz> wrote:\n${QUOTE}`;
    const result = trimReply(text);
    const parts = [result.visible, result.signature ?? "", result.quoted].join("\n");
    const lines = (s: string) => s.split("\n").filter((l) => l.trim() !== "");
    expect(lines(parts).sort()).toEqual(lines(text).sort());
  });

  it.each([
    ["a huge quote", `Reply\n\n${"> ".repeat(200_000)}x`],
    ["many dashes", "a -- b ".repeat(100_000)],
    ["many header-like lines", "On 5 May 2024 John\n".repeat(20_000)],
    ["many rule lines", "____\nshort\n".repeat(20_000)],
    ["many separators", "-----Original Message-----\n".repeat(20_000)],
    ["a huge word after a sign-off", `Hi\n\nyes.\n\nThanks,\nJan\n${"a".repeat(300_000)}`],
  ])("stays fast on %s", (_, text) => {
    const started = performance.now();
    trimReply(text);
    expect(performance.now() - started).toBeLessThan(2000);
  });
});
