import { parentPort, workerData } from "node:worker_threads";
import { openDatabase } from "../../db/client";
import { type CommitJob, type CommitMessage, executeCommit } from "./imports.service";

// One commit per worker: its own connection to the same database file, one transaction, then exit.
// The worker may be started ahead of its job (a preview warms one up, see imports.service.ts): it loads,
// opens the database, and waits for the job's message. Progress and the outcome go back as messages; the
// outcome is also written to the batch row.
const { file } = workerData as { file: string };
const post = (m: CommitMessage) => parentPort?.postMessage(m);

const db = openDatabase(file);
// No automatic checkpoint inside the commit: copying a 50,000-row transaction's pages back from the WAL
// would delay the outcome by seconds. It runs after the outcome is posted, still off the main thread.
db.$client.pragma("wal_autocheckpoint = 0");
parentPort?.once("message", (job: CommitJob) => {
  try {
    executeCommit(db, job, post);
    db.$client.pragma("wal_checkpoint(PASSIVE)");
  } finally {
    db.$client.close();
  }
});
