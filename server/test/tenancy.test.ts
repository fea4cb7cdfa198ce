import { describe, expect, it } from "vitest";
import { actorFromApiToken } from "../src/modules/auth/auth.service";
import { pagePost } from "../src/modules/conversations/candidate-page.service";
import { appRouter } from "../src/trpc/router";
import { type Caller, draft, makeOpening, makeWorld, newRequestId, snapshot } from "./factory";

/**
 * Company A (the factory's "Acme") holds an opening, prospects (one decisioned), its own decisioned state,
 * an API token, a client and an import batch. Company B ("Rival", w.as.otherCompany, a super admin) has
 * its own opening and prospects, so that A's ids can also be smuggled into B's own calls.
 */
async function twoCompanies() {
  const w = await makeWorld();
  const insertClient = w.deps.db.$client.prepare("INSERT INTO clients (company_id, name, created_at) VALUES (?, ?, 0)");

  const oA = await makeOpening(w);
  const requestIdA = newRequestId();
  const janeDraft = { fullName: "Jane Doe", company: "Initech", profileUrl: "https://www.linkedin.com/in/jane-doe", emails: ["jane@example.com"], phones: ["+420 777 123 456"] };
  const pA = await w.as.recruiter.prospects.add({ requestId: requestIdA, openingId: oA.id, draft: draft(janeDraft) });
  const qA = await w.as.recruiter.prospects.add({ requestId: newRequestId(), openingId: oA.id, draft: draft({ fullName: "John Roe", profileUrl: "https://www.linkedin.com/in/john-roe" }) });
  const stateA = await w.as.superAdmin.decisionedStates.create({ name: "Acme-only reason", kind: "rejected" });
  await w.as.recruiter.applications.decide({ applicationId: qA.applicationId!, stateId: stateA.id });
  const tokenA = await w.as.superAdmin.auth.tokens.create({ name: "Acme token" });
  const clientA = Number(insertClient.run(w.companyId, "Globex").lastInsertRowid);
  const batchA = await w.as.admin.imports.preview({ openingId: oA.id, workflow: "prospecting", csv: "Name,Email\nAl Pha,al@example.com\n" });

  // Mail: a conversation with a message and its queued mail, a candidate answer (a notification), a template.
  await w.as.recruiter.conversations.post({ applicationId: pA.applicationId!, body: "Hello Jane" });
  const mailA = (await w.as.admin.mail.list({ direction: "out" })).items[0]!.id;
  const link = await w.as.recruiter.conversations.createCandidateLink({ applicationId: pA.applicationId! });
  pagePost(w.deps, link.url.split("/c/")[1]!, "Hello back");
  const notificationA = (await w.as.recruiter.notifications.list({})).items[0]!.id;
  const templateA = (await w.as.superAdmin.templates.list())[0]!.id;
  // Portal, agency side: a contact of A's client, a profile template, a task.
  const contactA = await w.as.admin.clients.createContact({ clientId: clientA, name: "Carl Client", email: "carl@globex.test" });
  const profileTemplateA = await w.as.superAdmin.shares.saveProfileTemplate({ name: "Acme profile", fields: ["name", "headline"] });
  const taskA = await w.as.recruiter.tasks.create({ title: "Call Jane", applicationId: pA.applicationId! });
  // Re-engagement: a saved search, an invitation send (Jane's general conversation), Jane's email.
  const savedA = await w.as.recruiter.reengage.savedSearches.create({ name: "Acme search", filters: { query: "jane" } });
  const sendA = await w.as.recruiter.reengage.invite({ requestId: newRequestId(), selection: { candidateIds: [pA.candidateId] }, target: { careersPage: true } });
  const emailA = (await w.as.recruiter.candidates.get({ candidateId: pA.candidateId })).candidate!.emails[0]!.id;
  // A document of Jane's (its row: the bytes are not needed to prove it cannot be reached).
  const documentA = Number(
    w.deps.db.$client
      .prepare(
        `INSERT INTO documents (company_id, candidate_id, kind, file_name, format, mime_type, size_bytes, sha256, source, text_status, created_at)
         VALUES (?, ?, 'resume', 'jane.pdf', 'pdf', 'application/pdf', 10, ?, 'upload', 'none', 0)`,
      )
      .run(w.companyId, pA.candidateId, "a".repeat(64)).lastInsertRowid,
  );

  const b = w.as.otherCompany;
  const oB = await b.openings.create({ title: "Rival opening", prospectingEnabled: true });
  const pB = await b.prospects.add({ requestId: newRequestId(), openingId: oB.id, draft: draft({ fullName: "Bob Rival", profileUrl: "https://www.linkedin.com/in/bob-rival" }) });
  const qB = await b.prospects.add({ requestId: newRequestId(), openingId: oB.id, draft: draft({ fullName: "Bea Rival", profileUrl: "https://www.linkedin.com/in/bea-rival" }) });
  const stateB = (await b.decisionedStates.list({}))[0]!;
  await b.applications.decide({ applicationId: qB.applicationId!, stateId: stateB.id });
  // B's opening is shareable (a client with an active contact), so only A's ids can make B's calls fail.
  const clientB = await b.clients.create({ name: "Rival client" });
  await b.openings.update({ openingId: oB.id, clientId: clientB.id });
  await b.clients.createContact({ clientId: clientB.id, name: "Rita Rival", email: "rita@rival-client.test" });

  return {
    w,
    b,
    a: {
      opening: oA,
      hiringStage: oA.hiringStages[0]!.id,
      prospectingStage: oA.prospectingStages[1]!.id,
      candidate: pA.candidateId,
      application: pA.applicationId!,
      decidedApplication: qA.applicationId!,
      otherCandidate: qA.candidateId,
      state: stateA.id,
      token: tokenA,
      client: clientA,
      batch: batchA.batchId,
      requestId: requestIdA,
      janeDraft,
      user: w.recruiter.userId,
      mail: mailA,
      notification: notificationA,
      template: templateA,
      contact: contactA.id,
      profileTemplate: profileTemplateA.id,
      task: taskA.id,
      savedSearch: savedA.id,
      send: sendA.id,
      email: emailA,
      document: documentA,
    },
    bOwn: {
      opening: oB,
      firstProspectingStage: oB.prospectingStages[0]!.id,
      candidate: pB.candidateId,
      application: pB.applicationId!,
      decidedApplication: qB.applicationId!,
      state: stateB.id,
      user: w.otherCompany.userId,
    },
  };
}
type Fx = Awaited<ReturnType<typeof twoCompanies>>;

