import { parentPort, workerData } from "node:worker_threads";
import { openDatabase } from "../../db/client";
import { type CommitJob, type CommitMessage, executeCommit } from "./imports.service";

// One commit per worker: its own connection to the same database file, one transaction, then exit.
// Progress and the outcome go back as messages; the outcome is also written to the batch row.
const { file, job } = workerData as { file: string; job: CommitJob };
const post = (m: CommitMessage) => parentPort?.postMessage(m);

const db = openDatabase(file);
try {
  executeCommit(db, job, post);
} finally {
  db.$client.close();
}
