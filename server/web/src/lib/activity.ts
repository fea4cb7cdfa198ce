/** One line of text for an activity (timeline, dashboard); names come from the data and render as text. */
export function describeActivity(type: string, data: Record<string, unknown>): string {
  const s = (v: unknown) => (typeof v === "string" ? v : v == null ? "" : JSON.stringify(v));
  const obj = (v: unknown) => (v && typeof v === "object" ? (v as Record<string, unknown>) : {});
  switch (type) {
    case "candidate.created": {
      const added = `Added to the database (${s(data.source).replace("_", " ")})`;
      return data.opening ? `${added} and put on ${s(data.opening)} — ${s(data.workflow)}: ${s(data.stage)}` : added;
    }
    case "candidate.updated":
      return data.identitiesChanged ? "Profile and contact details edited" : "Profile edited";
    case "candidate.dnc_set":
      return `Marked do not contact: ${s(data.reason)}`;
    case "candidate.dnc_cleared":
      return "Do-not-contact removed";
    case "candidate.merged":
      return `Merged with ${s(data.mergedName)}`;
    case "application.created":
      return `Put on ${s(data.opening) || "an opening"} — ${s(data.workflow)}: ${s(data.stage)}`;
    case "application.moved": {
      const b = obj(data.before);
      const a = obj(data.after);
      const wf = a.workflow && a.workflow !== b.workflow ? ` (${s(b.workflow)} → ${s(a.workflow)})` : "";
      return `Moved from ${s(b.stage)} to ${s(a.stage)}${wf}`;
    }
    case "application.decisioned":
      return `Decisioned: ${s(data.state)}${data.note ? ` — ${s(data.note)}` : ""}`;
    case "application.reopened":
      return `Reopened into ${s(obj(data.after).stage)}`;
    case "application.followed_up":
      return "Marked as followed up";
    case "application.follow_up_cleared":
      return "Follow-up flag cleared";
    case "application.rated": {
      const label = (r: unknown) => (r === "shortlist" ? "Shortlist" : r === "not_a_fit" ? "Not a fit for this job" : "no rating");
      return data.after ? `Rated: ${label(data.after)}` : "Rating cleared";
    }
    case "application.shared":
      return `Shared with ${s(data.clientName) || "the client"} on the client portal`;
    case "application.unshared":
      return "Unshared from the client portal";
    case "portal.viewed":
      return "Viewed on the client portal";
    case "portal.rated": {
      const n = typeof data.rating === "number" ? Math.max(0, Math.min(5, Math.round(data.rating))) : 0;
      return `Rated ${n}/5 on the client portal (${"★".repeat(n)}${"☆".repeat(5 - n)})`;
    }
    case "portal.feedback":
      return `Client feedback: ${s(data.comment)}`;
    case "portal.interview_requested": {
      const slots = Array.isArray(data.slots) ? data.slots.map(obj) : [];
      const when = slots.map((sl) => `${s(sl.localDateTime).replace("T", " ")} (${s(sl.timeZone)})`).join("; ");
      return `Client asked for an interview${when ? `: ${when}` : ""}${data.note ? ` — ${s(data.note)}` : ""}`;
    }
    case "portal.hire_requested":
      return `Client wants to hire${data.note ? ` — ${s(data.note)}` : ""}`;
    case "portal.rejected":
      return `Rejected by the client${data.reason ? `: ${s(data.reason)}` : ""}`;
    case "task.created":
      return `Task: ${s(data.title)}`;
    case "opening.portal_link_sent":
      return "Client portal link sent to the client";
    case "conversation.message_sent":
      return "Message sent";
    case "reengage.invited":
      return data.careersPage
        ? "Invited to look at the careers page"
        : `Invited to apply for ${s(data.opening) || "an opening"}${data.prospectCreated ? ` — now a prospect there (${s(data.stage)})` : ""}`;
    case "reengage.send_started":
      return `Invitations sent${data.opening ? ` for ${s(data.opening)}` : " to the careers page"}`;
    case "candidate.bounce_cleared":
      return `Bounce cleared: ${s(data.email)} is mailed again`;
    case "conversation.message_received":
      return data.channel === "email" ? "Answered by email" : data.channel === "page" ? "Answered on the conversation page" : "Message received";
    case "conversation.reply_kept":
      return "Email reply kept for admins (not added to the conversation)";
    case "conversation.link_created":
      return "Private conversation link created";
    case "conversation.links_revoked":
      return "Private conversation links revoked";
    case "template.created":
      return `Message template created: ${s(data.name)}`;
    case "template.updated":
      return `Message template edited: ${s(data.name)}`;
    case "template.removed":
      return `Message template deleted: ${s(data.name)}`;
    case "prospect.note":
      return `Note: ${s(data.note)}`;
    case "opening.created":
      return `Opening created: ${s(data.title)}`;
    case "opening.updated":
      return "Opening details edited";
    case "opening.status_changed":
      return `Opening status ${s(data.before)} → ${s(data.after)}`;
    case "opening.prospecting_on":
      return "Prospecting switched on";
    case "opening.prospecting_off":
      return "Prospecting switched off";
    case "opening.published":
      return "Published on the careers page";
    case "opening.unpublished":
      return "Taken off the careers page";
    case "document.added":
      return `Document added: ${s(data.fileName)}`;
    case "document.removed":
      return `Document removed: ${s(data.fileName)}`;
    case "application.submitted": {
      const applied = `Applied on the careers page for ${s(data.opening) || "an opening"}${data.movedFromProspecting ? " (moved from prospecting to hiring)" : ""}`;
      // Linked by email alone: nothing they typed was added to the profile, so it is shown here.
      const typed = obj(data.typed);
      const given = [typed.name, typed.email, typed.phone, typed.profileUrl].map(s).filter(Boolean).join(", ");
      if (data.linkedBy === "email" && given) return `${applied} — matched by email; they typed: ${given}`;
      const dup = obj(data.possibleDuplicateOf);
      if (dup.reason) return `${applied} — ${dup.reason === "phone" ? "phone number" : "profile URL"} already known on another person (possible duplicate)`;
      return applied;
    }
    case "opening.team_added":
      return "Hiring team member added";
    case "opening.team_removed":
      return "Hiring team member removed";
    case "stage.added":
      return `Stage added: ${s(data.name)} (${s(data.workflow)})`;
    case "stage.renamed":
      return `Stage renamed: ${s(data.before)} → ${s(data.after)}`;
    case "stage.reordered":
      return `Stages reordered (${s(data.workflow)})`;
    case "stage.removed":
      return `Stage removed: ${s(data.name)}${data.movedTo ? `, candidates moved to ${s(data.movedTo)}` : ""}`;
    case "import.committed":
      return `Bulk upload ${s(data.fileName) || ""} into ${s(data.stage)}: ${s(data.added)} added, ${s(data.linked)} linked, ${s(data.skipped)} skipped`.replace("  ", " ");
    default:
      return type.replace(/[._]/g, " ");
  }
}
