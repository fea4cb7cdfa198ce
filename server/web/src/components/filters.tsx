import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "../trpc";

/** "Any opening" or one of the company's openings (every status), as a list filter. Names only: no counts asked. */
export function OpeningFilter({ value, onChange }: { value: number | undefined; onChange: (openingId: string) => void }) {
  const trpc = useTRPC();
  const openings = useQuery(trpc.openings.list.queryOptions({ statuses: ["draft", "open", "on_hold", "closed", "archived"], limit: 200, withCounts: false }));
  return (
    <label className="field field-inline">
      <span>Opening</span>
      <select value={value ?? ""} onChange={(e) => onChange(e.target.value)}>
        <option value="">Any opening</option>
        {(openings.data?.items ?? []).map((o) => (
          <option key={o.id} value={o.id}>
            {o.title}
          </option>
        ))}
      </select>
    </label>
  );
}

/** The prospects' follow-up filters: "Needs follow-up" and the rating (URL keys `followUp` and `rating`). */
export function FollowUpFilters({
  needsFollowUp,
  rating,
  set,
}: {
  needsFollowUp: boolean | undefined;
  rating: string | undefined;
  set: (changes: { followUp?: string | null; rating?: string }) => void;
}) {
  return (
    <>
      <label className="check">
        <input type="checkbox" checked={needsFollowUp === true} onChange={(e) => set({ followUp: e.target.checked ? "1" : null })} /> Needs follow-up
      </label>
      <label className="field field-inline">
        <span>Rating</span>
        <select value={rating ?? ""} onChange={(e) => set({ rating: e.target.value })}>
          <option value="">Any rating</option>
          <option value="shortlist">Shortlist</option>
          <option value="not_a_fit">Not a fit for this job</option>
        </select>
      </label>
    </>
  );
}
