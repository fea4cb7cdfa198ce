import { Link } from "react-router";
import { STATUS_LABELS } from "../lib/format";
import type { RouterOutputs } from "../trpc";

type OpeningRow = RouterOutputs["openings"]["list"]["items"][number];

/**
 * Openings with their status and active counts, each count linking to its board ("off" when prospecting is
 * off and empty). `detailed` gives department and location their own columns (the Openings page); without
 * it the location follows the title (the dashboard).
 */
export function OpeningsTable({ items, detailed = false }: { items: OpeningRow[]; detailed?: boolean }) {
  return (
    <table className="table">
      <thead>
        <tr>
          <th scope="col">{detailed ? "Title" : "Opening"}</th>
          {detailed && <th scope="col">Department</th>}
          {detailed && <th scope="col">Location</th>}
          <th scope="col">Status</th>
          <th scope="col" className="num">
            Hiring
          </th>
          <th scope="col" className="num">
            Prospects
          </th>
        </tr>
      </thead>
      <tbody>
        {items.map((o) => (
          <tr key={o.id}>
            <td>
              <Link to={`/openings/${o.id}`}>{o.title}</Link>
              {!detailed && o.location && <span className="muted"> · {o.location}</span>}
            </td>
            {detailed && <td>{o.department}</td>}
            {detailed && <td>{o.location}</td>}
            <td>
              <span className={`badge status-${o.status}`}>{STATUS_LABELS[o.status]}</span>
            </td>
            <td className="num">
              <Link to={`/openings/${o.id}/pipeline`} aria-label={`${(o.counts?.hiring ?? 0)} in hiring for ${o.title}`}>
                {(o.counts?.hiring ?? 0)}
              </Link>
            </td>
            <td className="num">
              {o.prospectingEnabled || (o.counts?.prospecting ?? 0) > 0 ? (
                <Link to={`/openings/${o.id}/prospecting`} aria-label={`${(o.counts?.prospecting ?? 0)} prospects for ${o.title}`}>
                  {(o.counts?.prospecting ?? 0)}
                </Link>
              ) : (
                <span className="muted">off</span>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
