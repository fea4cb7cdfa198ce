import busboy from "busboy";
import type { Request } from "express";
import type { Deps } from "../../lib/deps";
import { IncomingFile } from "./documents.store";

export interface MultipartResult {
  fields: Record<string, string>;
  /** The file of `fileField`, received into a temporary file (null: none chosen). The caller commits or discards it. */
  file: IncomingFile | null;
  /** A field longer than allowed, or too many parts: the form was not sent as a browser sends it. */
  malformed: boolean;
}

/** The request is not multipart/form-data, or its body could not be read. */
export class MultipartError extends Error {}

/**
 * Reads a multipart/form-data request with busboy, streaming: the one file of `fileField` goes to a temporary file
 * (at most maxFileBytes; more is drained and marked too large), fields are capped in size and count, any other
 * file part is skipped unread.
 */
export function readMultipart(
  deps: Pick<Deps, "config">,
  req: Request,
  opts: { fileField: string; maxFileBytes: number; maxFields?: number; maxFieldBytes?: number },
): Promise<MultipartResult> {
  return new Promise((resolve, reject) => {
    let bb: busboy.Busboy;
    try {
      bb = busboy({
        headers: req.headers,
        defParamCharset: "utf8",
        limits: { fileSize: opts.maxFileBytes + 1, files: 1, fields: opts.maxFields ?? 20, fieldSize: opts.maxFieldBytes ?? 64 * 1024, parts: (opts.maxFields ?? 20) + 2 },
      });
    } catch (err) {
      reject(new MultipartError((err as Error).message));
      return;
    }
    const fields: Record<string, string> = {};
    let malformed = false;
    let file: Promise<IncomingFile | null> = Promise.resolve(null);
    bb.on("field", (name, value, info) => {
      if (info.valueTruncated || info.nameTruncated) malformed = true;
      if (!(name in fields)) fields[name] = value;
    });
    bb.on("file", (name, stream, info) => {
      if (name !== opts.fileField) {
        stream.resume();
        return;
      }
      file = IncomingFile.receive(deps, info.filename ?? "", stream, opts.maxFileBytes).then(async (f) => {
        // A form sent without choosing a file still has the part: no name, no bytes.
        if (!info.filename && f.size === 0) {
          await f.discard();
          return null;
        }
        return f;
      });
      // Rejections surface through `file` below; this keeps an early failure from being unhandled meanwhile.
      file.catch(() => undefined);
    });
    bb.on("fieldsLimit", () => (malformed = true));
    bb.on("partsLimit", () => (malformed = true));
    bb.on("filesLimit", () => (malformed = true));
    bb.on("error", (err) => {
      void file.then((f) => f?.discard(), () => undefined);
      reject(new MultipartError((err as Error).message));
    });
    bb.on("close", () => {
      file.then((f) => resolve({ fields, file: f, malformed }), reject);
    });
    // A client that goes away mid-upload: busboy may never close; the temporary file is dropped.
    req.once("close", () => {
      if (!req.readableAborted) return;
      void file.then((f) => f?.discard(), () => undefined);
      reject(new MultipartError("the upload was interrupted"));
    });
    req.pipe(bb);
  });
}