/** Every procedure that takes an id, called by company B with company A's ids: each must be NOT_FOUND and change nothing. */
const notFoundCases: [string, (b: Caller, f: Fx) => Promise<unknown>][] = [
  ["openings.get", (b, { a }) => b.openings.get({ openingId: a.opening.id })],
  ["openings.update", (b, { a }) => b.openings.update({ openingId: a.opening.id, title: "Hijacked" })],
  ["openings.update — B's opening, A's user as owner", (b, { a, bOwn }) => b.openings.update({ openingId: bOwn.opening.id, ownerId: a.user })],
  ["openings.update — B's opening, A's client", (b, { a, bOwn }) => b.openings.update({ openingId: bOwn.opening.id, clientId: a.client })],
  ["openings.create — A's user as owner", (b, { a }) => b.openings.create({ title: "X", ownerId: a.user })],
  ["openings.create — A's user on the team", (b, { a }) => b.openings.create({ title: "X", teamUserIds: [a.user] })],
  ["openings.create — A's client", (b, { a }) => b.openings.create({ title: "X", clientId: a.client })],
  ["openings.setStatus", (b, { a }) => b.openings.setStatus({ openingId: a.opening.id, status: "closed" })],
  ["openings.archive", (b, { a }) => b.openings.archive({ openingId: a.opening.id })],
  ["openings.setProspecting", (b, { a }) => b.openings.setProspecting({ openingId: a.opening.id, enabled: false })],
  ["openings.team.add", (b, { a, bOwn }) => b.openings.team.add({ openingId: a.opening.id, userId: bOwn.user })],
  ["openings.team.add — B's opening, A's user", (b, { a, bOwn }) => b.openings.team.add({ openingId: bOwn.opening.id, userId: a.user })],
  ["openings.team.remove", (b, { a }) => b.openings.team.remove({ openingId: a.opening.id, userId: a.user })],
  ["openings.stages.add", (b, { a }) => b.openings.stages.add({ openingId: a.opening.id, workflow: "hiring", name: "Extra" })],
  ["openings.stages.rename", (b, { a }) => b.openings.stages.rename({ openingId: a.opening.id, stageId: a.hiringStage, name: "Hijacked" })],
  ["openings.stages.rename — B's opening, A's stage", (b, { a, bOwn }) => b.openings.stages.rename({ openingId: bOwn.opening.id, stageId: a.hiringStage, name: "Hijacked" })],
  ["openings.stages.reorder", (b, { a }) => b.openings.stages.reorder({ openingId: a.opening.id, workflow: "hiring", stageIds: a.opening.hiringStages.map((s) => s.id).reverse() })],
  ["openings.stages.remove", (b, { a }) => b.openings.stages.remove({ openingId: a.opening.id, stageId: a.hiringStage })],
  ["openings.stages.remove — B's opening, A's stage", (b, { a, bOwn }) => b.openings.stages.remove({ openingId: bOwn.opening.id, stageId: a.hiringStage })],
  [
    "openings.stages.remove — B's candidates sent to A's stage",
    (b, { a, bOwn }) => b.openings.stages.remove({ openingId: bOwn.opening.id, stageId: bOwn.firstProspectingStage, moveToStageId: a.prospectingStage }),
  ],
  ["decisionedStates.rename", (b, { a }) => b.decisionedStates.rename({ stateId: a.state, name: "Hijacked" })],
  ["decisionedStates.remove", (b, { a }) => b.decisionedStates.remove({ stateId: a.state })],
  ["decisionedStates.restore", (b, { a }) => b.decisionedStates.restore({ stateId: a.state })],
  ["users.changeRole", (b, { a }) => b.users.changeRole({ userId: a.user, role: "super_admin" })],
  ["users.setActive", (b, { a }) => b.users.setActive({ userId: a.user, active: false })],
  ["users.resetPassword", (b, { a }) => b.users.resetPassword({ userId: a.user })],
  ["candidates.list — A's opening", (b, { a }) => b.candidates.list({ tab: "prospects", openingId: a.opening.id })],
  ["candidates.get", (b, { a }) => b.candidates.get({ candidateId: a.candidate })],
  ["candidates.create — onto A's opening", (b, { a }) => b.candidates.create({ draft: draft({ fullName: "New Person" }), placement: { openingId: a.opening.id, workflow: "hiring" } })],
  ["candidates.update", (b, { a }) => b.candidates.update({ candidateId: a.candidate, title: "Hijacked" })],
  ["candidates.setDoNotContact", (b, { a }) => b.candidates.setDoNotContact({ candidateId: a.candidate, doNotContact: true })],
  ["candidates.dismissDuplicate", (b, { a, bOwn }) => b.candidates.dismissDuplicate({ candidateId: a.candidate, otherCandidateId: bOwn.candidate })],
  ["candidates.dismissDuplicate — B's first", (b, { a, bOwn }) => b.candidates.dismissDuplicate({ candidateId: bOwn.candidate, otherCandidateId: a.candidate })],
  ["candidates.merge — A's into B's", (b, { a, bOwn }) => b.candidates.merge({ targetId: bOwn.candidate, sourceId: a.candidate })],
  ["candidates.merge — B's into A's", (b, { a, bOwn }) => b.candidates.merge({ targetId: a.candidate, sourceId: bOwn.candidate })],
  ["candidates.addToOpening — A's candidate", (b, { a, bOwn }) => b.candidates.addToOpening({ candidateId: a.candidate, openingId: bOwn.opening.id, workflow: "hiring" })],
  ["candidates.addToOpening — A's opening", (b, { a, bOwn }) => b.candidates.addToOpening({ candidateId: bOwn.candidate, openingId: a.opening.id, workflow: "hiring" })],
  [
    "candidates.addToOpening — A's stage",
    (b, { a, bOwn }) => b.candidates.addToOpening({ candidateId: a.otherCandidate, openingId: bOwn.opening.id, workflow: "hiring", stageId: a.hiringStage }),
  ],
  ["applications.move", (b, { a }) => b.applications.move({ applicationId: a.application, stageId: a.hiringStage })],
  ["applications.move — B's application, A's stage", (b, { a, bOwn }) => b.applications.move({ applicationId: bOwn.application, stageId: a.hiringStage })],
  ["applications.decide", (b, { a, bOwn }) => b.applications.decide({ applicationId: a.application, stateId: bOwn.state })],
  ["applications.decide — B's application, A's state", (b, { a, bOwn }) => b.applications.decide({ applicationId: bOwn.application, stateId: a.state })],
  ["applications.reopen", (b, { a }) => b.applications.reopen({ applicationId: a.decidedApplication })],
  ["applications.reopen — B's application, A's stage", (b, { a, bOwn }) => b.applications.reopen({ applicationId: bOwn.decidedApplication, stageId: a.prospectingStage })],
  ["prospects.add — A's opening", (b, { a }) => b.prospects.add({ requestId: newRequestId(), openingId: a.opening.id, draft: draft({ fullName: "Sneaky" }) })],
  ["prospects.add — B's opening, A's stage", (b, { a, bOwn }) => b.prospects.add({ requestId: newRequestId(), openingId: bOwn.opening.id, stageId: a.prospectingStage, draft: draft({ fullName: "Sneaky" }) })],
  ["auth.tokens.revoke", (b, { a }) => b.auth.tokens.revoke({ id: a.token.id })],
  ["imports.preview — A's opening", (b, { a }) => b.imports.preview({ openingId: a.opening.id, workflow: "prospecting", csv: "Name\nAl Pha\n" })],
  ["imports.get", (b, { a }) => b.imports.get({ batchId: a.batch })],
  ["imports.commit", (b, { a }) => b.imports.commit({ batchId: a.batch, skipInvalid: true })],
  ["imports.rows", (b, { a }) => b.imports.rows({ batchId: a.batch, outcome: "skipped" })],
  ["templates.get", (b, { a }) => b.templates.get({ templateId: a.template })],
  ["templates.update", (b, { a }) => b.templates.update({ templateId: a.template, name: "Hijacked" })],
  ["templates.remove", (b, { a }) => b.templates.remove({ templateId: a.template })],
  ["templates.preview — A's application", (b, { a }) => b.templates.preview({ applicationId: a.application, subject: "x", body: "y" })],
  ["templates.preview — B's application, A's template", (b, { a, bOwn }) => b.templates.preview({ applicationId: bOwn.application, templateId: a.template })],
  ["applications.setFollowUp", (b, { a }) => b.applications.setFollowUp({ applicationIds: [a.application], followedUp: true })],
  ["applications.setFollowUp — B's and A's", (b, { a, bOwn }) => b.applications.setFollowUp({ applicationIds: [bOwn.application, a.application], followedUp: true })],
  ["applications.rate", (b, { a }) => b.applications.rate({ applicationIds: [a.application], rating: "shortlist" })],
  ["prospects.count — A's opening as filter", (b, { a }) => b.prospects.count({ filter: { openingId: a.opening.id } })],
  ["prospects.previewMessage — A's application", (b, { a }) => b.prospects.previewMessage({ selection: { applicationIds: [a.application] }, subject: "x", body: "y" })],
  ["prospects.previewMessage — A's opening as filter", (b, { a }) => b.prospects.previewMessage({ selection: { filter: { openingId: a.opening.id } }, subject: "x", body: "y" })],
  ["prospects.previewMessage — A's template", (b, { a, bOwn }) => b.prospects.previewMessage({ selection: { applicationIds: [bOwn.application] }, templateId: a.template })],
  ["prospects.sendMessage — A's application", (b, { a }) => b.prospects.sendMessage({ selection: { applicationIds: [a.application] }, subject: "x", body: "y" })],
  ["prospects.sendMessage — A's opening as filter", (b, { a }) => b.prospects.sendMessage({ selection: { filter: { openingId: a.opening.id } }, subject: "x", body: "y" })],
  ["prospects.sendMessage — A's template", (b, { a, bOwn }) => b.prospects.sendMessage({ selection: { applicationIds: [bOwn.application] }, templateId: a.template })],
  ["conversations.inbox — A's opening", (b, { a }) => b.conversations.inbox({ openingId: a.opening.id })],
  ["conversations.get", (b, { a }) => b.conversations.get({ applicationId: a.application })],
  ["conversations.post", (b, { a }) => b.conversations.post({ applicationId: a.application, body: "Hijacked" })],
  ["conversations.markRead", (b, { a }) => b.conversations.markRead({ applicationId: a.application })],
  ["conversations.createCandidateLink", (b, { a }) => b.conversations.createCandidateLink({ applicationId: a.application })],
  ["conversations.revokeCandidateLinks", (b, { a }) => b.conversations.revokeCandidateLinks({ applicationId: a.application })],
  ["conversations.onMessage", (b, { a }) => b.conversations.onMessage({ applicationId: a.application })],
  ["notifications.markRead", (b, { a }) => b.notifications.markRead({ notificationIds: [a.notification] })],
  ["mail.get", (b, { a }) => b.mail.get({ mailId: a.mail })],
  ["openings.setPublished", (b, { a }) => b.openings.setPublished({ openingId: a.opening.id, published: true })],
  ["tasks.create — A's application", (b, { a }) => b.tasks.create({ title: "Hijacked", applicationId: a.application })],
  ["tasks.create — A's user as assignee", (b, { a }) => b.tasks.create({ title: "Hijacked", assigneeId: a.user })],
  ["tasks.setDone", (b, { a }) => b.tasks.setDone({ taskId: a.task, done: true })],
  ["clients.get", (b, { a }) => b.clients.get({ clientId: a.client })],
  ["clients.update", (b, { a }) => b.clients.update({ clientId: a.client, name: "Hijacked" })],
  ["clients.createContact", (b, { a }) => b.clients.createContact({ clientId: a.client, name: "Mole", email: "mole@rival.test" })],
  ["clients.updateContact", (b, { a }) => b.clients.updateContact({ contactId: a.contact, active: false })],
  ["clients.inviteContact", (b, { a }) => b.clients.inviteContact({ contactId: a.contact })],
  ["shares.details", (b, { a }) => b.shares.details({ applicationId: a.application })],
  ["shares.share", (b, { a }) => b.shares.share({ applicationId: a.application })],
  ["shares.share — B's application, A's profile template", (b, { a, bOwn }) => b.shares.share({ applicationId: bOwn.application, profileTemplateId: a.profileTemplate })],
  ["shares.ofOpening", (b, { a }) => b.shares.ofOpening({ openingId: a.opening.id })],
  ["shares.portalLink", (b, { a }) => b.shares.portalLink({ openingId: a.opening.id })],
  ["shares.sendPortalLink", (b, { a }) => b.shares.sendPortalLink({ openingId: a.opening.id, contactIds: [a.contact], subject: "x", body: "y" })],
  ["shares.saveProfileTemplate", (b, { a }) => b.shares.saveProfileTemplate({ templateId: a.profileTemplate, name: "Hijacked", fields: ["name"] })],
  ["candidates.clearBounce", (b, { a }) => b.candidates.clearBounce({ candidateId: a.candidate, emailId: a.email })],
  ["candidates.clearBounce — B's candidate, A's email", (b, { a, bOwn }) => b.candidates.clearBounce({ candidateId: bOwn.candidate, emailId: a.email })],
  ["conversations.get — A's candidate's general conversation", (b, { a }) => b.conversations.get({ candidateId: a.candidate })],
  ["conversations.post — A's candidate's general conversation", (b, { a }) => b.conversations.post({ candidateId: a.candidate, body: "Hijacked" })],
  ["conversations.markRead — A's candidate's general conversation", (b, { a }) => b.conversations.markRead({ candidateId: a.candidate })],
  ["conversations.createCandidateLink — A's candidate", (b, { a }) => b.conversations.createCandidateLink({ candidateId: a.candidate })],
  ["conversations.revokeCandidateLinks — A's candidate", (b, { a }) => b.conversations.revokeCandidateLinks({ candidateId: a.candidate })],
  ["reengage.search — A's opening as past opening", (b, { a }) => b.reengage.search({ filters: { pastOpeningIds: [a.opening.id] } })],
  ["reengage.search — A's decisioned state", (b, { a }) => b.reengage.search({ filters: { decisionStateIds: [a.state] } })],
  ["reengage.search — A's decisioned state excluded", (b, { a }) => b.reengage.search({ filters: { excludeDecisionStateIds: [a.state] } })],
  ["reengage.matchingIds — A's opening", (b, { a }) => b.reengage.matchingIds({ filters: { pastOpeningIds: [a.opening.id] } })],
  ["reengage.savedSearches.create — A's opening in the filters", (b, { a }) => b.reengage.savedSearches.create({ name: "Sneaky", filters: { pastOpeningIds: [a.opening.id] } })],
  ["reengage.savedSearches.update", (b, { a }) => b.reengage.savedSearches.update({ id: a.savedSearch, name: "Hijacked" })],
  ["reengage.savedSearches.remove", (b, { a }) => b.reengage.savedSearches.remove({ id: a.savedSearch })],
  ["reengage.savedSearches.run", (b, { a }) => b.reengage.savedSearches.run({ id: a.savedSearch })],
  ["reengage.previewInvite — A's candidate", (b, { a }) => b.reengage.previewInvite({ selection: { candidateIds: [a.candidate] }, target: { careersPage: true } })],
  ["reengage.previewInvite — A's opening", (b, { bOwn, a }) => b.reengage.previewInvite({ selection: { candidateIds: [bOwn.candidate] }, target: { openingId: a.opening.id } })],
  ["reengage.previewInvite — A's template", (b, { bOwn, a }) => b.reengage.previewInvite({ selection: { candidateIds: [bOwn.candidate] }, target: { careersPage: true }, text: { templateId: a.template } })],
  ["reengage.invite — A's candidate", (b, { a }) => b.reengage.invite({ requestId: newRequestId(), selection: { candidateIds: [a.candidate] }, target: { careersPage: true } })],
  ["reengage.invite — A's opening", (b, { bOwn, a }) => b.reengage.invite({ requestId: newRequestId(), selection: { candidateIds: [bOwn.candidate] }, target: { openingId: a.opening.id } })],
  ["reengage.invite — A's template", (b, { bOwn, a }) => b.reengage.invite({ requestId: newRequestId(), selection: { candidateIds: [bOwn.candidate] }, target: { careersPage: true }, text: { templateId: a.template } })],
  ["reengage.invite — A's opening in the filters", (b, { a }) => b.reengage.invite({ requestId: newRequestId(), selection: { filters: { pastOpeningIds: [a.opening.id] } }, target: { careersPage: true } })],
  ["reengage.send", (b, { a }) => b.reengage.send({ sendId: a.send })],
  ["documents.list", (b, { a }) => b.documents.list({ candidateId: a.candidate })],
  ["documents.remove", (b, { a }) => b.documents.remove({ documentId: a.document })],
];

