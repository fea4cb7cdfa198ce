import { useQuery } from "@tanstack/react-query";
import { Link } from "react-router";
import { Loading, Problem, usePageTitle } from "../components";
import { useTRPC } from "../trpc";

export const STATUS_LABEL: Record<string, string> = { open: "Open", on_hold: "On hold", closed: "Closed", draft: "Draft", archived: "Archived" };

/** The client's jobs that have candidates shared with them, with counts, and how many are open. */
export function JobsPage() {
  const trpc = useTRPC();
  const jobs = useQuery(trpc.jobs.queryOptions());
  const me = useQuery(trpc.me.queryOptions());
  usePageTitle("Jobs", me.data?.branding.portalName);
  if (jobs.isPending) return <Loading label="Loading your jobs…" />;
  if (jobs.isError) return <Problem error={jobs.error} />;
  const { openJobs, jobs: list } = jobs.data;
  return (
    <>
      <div className="page-head">
        <div>
          <h1>Jobs</h1>
          <p className="muted">
            Welcome, {me.data?.name}. {list.length ? "Open a job to review its candidates." : ""}
          </p>
        </div>
        <p className="stat-pill">
          <span className="stat-number">{openJobs}</span> open {openJobs === 1 ? "job" : "jobs"}
        </p>
      </div>
      {list.length === 0 ? (
        <div className="card empty">
          <h2>No candidates shared yet</h2>
          <p>When {me.data?.branding.companyName ?? "the agency"} shares candidates for one of your jobs, the job appears here.</p>
        </div>
      ) : (
        <ul className="job-list">
          {list.map((j) => (
            <li key={j.openingId} className="card job-card" data-job={j.title}>
              <div className="job-card-head">
                <h2>
                  <Link to={`/jobs/${j.openingId}`}>{j.title}</Link>
                </h2>
                <span className={`badge status-${j.status}`}>{STATUS_LABEL[j.status] ?? j.status}</span>
              </div>
              {j.location && <p className="muted small">{j.location}</p>}
              <dl className="counts">
                <div>
                  <dt>Shared</dt>
                  <dd>{j.shared}</dd>
                </div>
                <div>
                  <dt>In interview</dt>
                  <dd>{j.inInterview}</dd>
                </div>
                <div>
                  <dt>Hired</dt>
                  <dd>{j.hired}</dd>
                </div>
                <div>
                  <dt>Rejected</dt>
                  <dd>{j.rejected}</dd>
                </div>
              </dl>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
