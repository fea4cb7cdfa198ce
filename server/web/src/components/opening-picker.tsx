import { useQuery } from "@tanstack/react-query";
import { type OpeningStatus, STATUS_LABELS } from "../lib/format";
import { useTRPC } from "../trpc";

/**
 * Opening + workflow + stage, as the API's placement takes them. Only openings that accept candidates are
 * listed (not archived ones), less `excludeOpeningIds` (those the person is already on). An opening given
 * from outside (the URL) stays selected with a note if it cannot take them, and so does switched-off
 * prospecting, so the server's refusal is what the person reads.
 */
export function PlacementPicker({
  openingId,
  workflow,
  stageId,
  onChange,
  allowNone,
  idPrefix,
  excludeOpeningIds = [],
}: {
  openingId: number | undefined;
  workflow: "hiring" | "prospecting";
  stageId: number | undefined;
  onChange: (p: { openingId: number | undefined; workflow: "hiring" | "prospecting"; stageId: number | undefined }) => void;
  allowNone?: boolean;
  idPrefix: string;
  excludeOpeningIds?: number[];
}) {
  const trpc = useTRPC();
  const openings = useQuery(trpc.openings.list.queryOptions({ statuses: ["open", "on_hold", "draft", "closed"], limit: 200, withCounts: false }));
  const opening = useQuery({ ...trpc.openings.get.queryOptions({ openingId: openingId ?? 0 }), enabled: openingId !== undefined });
  const list: { id: number; title: string; status: OpeningStatus }[] = (openings.data?.items ?? []).filter((o) => !excludeOpeningIds.includes(o.id));
  // The chosen opening may not be in the list (archived, given by the URL): still shown as chosen.
  if (opening.data && openings.data && !list.some((o) => o.id === opening.data.id)) list.push(opening.data);
  const stages = workflow === "hiring" ? opening.data?.hiringStages : opening.data?.prospectingStages;
  return (
    <fieldset>
      <legend>Put on an opening</legend>
      {openings.error && (
        <p className="notice notice-error" role="alert">
          The openings could not be loaded.
        </p>
      )}
      <div className="row">
        <label className="field">
          <span>Opening</span>
          <select
            id={`${idPrefix}-opening`}
            value={openingId ?? ""}
            onChange={(e) => onChange({ openingId: e.target.value ? Number(e.target.value) : undefined, workflow, stageId: undefined })}
          >
            {allowNone ? <option value="">No opening (database only)</option> : <option value="">Choose an opening…</option>}
            {list.map((o) => (
              <option key={o.id} value={o.id}>
                {o.title}
                {o.status !== "open" ? ` (${STATUS_LABELS[o.status].toLowerCase()})` : ""}
              </option>
            ))}
          </select>
        </label>
        {openingId !== undefined && (
          <label className="field">
            <span>Stage</span>
            <select value={stageId ?? ""} onChange={(e) => onChange({ openingId, workflow, stageId: e.target.value ? Number(e.target.value) : undefined })}>
              <option value="">{stages?.[0] ? `First stage (${stages[0].name})` : "First stage"}</option>
              {(stages ?? []).map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
            </select>
          </label>
        )}
      </div>
      {openingId !== undefined && (
        <div className="radio-row" role="radiogroup" aria-label="Workflow">
          <label className="check">
            <input type="radio" name={`${idPrefix}-workflow`} checked={workflow === "hiring"} onChange={() => onChange({ openingId, workflow: "hiring", stageId: undefined })} />{" "}
            Hiring pipeline
          </label>
          <label className="check">
            <input
              type="radio"
              name={`${idPrefix}-workflow`}
              checked={workflow === "prospecting"}
              onChange={() => onChange({ openingId, workflow: "prospecting", stageId: undefined })}
            />{" "}
            Prospecting
          </label>
        </div>
      )}
      {opening.data?.status === "archived" && (
        <p className="notice notice-warn">This opening is archived and accepts no new candidates.</p>
      )}
      {opening.data && workflow === "prospecting" && !opening.data.prospectingEnabled && (
        <p className="notice notice-warn">Prospecting is switched off for this opening.</p>
      )}
    </fieldset>
  );
}
