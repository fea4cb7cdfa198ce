import { type AllowedMoves, allowedMoves } from "@prospector/shared/workflow";
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type DragEvent, useEffect, useId, useRef, useState } from "react";
import { Link } from "react-router";
import { staffStates } from "../lib/decisions";
import { errorMessage } from "../lib/errors";
import { formatDate } from "../lib/format";
import type { RouterOutputs } from "../trpc";
import { useTRPC } from "../trpc";
import { applyMove, type BoardData, groupByStage, type ListItem, removeCard, type StageRef } from "./board-state";
import { Empty, ErrorNote, Loading, QueryView, ShowMore } from "./query-state";
import { CardShare, SharingProvider } from "./sharing";

type Opening = RouterOutputs["openings"]["get"];
type Stage = Opening["hiringStages"][number];
type Workflow = "prospecting" | "hiring";
type Application = NonNullable<ListItem["application"]>;
/** The card being dragged: drop targets accept it only where its allowed moves say so. */
type Dragging = { applicationId: number; moves: AllowedMoves } | null;
type MoveTo = (applicationId: number, stageId: number) => void;
type DecisionState = { id: number; name: string };
/** What a Move menu entry does: a stage (this board or the other workflow's) or a decision. */
type MenuAction = { kind: "move"; stageId: number } | { kind: "decide"; stateId: number };
type PickFromMenu = (item: ListItem, from: Stage, action: MenuAction) => void;
/**
 * Where keyboard focus goes after a Move menu pick, once the board has redrawn: the moved card's Move button
 * in its new column (`stageId`), or, when the card left this board (other workflow, decision), the next card
 * of the column it left, else that column's heading.
 */
type FocusRequest = { applicationId: number; stageId: number | null; fromStageId: number; neighbours: number[] };

const DRAG_TYPE = "application/x-prospector-application";
const PAGE = 200;
const DECISIONED_PAGE = 50;

/** The moves the API allows for a card: the shared rule the server enforces, never re-derived here. */
const movesOf = (app: Application, opening: Opening) => allowedMoves(app, opening);

/**
 * One workflow of an opening as columns of cards, then a read-only lane of its decisioned applications.
 * Cards move by drag and drop or with the Move menu (keyboard); each is offered only the moves the API
 * allows for it. The card moves at once and goes back, with an error, if the server refuses.
 */
