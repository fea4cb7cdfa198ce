import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { errorMessage } from "../lib/errors";
import { formatDate } from "../lib/format";
import type { RouterOutputs } from "../trpc";
import { useTRPC } from "../trpc";
import { ConversationThread } from "./thread";
import { useToast } from "./toast";

type Email = NonNullable<RouterOutputs["candidates"]["get"]["candidate"]>["emails"][number];

/**
 * One address on the candidate's profile. A bounced one says so, with the reason and date, and a recruiter can
 * clear the bounce (the address is mailed again).
 */
export function EmailLine({ candidateId, e }: { candidateId: number; e: Email }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const toast = useToast();
  const clear = useMutation(
    trpc.candidates.clearBounce.mutationOptions({
      onSuccess: (r) => {
        qc.setQueryData(trpc.candidates.get.queryKey({ candidateId }), r);
        void qc.invalidateQueries(trpc.reengage.pathFilter());
        toast.success(`${e.email} will be mailed again`);
      },
      onError: (err) => toast.error(errorMessage(err)),
    }),
  );
  if (!e.bounced) return <div>{e.email}</div>;
  return (
    <div className="bounced-email" data-bounced={e.email}>
      <span>{e.email}</span> <span className="badge badge-warn">Bounced</span>
      <div className="muted small">
        {e.bouncedAt !== null ? `Since ${formatDate(e.bouncedAt)}` : "Bounced"}
        {e.bounceReason ? `: ${e.bounceReason}` : ""}. Nothing is mailed to it.{" "}
        <button
          type="button"
          className="link-button"
          onClick={() => clear.mutate({ candidateId, emailId: e.id })}
          disabled={clear.isPending}
          aria-label={`Clear the bounce of ${e.email}`}
        >
          Clear
        </button>
      </div>
    </div>
  );
}

/** The candidate's general conversation (re-engagement invitations about no opening with prospecting), once it has messages. */
export function GeneralConversation({ candidateId, candidateName }: { candidateId: number; candidateName: string }) {
  const trpc = useTRPC();
  const thread = useQuery(trpc.conversations.get.queryOptions({ candidateId }));
  if (!thread.data || thread.data.messages.length === 0) return null;
  return (
    <section className="card" aria-labelledby="general-h">
      <h2 id="general-h">Outside any opening</h2>
      <p className="muted">Invitations to the careers page or to an opening without prospecting, and the answers to them.</p>
      <ConversationThread candidateId={candidateId} candidateName={candidateName} />
    </section>
  );
}
