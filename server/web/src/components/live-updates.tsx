import { useQueryClient } from "@tanstack/react-query";
import { useSubscription } from "@trpc/tanstack-react-query";
import { useTRPC } from "../trpc";

/**
 * One live connection for every conversation the user can see (SSE; the bell has the other one): a new
 * message is put into its open thread at once and the inbox follows. One stream for the whole app keeps
 * well under the browser's six connections per host, however many threads a page shows.
 */
export function LiveUpdates() {
  const trpc = useTRPC();
  const qc = useQueryClient();
  useSubscription(
    trpc.conversations.onMessage.subscriptionOptions(undefined, {
      // (Re)connected: whatever came while not connected is fetched again.
      onStarted: () => void qc.invalidateQueries(trpc.conversations.pathFilter()),
      onData: (ev) => {
        const key = trpc.conversations.get.queryKey(ev.applicationId !== null ? { applicationId: ev.applicationId } : { candidateId: ev.candidateId });
        qc.setQueryData(key, (old) =>
          old && !old.messages.some((m) => m.id === ev.message.id) ? { ...old, conversationId: ev.conversationId, messages: [...old.messages, ev.message] } : old,
        );
        // A company message's delivery state moves on (queued → sent or kept): fetch it again.
        if (ev.message.authorType !== "candidate") void qc.invalidateQueries({ queryKey: key });
        void qc.invalidateQueries(trpc.conversations.inbox.pathFilter());
      },
    }),
  );
  return null;
}