export function Board({ opening, workflow }: { opening: Opening; workflow: Workflow }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const tab = workflow === "hiring" ? ("hiring" as const) : ("prospects" as const);
  const next = { getNextPageParam: (last: { nextCursor: number | null }) => last.nextCursor ?? undefined };
  const listOptions = trpc.candidates.list.infiniteQueryOptions({ tab, openingId: opening.id, status: "active", limit: PAGE }, next);
  const list = useInfiniteQuery(listOptions);
  const decisioned = useInfiniteQuery(trpc.candidates.list.infiniteQueryOptions({ tab, openingId: opening.id, status: "decisioned", limit: DECISIONED_PAGE }, next));
  const [failure, setFailure] = useState<string | null>(null);
  const [dragging, setDragging] = useState<Dragging>(null);
  const [focusRequest, setFocusRequest] = useState<FocusRequest | null>(null);
  const [announcement, setAnnouncement] = useState("");
  const boardRef = useRef<HTMLElement>(null);
  const decisionStates = useQuery(trpc.decisionedStates.list.queryOptions());
  const stages = workflow === "hiring" ? opening.hiringStages : opening.prospectingStages;
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
      onError: (err, vars, ctx) => refused("moved", err, vars.applicationId, ctx?.before),
      onSettled: () => settled(),
    }),
  );
  const decide = useMutation(
    trpc.applications.decide.mutationOptions({
      onMutate: async (vars) => {
        setFailure(null);
        await qc.cancelQueries({ queryKey: listOptions.queryKey });
        const before = qc.getQueryData<BoardData>(listOptions.queryKey);
        qc.setQueryData<BoardData>(listOptions.queryKey, (d) => removeCard(d, vars.applicationId));
        return { before };
      },
      onError: (err, vars, ctx) => refused("decisioned", err, vars.applicationId, ctx?.before),
      onSettled: () => settled(),
    }),
  );
  /** The server refused a move or a decision: the card goes back (and focus with it, if focus was lost). */
  function refused(what: string, err: unknown, applicationId: number, before: BoardData | undefined) {
    if (before) qc.setQueryData(listOptions.queryKey, before);
    const item = findItem(before, applicationId);
    setFailure(`${item?.candidate.fullName ?? "The candidate"} was not ${what}: ${errorMessage(err)}`);
    setAnnouncement("");
    if (item?.application) setFocusRequest({ applicationId, stageId: item.application.stageId, fromStageId: item.application.stageId, neighbours: [] });
  }
  function settled() {
    void qc.invalidateQueries(trpc.candidates.list.pathFilter());
    void qc.invalidateQueries(trpc.openings.get.queryFilter({ openingId: opening.id }));
    void qc.invalidateQueries(trpc.candidates.get.pathFilter());
  }

  // After a Move menu pick the card is redrawn elsewhere (or leaves): focus follows it, but only when it was
  // lost with the old card (focus the person moved elsewhere meanwhile stays where it is).
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs again whenever the board's cards change
  useEffect(() => {
    const root = boardRef.current;
    if (!focusRequest || !root) return;
    const card = root.querySelector(`[data-application-id="${focusRequest.applicationId}"]`);
    let target: HTMLElement | null | undefined;
    if (focusRequest.stageId !== null) {
      if (card?.closest("[data-stage-id]")?.getAttribute("data-stage-id") !== String(focusRequest.stageId)) return; // not redrawn there yet
      target = card.querySelector<HTMLElement>(".move-toggle") ?? card.querySelector<HTMLElement>("a");
    } else {
      if (card) return; // still here until the optimistic update lands
      target =
        focusRequest.neighbours.map((id) => root.querySelector<HTMLElement>(`[data-application-id="${id}"] .move-toggle`)).find(Boolean) ??
        root.querySelector<HTMLElement>(`[data-stage-id="${focusRequest.fromStageId}"] .column-head`);
    }
    setFocusRequest(null);
    const active = document.activeElement;
    if (!active || active === document.body) target?.focus();
  }, [focusRequest, list.data]);

  const doMove: MoveTo = (applicationId, stageId) => move.mutate({ applicationId, stageId });

  if (list.isPending) return <Loading label="Loading the board…" />;
  if (list.error) return <ErrorNote error={list.error} retry={() => void list.refetch()} />;
  const byStage = groupByStage(list.data);
  const items = list.data.pages.flatMap((p) => p.items);
  const decisionedCount = stages.reduce((n, s) => n + s.decisionedCount, 0);
  const firstHiring = opening.hiringStages[0];
  const firstProspecting = opening.prospectingStages[0];
  // The way back is shown only while some card here may take it (and accepts only those cards).
  const anyMayGoBack = workflow === "hiring" && items.some((i) => i.application && movesOf(i.application, opening).toProspecting);
  const drag = { dragging, setDragging };
  const states = staffStates(decisionStates.data);
  const pick: PickFromMenu = (item, from, action) => {
    const app = item.application!;
    const column = byStage.get(from.id) ?? [];
    const at = column.findIndex((i) => i.application?.applicationId === app.applicationId);
    const neighbours = [...column.slice(at + 1), ...column.slice(0, Math.max(0, at)).reverse()].map((i) => i.application!.applicationId);
    const who = item.candidate.fullName;
    if (action.kind === "move") {
      const to = allStages.find((s) => s.id === action.stageId);
      if (!to) return;
      const stays = to.workflow === workflow;
      setFocusRequest({ applicationId: app.applicationId, stageId: stays ? to.id : null, fromStageId: from.id, neighbours });
      setAnnouncement(`${who} moved to ${stays ? to.name : `${to.workflow === "hiring" ? "hiring" : "prospecting"} (${to.name})`}.`);
      doMove(app.applicationId, to.id);
    } else {
      setFocusRequest({ applicationId: app.applicationId, stageId: null, fromStageId: from.id, neighbours });
      setAnnouncement(`${who}: ${states.find((s) => s.id === action.stateId)?.name ?? "decision"} saved.`);
      decide.mutate({ applicationId: app.applicationId, stateId: action.stateId });
    }
  };
  return (
    <SharingProvider openingId={opening.id} enabled={opening.clientId != null}>
      {failure && (
        <div className="notice notice-error" role="alert">
          {failure}{" "}
          <button type="button" className="link-button" onClick={() => setFailure(null)}>
            Dismiss
          </button>
        </div>
      )}
      {items.length === 0 && decisionedCount === 0 && (
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
      <p className="sr-only" role="status">
        {announcement}
      </p>
      <section ref={boardRef} className="board" aria-label={`${workflow === "hiring" ? "Hiring pipeline" : "Prospecting"} board`}>
        {stages.map((stage) => (
          <Column key={stage.id} stage={stage} items={byStage.get(stage.id) ?? []} workflow={workflow} opening={opening} onMove={doMove} onPick={pick} states={states} {...drag} />
        ))}
        {workflow === "prospecting" && firstHiring && (
          <DropZone label={`Move to hiring (${firstHiring.name})`} accepts={(m) => m.toHiring} onDropApp={(id) => doMove(id, firstHiring.id)} dragging={dragging} />
        )}
        {anyMayGoBack && firstProspecting && (
          <DropZone
            label={`Move back to prospecting (${firstProspecting.name})`}
            refusal="Only for candidates who started in prospecting"
            accepts={(m) => m.toProspecting}
            onDropApp={(id) => doMove(id, firstProspecting.id)}
            dragging={dragging}
          />
        )}
        <DecisionedLane query={decisioned} count={decisionedCount} />
      </section>
      <ShowMore query={list} label={`Show more (${items.length} shown)`} />
    </SharingProvider>
  );
}

function findItem(data: BoardData | undefined, applicationId: number): ListItem | undefined {
  for (const p of data?.pages ?? []) for (const i of p.items) if (i.application?.applicationId === applicationId) return i;
  return undefined;
}

/** A drop target for the dragged card when `accepts` allows its moves; other cards cannot be dropped on it. */
function useDropTarget(dragging: Dragging, accepts: (d: NonNullable<Dragging>) => boolean, onDropApp: (appId: number) => void) {
  const [over, setOver] = useState(false);
  const ok = dragging !== null && accepts(dragging);
  return {
    over,
    refused: dragging !== null && !ok,
    handlers: {
      onDragOver: (e: DragEvent) => {
        if (!ok || !e.dataTransfer.types.includes(DRAG_TYPE)) return;
        e.preventDefault();
        e.dataTransfer.dropEffect = "move";
        setOver(true);
      },
      onDragLeave: () => setOver(false),
      onDrop: (e: DragEvent) => {
        setOver(false);
        const id = Number(e.dataTransfer.getData(DRAG_TYPE));
        if (ok && id > 0 && id === dragging?.applicationId) {
          e.preventDefault();
          onDropApp(id);
        }
      },
    },
  };
}

function DropZone({
  label,
  refusal,
  accepts,
  onDropApp,
  dragging,
}: {
  label: string;
  refusal?: string;
  accepts: (m: AllowedMoves) => boolean;
  onDropApp: (appId: number) => void;
  dragging: Dragging;
}) {
  const { over, refused, handlers } = useDropTarget(dragging, (d) => accepts(d.moves), onDropApp);
  return (
    <div className={`column dropzone${over ? " drag-over" : ""}${refused ? " drop-refused" : ""}`} {...handlers}>
      <p className="muted">Drop here: {label}</p>
      {refusal && <p className="muted dropzone-note">{refusal}</p>}
    </div>
  );
}

interface DragProps {
  dragging: Dragging;
  setDragging: (d: Dragging) => void;
}

function Column({
  stage,
  items,
  workflow,
  opening,
  onMove,
  onPick,
  states,
  dragging,
  setDragging,
}: { stage: Stage; items: ListItem[]; workflow: Workflow; opening: Opening; onMove: MoveTo; onPick: PickFromMenu; states: DecisionState[] } & DragProps) {
  const headingId = useId();
  const { over, handlers } = useDropTarget(
    dragging,
    (d) => d.moves.withinWorkflow && !items.some((i) => i.application?.applicationId === d.applicationId),
    (appId) => onMove(appId, stage.id),
  );
  return (
    <section className={`column${over ? " drag-over" : ""}`} aria-labelledby={headingId} data-stage={stage.name} data-stage-id={stage.id} {...handlers}>
      {/* Focusable from script only: where focus goes when the column's last card leaves by the Move menu. */}
      <h3 id={headingId} className="column-head" tabIndex={-1}>
        {stage.name}{" "}
        <span className="count" title={items.length < stage.count ? `${items.length} of ${stage.count} shown` : undefined}>
          {stage.count}
        </span>
      </h3>
      {items.length === 0 ? (
        <p className="column-empty muted">No one here</p>
      ) : (
        <ul className="cards">
          {items.map((item) => (
            <Card key={item.application!.applicationId} item={item} current={stage} workflow={workflow} opening={opening} onPick={onPick} states={states} setDragging={setDragging} />
          ))}
        </ul>
      )}
    </section>
  );
}

interface MenuItem {
  key: string;
  name: string;
  /** The group label says where on screen; this says it to a screen reader too. */
  label?: string;
  action: MenuAction;
}

/** The groups a card's Move menu offers, each only when the API allows that kind of move. */
function moveGroups(workflow: Workflow, current: Stage, moves: AllowedMoves, opening: Opening, states: DecisionState[]) {
  const toStages = (stages: Stage[], prefix: string): MenuItem[] =>
    stages.map((s) => ({ key: `stage-${s.id}`, name: s.name, label: prefix ? `${prefix}${s.name}` : undefined, action: { kind: "move", stageId: s.id } }));
  const groups = [
    {
      label: workflow === "hiring" ? "Hiring stage" : "Prospecting stage",
      show: moves.withinWorkflow,
      items: toStages((workflow === "hiring" ? opening.hiringStages : opening.prospectingStages).filter((s) => s.id !== current.id), ""),
    },
    { label: "Move to hiring", show: workflow === "prospecting" && moves.toHiring, items: toStages(opening.hiringStages, "Hiring: ") },
    { label: "Move back to prospecting", show: workflow === "hiring" && moves.toProspecting, items: toStages(opening.prospectingStages, "Back to prospecting: ") },
    {
      label: "Decision",
      show: moves.decision,
      items: states.map((s): MenuItem => ({ key: `state-${s.id}`, name: s.name, label: `Decision: ${s.name}`, action: { kind: "decide", stateId: s.id } })),
    },
  ];
  return groups.filter((g) => g.show && g.items.length > 0);
}

function CardText({ c }: { c: ListItem["candidate"] }) {
  return (
    <>
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
    </>
  );
}

function Card({
  item,
  current,
  workflow,
  opening,
  onPick,
  states,
  setDragging,
}: { item: ListItem; current: Stage; workflow: Workflow; opening: Opening; onPick: PickFromMenu; states: DecisionState[]; setDragging: DragProps["setDragging"] }) {
  const app = item.application!;
  const c = item.candidate;
  const moves = movesOf(app, opening);
  const groups = moveGroups(workflow, current, moves, opening, states);
  const [open, setOpen] = useState(false);
  const menuId = useId();
  const firstOption = useRef<HTMLButtonElement>(null);
  const toggle = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (open) firstOption.current?.focus();
  }, [open]);
  const pick = (action: MenuAction) => {
    setOpen(false);
    toggle.current?.focus();
    onPick(item, current, action);
  };
  let first = true;
  const takeFirst = () => {
    const was = first;
    first = false;
    return was ? firstOption : undefined;
  };
  return (
    <li
      className="board-card"
      draggable
      data-candidate={c.fullName}
      data-application-id={app.applicationId}
      onDragStart={(e) => {
        e.dataTransfer.setData(DRAG_TYPE, String(app.applicationId));
        e.dataTransfer.effectAllowed = "move";
        setDragging({ applicationId: app.applicationId, moves });
      }}
      onDragEnd={() => setDragging(null)}
    >
      <CardText c={c} />
      <CardShare applicationId={app.applicationId} name={c.fullName} />
      {groups.length > 0 && (
        <div className="card-actions">
          <button
            ref={toggle}
            type="button"
            className="button-small move-toggle"
            aria-expanded={open}
            aria-controls={menuId}
            onClick={() => setOpen((o) => !o)}
            aria-label={`Move ${c.fullName}`}
          >
            Move…
          </button>
        </div>
      )}
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
          {groups.map((g) => (
            <div key={g.label} className="menu-group">
              <p className="menu-label">{g.label}</p>
              {g.items.map((m) => (
                <button key={m.key} ref={takeFirst()} type="button" aria-label={m.label} onClick={() => pick(m.action)}>
                  {m.name}
                </button>
              ))}
            </div>
          ))}
          <button type="button" className="link-button" onClick={() => setOpen(false)}>
            Cancel
          </button>
        </div>
      )}
    </li>
  );
}