/** Bulk procedures that answer with a per-item report: another company's ids are reported as not visible, nothing changes. */
const skippedCases: [string, (b: Caller, f: Fx) => Promise<{ skipped: { applicationId: number; reason: string }[] }>, (f: Fx) => number[]][] = [
  ["shares.shareMany", (b, { a }) => b.shares.shareMany({ applicationIds: [a.application] }), ({ a }) => [a.application]],
  ["shares.unshareMany", (b, { a }) => b.shares.unshareMany({ applicationIds: [a.application] }), ({ a }) => [a.application]],
];

/** Procedures whose ids come as a complete list: another company's ids make the list wrong, which says nothing about them. */
const badRequestCases: [string, (b: Caller, f: Fx) => Promise<unknown>][] = [
  ["decisionedStates.reorder", (b, { a, bOwn }) => b.decisionedStates.reorder({ stateIds: [bOwn.state, a.state] })],
  ["openings.stages.reorder — B's opening, A's stages", (b, { a, bOwn }) => b.openings.stages.reorder({ openingId: bOwn.opening.id, workflow: "hiring", stageIds: a.opening.hiringStages.map((s) => s.id) })],
];

/** Procedures with an id in their input that are proved separately below (they answer, but find nothing of A's). */
const provedSeparately = ["duplicates.lookup"];

