import { useQuery } from "@tanstack/react-query";
import { Link, useParams } from "react-router";
import { Loading, Problem, StatusBadge, Stars, usePageTitle } from "../components";
import { errorCode, useTRPC } from "../trpc";
import { STATUS_LABEL } from "./jobs";

/** A job: its progress (stages and how many shared candidates are in each) and the candidates by stage. */
export function JobPage() {
  const trpc = useTRPC();
  const openingId = Number(useParams().openingId);
  const valid = Number.isInteger(openingId) && openingId > 0;
  const job = useQuery({ ...trpc.job.queryOptions({ openingId }), enabled: valid });
  const me = useQuery(trpc.me.queryOptions());
  usePageTitle(job.data?.opening.title ?? "Job", me.data?.branding.portalName);
  if (!valid || errorCode(job.error) === "NOT_FOUND") {
    return (
      <>
        <h1>Job not found</h1>
        <p>
          This job is not shared with you (or no longer). <Link to="/">See your jobs</Link>
        </p>
      </>
    );
  }
  if (job.isPending) return <Loading label="Loading the job…" />;
  if (job.isError) return <Problem error={job.error} />;
  const { opening, progress, decidedCount, groups } = job.data;
  const total = progress.reduce((n, p) => n + p.count, 0) + decidedCount;
  return (
    <>
      <nav aria-label="Breadcrumb" className="crumbs">
        <ol>
          <li>
            <Link to="/">Jobs</Link>
          </li>
          <li aria-current="page">{opening.title}</li>
        </ol>
      </nav>
      <div className="page-head">
        <div>
          <h1>{opening.title}</h1>
          <p className="muted">{[opening.department, opening.location].filter(Boolean).join(" · ")}</p>
        </div>
        <span className={`badge status-${opening.status}`}>{STATUS_LABEL[opening.status] ?? opening.status}</span>
      </div>

      <section aria-labelledby="progress-h" className="card">
        <h2 id="progress-h">Progress</h2>
        <p className="muted small">
          {total} {total === 1 ? "candidate" : "candidates"} shared with you
        </p>
        <ol className="progress">
          {progress.map((p) => (
            <li key={p.stageId} className={p.count ? "has" : ""}>
              <span className="progress-count">{p.count}</span>
              <span className="progress-name">{p.name}</span>
            </li>
          ))}
          <li className={decidedCount ? "has decided" : "decided"}>
            <span className="progress-count">{decidedCount}</span>
            <span className="progress-name">Decided</span>
          </li>
        </ol>
      </section>

      {groups.map((g) => (
        <section key={g.stageId ?? "decided"} aria-labelledby={`g-${g.stageId ?? "decided"}`} className="group">
          <h2 id={`g-${g.stageId ?? "decided"}`}>
            {g.name} <span className="count">{g.candidates.length}</span>
          </h2>
          <ul className="candidate-list">
            {g.candidates.map((c) => (
              <li key={c.applicationId} className="card candidate-row" data-candidate={c.name}>
                <div className="candidate-main">
                  <Link to={`/candidates/${c.applicationId}`} className="candidate-name">
                    {c.name}
                  </Link>
                  {c.headline && <span className="muted small">{c.headline}</span>}
                </div>
                <div className="candidate-meta">
                  {!c.viewed && <span className="badge new">Not viewed yet</span>}
                  <Stars rating={c.rating} />
                  <StatusBadge status={c.status} decisioned={c.decisioned} />
                </div>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </>
  );
}
