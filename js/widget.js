// anywidget entry: one view of a Desktop. The newest view runs the hosted apps; others show
// the desktop without frames, so nothing is duplicated or answered twice.
import { FrameBridge } from "./frame-bridge.js";
import { FramesView } from "./frames-view.js";
import { DesktopView } from "./desktop-view.js";
import { h } from "./dom.js";
import { jupyterConfig, probeServerExtension } from "./jupyter-server.js";

function newId() {
  return globalThis.crypto?.randomUUID ? crypto.randomUUID() : `v${Date.now()}-${Math.random().toString(16).slice(2)}`;
}

function render({ model, el }) {
  const viewId = newId();
  const controller = new AbortController();
  const { signal } = controller;
  const root = h("div", { className: "scapi-desktop", dataset: { testid: "scapi-desktop", view: viewId } });
  root.style.height = model.get("height");
  el.appendChild(root);

  let actionSeq = 0;
  const send = (msg) => model.send(msg);
  const act = (verb, args) => send({ kind: "action", view: viewId, id: `${viewId}:${++actionSeq}`, verb, args });
  const bridge = new FrameBridge({ viewId, send });
  const ui = new DesktopView({ model, root, act });
  const frames = new FramesView({
    container: ui.appArea,
    tabs: ui.appTabs,
    launchers: ui.launchers,
    bridge,
    signal,
    dialogBody: (app) => ui.dialogBody(app),
    reloadApp: (frameId) => send({ kind: "reload-app", view: viewId, frameId }),
    pageOrigin: window.location.origin,
  });

  const isHost = () => model.get("host_view") === viewId;
  const syncFrames = () => {
    if (isHost()) frames.show(model.get("apps") || []);
    else frames.clear();
    ui.setHosting(isHost());
  };
  const onCustom = (msg) => {
    if (!msg || typeof msg !== "object") return;
    if (msg.kind === "post") bridge.post(msg.frameId, msg.message);
    else if (msg.kind === "events" && (!msg.view || msg.view === viewId)) ui.addEvents(msg.events || [], Boolean(msg.replace));
    else if (msg.kind === "action-result" && String(msg.id).startsWith(`${viewId}:`)) ui.showError(msg.error);
  };
  const handlers = {
    "msg:custom": onCustom,
    "change:agent_info": () => ui.renderHeader(),
    "change:agent_states": () => ui.renderHeader(),
    "change:interactions": () => ui.renderInteractions(),
    "change:actions": () => ui.renderInteractions(),
    "change:toasts": () => ui.renderToasts(),
    "change:apps": syncFrames,
    "change:host_view": syncFrames,
    "change:workspace": () => ui.renderMenuBar(),
    "change:notices": () => ui.renderNotices(),
    "change:height": () => { root.style.height = model.get("height"); },
  };
  for (const [name, fn] of Object.entries(handlers)) model.on(name, fn);
  window.addEventListener("message", (event) => bridge.handleMessage(event), { signal });

  ui.renderHeader();
  ui.renderInteractions();
  ui.renderToasts();
  ui.renderMenuBar();
  ui.renderNotices();
  syncFrames();
  // Under a Jupyter server, say whether scapi-widget's server extension answers: Python then picks the apps' URLs.
  const viewReady = (place) => send({ kind: "view-ready", view: viewId, pageOrigin: window.location.origin, ...place });
  const jupyter = jupyterConfig();
  if (jupyter) probeServerExtension(jupyter).then((place) => signal.aborted || viewReady(place));
  else viewReady({});

  return () => {
    controller.abort();
    for (const [name, fn] of Object.entries(handlers)) model.off(name, fn);
    frames.clear();
    send({ kind: "view-closed", view: viewId });
  };
}

export default { render };
