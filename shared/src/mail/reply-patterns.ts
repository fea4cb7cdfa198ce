// Line recognisers for the email reply trimmer (trim-reply.ts). Each one answers a narrow question
// about one line, or a few joined lines, of a plain-text email: is this the header a mail client
// writes above the quoted message ("On <date>, <name> wrote:"), an Outlook-style header block, a
// forwarded/original-message separator, a signature delimiter, a "Sent from my phone" line, a
// sign-off, contact details? The decisions about what to cut live in trim-reply.ts.
//
// Every regex here is applied to one line or to a short join of lines (capped in length by the
// caller) and avoids nested quantifiers, so a hostile or huge body cannot make it backtrack.

const EMAIL = /[\p{L}\p{N}._%+'-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+/u;
/** An address in <…>, (…), […], or "mailto:", as clients write it after a name. */
const BRACKETED_EMAIL = /(?:<|&lt;|\(|\[|mailto:)\s*[^\s<>()]*@[^\s<>()]+/iu;
const YEAR = /(?:^|\D)(?:19|20)\d\d(?:\D|$)/;
const TIME = /(?:^|\D)\d{1,2}[:.h]\d\d(?:\D|$)/;
const NUMERIC_DATE = /\d{1,4}[./-]\s?\d{1,2}[./-]\s?\d{1,4}/;

export function hasDateToken(s: string): boolean {
  return YEAR.test(s) || TIME.test(s) || NUMERIC_DATE.test(s);
}

/** Only for short text (a header line): on a long run of letters the address pattern is slow. */
export function hasEmailAddress(s: string): boolean {
  return s.length <= 1000 && EMAIL.test(s);
}

// ---------------------------------------------------------------------------------------------
// "On <date>, <name> wrote:" — the line a client puts above the message it quotes.

/** Words a reply header starts with ("On …", "Le …", "Am …", "Dne …", "W dniu …"). */
const HEADER_PREPOSITION =
  /^(?:on|at|le|am|el|il|in data|il giorno|em|op|den|dne|dňa|dnia|w dniu|på|vào|στις|în|la|kl\.|in message|el día|ngày)\s/iu;
/** A weekday or other short word, then a number: "tir. 18. apr.", "ср, 30 апр.", "po 12. 3. 2024". */
const WORD_THEN_NUMBER = /^\p{L}{1,12}\.?,?\s+\d/u;
const CJK_HEADER_START = /^(?:在|於|于)/u;

// "wrote" in the languages our candidates and clients write in. Order matters where one is a
// prefix of another ("napisał(a)" before "napisał").
const WROTE = [
  "wrote",
  "writes",
  "said",
  "says",
  "sent",
  "a écrit",
  "a ecrit",
  "nous a dit",
  "schrieben Sie",
  "schrieb",
  "geschrieben",
  "het volgende geschreven",
  "schreef",
  "escribió",
  "escribio",
  "ha escrit",
  "va escriure",
  "escreveu",
  "ha scritto",
  "scrisse",
  "napisał\\(a\\)",
  "napisała",
  "napisał",
  "napisal\\(a\\)",
  "napisal",
  "pisze",
  "napsal\\(a\\)",
  "napsala",
  "napsal",
  "napísal\\(a\\)",
  "napísala",
  "napísal",
  "skrev",
  "kirjoitti",
  "írta",
  "yazdı",
  "написал\\(а\\)",
  "написала",
  "написал",
  "пишет",
  "написав",
  "пише",
  "έγραψε",
  "a scris",
  "đã viết",
  "rašė",
].join("|");
const WROTE_CJK = ["写道", "寫道", "작성", "のメッセージ", "書きました"].join("|");

/** The header ends with the verb ("… wrote:", "… a écrit :", "… 写道："). */
const ENDS_WITH_WROTE = new RegExp(
  `(?:(?:^|[\\s"'»>)\\]])(?:${WROTE})|(?:${WROTE_CJK}))\\s*[:：]?$`,
  "iu",
);
/** The verb comes first and the name or date after it: "Name <x@y> schrieb am Fr., 28. Apr. 2017 um 11:53 Uhr:",
 * "Op 10 dec. 2015 18:35 schreef "Name" <x@y>:", "tir. 18. apr. 2017 kl. 13:09 skrev Name <x@y>:". */
const WROTE_THEN_MORE = new RegExp(`(?:^|\\s)(?:${WROTE})\\s.{1,160}[:：]$`, "iu");
/** Verbs strong enough to make "Name <address> wrote:" a header without a date. */
const STRONG_WROTE = /(?:^|\s)(?:wrote|writes|schrieb|a écrit|escribió|escreveu|ha scritto|napisał|napsal|skrev)\b/iu;
/** "… <name@example.com>:" / "… (name@example.com):" / "… name@example.com:" at the end. */
const ENDS_WITH_ADDRESS = /(?:@[^\s<>()]+(?:>|&gt;)+|@[^\s<>()]+\)|@[\p{L}\p{N}.-]+)\s*[:：]?$/u;
/** "2016-03-03 17:21 GMT+01:00 Some One" (Gmail in some locales, no address, no colon). */
const ISO_DATE_GMT_NAME = /^\d{4}-\d\d-\d\d \d{1,2}:\d\d GMT[+-]\d\d:?\d\d \S.{0,80}$/;
const FRAMED = /^\s*-{2,}.*\S\s*-{2,}\s*$/;
/** "2013/7/20 …", "2011-04-07 …", "30.09.2017 …": a whole date first. */
const LEADING_DATE = /^(?:\d{4}[./-]\s?\d{1,2}[./-]\s?\d{1,2}|\d{1,2}[./-]\s?\d{1,2}[./-]\s?\d{2,4})(?:\D|$)/;

/** Does this line begin the way a reply header does: "On …", "Dne …", a date, "tir. 18. …", "在 …"? */
export function startsLikeReplyHeader(line: string): boolean {
  const s = line.replace(/^[\s>*\-–—]+/, "");
  return HEADER_PREPOSITION.test(s) || /^\d/.test(s) || WORD_THEN_NUMBER.test(s) || CJK_HEADER_START.test(s);
}

/** Could a reply header start on this line? Cheap pre-check before joining following lines. */
export function couldStartReplyHeader(line: string): boolean {
  const s = line.replace(/^[\s>*\-–—]+/, "");
  if (s.length === 0 || s.length > 250) return false;
  return (
    HEADER_PREPOSITION.test(s) ||
    /^\d/.test(s) ||
    WORD_THEN_NUMBER.test(s) ||
    CJK_HEADER_START.test(s) ||
    s.includes("@") ||
    /(?:<|&lt;|\()\s*$/.test(s) ||
    /\svia\s/i.test(s) ||
    FRAMED.test(line)
  );
}

/** Is this (possibly joined) text a reply header such as "On Tue, 1 Mar 2011 at 18:02, Jan <jan@x.cz> wrote:"? */
export function isReplyHeader(text: string): boolean {
  const framed = FRAMED.test(text);
  const s = text
    .replace(/^[\s>*\-–—]+/, "")
    .replace(/[\s*\-–—]+$/, "")
    .replace(/\s+/g, " ");
  if (s.length < 6 || s.length > 320) return false;

  const preposition = HEADER_PREPOSITION.test(s) || CJK_HEADER_START.test(s);
  const dateFirst = /^\d/.test(s) || WORD_THEN_NUMBER.test(s) || preposition;
  const date = hasDateToken(s);
  const address = EMAIL.test(s) || /mailto:/i.test(s);
  const colon = /[:：]$/.test(s);

  if (ENDS_WITH_WROTE.test(s)) {
    if (dateFirst && (date || address) && (colon || preposition || framed)) return true;
    // "Some One <info@example.org> wrote:", "name via Discourse Meta wrote:", "---- Name wrote ----"
    if (colon && BRACKETED_EMAIL.test(s) && STRONG_WROTE.test(s) && s.length <= 200) return true;
    if (colon && /\svia\s/i.test(s) && STRONG_WROTE.test(s) && s.length <= 160) return true;
    if (framed && STRONG_WROTE.test(s) && s.length <= 160) return true;
    return false;
  }
  if (colon && date && WROTE_THEN_MORE.test(s) && (dateFirst || BRACKETED_EMAIL.test(s))) return true;
  // No verb at all: "2014-10-17 11:28 GMT+03:00 Name <x@y>:", "30.09.2017, 18.30, "Name" <x@y>:",
  // "Thu, 26 Jun 2014 14:00:51 +0400 от Name <x@y>:", "2013/7/20 name via Forum <x@y>".
  if (date && dateFirst && ENDS_WITH_ADDRESS.test(s) && s.length <= 200) {
    return colon || LEADING_DATE.test(s);
  }
  return ISO_DATE_GMT_NAME.test(s);
}

// ---------------------------------------------------------------------------------------------
// Forwarded / original message separators.

const SEPARATOR_PHRASES = [
  "original message",
  "reply message",
  "forwarded message",
  "message transféré",
  "message d'origine",
  "message d’origine",
  "message original",
  "mensaje original",
  "mensaje reenviado",
  "ursprüngliche nachricht",
  "weitergeleitete nachricht",
  "originalnachricht",
  "antwort nachricht",
  "messaggio originale",
  "messaggio inoltrato",
  "oorspronkelijk bericht",
  "origineel bericht",
  "doorgestuurd bericht",
  "oprindelig meddelelse",
  "oprindelig besked",
  "videresendt meddelelse",
  "opprinnelig melding",
  "videresendt melding",
  "ursprungligt meddelande",
  "vidarebefordrat meddelande",
  "původní zpráva",
  "přeposlaná zpráva",
  "pôvodná správa",
  "preposlaná správa",
  "wiadomość oryginalna",
  "oryginalna wiadomość",
  "przekazana wiadomość",
  "wiadomość przekazana dalej",
  "исходное сообщение",
  "пересылаемое сообщение",
  "оригінальне повідомлення",
  "переслане повідомлення",
  "alkuperäinen viesti",
  "välitetty viesti",
  "eredeti üzenet",
  "továbbított üzenet",
  "mensagem original",
  "mensagem encaminhada",
  "orijinal mesaj",
  "iletilen mesaj",
  "原始邮件",
  "原始郵件",
  "转发的邮件",
  "転送されたメッセージ",
  "元のメッセージ",
].join("|");
const DASHED_SEPARATOR = new RegExp(
  `^[\\s>]*\\*?\\s*-{2,}\\s*(?:${SEPARATOR_PHRASES})\\s*-*\\s*\\*?\\s*$`,
  "iu",
);
const FORWARD_INTRO_PHRASES = [
  "begin forwarded message",
  "début du message réexpédié",
  "début du message transféré",
  "anfang der weitergeleiteten nachricht",
  "inicio del mensaje reenviado",
  "začátek přeposlané zprávy",
  "inizio messaggio inoltrato",
  "begin doorgestuurd bericht",
  "início da mensagem reencaminhada",
  "początek przekazywanej wiadomości",
].join("|");
const FORWARD_INTRO = new RegExp(`^[\\s>]*(?:${FORWARD_INTRO_PHRASES})\\s*[:：]?\\s*$`, "iu");

/** "-----Original Message-----", "---------- Forwarded message ---------", "Begin forwarded message:", localised. */
export function isSeparatorLine(line: string): boolean {
  return line.length <= 120 && (DASHED_SEPARATOR.test(line) || FORWARD_INTRO.test(line));
}

// ---------------------------------------------------------------------------------------------
// Outlook-style header blocks: "From: …", "Sent: …", "To: …", "Subject: …", in many languages.

export type FieldKind = "from" | "date" | "to" | "cc" | "subject" | "replyTo";

const FIELD_NAMES: Record<FieldKind, string[]> = {
  from: [
    "from",
    "de",
    "von",
    "van",
    "da",
    "fra",
    "från",
    "od",
    "от",
    "від",
    "lähettäjä",
    "feladó",
    "kimden",
    "expéditeur",
    "remitente",
    "mittente",
    "afzender",
    "avsändare",
    "nadawca",
    "发件人",
    "寄件者",
    "差出人",
  ],
  date: [
    "sent",
    "date",
    "datum",
    "envoyé le",
    "envoyé",
    "gesendet",
    "enviado el",
    "enviada em",
    "enviado",
    "fecha",
    "data",
    "inviato",
    "verzonden",
    "sendt",
    "skickat",
    "odesláno",
    "odoslané",
    "wysłano",
    "отправлено",
    "дата",
    "надіслано",
    "lähetetty",
    "päivämäärä",
    "elküldve",
    "gönderildi",
    "tarih",
    "message du",
    "发送时间",
    "日期",
    "送信日時",
  ],
  to: [
    "to",
    "à",
    "a",
    "an",
    "para",
    "aan",
    "til",
    "till",
    "komu",
    "do",
    "кому",
    "vastaanottaja",
    "címzett",
    "kime",
    "alıcı",
    "destinataire",
    "destinatario",
    "收件人",
    "宛先",
  ],
  cc: ["cc", "kopie", "copie à", "copie", "copia", "dw", "копия", "kopio", "másolat", "bilgi", "抄送"],
  subject: [
    "subject",
    "objet",
    "sujet",
    "betreff",
    "asunto",
    "assunto",
    "oggetto",
    "onderwerp",
    "emne",
    "ämne",
    "předmět",
    "predmet",
    "temat",
    "тема",
    "aihe",
    "tárgy",
    "konu",
    "主题",
    "主旨",
    "件名",
  ],
  replyTo: ["reply-to", "risposta", "répondre à", "beantwoorden - aan", "responder a", "antwort an"],
};

const FIELD_LINES: [FieldKind, RegExp][] = (Object.keys(FIELD_NAMES) as FieldKind[]).map((kind) => [
  kind,
  new RegExp(`^[ \\t]*\\*{0,2}(?:${FIELD_NAMES[kind].join("|")})\\*{0,2}[ \\t]*[:：]`, "iu"),
]);

/** The kind of header field this line starts with ("*From:* …", "Envoyé le :…", "Předmět: …"), or null. */
export function headerFieldKind(line: string): FieldKind | null {
  if (line.length > 400) return null;
  for (const [kind, re] of FIELD_LINES) if (re.test(line)) return kind;
  return null;
}

// ---------------------------------------------------------------------------------------------
// Signatures.

/** "-- " (RFC 3676) and its common mangling "--": everything after it is the signature. */
export function isStrongSignatureDelimiter(line: string): boolean {
  return /^--[ \t]?$/.test(line);
}

/** A line of only "___", "===", "***", "---", "~~~", "###", "+++" (or Gmail's "ᐧ"): maybe a signature or footer rule. */
export function isRuleLine(line: string): boolean {
  return /^[ \t]*(?:[-_=+~#*]{2,}|ᐧ)[ \t]*$/u.test(line) || /^[ \t]*(?:[-_=]\s?){3,}$/.test(line);
}

const MOBILE_SIGNATURES: RegExp[] = [
  // English: "Sent from my iPhone", "Sent with Airmail", "(Sent from mobile device)", "<<sent by galaxy>>"
  /^[(<]*\s*sent (?:from|via|with|by|using) .{1,60}$/iu,
  /^\S+ from mobile$/iu,
  /^from my (?:iphone|ipad|ipod|android|mobile|phone|samsung|galaxy|blackberry|cell)\b.{0,20}$/iu,
  /^\(?(?:sent )?via (?:my )?(?:mobile|phone|cell(?: ?phone)?|iphone|ipad|android)\)?\.?$/iu,
  /^(?:get|download) outlook for /iu,
  // French, German, Italian, Spanish, Portuguese, Dutch
  /^envoyé (?:depuis|de|à partir de|avec) /iu,
  /^von meinem .{1,60} gesendet/iu,
  /^diese nachricht wurde von .{1,80} gesendet/iu,
  /^gesendet (?:von|vom|mit|über) /iu,
  /^inviato (?:da|dal|con) /iu,
  /^enviado (?:desde|con|do|de|pelo|pela|a partir do) /iu,
  /^verzonden (?:met|vanaf|van|via) /iu,
  /^verstuurd (?:met|vanaf|van|via) /iu,
  // Scandinavian, Finnish
  /^sendt (?:fra|från) /iu,
  /^skickat från /iu,
  /^från min /iu,
  /^lähetetty /iu,
  // Czech, Slovak, Polish, Russian, Ukrainian
  /^odesláno (?:z|ze|pomocí|přes) /iu,
  /^odoslané (?:z|zo|pomocou|cez) /iu,
  /^wysłane (?:z|ze|przy użyciu|przez) /iu,
  /^отправлено (?:с|из|через) /iu,
  /^надіслано (?:з|із|через) /iu,
  // Chinese, Japanese
  /^(?:從我的|从我的|發自我的|发自我的|来自我的|寄自我的)\s?\S+/u,
  /\S(?:から送信|より送信)$/u,
];

// After the device name a mobile signature may excuse itself ("please excuse typos"); any other
// continuation makes it a sentence of the reply ("Sent from my desk, is much easier than …").
const SIGNATURE_APOLOGY = /^(?:please |pls |)(?:excuse|forgive|pardon|sorry|apologies|typos|brevity)/iu;

/** "Sent from my iPhone", "Odesláno z iPhonu", "Get Outlook for iOS", "Envoyé de mon iPad". */
export function isMobileSignature(rawLine: string): boolean {
  if (rawLine.length > 200) return false;
  const line = rawLine
    .replace(/\[([^\]]{1,80})\]\([^)]{0,300}\)/g, "$1") // markdown links
    .replace(/\s*<https?:[^>]{0,300}>/g, "") // "Sent from Outlook Mobile<https://…>"
    .trim();
  if (!MOBILE_SIGNATURES.some((re) => re.test(line))) return false;
  const rest = /[,.;!]\s+(.*)$/u.exec(line);
  if (rest?.[1] && !SIGNATURE_APOLOGY.test(rest[1])) return false;
  return true;
}

const SIGN_OFF = new RegExp(
  "^[-–—\\s]*(?:" +
    [
      "(?:best|kind|warm|warmest|kindest|many|with|warm and)?\\s*(?:regards|wishes)",
      "all the best",
      "best",
      "cheers",
      "thanks(?: again| a lot| so much)?",
      "many thanks",
      "thank you(?: very much| so much)?",
      "thx",
      "sincerely(?: yours)?",
      "yours(?: truly| sincerely| faithfully)?",
      "respectfully",
      "cordially",
      "take care",
      "talk soon",
      "greetings",
      "mit freundlichen grüßen",
      "(?:viele|liebe|beste|herzliche) grüße",
      "grüße",
      "gruß",
      "lg",
      "cordialement",
      "bien (?:à vous|cordialement)",
      "merci(?: beaucoup)?",
      "(?:un )?saludos?(?: cordiales)?",
      "atentamente",
      "gracias",
      "cordiali saluti",
      "saluti",
      "grazie(?: mille)?",
      "met vriendelijke groet(?:en)?",
      "groeten",
      "pozdrawiam",
      "z poważaniem",
      "s pozdravem",
      "se srdečným pozdravem",
      "díky",
      "děkuji",
      "předem děkuji",
      "hezký den",
      "med vänlig hälsning",
      "vänliga hälsningar",
      "hälsningar",
      "med venlig hilsen",
      "venlig hilsen",
      "hilsen",
      "mvh",
      "с уважением",
      "спасибо",
      "obrigad[oa]",
      "atenciosamente",
      "abraços?",
    ].join("|") +
    ")(?=[\\s,.!]|$)",
  "iu",
);
/** What may follow the phrase on the same line: punctuation, a capitalised name, an emoji. Case-sensitive. */
const SIGN_OFF_TAIL = /^[\s,.!]*(?:\p{Lu}[\p{L}.'’-]*(?:\s\p{Lu}[\p{L}.'’-]*){0,2})?[\s,.!]*[\p{Extended_Pictographic}\s]*$/u;

/** "Regards,", "Best,", "Thanks!", "S pozdravem", "Regards, Roman", "Cheers 🎉". */
export function isSignOff(line: string): boolean {
  const s = line.trim();
  if (s.length === 0 || s.length > 40) return false;
  const phrase = SIGN_OFF.exec(s);
  return phrase !== null && SIGN_OFF_TAIL.test(s.slice(phrase[0].length));
}

/** "Jan Novák", "Stavros Xxxxxx", "Mary-Ann O'Neil": a few capitalised words and nothing else. */
export function isNameLine(line: string): boolean {
  const s = line.trim();
  return s.length <= 40 && /^\p{Lu}[\p{L}.'’-]*(?:\s\p{Lu}[\p{L}.'’-]*){0,3}$/u.test(s);
}

const PHONE = /(?:^|[^\d])\+?\(?\d[\d\s()./-]{5,}\d(?:[^\d]|$)/;
const URL = /(?:https?:\/\/|www\.)\S+/i;
const CONTACT_LABEL = /^\s*(?:tel|phone|mobile|mobil|mob|cell|fax|skype|linkedin|web|e-?mail|[tmfpe])\.?\s*[:.]\s*\S/iu;

/** An email address, URL, phone number or "tel:"-style labelled line (a short one). */
export function isContactLine(line: string): boolean {
  if (line.length > 300) return false;
  if (EMAIL.test(line) || URL.test(line) || CONTACT_LABEL.test(line)) return true;
  const phone = PHONE.exec(line);
  return phone !== null && (phone[0].match(/\d/g)?.length ?? 0) >= 7;
}

/** A sentence of the reply rather than a signature line: several words ending like a sentence. */
export function isProse(line: string): boolean {
  const s = line.trim();
  return /[.!?]["')\]]?$/.test(s) && s.split(/\s+/).length >= 5;
}
