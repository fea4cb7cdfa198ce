import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Link } from "react-router";
import { Empty, QueryView } from "../components/query-state";
import { useToast } from "../components/toast";
import { errorMessage } from "../lib/errors";
import { formatDate, formatDateTime } from "../lib/format";
import { usePageTitle } from "../lib/page-title";
import type { RouterOutputs } from "../trpc";
import { useTRPC } from "../trpc";

type Task = RouterOutputs["tasks"]["mine"]["items"][number];

const SOURCE_LABELS: Record<Task["source"], string> = {
  manual: "Added by hand",
  follow_up_reminder: "No-reply reminder",
  client_interview: "Client asked for an interview",
  client_hire: "Client wants to hire",
  client_feedback: "Client feedback",
};

/** "My tasks": what the signed-in user has to do, open ones by due date, done ones latest first. */
export function TasksPage() {
  usePageTitle("My tasks");
  const trpc = useTRPC();
  const [done, setDone] = useState(false);
  const list = useQuery(trpc.tasks.mine.queryOptions({ done, limit: 200 }));
  return (
    <section className="stack">
      <div className="page-head">
        <h1>My tasks</h1>
      </div>
      <NewTask />
      <nav className="tabs" aria-label="Which tasks">
        <button type="button" className={`tab${!done ? " active" : ""}`} aria-pressed={!done} onClick={() => setDone(false)}>
          Open
        </button>
        <button type="button" className={`tab${done ? " active" : ""}`} aria-pressed={done} onClick={() => setDone(true)}>
          Done
        </button>
      </nav>
      <QueryView query={list} loading="Loading your tasks…">
        {(d) =>
          d.items.length === 0 ? (
            <Empty title={done ? "Nothing done yet." : "Nothing to do."} />
          ) : (
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">Done</th>
                  <th scope="col">What</th>
                  <th scope="col">Due</th>
                  <th scope="col">Opening</th>
                  <th scope="col">Candidate</th>
                  <th scope="col">From</th>
                </tr>
              </thead>
              <tbody>
                {d.items.map((t) => (
                  <TaskRow key={t.id} t={t} />
                ))}
              </tbody>
            </table>
          )
        }
      </QueryView>
    </section>
  );
}

function TaskRow({ t }: { t: Task }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const toast = useToast();
  const set = useMutation(
    trpc.tasks.setDone.mutationOptions({
      onSuccess: () => {
        void qc.invalidateQueries(trpc.tasks.pathFilter());
        void qc.invalidateQueries(trpc.dashboard.summary.pathFilter());
      },
      onError: (e) => toast.error(errorMessage(e)),
    }),
  );
  const overdue = t.doneAt === null && t.dueAt !== null && t.dueAt < Date.now();
  return (
    <tr data-task={t.title}>
      <td>
        <input type="checkbox" checked={t.doneAt !== null} disabled={set.isPending} onChange={(e) => set.mutate({ taskId: t.id, done: e.target.checked })} aria-label={`${t.doneAt ? "Reopen" : "Done"}: ${t.title}`} />
      </td>
      <td>
        <strong>{t.title}</strong>
        {t.details && <div className="muted pre-wrap">{t.details}</div>}
      </td>
      <td>{t.dueAt ? <span className={overdue ? "badge badge-danger" : undefined}>{formatDate(t.dueAt)}</span> : <span className="muted">—</span>}</td>
      <td>{t.openingId && t.openingTitle ? <Link to={`/openings/${t.openingId}`}>{t.openingTitle}</Link> : <span className="muted">—</span>}</td>
      <td>{t.candidateId && t.candidateName ? <Link to={`/candidates/${t.candidateId}`}>{t.candidateName}</Link> : <span className="muted">—</span>}</td>
      <td>
        <span title={formatDateTime(t.createdAt)}>{SOURCE_LABELS[t.source]}</span>
        {t.createdBy && <div className="muted">{t.createdBy}</div>}
      </td>
    </tr>
  );
}

function NewTask() {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const toast = useToast();
  const [title, setTitle] = useState("");
  const [due, setDue] = useState("");
  const create = useMutation(
    trpc.tasks.create.mutationOptions({
      onSuccess: () => {
        setTitle("");
        setDue("");
        void qc.invalidateQueries(trpc.tasks.pathFilter());
        void qc.invalidateQueries(trpc.dashboard.summary.pathFilter());
        toast.success("Task added");
      },
      onError: (e) => toast.error(errorMessage(e)),
    }),
  );
  return (
    <form
      className="inline-form"
      onSubmit={(e) => {
        e.preventDefault();
        // The due date is the end of that day, local time.
        const dueAt = due ? new Date(`${due}T23:59:59`).getTime() : null;
        create.mutate({ title, dueAt });
      }}
    >
      <label className="field field-inline">
        <span>New task</span>
        <input value={title} onChange={(e) => setTitle(e.target.value)} required maxLength={300} placeholder="What to do" />
      </label>
      <label className="field field-inline">
        <span>Due</span>
        <input type="date" value={due} onChange={(e) => setDue(e.target.value)} />
      </label>
      <button type="submit" className="button" disabled={create.isPending || !title.trim()}>
        Add task
      </button>
    </form>
  );
}
