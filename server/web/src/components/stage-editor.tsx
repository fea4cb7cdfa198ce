import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useEffect, useId, useState } from "react";
import { errorMessage } from "../lib/errors";
import { plural } from "../lib/format";
import type { RouterOutputs } from "../trpc";
import { useTRPC } from "../trpc";
import { moveBefore, moveInList } from "./board-state";

type Opening = RouterOutputs["openings"]["get"];
type Stage = Opening["hiringStages"][number];
type Workflow = "prospecting" | "hiring";

const DRAG_TYPE = "application/x-prospector-stage";

/** Add, rename, reorder (drag, or the up/down buttons) and remove the stages of one workflow. */
export function StageEditor({ opening, workflow }: { opening: Opening; workflow: Workflow }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const stages = workflow === "hiring" ? opening.hiringStages : opening.prospectingStages;
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState("");
  const [newName, setNewName] = useState("");
  const headingId = useId();
  const onDone = (o: Opening, msg: string) => {
    setError(null);
    setStatus(msg);
    qc.setQueryData(trpc.openings.get.queryKey({ openingId: o.id }), o);
    void qc.invalidateQueries(trpc.candidates.list.pathFilter());
  };
  const onError = (e: unknown) => {
    setStatus("");
    setError(errorMessage(e));
  };
  const add = useMutation(trpc.openings.stages.add.mutationOptions({ onError }));
  const rename = useMutation(trpc.openings.stages.rename.mutationOptions({ onError }));
  const reorder = useMutation(trpc.openings.stages.reorder.mutationOptions({ onError }));
  const remove = useMutation(trpc.openings.stages.remove.mutationOptions({ onError }));
  const busy = add.isPending || rename.isPending || reorder.isPending || remove.isPending;

  const saveOrder = (ids: number[], msg: string) => {
    if (ids.join() === stages.map((s) => s.id).join()) return;
    reorder.mutate({ openingId: opening.id, workflow, stageIds: ids }, { onSuccess: (o) => onDone(o, msg) });
  };
  const submitAdd = (e: FormEvent) => {
    e.preventDefault();
    const name = newName.trim();
    if (!name) return;
    add.mutate(
      { openingId: opening.id, workflow, name },
      {
        onSuccess: (o) => {
          setNewName("");
          onDone(o, `Stage "${name}" added`);
        },
      },
    );
  };

  return (
    <section className="stage-editor" aria-labelledby={headingId}>
      <h3 id={headingId}>{workflow === "hiring" ? "Hiring stages" : "Prospecting stages"}</h3>
      <p className="muted">Drag a stage to reorder it, or use its up and down buttons. A workflow keeps at least one stage.</p>
      {error && (
        <p className="notice notice-error" role="alert">
          {error}
        </p>
      )}
      <p className="sr-only" role="status">
        {status}
      </p>
      <ol className="stage-list">
        {stages.map((s, i) => (
          <StageRow
            key={s.id}
            stage={s}
            index={i}
            stages={stages}
            busy={busy}
            onUp={() => saveOrder(moveInList(stages.map((x) => x.id), s.id, -1), `"${s.name}" moved up`)}
            onDown={() => saveOrder(moveInList(stages.map((x) => x.id), s.id, 1), `"${s.name}" moved down`)}
            onDropBefore={(draggedId) => saveOrder(moveBefore(stages.map((x) => x.id), draggedId, s.id), "Stages reordered")}
            onRename={(name, done) =>
              rename.mutate(
                { openingId: opening.id, stageId: s.id, name },
                {
                  onSuccess: (o) => {
                    done();
                    onDone(o, `Stage renamed to "${name}"`);
                  },
                },
              )
            }
            onRemove={(moveToStageId) =>
              remove.mutate({ openingId: opening.id, stageId: s.id, moveToStageId }, { onSuccess: (o) => onDone(o, `Stage "${s.name}" removed`) })
            }
          />
        ))}
      </ol>
      <form className="inline-form" onSubmit={submitAdd}>
        <label className="field field-inline">
          <span>New stage</span>
          <input value={newName} maxLength={100} onChange={(e) => setNewName(e.target.value)} placeholder="e.g. Technical interview" />
        </label>
        <button type="submit" className="button" disabled={busy || !newName.trim()}>
          Add stage
        </button>
      </form>
    </section>
  );
}

