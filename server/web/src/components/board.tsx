import { useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import { type DragEvent, useEffect, useId, useRef, useState } from "react";
import { Link } from "react-router";
import { errorMessage } from "../lib/errors";
import type { RouterOutputs } from "../trpc";
import { useTRPC } from "../trpc";
import { applyMove, type BoardData, groupByStage, type ListItem, type StageRef } from "./board-state";
import { Empty, ErrorNote, Loading } from "./query-state";

type Opening = RouterOutputs["openings"]["get"];
type Workflow = "prospecting" | "hiring";

const DRAG_TYPE = "application/x-prospector-application";
const PAGE = 200;

/**
 * One workflow of an opening as columns of cards. Cards move by drag and drop or with the Move menu
 * (keyboard); the card moves at once and goes back, with an error, if the server refuses.
 */
export function Board({ opening, workflow }: { opening: Opening; workflow: Workflow }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const input = { tab: workflow === "hiring" ? ("hiring" as const) : ("prospects" as const), openingId: opening.id, limit: PAGE };
  const listOptions = trpc.candidates.list.infiniteQueryOptions(input, { getNextPageParam: (last) => last.nextCursor ?? undefined });
  const list = useInfiniteQuery(listOptions);
  const [failure, setFailure] = useState<string | null>(null);
  const stages = workflow === "hiring" ? opening.hiringStages : opening.prospectingStages;
  // Prospecting cards may also go to hiring (always allowed for an active prospect); hiring cards are
  // offered only their own workflow here: whether one may go back depends on its origin (see its profile).
  const otherStages = workflow === "prospecting" ? opening.hiringStages : [];
  const allStages: StageRef[] = [...opening.hiringStages, ...opening.prospectingStages];

  const move = useMutation(
    trpc.applications.move.mutationOptions({
      onMutate: async (vars) => {
        setFailure(null);
        await qc.cancelQueries({ queryKey: listOptions.queryKey });
        const before = qc.getQueryData<BoardData>(listOptions.queryKey);
        const to = allStages.find((s) => s.id === vars.stageId);
        if (to) qc.setQueryData<BoardData>(listOptions.queryKey, (d) => applyMove(d, vars.applicationId, to));
        return { before };
      },
      onError: (err, vars, ctx) => {
        if (ctx?.before) qc.setQueryData(listOptions.queryKey, ctx.before);
        const who = findItem(ctx?.before, vars.applicationId)?.candidate.fullName ?? "The candidate";
        const text = `${who} was not moved: ${errorMessage(err)}`;
        setFailure(text);
      },
      onSettled: () => {
        void qc.invalidateQueries(trpc.candidates.list.pathFilter());
        void qc.invalidateQueries(trpc.openings.get.queryFilter({ openingId: opening.id }));
        void qc.invalidateQueries(trpc.candidates.get.pathFilter());
      },
    }),
  );

  const doMove = (applicationId: number, stageId: number) => move.mutate({ applicationId, stageId });

  if (list.isPending) return <Loading label="Loading the board…" />;
  if (list.error) return <ErrorNote error={list.error} retry={() => void list.refetch()} />;
  const byStage = groupByStage(list.data);
  const total = list.data.pages.reduce((n, p) => n + p.items.length, 0);
  return (
    <div>
      {failure && (
        <div className="notice notice-error" role="alert">
          {failure}{" "}
          <button type="button" className="link-button" onClick={() => setFailure(null)}>
            Dismiss
          </button>
        </div>
      )}
      {total === 0 && (
        <Empty title={workflow === "hiring" ? "Nobody is in the hiring pipeline yet." : "No prospects yet."}>
          {opening.status === "archived" ? (
            "This opening is archived and accepts no new candidates."
          ) : (
            <>
              <Link to={`/candidates/new?opening=${opening.id}&workflow=${workflow}`}>Add a candidate by hand</Link>,{" "}
              <Link to={`/import?opening=${opening.id}&workflow=${workflow}`}>upload a CSV</Link>
              {workflow === "prospecting" ? ", or add prospects from LinkedIn with the Chrome extension." : "."}
            </>
          )}
        </Empty>
      )}
      <section className="board" aria-label={`${workflow === "hiring" ? "Hiring pipeline" : "Prospecting"} board`}>
        {stages.map((stage) => (
          <Column
            key={stage.id}
            stage={stage}
            items={byStage.get(stage.id) ?? []}
            workflow={workflow}
            stages={stages}
            otherStages={otherStages}
            onMove={doMove}
          />
        ))}
        {workflow === "prospecting" && opening.hiringStages[0] && (
          <DropZone
            label={`Move to hiring (${opening.hiringStages[0].name})`}
            onDropApp={(appId) => doMove(appId, opening.hiringStages[0]!.id)}
          />
        )}
      </section>
      {list.hasNextPage && (
        <button type="button" className="button" onClick={() => void list.fetchNextPage()} disabled={list.isFetchingNextPage}>
          {list.isFetchingNextPage ? "Loading…" : `Show more (${total} shown)`}
        </button>
      )}
    </div>
  );
}

function findItem(data: BoardData | undefined, applicationId: number): ListItem | undefined {
  for (const p of data?.pages ?? []) for (const i of p.items) if (i.application?.applicationId === applicationId) return i;
  return undefined;
}

function useDropTarget(onDropApp: (appId: number) => void) {
  const [over, setOver] = useState(false);
  return {
    over,
    handlers: {
      onDragOver: (e: DragEvent) => {
        if (!e.dataTransfer.types.includes(DRAG_TYPE)) return;
        e.preventDefault();
        e.dataTransfer.dropEffect = "move";
        setOver(true);
      },
      onDragLeave: () => setOver(false),
      onDrop: (e: DragEvent) => {
        setOver(false);
        const id = Number(e.dataTransfer.getData(DRAG_TYPE));
        if (id > 0) {
          e.preventDefault();
          onDropApp(id);
        }
      },
    },
  };
}

function DropZone({ label, onDropApp }: { label: string; onDropApp: (appId: number) => void }) {
  const { over, handlers } = useDropTarget(onDropApp);
  return (
    <div className={`column dropzone${over ? " drag-over" : ""}`} {...handlers}>
      <p className="muted">Drop a card here: {label}</p>
    </div>
  );
}

function Column({
  stage,
  items,
  workflow,
  stages,
  otherStages,
  onMove,
}: {
  stage: Opening["hiringStages"][number];
  items: ListItem[];
  workflow: Workflow;
  stages: Opening["hiringStages"];
  otherStages: Opening["hiringStages"];
  onMove: (applicationId: number, stageId: number) => void;
}) {
  const headingId = useId();
  const { over, handlers } = useDropTarget((appId) => {
    const item = items.find((i) => i.application?.applicationId === appId);
    if (!item) onMove(appId, stage.id);
  });
  return (
    <section className={`column${over ? " drag-over" : ""}`} aria-labelledby={headingId} data-stage={stage.name} {...handlers}>
      <h3 id={headingId} className="column-head">
        {stage.name} <span className="count">{items.length}</span>
      </h3>
      {items.length === 0 ? (
        <p className="column-empty muted">No one here</p>
      ) : (
        <ul className="cards">
          {items.map((item) => (
            <Card key={item.application!.applicationId} item={item} current={stage} workflow={workflow} stages={stages} otherStages={otherStages} onMove={onMove} />
          ))}
        </ul>
      )}
    </section>
  );
}

function Card({
  item,
  current,
  workflow,
  stages,
  otherStages,
  onMove,
}: {
  item: ListItem;
  current: { id: number };
  workflow: Workflow;
  stages: Opening["hiringStages"];
  otherStages: Opening["hiringStages"];
  onMove: (applicationId: number, stageId: number) => void;
}) {
  const app = item.application!;
  const c = item.candidate;
  const [open, setOpen] = useState(false);
  const menuId = useId();
  const firstOption = useRef<HTMLButtonElement>(null);
  const toggle = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (open) firstOption.current?.focus();
  }, [open]);
  const pick = (stageId: number) => {
    setOpen(false);
    toggle.current?.focus();
    onMove(app.applicationId, stageId);
  };
  const targets = stages.filter((s) => s.id !== current.id);
  return (
    <li
      className="board-card"
      draggable
      data-candidate={c.fullName}
      onDragStart={(e) => {
        e.dataTransfer.setData(DRAG_TYPE, String(app.applicationId));
        e.dataTransfer.effectAllowed = "move";
      }}
    >
      <Link to={`/candidates/${c.id}`} className="card-name">
        {c.fullName}
      </Link>
      {(c.title || c.companyName) && (
        <div className="card-sub">
          {c.title}
          {c.title && c.companyName ? " · " : ""}
          {c.companyName}
        </div>
      )}
      {c.doNotContact && <span className="badge badge-warn">Do not contact</span>}
      <div className="card-actions">
        <button
          ref={toggle}
          type="button"
          className="button-small"
          aria-expanded={open}
          aria-controls={menuId}
          onClick={() => setOpen((o) => !o)}
          aria-label={`Move ${c.fullName}`}
        >
          Move…
        </button>
      </div>
      {open && (
        // biome-ignore lint/a11y/noStaticElementInteractions: Escape closes the menu; its buttons are the controls
        <div
          className="move-menu"
          id={menuId}
          onKeyDown={(e) => {
            if (e.key === "Escape") {
              setOpen(false);
              toggle.current?.focus();
            }
          }}
        >
          <p className="menu-label">{workflow === "hiring" ? "Hiring stage" : "Prospecting stage"}</p>
          {targets.map((s, i) => (
            <button key={s.id} ref={i === 0 ? firstOption : undefined} type="button" onClick={() => pick(s.id)}>
              {s.name}
            </button>
          ))}
          {otherStages.length > 0 && <p className="menu-label">Move to hiring</p>}
          {otherStages.map((s, i) => (
            <button key={s.id} ref={targets.length === 0 && i === 0 ? firstOption : undefined} type="button" onClick={() => pick(s.id)}>
              Hiring: {s.name}
            </button>
          ))}
          <button type="button" className="link-button" onClick={() => setOpen(false)}>
            Cancel
          </button>
        </div>
      )}
    </li>
  );
}
