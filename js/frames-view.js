// Creates the hosted app iframes of the view that runs the apps, and tears them down.

const SANDBOX = "allow-scripts allow-forms allow-popups allow-modals allow-downloads";
// Chromium may fire an iframe's load event before it delivers messages the document posted
// while loading; reporting the load a moment later keeps "new document" after them.
export const LOAD_SETTLE_MS = 50;

/** The iframe sandbox for an app; same-origin apps never get allow-same-origin. */
export function sandboxFor(app) {
  return app.opaque ? SANDBOX : `${SANDBOX} allow-same-origin`;
}

/** Is this app shown in the desktop's app area? */
export function isVisibleMode(mode) {
  return mode === "panel" || mode === "tab";
}

export class FramesView {
  /**
   * @param {object} options
   * @param {(app: object) => HTMLElement} options.dialogBody  makes a dialog box, returns where its frame goes
   * @param {(app: object) => void} options.popupBlocked  the browser refused to open a popup app
   */
  constructor({ container, tabs, bridge, signal, dialogBody, popupBlocked }) {
    this.container = container;
    this.tabs = tabs;
    this.bridge = bridge;
    this.signal = signal;
    this.dialogBody = dialogBody;
    this.popupBlocked = popupBlocked;
    this.iframes = new Map();
    this.popups = new Map();
    this.selected = undefined;
  }

  /** Host `apps` (the `apps` trait): make missing frames, drop stale ones. */
  show(apps) {
    const wanted = new Map(apps.map((app) => [app.frameId, app]));
    for (const [frameId, iframe] of this.iframes) {
      const app = wanted.get(frameId);
      if (!app || iframe.dataset.url !== app.url || iframe.getAttribute("sandbox") !== sandboxFor(app)) {
        this.drop(frameId);
      }
    }
    for (const [frameId, popup] of this.popups) {
      if (!wanted.has(frameId)) this.closePopup(frameId, popup);
    }
    for (const app of apps) {
      if (app.mode === "popup") {
        if (!this.popups.has(app.frameId)) this.openPopup(app);
      } else if (!this.iframes.has(app.frameId)) {
        this.create(app);
      }
    }
    const visible = apps.filter((app) => isVisibleMode(app.mode));
    if (!visible.some((app) => app.frameId === this.selected)) this.selected = visible[0]?.frameId;
    this.renderTabs(visible);
  }

  create(app) {
    const iframe = document.createElement("iframe");
    iframe.className = "scapi-app-frame";
    iframe.dataset.frameId = String(app.frameId);
    iframe.dataset.url = app.url;
    iframe.dataset.testid = `app-frame-${app.frameId}`;
    iframe.title = app.label || app.url;
    iframe.setAttribute("sandbox", sandboxFor(app));
    iframe.setAttribute("allow", "clipboard-write");
    iframe.addEventListener("load", () => {
      const timer = setTimeout(() => this.bridge.frameLoaded(app.frameId), LOAD_SETTLE_MS);
      this.signal.addEventListener("abort", () => clearTimeout(timer), { once: true });
    }, { signal: this.signal });
    iframe.src = app.url;
    if (app.mode === "dialog") {
      iframe.classList.add("scapi-active");
      this.dialogBody(app).appendChild(iframe);
    } else {
      iframe.hidden = !isVisibleMode(app.mode);
      this.container.appendChild(iframe);
    }
    this.iframes.set(app.frameId, iframe);
    this.bridge.register(app.frameId, iframe.contentWindow, app.origin, Boolean(app.opaque));
  }

  drop(frameId) {
    const iframe = this.iframes.get(frameId);
    (iframe?.closest(".scapi-dialog") || iframe)?.remove();
    this.iframes.delete(frameId);
    this.bridge.unregister(frameId);
  }

  /** A popup app runs in a window of its own; it talks to us through window.opener. */
  openPopup(app, fromClick = false) {
    const popup = window.open(app.url, `scapi-app-${app.frameId}`, "popup,width=720,height=640");
    if (!popup) {
      if (!fromClick) this.popupBlocked(app);
      return false;
    }
    this.popups.set(app.frameId, popup);
    this.bridge.register(app.frameId, popup, app.origin, false);
    return true;
  }

  closePopup(frameId, popup) {
    popup.close();
    this.popups.delete(frameId);
    this.bridge.unregister(frameId);
  }

  clear() {
    for (const frameId of [...this.iframes.keys()]) this.drop(frameId);
    for (const [frameId, popup] of [...this.popups]) this.closePopup(frameId, popup);
    this.tabs.replaceChildren();
  }

  select(frameId) {
    this.selected = frameId;
    for (const [id, iframe] of this.iframes) {
      if (!iframe.hidden || id === frameId) iframe.classList.toggle("scapi-active", id === frameId);
    }
  }

  renderTabs(visible) {
    this.tabs.replaceChildren();
    for (const app of visible) {
      const tab = document.createElement("button");
      tab.type = "button";
      tab.className = "scapi-tab";
      tab.dataset.testid = `app-tab-${app.frameId}`;
      tab.textContent = app.label || `App ${app.frameId}`;
      tab.classList.toggle("scapi-active", app.frameId === this.selected);
      tab.addEventListener("click", () => {
        this.select(app.frameId);
        this.renderTabs(visible);
      });
      this.tabs.appendChild(tab);
    }
    this.tabs.hidden = visible.length < 2;
    this.select(this.selected);
  }
}
