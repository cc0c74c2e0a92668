// Creates the hosted app iframes (and popup relays) of the view that runs the apps, and tears
// them down. Python decides every frame's sandbox (the `sandbox` attribute it publishes with
// each app) and whether a document has rights; this view only reports what it sees: loads,
// counted per frame element.
import { h } from "./dom.js";
import { RELAY_DOC } from "./popup-relay.js";
import { reachable } from "./reach.js";

// A frame whose element fired no load event this long after its src was set did not load.
export const FRAME_LOAD_TIMEOUT_MS = 15000;
// How long a popup relay that was told to close its popup may take to say it did.
export const RELAY_CLOSE_GRACE_MS = 2000;

/** Is this app shown in the desktop's app area (one at a time, switched by its tabs)? */
export function isVisibleMode(mode) {
  return mode === "panel" || mode === "tab";
}

/** What a frame element was made from: when it changes, the element is made anew. */
export function frameKey(app) {
  return [app.url, app.epoch ?? 0, app.mode === "popup" ? "relay" : app.sandbox].join(" ");
}

/** The origin this browser gives `url`, or undefined when it cannot parse it. */
function browserOrigin(url) {
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}

/**
 * May this view make the app's frame now? Not while the app is from this page's own origin and
 * Python has not yet made it opaque (its sandbox rule needs the page's origin, which it learns
 * from this view): such a frame would get allow-same-origin for a moment. Python decides origins
 * as the WHATWG URL standard does; this browser's own parser confirms that the URL is not at
 * this page's origin either (a URL it cannot parse is not hosted).
 */
export function mayHost(app, pageOrigin) {
  if (app.opaque) return true;
  const loads = browserOrigin(app.url);
  return loads !== undefined && loads !== pageOrigin && app.origin !== pageOrigin;
}

/** At each load of the iframe `element`: "first", "same" (the window of the load before), or "replaced":
 * taking an element out of the page and putting it back (a front end re-rendering its layout) gives
 * it a new window, which loads its URL again. An app cannot cause that: its reloads and links keep
 * its window. */
function windowWatch(element) {
  let seen = null;
  return () => {
    const now = element.contentWindow;
    const load = seen === null ? "first" : now === seen ? "same" : "replaced";
    seen = now;
    return load;
  };
}

export class FramesView {
  /**
   * @param {object} options
   * @param {HTMLElement} options.container  the app area (panel and tab frames; hidden ones)
   * @param {HTMLElement} options.launchers  where popup relays and notices for area apps go
   * @param {(app: object) => HTMLElement} options.dialogBody  makes a dialog box, returns where its frame goes
   * @param {(frameId: number) => void} options.reloadApp  the user asked to load an app again
   * @param {(frameId: number, url: string, reason: string) => void} [options.frameFailed]  a frame could not load
   *   its url ("unreachable": this browser cannot reach it; "no-load": no load event in time)
   * @param {string} options.pageOrigin  this page's origin
   * @param {(where: string, fn: () => any) => any} [options.guard]  runs a handler, reporting what it throws
   */
  constructor({ container, tabs, launchers, bridge, signal, dialogBody, reloadApp, frameFailed, pageOrigin, guard }) {
    this.container = container;
    this.tabs = tabs;
    this.launchers = launchers;
    this.bridge = bridge;
    this.signal = signal;
    this.dialogBody = dialogBody;
    this.reloadApp = reloadApp;
    this.frameFailed = frameFailed || (() => {});
    this.pageOrigin = pageOrigin;
    this.guard = guard || ((where, fn) => fn());
    this.iframes = new Map();
    this.popups = new Map();
    this.notices = new Map();
    this.selected = undefined;
  }

  /** Host `apps` (the `apps` trait): make missing frames, drop stale ones. */
  show(apps) {
    const wanted = new Map(apps.map((app) => [app.frameId, app]));
    for (const [frameId, iframe] of this.iframes) {
      const app = wanted.get(frameId);
      if (!app || iframe.dataset.key !== frameKey(app)) this.drop(frameId);
    }
    for (const [frameId, popup] of this.popups) {
      const app = wanted.get(frameId);
      if (!app || popup.relay.dataset.key !== frameKey(app)) this.closePopup(frameId);
    }
    for (const app of apps) {
      if (!mayHost(app, this.pageOrigin)) continue;
      if (app.mode === "popup") {
        if (!this.popups.has(app.frameId)) this.openPopup(app);
      } else if (!this.iframes.has(app.frameId)) {
        this.create(app);
      }
      this.syncNotice(app);
    }
    const visible = apps.filter((app) => isVisibleMode(app.mode));
    if (!visible.some((app) => app.frameId === this.selected)) this.selected = visible[0]?.frameId;
    this.renderTabs(visible);
  }

  create(app) {
    const iframe = document.createElement("iframe");
    iframe.className = "scapi-app-frame";
    iframe.dataset.frameId = String(app.frameId);
    iframe.dataset.key = frameKey(app);
    iframe.dataset.mode = app.mode;
    iframe.dataset.testid = `app-frame-${app.frameId}`;
    iframe.title = app.label || app.url;
    iframe.setAttribute("sandbox", app.sandbox);
    iframe.setAttribute("allow", "clipboard-write");
    this.watchLoading(app, iframe);
    // Reported as soon as it is seen. Chromium may deliver messages the document posted while
    // loading after its load event: Python counts what a document said before its handshake for
    // the loaded one once it talks with its frameId (FrameRegistry.spoke).
    // A new window (windowWatch) is loaded afresh by the desktop, as "Reload app" does; the document
    // in it counts as one the desktop did not load.
    const windowOfLoad = windowWatch(iframe);
    iframe.addEventListener("load", () => this.guard("reporting a frame's load", () => {
      if (this.iframes.get(app.frameId) !== iframe) return;
      const replaced = windowOfLoad() === "replaced";
      const document = this.bridge.documentLoaded(app.frameId);
      if (replaced) this.reloadApp(app.frameId);
      else this.bridge.frameLoaded(app.frameId, document);
    }), { signal: this.signal });
    iframe.src = app.url;
    if (app.mode === "dialog") {
      iframe.classList.add("scapi-active"); // a dialog is always shown: tabs never switch it off
      this.dialogBody(app).appendChild(iframe);
    } else {
      iframe.hidden = !isVisibleMode(app.mode);
      this.container.appendChild(iframe);
    }
    this.iframes.set(app.frameId, iframe);
    this.bridge.register(app.frameId, () => iframe.contentWindow, app);
  }