/** The part of an infinite list query the lane reads. */
interface PagedList {
  data: BoardData | undefined;
  error: unknown;
  isPending: boolean;
  refetch: () => unknown;
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage: () => unknown;
}

/** The workflow's decisioned applications, newest first: read-only here (decide and reopen live on the profile). */
function DecisionedLane({ query, count }: { query: PagedList; count: number }) {
  const headingId = useId();
  return (
    <section className="column column-decisioned" aria-labelledby={headingId} data-lane="decisioned">
      <h3 id={headingId} className="column-head">
        Decisioned <span className="count">{count}</span>
      </h3>
      {count > 0 && <p className="lane-note">Reopen or change a decision on the candidate's profile.</p>}
      <QueryView query={query} loading="Loading decisions…">
        {(d) => {
          const items = d.pages.flatMap((p) => p.items);
          if (items.length === 0) return <p className="column-empty muted">No decisions yet</p>;
          return (
            <ul className="cards">
              {items.map((item) => (
                <DecisionedCard key={item.application!.applicationId} item={item} />
              ))}
            </ul>
          );
        }}
      </QueryView>
      <ShowMore query={query} label="Show more decisions" small />
    </section>
  );
}

function DecisionedCard({ item }: { item: ListItem }) {
  const a = item.application!;
  return (
    <li className="board-card board-card-decisioned" data-candidate={item.candidate.fullName}>
      <CardText c={item.candidate} />
      <div className="card-decision">
        <span className="badge badge-decision">{a.decisionedStateName ?? "Decisioned"}</span>
        <div className="card-sub">
          was in {a.stageName}
          {a.decisionedAt ? ` · ${formatDate(a.decisionedAt)}` : ""}
        </div>
      </div>
    </li>
  );
}
