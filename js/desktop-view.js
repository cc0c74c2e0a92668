// Renders the desktop chrome from the view's replica of the desktop (and a few traitlets): header with the agent and state
// selector, interaction cards with the actions Python says are valid, toasts, event log. What it needs to know besides
// the desktop's state comes from Python too (replica part "ui"): the verb each of its own controls runs, how many
// event-log lines to keep, which user data keys not to show.
import { h } from "./dom.js";

/** Set an element's text, leaving it untouched when it has that text already (nothing to redraw). */
function setText(el, text) {
  if (el.textContent !== text) el.textContent = text;
}

function setClass(el, className) {
  if (el.className !== className) el.className = className;
}

/** Toast buttons in the desktop's display order: [2] [3] … [N] [1]. */
export function toastButtonOrder(count) {
  if (count < 2) return [...Array(count).keys()];
  return [...Array(count).keys()].slice(1).concat([0]);
}

export class DesktopView {
  constructor({ model, root, act }) {
    this.model = model;
    this.act = act;
    this.events = [];
    // The header is made once; each drawing changes only what differs (a change of agent state touches
    // two nodes, not the whole header: a smaller redraw of the page).
    this.agentName = h("span", { className: "scapi-agent", dataset: { testid: "desk-agent-name" } });
    this.stateBadge = h("span", { className: "scapi-badge", dataset: { testid: "desk-agent-state" } });
    this.stateSelect = h("select", {
      className: "scapi-state-select",
      dataset: { testid: "desk-state-select" },
      title: "Agent state",
      onchange: (e) => this.control("agentState", [e.target.value]),
    });
    this.stateOptions = undefined; // what the select's options were made from
    this.counters = h("span", { className: "scapi-counters", dataset: { testid: "desk-counters" } });
    this.header = h("header", { className: "scapi-header" },
      h("span", { className: "scapi-logo" }, "Agent Desktop"), this.agentName, this.stateBadge, this.stateSelect, this.counters);
    this.interactions = h("section", { className: "scapi-interactions", dataset: { testid: "desk-interactions" } });
    this.toasts = h("section", { className: "scapi-toasts", dataset: { testid: "desk-toasts" } });
    this.error = h("div", { className: "scapi-error", dataset: { testid: "desk-error" }, role: "status" });
    this.logList = h("ol", { className: "scapi-log-list", dataset: { testid: "desk-event-log" } });
    this.logSummary = h("summary", {}, "Event log");
    this.log = h("details", { className: "scapi-log" }, this.logSummary, this.logList);
    this.appTabs = h("nav", { className: "scapi-tabs", dataset: { testid: "desk-app-tabs" } });
    this.appArea = h("div", { className: "scapi-app-area", dataset: { testid: "desk-app-area" } });
    this.elsewhere = h("div", { className: "scapi-elsewhere", hidden: true }, "The apps run in the newest view of this desktop.");
    this.menuBar = h("nav", { className: "scapi-menu-bar", dataset: { testid: "desk-menu-bar" } });
    this.dialogLayer = h("div", { className: "scapi-dialog-layer", dataset: { testid: "desk-dialogs" } });
    this.launchers = h("div", { className: "scapi-launchers", dataset: { testid: "desk-launchers" } });
    const side = h("aside", { className: "scapi-side" }, this.interactions, this.toasts);
    const main = h("main", { className: "scapi-main" }, this.menuBar, this.appTabs, this.launchers, this.appArea, this.elsewhere);
    this.notices = h("ul", { className: "scapi-notices", dataset: { testid: "desk-notices" }, role: "status", hidden: true });
    root.append(this.header, this.error, this.notices, h("div", { className: "scapi-body" }, side, main), this.log, this.dialogLayer);
  }

