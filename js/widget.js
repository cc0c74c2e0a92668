// anywidget entry: one view of a Desktop. The newest view runs the hosted apps; others show
// the desktop without frames, so nothing is duplicated or answered twice. Each view keeps a
// replica of the desktop (replica.js): a snapshot when it is ready, then the ops of each
// transaction, in numbered items; a gap asks for a fresh snapshot. The desktop UI and the
// bridge read the replica. The host view acks the messages that ask for it (Python's flow control);
// when such a message answered one of its frames, the ack waits a little for the frame's next
// message to carry it (one kernel message less per round trip that asks).
import { FrameBridge } from "./frame-bridge.js";
import { Replica } from "./replica.js";
import { FramesView } from "./frames-view.js";
import { DesktopView } from "./desktop-view.js";
import { PlayerBar } from "./player-bar.js";
import { h } from "./dom.js";
import { errorReporter } from "./front-end-errors.js";
import { jupyterConfig, knownPlace, probeServerExtension } from "./jupyter-server.js";
import { askLoopback } from "./reach.js";
import { readItems } from "./items.js";

const RENDER_EVERY_MS = 50;
const ACK_WAIT_MS = 10; // how long an owed ack waits for a message to Python that carries it

function newId() {
  return globalThis.crypto?.randomUUID ? crypto.randomUUID() : `v${Date.now()}-${Math.random().toString(16).slice(2)}`;
}

/**
 * One view. `onReplica` (anywidget passes none) is given by the light harness's page
 * (scapi_widget/testing/pages/harness.html), which lets tests look at this view's replica.
 */
