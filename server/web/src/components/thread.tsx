import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useEffect, useRef, useState } from "react";
import { useLocation } from "react-router";
import { errorMessage } from "../lib/errors";
import { formatDateTime } from "../lib/format";
import type { RouterOutputs } from "../trpc";
import { useTRPC } from "../trpc";
import { CopyOnce } from "./copy-once";
import { MessageAttachments } from "./documents";
import { ErrorNote, Loading } from "./query-state";
import { useToast } from "./toast";

type Thread = RouterOutputs["conversations"]["get"];
type Message = Thread["messages"][number];

export const DELIVERY_LABELS: Record<string, string> = {
  queued: "Queued",
  sending: "Sending",
  sent: "Emailed",
  outbox: "Kept in the outbox — not sent",
  blocked: "Blocked",
  failed: "Failed",
  threaded: "Received",
  kept: "Kept",
};
const CHANNEL_LABELS = { web: "in Prospector", email: "by email", page: "on their conversation page" } as const;

export function authorOf(m: Message, candidateName: string) {
  if (m.authorType === "candidate") return candidateName;
  if (m.authorType === "system") return "Prospector";
  return m.authorName ?? "A former user";
}

/** An application's thread, or the candidate's general conversation (re-engagement invitations about no opening). */
export type ThreadKey = { applicationId: number } | { candidateId: number };

/**
 * One application's conversation (or a candidate's general one): messages (author, time, how they came), a composer
 * for the company side, live through <LiveUpdates> (the conversations.onMessage subscription), marked read as it is seen.
 */