function StageRow({
  stage,
  index,
  stages,
  busy,
  onUp,
  onDown,
  onDropBefore,
  onRename,
  onRemove,
}: {
  stage: Stage;
  index: number;
  stages: Stage[];
  busy: boolean;
  onUp: () => void;
  onDown: () => void;
  onDropBefore: (draggedId: number) => void;
  onRename: (name: string, done: () => void) => void;
  onRemove: (moveToStageId: number | undefined) => void;
}) {
  const [name, setName] = useState(stage.name);
  const [removing, setRemoving] = useState(false);
  const others = stages.filter((s) => s.id !== stage.id);
  const [target, setTarget] = useState<number | "">(others[0]?.id ?? "");
  const [over, setOver] = useState(false);
  useEffect(() => setName(stage.name), [stage.name]);
  const changed = name.trim() !== stage.name && name.trim() !== "";
  const submitRename = (e: FormEvent) => {
    e.preventDefault();
    if (changed) onRename(name.trim(), () => {});
  };
  return (
    <li
      className={`stage-row${over ? " drag-over" : ""}`}
      draggable
      data-stage={stage.name}
      onDragStart={(e) => {
        e.dataTransfer.setData(DRAG_TYPE, String(stage.id));
        e.dataTransfer.effectAllowed = "move";
      }}
      onDragOver={(e) => {
        if (!e.dataTransfer.types.includes(DRAG_TYPE)) return;
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(e) => {
        setOver(false);
        const id = Number(e.dataTransfer.getData(DRAG_TYPE));
        if (id > 0 && id !== stage.id) {
          e.preventDefault();
          onDropBefore(id);
        }
      }}
    >
      <span className="drag-handle" aria-hidden="true">
        ⋮⋮
      </span>
      <form
        className="stage-name"
        onSubmit={submitRename}
        // Leaving the box by Tab or by another action saves the new name; a blank box goes back to the saved one.
        onBlur={(e) => {
          if (e.currentTarget.contains(e.relatedTarget as Node | null)) return;
          if (changed && !busy) onRename(name.trim(), () => {});
          else if (!changed) setName(stage.name);
        }}
      >
        <label className="sr-only" htmlFor={`stage-${stage.id}`}>
          Name of stage {index + 1}
        </label>
        <input id={`stage-${stage.id}`} value={name} maxLength={100} onChange={(e) => setName(e.target.value)} />
        {changed && (
          <button type="submit" className="button-small" disabled={busy}>
            Rename
          </button>
        )}
      </form>
      <span className="muted stage-count">{plural(stage.count, "candidate")}</span>
      <span className="stage-buttons">
        <button type="button" className="button-small" onClick={onUp} disabled={busy || index === 0} aria-label={`Move ${stage.name} up`}>
          ↑
        </button>
        <button
          type="button"
          className="button-small"
          onClick={onDown}
          disabled={busy || index === stages.length - 1}
          aria-label={`Move ${stage.name} down`}
        >
          ↓
        </button>
        <button
          type="button"
          className="button-small button-danger"
          onClick={() => setRemoving(true)}
          disabled={busy || stages.length <= 1}
          aria-label={`Remove ${stage.name}`}
          title={stages.length <= 1 ? "A workflow keeps at least one stage" : undefined}
        >
          Remove
        </button>
      </span>
      {removing && (
        <fieldset className="remove-panel">
          <legend className="sr-only">Remove {stage.name}</legend>
          {stage.count > 0 ? (
            <label className="field field-inline">
              <span>Move its {plural(stage.count, "candidate")} to…</span>
              <select value={target} onChange={(e) => setTarget(Number(e.target.value))}>
                {others.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.name}
                  </option>
                ))}
              </select>
            </label>
          ) : (
            <span>Remove "{stage.name}"? It holds no candidates.</span>
          )}
          <button
            type="button"
            className="button-small button-danger"
            disabled={busy}
            onClick={() => {
              setRemoving(false);
              onRemove(stage.count > 0 && target !== "" ? target : undefined);
            }}
          >
            Remove stage
          </button>
          <button type="button" className="button-small" onClick={() => setRemoving(false)}>
            Cancel
          </button>
        </fieldset>
      )}
    </li>
  );
}