function render({ model, el, onReplica }) {
  const viewId = newId();
  const controller = new AbortController();
  const { signal } = controller;
  const root = h("div", { className: "scapi-desktop", dataset: { testid: "scapi-desktop", view: viewId } });
  root.style.height = model.get("height");
  el.appendChild(root);

  let actionSeq = 0;
  const send = (msg) => model.send(msg);
  const { report, guard } = errorReporter(send, viewId); // an exception in a handler reaches the notebook
  const act = (verb, args) => send({ kind: "action", view: viewId, id: `${viewId}:${++actionSeq}`, verb, args });
  // Python answers view-ready with the snapshot; it is sent first (the answer is handled once this
  // function has returned). Under a Jupyter server the view says whether scapi-widget's server
  // extension answers there (asked once per page): Python then picks the apps' URLs.
  // It also says what the kernel's loopback app server answered its browser (Python published where to ask):
  // Python hosts the apps there when this browser reaches it.
  const viewReady = (place, loopbackReach) =>
    send({ kind: "view-ready", view: viewId, pageOrigin: window.location.origin, ...place, loopbackReach });
  const jupyter = jupyterConfig();
  const known = jupyter ? knownPlace(jupyter) : {};
  const probe = model.get("loopback_probe") || {};
  const askHere = Boolean(probe.url) && (probe.pageHosts || []).includes(window.location.hostname);
  if (known && !askHere) viewReady(known, "");
  else {
    Promise.all([known || probeServerExtension(jupyter, model.get("_server_probe")), askHere ? askLoopback(probe.url, probe.header) : ""])
      .then(([place, reach]) => signal.aborted || viewReady(place, reach));
  }
  const replica = new Replica();
  // Acks: one owed (the number of the last message that asked) goes with the bridge's next message
  // to Python, or on its own after ACK_WAIT_MS.
  let ackOwed = null;
  let ackTimer = null;
  const takeAck = () => {
    clearTimeout(ackTimer);
    ackTimer = null;
    const n = ackOwed;
    ackOwed = null;
    return n;
  };
  const sendAck = () => {
    if (ackOwed !== null) send({ kind: "ack", view: viewId, n: takeAck() });
  };
  let drawIfDue = () => {}; // set with the drawing below
  let forwardedAt = -Infinity;
  // A frame's message is forwarded first; then, while Python works on it, the desktop UI is drawn
  // if a drawing is due (its redraw of the page is then done before the answer comes).
  const bridgeSend = (msg) => {
    send(ackOwed === null ? msg : { ...msg, ack: takeAck() });
    if (msg.kind === "scapi") {
      forwardedAt = performance.now();
      drawIfDue();
    }
  };
  const bridge = new FrameBridge({ viewId, send: bridgeSend, replica, reportError: report });
  // The desktop UI reads the replica's parts, and the few small traitlets (ui_actions, notices).
  const state = { get: (name) => (replica.parts.has(name) ? replica.get(name) : model.get(name)) };
  const ui = new DesktopView({ model: state, root, act });
  const player = new PlayerBar({ model, root, signal, command: (command, speed) => send({ kind: "player", view: viewId, command, speed }) });
  const frames = new FramesView({
    container: ui.appArea,
    tabs: ui.appTabs,
    launchers: ui.launchers,
    bridge,
    signal,
    dialogBody: (app) => ui.dialogBody(app),
    reloadApp: (frameId) => send({ kind: "reload-app", view: viewId, frameId }),
    frameFailed: (frameId, url, reason) => send({ kind: "frame-failed", view: viewId, frameId, url, reason }),
    pageOrigin: window.location.origin,
    guard,
  });

  const isHost = () => replica.loaded && replica.get("host_view") === viewId;
  const syncFrames = () => {
    if (isHost()) frames.show(replica.get("apps") || []);
    else frames.clear();
    ui.setHosting(isHost());
  };
  const renderers = {
    agent_info: () => ui.renderHeader(),
    agent_states: () => ui.renderHeader(),
    interactions: () => ui.renderInteractions(),
    actions: () => ui.renderInteractions(),
    toasts: () => ui.renderToasts(),
    live: () => ui.renderHeader(),
    menu_views: () => ui.renderMenuBar(),
  };
  // The desktop UI is drawn after the frames got their messages (a frame's message event runs in
  // a task of its own: drawing first would delay every answer), and at most every RENDER_EVERY_MS:
  // a burst of changes is drawn once, and drawing does not slow the apps' round trips down. While
  // apps are sending, it is drawn just after a frame's message went to Python (the page waits for
  // the answer then; drawIfDue), else in an animation frame: the timer for that waits
  // RENDER_EVERY_MS longer when a frame's message was forwarded within the last RENDER_EVERY_MS.
  const toRender = new Set();
  let logLines = [];
  let logReplace = false;
  let renderQueued = false;
  let renderedAt = -Infinity;
  let renderTimer = null; // the wait before the next drawing, then the animation frame it asked for
  let renderFrame = null;
  const render = () => {
    renderQueued = false;
    renderFrame = null;
    renderedAt = performance.now();
    const done = new Set();
    for (const name of toRender) {
      const draw = renderers[name];
      if (draw && !done.has(draw)) { done.add(draw); guard(`drawing the desktop (${name})`, draw); }
    }
    toRender.clear();
    if (logLines.length || logReplace) guard("drawing the event log", () => ui.addEvents(logLines, logReplace));
    logLines = [];
    logReplace = false;
  };
  const scheduleRender = (changed, log, replaceLog) => {
    for (const name of changed) toRender.add(name);
    if (replaceLog) { logLines = log; logReplace = true; } else logLines = logLines.concat(log);
    if (!renderQueued && (toRender.size || logLines.length || logReplace)) {
      renderQueued = true;
      const now = performance.now();
      renderTimer = setTimeout(() => {
        renderTimer = null;
        renderFrame = requestAnimationFrame(render);
      }, Math.max(0, renderedAt + RENDER_EVERY_MS - now) + (now - forwardedAt < RENDER_EVERY_MS ? RENDER_EVERY_MS : 0));
    }
  };
  drawIfDue = () => {
    if (!renderQueued || performance.now() < renderedAt + RENDER_EVERY_MS) return;
    clearTimeout(renderTimer);
    renderTimer = null;
    if (renderFrame !== null) cancelAnimationFrame(renderFrame);
    render();
  };
  let resyncAsked = false;
  const askResync = () => {
    if (!resyncAsked) send({ kind: "resync", view: viewId });
    resyncAsked = true;
  };
  // An item's replica ops (or this view's snapshot); its frames follow the replica's apps.
  const onItem = (item, changed, logs) => {
    let applied = new Set();
    if (item.snapshot) {
      applied = replica.load(item.snapshot);
      resyncAsked = false;
      logs.lines = [...(item.log || [])];
      logs.replace = true;
    } else if (item.ops) {
      applied = replica.apply(item.seq, item.ops) ?? new Set();
      if (replica.stale && replica.seq !== null) askResync();
    }
    for (const name of applied) changed.add(name);
    if (applied.has("apps") || applied.has("host_view")) syncFrames(); // before this item's posts
  };
  // Each item's ops, then its posts to the frames. A failure in either is reported and the rest
  // carries on: a replica that may be half-updated asks for a snapshot, and each post is on its
  // own, so one failure never keeps an answer from another frame.
  const onItems = (items) => {
    const changed = new Set();
    const logs = { lines: [], replace: false };
    for (const item of items) {
      if (item.snapshot && item.view !== viewId) continue; // another view's
      const ok = guard("applying an update from Python", () => { onItem(item, changed, logs); return true; });
      if (!ok) {
        replica.stale = true; // what it holds may be half-updated: a snapshot puts it right
        askResync();
      }
      if (item.handled && item.handled[0] === viewId) bridge.handled(item.handled[1]);
      if (item.posts && isHost()) {
        // an event's interaction that Python left out is the replica's entry (the ops above made it so)
        for (const [index, part, id] of item.fills || []) {
          guard("filling an event from the replica", () => { item.messages[index].data.interaction = replica.parts.get(part)?.get(id); });
        }
        for (const [frameId, index] of item.posts) guard("posting to a hosted frame", () => bridge.post(frameId, item.messages[index]));
      }
      if (item.log && !item.snapshot && replica.seq !== null) for (const line of item.log) logs.lines.push(line); // a snapshot's is the backlog
      if (item.action && String(item.action.id).startsWith(`${viewId}:`)) guard("showing an action's result", () => ui.showError(item.action.error));
    }
    scheduleRender(changed, logs.lines, logs.replace);
  };
  // An ack asked for: when the message answered one of this view's messages, the frame's next
  // message (which usually follows at once) carries it; else it goes now.
  const oweAck = (msg, items) => {
    ackOwed = msg.n;
    const answered = items.some((item) => item && item.handled && item.handled[0] === viewId);
    if (!answered) sendAck();
    else if (ackTimer === null) ackTimer = setTimeout(sendAck, ACK_WAIT_MS);
  };
  // Each message from Python is handled in a microtask of its own: in order (microtasks run in the
  // order they were queued, all before the next task), from a stack of a few frames instead of
  // from inside the notebook's comm dispatch (dozens). With a debugger attached (DevTools open, a
  // test driver), every postMessage records the stack it was called from: from inside the comm
  // dispatch, each post to a frame cost tens of microseconds more.
  const onCustom = (msg, buffers) => queueMicrotask(() => signal.aborted || handleCustom(msg, buffers));
  const handleCustom = (msg, buffers) => {
    if (!msg || typeof msg !== "object" || msg.kind !== "items") return;
    let items = [];
    try {
      items = readItems(buffers);
      onItems(items);
    } catch (error) {
      report("handling a message from Python", error);
    } finally {
      if (msg.ack && isHost()) oweAck(msg, items); // flow control never stalls on a failure
    }
  };
  const handlers = {
    "msg:custom": onCustom,
    "change:notices": () => ui.renderNotices(),
    "change:player": () => guard("drawing the scenario player", () => player.render()),
    "change:height": () => { root.style.height = model.get("height"); },
  };
  for (const [name, fn] of Object.entries(handlers)) model.on(name, fn);
  window.addEventListener("message", (event) => guard("relaying a hosted frame's message", () => bridge.handleMessage(event)), { signal });

  ui.renderHeader();
  ui.renderInteractions();
  ui.renderToasts();
  ui.renderMenuBar();
  ui.renderNotices();
  player.render();
  syncFrames();

  if (onReplica) onReplica(replica);
  return () => {
    controller.abort();
    clearTimeout(renderTimer); // a view that is gone draws nothing more
    clearTimeout(ackTimer); // nor acks: the next host view restarts the window
    if (renderFrame !== null) cancelAnimationFrame(renderFrame);
    bridge.flushReports();
    for (const [name, fn] of Object.entries(handlers)) model.off(name, fn);
    frames.clear();
    send({ kind: "view-closed", view: viewId });
  };
}

export default { render };
