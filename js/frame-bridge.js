// The widget's end of window.postMessage: which hosted frame sent a message, and posting back.
// No SCAPI logic lives here; Python decides everything. Only frames this view created are
// heard (event.source identity), and replies go to the frame's exact origin. Frames we
// sandboxed without allow-same-origin have the opaque origin "null", which postMessage
// cannot target: for those (and only those) the target is "*", still sent to that one window.
// Every message and load is tagged with the document it came from as this view saw it
// ({epoch, loads}: the desktop's load epoch of the frame, loads seen in that epoch); Python
// decides what a document may do. Once an opaque frame has loaded a second document (one the
// desktop did not load), nothing more is posted to it.

/** Make a value safe for the JSON comm (drops what JSON cannot carry); undefined if impossible. */
export function toJsonSafe(value) {
  try {
    const text = JSON.stringify(value);
    return text === undefined ? undefined : JSON.parse(text);
  } catch {
    return undefined;
  }
}

export class FrameBridge {
  /**
   * @param {object} options
   * @param {string} options.viewId  this view's id, sent with every message
   * @param {(msg: object) => void} options.send  sends a custom message to Python
   */
  constructor({ viewId, send }) {
    this.viewId = viewId;
    this.send = send;
    /** @type {Map<number, {window: any, origin: string, opaque: boolean, epoch: number, loads: number}>} */
    this.frames = new Map();
  }

  /** Remember a frame this view created (its contentWindow, app origin, sandbox kind, load epoch). */
  register(frameId, window, origin, opaque, epoch = 0) {
    this.frames.set(frameId, { window, origin, opaque, epoch, loads: 0 });
  }

  /** The document a frame holds now, as this view saw it: `{epoch, loads}`. */
  documentOf(frameId) {
    const frame = this.frames.get(frameId);
    return frame ? { epoch: frame.epoch, loads: frame.loads } : undefined;
  }

  /** The frame's element fired "load": one more document. Returns the new document's tag. */
  documentLoaded(frameId) {
    const frame = this.frames.get(frameId);
    if (!frame) return undefined;
    frame.loads += 1;
    return this.documentOf(frameId);
  }

  unregister(frameId) {
    this.frames.delete(frameId);
  }

  /** The frameId whose window posted, or undefined for anything else. */
  frameIdOf(source) {
    if (!source) return undefined;
    for (const [frameId, frame] of this.frames) {
      if (frame.window === source) return frameId;
    }
    return undefined;
  }

  /** A window "message" event: relay it to Python if it comes from one of our frames. */
  handleMessage(event) {
    const frameId = this.frameIdOf(event.source);
    if (frameId === undefined) return false;
    const data = toJsonSafe(event.data);
    if (data === undefined || data === null || typeof data !== "object") return false;
    const document = this.documentOf(frameId);
    this.send({ kind: "scapi", view: this.viewId, frameId, document, origin: String(event.origin), data });
    return true;
  }

  /** A frame finished loading `document` (its tag from documentLoaded): Python decides what it gets. */
  frameLoaded(frameId, document) {
    if (document) this.send({ kind: "frame-loaded", view: this.viewId, frameId, document });
  }

  /** Post a message from Python to a frame. Returns false when the frame is not ours (any more). */
  post(frameId, message) {
    const frame = this.frames.get(frameId);
    if (!frame || !frame.window) return false;
    if (frame.opaque && frame.loads > 1) return false; // not the document the desktop loaded
    frame.window.postMessage(message, frame.opaque ? "*" : frame.origin);
    return true;
  }
}