  /** A dialog box for a dialog frame; returns the element that holds its iframe. */
  dialogBody(app) {
    const body = h("div", { className: "scapi-dialog-body" });
    const box = h(
      "div",
      { className: "scapi-dialog", dataset: { testid: `desk-dialog-${app.dialogId}` }, role: "dialog", "aria-label": app.label || "Dialog" },
      h("div", { className: "scapi-dialog-title" }, h("strong", {}, app.label || "Dialog"),
        h("button", { type: "button", className: "scapi-close", title: "Close", dataset: { testid: `desk-dialog-close-${app.dialogId}` }, onclick: () => this.control("closeDialog", [app.dialogId]) }, "×")),
      body,
    );
    box.style.width = app.width || "60%";
    box.style.height = app.height || "60%";
    this.dialogLayer.appendChild(box);
    return body;
  }

  renderMenuBar() {
    const views = Object.values(this.model.get("menu_views") || {});
    this.menuBar.replaceChildren(
      ...views.map((v) => {
        const dataset = { testid: `desk-menu-view-${v.name}`, owner: String(v.ownerFrame ?? "notebook") };
        const item = h("span", { className: "scapi-menu-view", dataset, title: v.tooltip || "" }, v.label || v.shortLabel || v.name);
        if (v.backgroundColor) item.style.background = v.backgroundColor;
        if (v.labelColor) item.style.color = v.labelColor;
        return item;
      }),
    );
    this.menuBar.hidden = views.length === 0;
  }

  /** Notices from Python about the apps, e.g. a path an app asked for that was not found. */
  renderNotices() {
    const notices = this.model.get("notices") || [];
    this.notices.replaceChildren(...notices.map((n) => h("li", { dataset: { path: String(n.path || "") } }, String(n.message || ""))));
    this.notices.hidden = notices.length === 0;
  }

  showError(message) {
    this.error.textContent = message || "";
  }

  renderHeader() {
    const agent = this.model.get("agent_info") || {};
    const states = this.model.get("agent_states") || [];
    const current = agent.state || {};
    setText(this.agentName, `${agent.firstname || ""} ${agent.lastname || ""}`.trim());
    setClass(this.stateBadge, `scapi-badge scapi-state-${(current.type || "").toLowerCase()}`);
    setText(this.stateBadge, current.displayName || "");
    const options = JSON.stringify(states.map((s) => [s.operationName, s.displayName]));
    if (options !== this.stateOptions) {
      this.stateOptions = options;
      this.stateSelect.replaceChildren(...states.map((s) => h("option", { value: s.operationName }, s.displayName)));
    }
    // the current state's option (none listed: the first, as a select shows when no option is selected)
    const index = Math.max(0, states.findIndex((s) => s.operationName === current.operationName));
    if (states.length && this.stateSelect.selectedIndex !== index) this.stateSelect.selectedIndex = index;
    setText(this.counters, this.counts());
  }

  counts() {
    const open = Object.keys(this.model.get("interactions") || {}).length;
    return `${this.model.get("live") || 0} live · ${open} open · ${(this.model.get("toasts") || []).length} toasts`;
  }

  /** What Python says the desktop UI needs to know besides the desktop's state (replica part "ui"). */
  ui() {
    return this.model.get("ui") || { controls: {}, logLimit: Infinity, hiddenKeyPrefix: "" };
  }

  /** One of the desktop UI's own controls was used: it runs the verb Python published for it. */
  control(name, args) {
    const verb = this.ui().controls[name];
    if (verb) this.act(verb, args);
  }

  renderInteractions() {
    const items = this.model.get("interactions") || {};
    const actions = this.model.get("actions") || {};
    const cards = Object.values(items).map((it) => this.card(it, actions[it.interactionId] || []));
    this.interactions.replaceChildren(
      h("h3", {}, "Interactions"),
      ...(cards.length ? cards : [h("p", { className: "scapi-empty" }, "No interactions")]),
    );
    this.renderHeader();
  }