describe("tenancy: another company's ids are NOT_FOUND and change nothing", () => {
  for (const [name, call] of notFoundCases) {
    it(name, async () => {
      const f = await twoCompanies();
      const before = snapshot(f.w.deps.db);
      await expect(call(f.b, f)).rejects.toMatchObject({ code: "NOT_FOUND" });
      expect(snapshot(f.w.deps.db)).toBe(before);
    });
  }

  for (const [name, call] of badRequestCases) {
    it(`${name} is refused like any wrong list`, async () => {
      const f = await twoCompanies();
      const before = snapshot(f.w.deps.db);
      await expect(call(f.b, f)).rejects.toMatchObject({ code: "BAD_REQUEST" });
      expect(snapshot(f.w.deps.db)).toBe(before);
    });
  }

  for (const [name, call, ids] of skippedCases) {
    it(`${name} reports another company's ids as not visible`, async () => {
      const f = await twoCompanies();
      const before = snapshot(f.w.deps.db);
      const r = await call(f.b, f);
      expect(r.skipped.map((x) => [x.applicationId, x.reason])).toEqual(ids(f).map((id) => [id, "not_visible"]));
      expect(snapshot(f.w.deps.db)).toBe(before);
    });
  }

  it("every procedure that takes an id is in one of the tables above", () => {
    const covered = new Set([...notFoundCases, ...badRequestCases, ...skippedCases].map(([name]) => name.split(" ")[0]!).concat(provedSeparately));
    const takesId = Object.entries(appRouter._def.procedures as unknown as Record<string, { _def: { inputs: unknown[] } }>)
      .filter(([, p]) => p._def.inputs.some((s) => inputKeys(s).some((k) => /^id$|Id$|Ids$/.test(k))))
      .map(([path]) => path);
    expect(takesId.length).toBeGreaterThan(30);
    expect(takesId.filter((p) => !covered.has(p))).toEqual([]);
  });

  it("an API token of company A keeps working after company B tried to revoke it", async () => {
    const f = await twoCompanies();
    await expect(f.b.auth.tokens.revoke({ id: f.a.token.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(actorFromApiToken(f.w.deps, f.a.token.token)).toMatchObject({ companyId: f.w.companyId });
  });
});

describe("tenancy: another company's data is never found", () => {
  it("the duplicate check does not find another company's candidate", async () => {
    const f = await twoCompanies();
    const probe = { profileUrl: f.a.janeDraft.profileUrl, emails: f.a.janeDraft.emails, phones: f.a.janeDraft.phones, fullName: "Jane Doe", company: "Initech" };
    // Control: company A finds her.
    expect((await f.w.as.admin.duplicates.lookup(probe)).match?.candidateId).toBe(f.a.candidate);
    for (const one of [{ profileUrl: probe.profileUrl }, { emails: probe.emails }, { phones: probe.phones }]) {
      expect(await f.b.duplicates.lookup(one)).toEqual({ match: null, possible: [] });
    }
    expect(await f.b.duplicates.lookup({ fullName: "Jane Doe", company: "Initech", openingId: f.a.opening.id })).toEqual({ match: null, possible: [] });
  });

  it("adding the same person (same profile, same request id) in another company creates that company's own candidate", async () => {
    const f = await twoCompanies();
    const r = await f.b.prospects.add({ requestId: f.a.requestId, openingId: f.bOwn.opening.id, draft: draft(f.a.janeDraft) });
    expect(r).toMatchObject({ outcome: "created", replayed: false, openingId: f.bOwn.opening.id });
    expect(r.candidateId).not.toBe(f.a.candidate);
    // A's candidate is untouched: still one application, on A's opening.
    const jane = await f.w.as.admin.candidates.get({ candidateId: f.a.candidate });
    expect(jane.candidate?.applications.map((x) => x.openingId)).toEqual([f.a.opening.id]);
  });

  it("lists show only the caller's company", async () => {
    const f = await twoCompanies();
    const b = f.b;
    expect((await b.openings.list({})).items.map((o) => o.title)).toEqual(["Rival opening"]);
    for (const tab of ["all", "hiring", "prospects"] as const) {
      const names = (await b.candidates.list({ tab })).items.map((i) => i.candidate.fullName);
      expect(names).not.toContain("Jane Doe");
      expect(names).not.toContain("John Roe");
    }
    expect((await b.candidates.list({ tab: "all" })).items.map((i) => i.candidate.fullName).sort()).toEqual(["Bea Rival", "Bob Rival"]);
    expect((await b.candidates.list({ tab: "all", search: "Jane" })).items).toEqual([]);
    expect((await b.users.list()).map((u) => u.email)).toEqual(["boss@rival.test"]);
    expect((await b.decisionedStates.list({ includeRetired: true })).map((s) => s.name)).not.toContain("Acme-only reason");
    expect(await b.auth.tokens.list()).toEqual([]);
    expect((await b.company.get()).name).toBe("Rival Talent");
    expect((await b.conversations.inbox({})).items).toEqual([]);
    expect(await b.notifications.unreadCount()).toEqual({ unread: 0 });
    expect((await b.mail.list({ direction: "out" })).items).toEqual([]);
    expect((await b.mail.list({ direction: "in" })).items).toEqual([]);
    expect((await b.templates.list()).map((t) => t.id)).not.toContain(f.a.template);
  });
});

describe("tenancy: anonymous callers", () => {
  const publicProcedures = ["auth.signIn", "auth.signOut", "auth.createExtensionToken"];

  it("every procedure except signing in and out is UNAUTHORIZED without a user, and changes nothing", async () => {
    const w = await makeWorld();
    await makeOpening(w);
    const before = snapshot(w.deps.db);
    const paths = Object.keys(appRouter._def.procedures).filter((p) => !publicProcedures.includes(p));
    expect(paths.length).toBeGreaterThan(40);
    for (const path of paths) {
      const err = await procedureAt(w.as.anonymous, path)({}).then(
        () => null,
        (e: unknown) => e,
      );
      expect(err, path).toMatchObject({ code: "UNAUTHORIZED" });
    }
    expect(snapshot(w.deps.db)).toBe(before);
  });
});

/** The keys of a zod object input (through .default() and similar wrappers). */
/** Every key an input schema names, nested objects, unions (either kind of thread or selection), arrays and wrappers included. */
function inputKeys(schema: unknown, depth = 0): string[] {
  const s = schema as { shape?: Record<string, unknown>; _zod?: { def?: { innerType?: unknown; options?: unknown[]; element?: unknown } } } | undefined;
  if (!s || depth > 6) return [];
  const def = s._zod?.def;
  if (s.shape) return Object.entries(s.shape).flatMap(([k, v]) => [k, ...inputKeys(v, depth + 1)]);
  if (def?.options) return def.options.flatMap((o) => inputKeys(o, depth + 1));
  if (def?.innerType) return inputKeys(def.innerType, depth + 1);
  if (def?.element) return inputKeys(def.element, depth + 1);
  return [];
}

/** caller["a.b.c"] as a function, so every procedure can be called by its path. */
function procedureAt(caller: Caller, path: string): (input: unknown) => Promise<unknown> {
  let node: unknown = caller;
  for (const key of path.split(".")) node = (node as Record<string, unknown>)[key];
  return node as (input: unknown) => Promise<unknown>;
}