  /** Says when `iframe` cannot load `app.url`: this browser does not reach it, or no load event came in time.
   * (A browser shows its own error page in a frame it could not load, and fires load for it.) */
  watchLoading(app, iframe) {
    const current = () => !this.signal.aborted && this.iframes.get(app.frameId) === iframe;
    const fail = (reason) => this.guard("reporting a frame that did not load", () => {
      if (current()) this.frameFailed(app.frameId, app.url, reason);
    });
    const timer = setTimeout(() => fail("no-load"), FRAME_LOAD_TIMEOUT_MS);
    iframe.addEventListener("load", () => clearTimeout(timer), { once: true });
    this.signal.addEventListener("abort", () => clearTimeout(timer), { once: true });
    reachable(app.url).then((ok) => ok || fail("unreachable"));
  }

  drop(frameId) {
    const iframe = this.iframes.get(frameId);
    (iframe?.closest(".scapi-dialog") || iframe)?.remove();
    this.iframes.delete(frameId);
    this.removeNotice(frameId);
    this.bridge.unregister(frameId);
  }

  /** A frame holds a document the desktop did not load (Python's `leftPage`): say so, offer a reload. */
  syncNotice(app) {
    if (!app.leftPage) {
      this.removeNotice(app.frameId);
      return;
    }
    if (this.notices.has(app.frameId)) return;
    const label = app.label || `App ${app.frameId}`;
    const notice = h(
      "div",
      { className: "scapi-app-notice", role: "alert", dataset: { testid: `app-notice-${app.frameId}` } },
      h("span", {}, `${label} left its page; SCAPI is off for this document`),
      h("button", { type: "button", dataset: { testid: `app-reload-${app.frameId}` }, onclick: () => this.reloadApp(app.frameId) }, "Reload app"),
    );
    const iframe = this.iframes.get(app.frameId);
    const inDialog = iframe && iframe.parentElement !== this.container;
    (inDialog ? iframe.parentElement : this.launchers).appendChild(notice);
    this.notices.set(app.frameId, notice);
  }

  removeNotice(frameId) {
    this.notices.get(frameId)?.remove();
    this.notices.delete(frameId);
  }

  /** A popup app opens from a sandboxed relay frame (see popup-relay.js), which carries its messages. */
  openPopup(app) {
    const relay = document.createElement("iframe");
    relay.className = "scapi-popup-relay";
    relay.dataset.frameId = String(app.frameId);
    relay.dataset.key = frameKey(app);
    relay.dataset.testid = `app-relay-${app.frameId}`;
    relay.title = `${app.label || "App"} (popup)`;
    relay.setAttribute("sandbox", app.sandbox); // a popup is opaque (Python's rule): so is its relay
    relay.srcdoc = RELAY_DOC;
    const channel = new MessageChannel();
    const windowOfLoad = windowWatch(relay); // a new relay window has no popup: the app opens again
    relay.addEventListener("load", () => this.guard("opening a popup app", () => {
      if (this.popups.get(app.frameId)?.relay !== relay) return;
      const load = windowOfLoad();
      if (load === "replaced") this.reloadApp(app.frameId);
      if (load !== "first") return;
      this.bridge.documentLoaded(app.frameId);
      // A window name of this view's own: a new view's popup must never reuse (navigate) an old one's window.
      const setup = { url: app.url, label: app.label || "app", name: `scapi-app-${this.bridge.viewId}-${app.frameId}` };
      relay.contentWindow.postMessage(setup, "*", [channel.port2]);
    }), { signal: this.signal });
    this.launchers.appendChild(relay);
    this.popups.set(app.frameId, { relay, control: channel.port1 });
    this.bridge.register(app.frameId, () => relay.contentWindow, app);
  }

  closePopup(frameId) {
    const popup = this.popups.get(frameId);
    this.popups.delete(frameId);
    this.bridge.unregister(frameId);
    if (!popup) return;
    // The relay closes its popup when told (it answers "closed"); removing it at once could
    // destroy it before the message arrives and leave the popup open.
    const { relay, control } = popup;
    const remove = () => relay.remove();
    control.onmessage = (event) => {
      if (event.data === "closed") remove();
    };
    setTimeout(remove, RELAY_CLOSE_GRACE_MS); // a relay that never answers still goes
    control.postMessage("close");
  }

  clear() {
    for (const frameId of [...this.iframes.keys()]) this.drop(frameId);
    for (const frameId of [...this.popups.keys()]) this.closePopup(frameId);
    for (const frameId of [...this.notices.keys()]) this.removeNotice(frameId);
    this.tabs.replaceChildren();
  }

  /** Show the area app `frameId`; dialogs and other kinds keep their own visibility. */
  select(frameId) {
    this.selected = frameId;
    for (const [id, iframe] of this.iframes) {
      if (isVisibleMode(iframe.dataset.mode)) iframe.classList.toggle("scapi-active", id === frameId);
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
