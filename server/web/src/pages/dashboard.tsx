import { useQuery } from "@tanstack/react-query";
import { Link } from "react-router";
import { OpeningsTable } from "../components/openings-table";
import { Empty, QueryView } from "../components/query-state";
import { describeActivity } from "../lib/activity";
import { timeAgo } from "../lib/format";
import { isAdminRole, useMe } from "../lib/me";
import { usePageTitle } from "../lib/page-title";
import { useTRPC } from "../trpc";

/** Activities whose text already names the opening. */
const OPENING_IN_TEXT = new Set(["application.created", "candidate.created", "opening.created"]);

export function DashboardPage() {
  usePageTitle("Dashboard");
  const me = useMe();
  const trpc = useTRPC();
  // Both go out in one batched request.
  const summary = useQuery(trpc.dashboard.summary.queryOptions({ recentLimit: 15 }));
  const mine = useQuery(trpc.openings.list.queryOptions({ mine: true, statuses: ["open", "on_hold", "draft"], limit: 50 }));
  return (
    <>
      <div className="page-head">
        <h1>Hello, {me.name}</h1>
        <div className="actions">
          <Link className="button" to="/candidates/new">
            Add candidate
          </Link>
          {isAdminRole(me.role) && (
            <Link className="button button-primary" to="/openings/new">
              New opening
            </Link>
          )}
        </div>
      </div>
      {summary.data?.setupNeeded.includes("public_contact_email") && (
        <div className="notice notice-warn setup-prompt" role="status">
          <strong>Your company has no public contact email yet.</strong> Rejected candidates, and the automatic answer to their replies, are told to write to it:
          until it is set they get no address to write to. <Link to="/settings/company#public-contact-email">Set the public contact email</Link>
        </div>
      )}
      <div className="dashboard-grid">
        <section className="card" aria-labelledby="followup-h">
          <h2 id="followup-h">Need follow-up</h2>
          <QueryView query={summary}>
            {(s) => (
              <p className="big-number">
                <Link to="/candidates?tab=prospects&followUp=1">
                  <span className="number">
                    {s.needsFollowUp.toLocaleString()}
                    {s.needsFollowUpCapped ? "+" : ""}
                  </span>{" "}
                  {s.needsFollowUp === 1 ? "prospect needs" : "prospects need"} follow-up
                </Link>
              </p>
            )}
          </QueryView>
        </section>
        <section className="card" aria-labelledby="tasks-h">
          <h2 id="tasks-h">My tasks</h2>
          <QueryView query={summary}>
            {(s) => (
              <p className="big-number">
                <Link to="/tasks">
                  <span className="number">{s.openTasks.toLocaleString()}</span> open task{s.openTasks === 1 ? "" : "s"}
                </Link>
              </p>
            )}
          </QueryView>
        </section>
        <section className="card span-2" aria-labelledby="mine-h">
          <h2 id="mine-h">My openings</h2>
          <QueryView query={mine}>
            {(d) =>
              d.items.length === 0 ? (
                <Empty title="You are not on any open opening's hiring team yet.">
                  {isAdminRole(me.role) ? (
                    <>
                      <Link to="/openings/new">Create an opening</Link> or browse <Link to="/openings">all openings</Link>.
                    </>
                  ) : (
                    "Ask an admin to add you to a hiring team."
                  )}
                </Empty>
              ) : (
                <OpeningsTable items={d.items} />
              )
            }
          </QueryView>
        </section>
        <section className="card span-3" aria-labelledby="recent-h">
          <h2 id="recent-h">Recent activity</h2>
          <QueryView query={summary}>
            {(s) =>
              s.recent.length === 0 ? (
                <Empty title="Nothing has happened yet.">Add a candidate or switch prospecting on for an opening to get going.</Empty>
              ) : (
                <ul className="feed">
                  {s.recent.map((a) => (
                    <li key={a.id}>
                      <span className="feed-when">{timeAgo(a.createdAt)}</span>
                      <span className="feed-what">
                        {a.candidateId && a.candidateName ? <Link to={`/candidates/${a.candidateId}`}>{a.candidateName}</Link> : null}
                        {a.candidateName ? " — " : ""}
                        {describeActivity(a.type, a.data)}
                        {a.openingId && a.openingTitle && !OPENING_IN_TEXT.has(a.type) ? (
                          <>
                            {" "}
                            on <Link to={`/openings/${a.openingId}`}>{a.openingTitle}</Link>
                          </>
                        ) : null}
                      </span>
                      <span className="feed-who muted">{a.actorName ?? (a.actorType === "system" ? "Prospector" : a.actorType === "candidate" ? "Candidate" : a.actorType)}</span>
                    </li>
                  ))}
                </ul>
              )
            }
          </QueryView>
        </section>
      </div>
    </>
  );
}
