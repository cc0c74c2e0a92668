// The widget's end of window.postMessage: which hosted frame sent a message, and posting back.
// No SCAPI logic lives here; Python decides everything. Only frames this view created are
// heard (event.source identity), and replies go to the target origin Python published for the
// frame (its exact origin; "*" for an opaque one, still sent to that one window). Every message
// and load is tagged with the document it came from as this view saw it ({epoch, loads}: the
// desktop's load epoch of the frame, loads seen in that epoch); Python decides what a document
// may do. Once a frame has loaded more documents than Python's `maxLoads` for it (an opaque
// frame's second document, one the desktop did not load), nothing more is posted to it.
// Reads Python published answers for are answered here from the replica (local-reads.js) when
// the frame has nothing else in flight; they are reported to Python, which logs them (with the
// frame's next message or load, or on their own after REPORT_DELAY_MS). Every
// message sent to Python is numbered; Python's items say which it has handled.
import { leavesReadsAlone, localAnswer } from "./local-reads.js";

const REPORT_DELAY_MS = 50; // reads answered here reach Python's log at most this late
const REPORT_BATCH = 500;

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
   * @param {import("./replica.js").Replica} [options.replica]  answers reads from it when given
   * @param {(where: string, error: any) => void} [options.reportError]  tells Python about an exception of ours
   */
  constructor({ viewId, send, replica, reportError }) {
    this.viewId = viewId;
    this.send = send;
    this.replica = replica;
    this.reportError = reportError || ((where, error) => console.error(`scapi-widget: ${where} failed`, error));
    this.forwarded = 0; // number of the last message sent to Python
    /** @type {Map<number, number>} forwarded message number -> frameId, for messages that may change what a read answers */
    this.inFlight = new Map();
    this.reports = [];
    this.reportTimer = null;
    this.answeredHere = 0;
    /** @type {Map<number, {window: any, targetOrigin: string, maxLoads: number | null, epoch: number, loads: number}>} */
    this.frames = new Map();
  }

  /** Remember a frame this view created: `windowOf()` gives its window now (an iframe has none until
   * it is in the page, and a new one each time it is put in again; JupyterLab may render a view
   * before its element is in the page), and what Python published for its app (`targetOrigin`,
   * `maxLoads`, `epoch`). */
  register(frameId, windowOf, app) {
    this.frames.set(frameId, { windowOf, targetOrigin: app.targetOrigin, maxLoads: app.maxLoads ?? null, epoch: app.epoch ?? 0, loads: 0 });
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
      if (frame.windowOf() === source) return frameId;
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
    const origin = String(event.origin);
    const local = this.answerHere(frameId, origin, document, data);
    if (local && this.post(frameId, local.answer)) {
      this.answeredHere += 1;
      this.report({ frameId, document, origin, data, answer: local.data });
      return true;
    }
    const n = ++this.forwarded;
    if (this.mayChangeReads(frameId, data)) this.inFlight.set(n, frameId);
    // The reads answered here travel with it: Python logs them before it handles what the frame sent next.
    this.send({ kind: "scapi", view: this.viewId, n, frameId, document, origin, data, ...this.takeReports() });
    return true;
  }

  /** The read's answer from the replica, or undefined: Python answers it (also when looking it up failed). */
  answerHere(frameId, origin, document, data) {
    if (!this.replica || this.busy(frameId)) return undefined;
    try {
      return localAnswer(this.replica, frameId, origin, document, data);
    } catch (error) {
      this.reportError("answering a read from the replica (Python answers it instead)", error);
      return undefined;
    }
  }

  /** May this message change what the frame's reads answer (then its next reads wait for Python)? */
  mayChangeReads(frameId, data) {
    if (!this.replica) return true;
    try {
      return !leavesReadsAlone(this.replica, frameId, data);
    } catch (error) {
      this.reportError("telling a read from a write (taken for a write)", error);
      return true;
    }
  }

  /** Has the frame sent Python something that may change a read's answer, not handled yet? */
  busy(frameId) {
    for (const owner of this.inFlight.values()) if (owner === frameId) return true;
    return false;
  }

  /** Python has handled every message up to number `n`. */
  handled(n) {
    for (const number of this.inFlight.keys()) if (number <= n) this.inFlight.delete(number);
  }

  report(entry) {
    this.reports.push(entry);
    if (this.reports.length >= REPORT_BATCH) this.flushReports();
    else if (this.reportTimer === null) this.reportTimer = setTimeout(() => this.flushReports(), REPORT_DELAY_MS);
  }

  flushReports() {
    const reports = this.takeReports();
    if (reports.answered) this.send({ kind: "answered", view: this.viewId, answers: reports.answered });
  }

  /** The reads answered here not yet reported, as fields of the message that carries them: `{answered}`, or `{}`. */
  takeReports() {
    if (this.reportTimer !== null) clearTimeout(this.reportTimer);
    this.reportTimer = null;
    if (this.reports.length === 0) return {};
    const answered = this.reports;
    this.reports = [];
    return { answered };
  }

  /** A frame finished loading `document` (its tag from documentLoaded): Python decides what it gets. */
  frameLoaded(frameId, document) {
    if (!document) return this.flushReports();
    // With it, the reads the page made while loading: Python logs them before its load.
    this.send({ kind: "frame-loaded", view: this.viewId, frameId, document, ...this.takeReports() });
  }

  /** Post a message from Python to a frame. Returns false when the frame is not ours (any more). */
  post(frameId, message) {
    const frame = this.frames.get(frameId);
    const window = frame?.windowOf();
    if (!window) return false;
    if (frame.maxLoads !== null && frame.loads > frame.maxLoads) return false; // not the document the desktop loaded
    window.postMessage(message, frame.targetOrigin);
    return true;
  }
}
