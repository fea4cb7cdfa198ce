// Typed sending and handling of the messages in protocol.ts, on top of @plasmohq/messaging.
import { type PlasmoMessaging, sendToBackground } from "@plasmohq/messaging";
import type { MessageMap, MessageName } from "./protocol";

/** Sends a message to the background service worker and returns its typed answer. */
export async function send<N extends MessageName>(name: N, body: MessageMap[N]["req"]): Promise<MessageMap[N]["res"]> {
  const res = await sendToBackground({ name: name as never, body });
  if (res === undefined) throw new Error(`No answer from the extension's background for "${name}"`);
  return res as MessageMap[N]["res"];
}

/**
 * A handler for one message. An exception is logged and answered with `fallback(message)`, so the page never
 * waits for an answer that does not come.
 */
export function handler<N extends MessageName>(
  name: N,
  fn: (body: MessageMap[N]["req"], sender: chrome.runtime.MessageSender | undefined) => Promise<MessageMap[N]["res"]>,
  fallback: (message: string) => MessageMap[N]["res"],
): PlasmoMessaging.MessageHandler<MessageMap[N]["req"], MessageMap[N]["res"]> {
  return async (req, res) => {
    try {
      res.send(await fn((req.body ?? {}) as MessageMap[N]["req"], req.sender));
    } catch (err) {
      console.error(`Prospector: message "${name}" failed`, err);
      res.send(fallback(err instanceof Error ? err.message : String(err)));
    }
  };
}

/** The usual fallback for messages answering a Result. */
export const failed = (message: string) => ({ ok: false as const, error: { kind: "server" as const, code: "EXTENSION_ERROR", message } });