  /** The desktop UI's label of a verb, as Python declares it (the `ui_actions` trait). */
  label(verb) {
    return (this.model.get("ui_actions") || {})[verb] || verb;
  }

  card(it, actions) {
    const id = it.interactionId;
    const parties = (it.parties || []).map((p) => p.name).join(", ");
    const hidden = this.ui().hiddenKeyPrefix;
    const data = Object.entries(it.userData || {}).filter(([k]) => !hidden || !k.startsWith(hidden));
    return h(
      "div",
      { className: "scapi-card", dataset: { testid: `desk-interaction-${id}`, state: it.state } },
      h(
        "div",
        { className: "scapi-card-title" },
        h("strong", {}, `#${id} ${it.callType || ""}`.trim()),
        h("span", { className: `scapi-badge scapi-istate-${String(it.state).toLowerCase()}` }, it.state),
        it.recordingState && it.recordingState !== "STOPPED" ? h("span", { className: "scapi-badge scapi-rec" }, it.recordingState) : null,
      ),
      h("div", { className: "scapi-card-line" }, `${it.direction === "IN" ? "from" : "to"} ${parties}`),
      data.length
        ? h("dl", { className: "scapi-userdata" }, data.map(([k, v]) => [h("dt", {}, k), h("dd", {}, typeof v === "string" ? v : JSON.stringify(v))]))
        : null,
      h(
        "div",
        { className: "scapi-actions" },
        actions.map((verb) =>
          h("button", { type: "button", dataset: { testid: `desk-${verb}-${id}` }, onclick: () => this.act(verb, [id]) }, this.label(verb)),
        ),
      ),
    );
  }

  renderToasts() {
    const toasts = this.model.get("toasts") || [];
    this.toasts.replaceChildren(
      ...toasts.map((t) => {
        const buttons = t.buttons || [];
        return h(
          "div",
          { className: "scapi-toast", dataset: { testid: `desk-toast-${t.id}` }, style: t.width ? `width:${Number(t.width)}px` : null },
          h("div", { className: "scapi-toast-title" }, h("strong", {}, t.title || ""),
            h("button", { type: "button", className: "scapi-close", title: "Close", dataset: { testid: `desk-toast-close-${t.id}` }, onclick: () => this.control("closeToast", [t.id]) }, "×")),
          t.subject ? h("div", { className: "scapi-toast-subject" }, t.subject) : null,
          t.message ? h("div", { className: "scapi-toast-message" }, t.message) : null,
          t.keyValues ? h("dl", { className: "scapi-userdata" }, Object.entries(t.keyValues).map(([k, v]) => [h("dt", {}, k), h("dd", {}, String(v))])) : null,
          h(
            "div",
            { className: "scapi-actions" },
            toastButtonOrder(buttons.length).map((index) =>
              h("button", { type: "button", dataset: { testid: `desk-toast-${t.id}-button-${index}` }, onclick: () => this.control("toastButton", [t.id, index]) }, buttons[index]),
            ),
          ),
        );
      }),
    );
    this.renderHeader();
  }

  /** New event-log lines from Python, `{seq, text}` (`replace`: the whole backlog, on first render). */
  addEvents(lines, replace) {
    if (replace) {
      this.events = [];
      this.logList.replaceChildren();
    }
    const limit = this.ui().logLimit;
    const fresh = lines.slice(-limit);
    this.events = this.events.concat(fresh);
    this.logList.append(...fresh.map((line) => h("li", { dataset: { seq: line.seq } }, line.text)));
    const extra = this.events.length - limit;
    if (extra > 0) {
      this.events = this.events.slice(extra);
      for (let i = 0; i < extra; i++) this.logList.firstChild.remove();
    }
    setText(this.logSummary, `Event log (${this.events.length})`);
  }

  setHosting(isHost) {
    this.appArea.hidden = !isHost;
    this.appTabs.hidden = !isHost || this.appTabs.childElementCount < 2;
    this.elsewhere.hidden = isHost;
  }
}