export function ConversationThread({ applicationId, candidateId, candidateName }: { applicationId?: number; candidateId?: number; candidateName: string }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const toast = useToast();
  const key: ThreadKey = applicationId !== undefined ? { applicationId } : { candidateId: candidateId ?? 0 };
  const anchor = applicationId !== undefined ? String(applicationId) : "general";
  const threadOpts = trpc.conversations.get.queryOptions(key);
  // Always fresh on open (messages may have come while it was not shown); live after that.
  const thread = useQuery({ ...threadOpts, staleTime: 0 });
  const [body, setBody] = useState("");
  const [subject, setSubject] = useState("");
  const [link, setLink] = useState<string | null>(null);
  const markRead = useMutation(
    trpc.conversations.markRead.mutationOptions({
      onSuccess: () => {
        void qc.invalidateQueries(trpc.conversations.inbox.pathFilter());
        void qc.invalidateQueries(trpc.notifications.pathFilter());
      },
    }),
  );
  const post = useMutation(
    trpc.conversations.post.mutationOptions({
      onSuccess: (r) => {
        setBody("");
        setSubject("");
        toast.success(r.emailed ? "Message saved and queued for email" : "Message saved (no email sent)");
        void qc.invalidateQueries(threadOpts);
        void qc.invalidateQueries(trpc.conversations.inbox.pathFilter());
      },
    }),
  );
  const createLink = useMutation(trpc.conversations.createCandidateLink.mutationOptions({ onSuccess: (r) => setLink(r.url), onError: (e) => toast.error(errorMessage(e)) }));
  const revoke = useMutation(
    trpc.conversations.revokeCandidateLinks.mutationOptions({
      onSuccess: (r) => {
        setLink(null);
        toast.success(r.revoked ? `${r.revoked} private link${r.revoked === 1 ? "" : "s"} revoked` : "There was no private link to revoke");
      },
      onError: (e) => toast.error(errorMessage(e)),
    }),
  );

  // New messages arrive through <LiveUpdates> (one app-wide subscription), straight into this query.

  // Mark read as far as the newest message seen.
  const lastId = thread.data?.messages.at(-1)?.id;
  const readUpTo = useRef(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: once per new last message
  useEffect(() => {
    if (lastId && lastId > readUpTo.current) {
      readUpTo.current = lastId;
      markRead.mutate({ ...key, upToMessageId: lastId });
    }
  }, [lastId, anchor]);

  // Opened from the inbox or a notification (#thread-<application> or #thread-general): brought into view once loaded.
  const { hash } = useLocation();
  const loaded = thread.data !== undefined;
  useEffect(() => {
    if (loaded && hash === `#thread-${anchor}`) document.getElementById(`thread-${anchor}`)?.scrollIntoView({ block: "start" });
  }, [loaded, hash, anchor]);

  const listRef = useRef<HTMLOListElement>(null);
  useEffect(() => {
    const el = listRef.current;
    if (el && lastId) el.scrollTop = el.scrollHeight;
  }, [lastId]);

  if (thread.isPending) return <Loading label="Loading the conversation…" />;
  if (thread.error) return <ErrorNote error={thread.error} retry={() => void thread.refetch()} title="Could not load the conversation" />;
  const t = thread.data;
  const send = (e: FormEvent) => {
    e.preventDefault();
    if (!body.trim()) return;
    post.mutate({ ...key, body, subject: subject.trim() || undefined });
  };
  const ids = `thread-${anchor}`;
  return (
    <section className="thread" id={ids} aria-labelledby={`${ids}-h`} data-application={applicationId ?? "general"}>
      <h4 id={`${ids}-h`}>{applicationId !== undefined ? "Conversation" : "General conversation"}</h4>
      {t.messages.length === 0 ? (
        <p className="muted">No messages yet.</p>
      ) : (
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling list must be reachable by keyboard to scroll it
        <ol className="messages" ref={listRef} aria-label={`Messages with ${candidateName}`} tabIndex={0}>
          {t.messages.map((m) => (
            <li key={m.id} className={`message message-${m.authorType}`} data-message-id={m.id}>
              <p className="message-meta">
                <strong>{authorOf(m, candidateName)}</strong> · <time dateTime={new Date(m.createdAt).toISOString()}>{formatDateTime(m.createdAt)}</time>
                {m.authorType === "candidate" && <span className="muted"> · {CHANNEL_LABELS[m.channel]}</span>}
                {m.delivery && (
                  <span className={`badge ${m.delivery.status === "outbox" || m.delivery.status === "queued" ? "badge-warn" : m.delivery.status === "sent" ? "badge-ok" : m.delivery.status === "blocked" || m.delivery.status === "failed" ? "badge-danger" : ""}`}>
                    {DELIVERY_LABELS[m.delivery.status] ?? m.delivery.status}
                  </span>
                )}
              </p>
              {m.subject && <p className="message-subject">{m.subject}</p>}
              <div className="message-body pre">{m.body}</div>
              <MessageAttachments attachments={m.attachments ?? []} />
            </li>
          ))}
        </ol>
      )}
      {t.candidateLocked && (
        <p className="notice" role="status">
          This application is decisioned: {candidateName} can no longer write on their conversation page. You can still write to them.
        </p>
      )}
      {!t.candidate.email && (
        <p className="notice notice-warn">
          {t.allBounced ? "Every address of this candidate bounced (see the profile)" : "No email address"}: messages are kept in this thread only.
        </p>
      )}
      {t.canSend ? (
        <form className="form composer" onSubmit={send}>
          <div className="field">
            <label htmlFor={`${ids}-subject`}>Subject (optional)</label>
            <input id={`${ids}-subject`} value={subject} maxLength={300} onChange={(e) => setSubject(e.target.value)} />
          </div>
          <div className="field">
            <label htmlFor={`${ids}-body`}>Message to {candidateName}</label>
            <textarea id={`${ids}-body`} value={body} maxLength={20_000} rows={3} onChange={(e) => setBody(e.target.value)} required />
          </div>
          {post.error && <ErrorNote error={post.error} title="Not sent" />}
          <div className="actions">
            <button type="submit" className="button button-primary" disabled={post.isPending || !body.trim()}>
              {post.isPending ? "Sending…" : "Send message"}
            </button>
            {t.candidate.email && (
              <>
                <button type="button" className="button button-small" onClick={() => createLink.mutate(key)} disabled={createLink.isPending}>
                  New private link
                </button>
                <button type="button" className="button button-small button-quiet" onClick={() => revoke.mutate(key)} disabled={revoke.isPending}>
                  Revoke private links
                </button>
              </>
            )}
          </div>
        </form>
      ) : (
        <p className="notice notice-warn">{t.candidate.doNotContact ? "Do not contact: no message can be sent to this candidate." : "Messages cannot be sent here."}</p>
      )}
      {link && <CopyOnce label="Private conversation link:" value={link} note="Anyone with this link can read and answer this conversation. It is shown only now." />}
    </section>
  );
}
