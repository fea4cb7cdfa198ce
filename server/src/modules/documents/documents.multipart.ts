import busboy from "busboy";
import type { Request, Response } from "express";
import type { Deps } from "../../lib/deps";
import { IncomingFile } from "./documents.store";

export interface MultipartResult {
  fields: Record<string, string>;
  /** The file of `fileField`, received into a temporary file (null: none chosen). The caller commits or discards it. */
  file: IncomingFile | null;
  /** A field longer than allowed, or too many parts: the form was not sent as a browser sends it. */
  malformed: boolean;
  /**
   * The file went past maxFileBytes: reading stopped there (nothing of it kept, the rest of the body never read), so
   * `fields` holds only the fields sent before the file. The caller answers 413 and closes the connection.
   */
  tooLarge: boolean;
}

/**
 * Answers before (or without) reading the rest of the request's body: the connection closes after the answer, so
 * Node does not read and drop what the client is still sending.
 */
export function closeAfterAnswer(res: Response) {
  res.setHeader("connection", "close");
}

/** The declared Content-Length, if any. */
export function declaredLength(req: Request): number | null {
  const v = req.headers["content-length"];
  return v !== undefined && /^\d+$/.test(v) ? Number(v) : null;
}

/** The request is not multipart/form-data, or its body could not be read. */
export class MultipartError extends Error {}

/**
 * Reads a multipart/form-data request with busboy, streaming: the one file of `fileField` goes to a temporary file
 * (at most maxFileBytes: past it reading stops at once, see MultipartResult.tooLarge), fields are capped in size and
 * count, any other file part is skipped unread.
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
        limits: { fileSize: opts.maxFileBytes, files: 1, fields: opts.maxFields ?? 20, fieldSize: opts.maxFieldBytes ?? 64 * 1024, parts: (opts.maxFields ?? 20) + 2 },
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
      const received = IncomingFile.receive(deps, info.filename ?? "", stream, opts.maxFileBytes).then(async (f) => {
        // A form sent without choosing a file still has the part: no name, no bytes.
        if (!info.filename && f.size === 0) {
          await f.discard();
          return null;
        }
        return f;
      });
      file = received;
      // Rejections surface through `file` below; this keeps an early failure from being unhandled meanwhile.
      received.catch(() => undefined);
      // Past the limit: stop reading the request instead of draining up to the client's whole body. Ending the
      // file's stream ends IncomingFile.receive with an error, which removes its temporary file.
      stream.once("limit", () => {
        req.unpipe(bb);
        req.pause();
        stream.destroy();
        // Answered once the temporary file is gone (receive() removes it as it fails).
        void received.then(
          (f) => f?.discard(),
          () => undefined,
        ).then(() => resolve({ fields, file: null, malformed, tooLarge: true }));
      });
    });
    bb.on("fieldsLimit", () => (malformed = true));
    bb.on("partsLimit", () => (malformed = true));
    bb.on("filesLimit", () => (malformed = true));
    bb.on("error", (err) => {
      void file.then((f) => f?.discard(), () => undefined);
      reject(new MultipartError((err as Error).message));
    });
    bb.on("close", () => {
      file.then((f) => resolve({ fields, file: f, malformed, tooLarge: false }), reject);
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
