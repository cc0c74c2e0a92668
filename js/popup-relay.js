// The relay a popup app is opened from. window.open from the notebook page would hand the popup
// window.opener = the page (which a popup from the page's own origin could drive, and any popup
// could navigate). Instead the desktop makes a small iframe, sandboxed without allow-same-origin
// and without allow-popups-to-escape-sandbox, and the popup opens from there: it inherits the
// sandbox (an opaque origin that cannot navigate other windows) and its opener is the relay.
// The relay passes messages, as data, between the popup and the desktop, and shows an
// "Open <label>" button when the browser blocked the popup (a click there may open it).

/**
 * Runs inside the relay document (its source is inlined into the srcdoc, so it must not use
 * anything from outside the function). `win` is the relay's window.
 *
 * The parent sends one setup message first: `{url, label, name}` with a MessagePort for control
 * ("close", answered with "closed" once the popup is closed). After that, messages from the parent go to the popup and messages from the popup go
 * to the parent; anything from another window is ignored.
 */
export function relayMain(win) {
  const doc = win.document;
  const button = doc.getElementById("open");
  const note = doc.getElementById("note");
  let config;
  let popup = null;
  const isOpen = () => popup !== null && !popup.closed;
  const show = () => {
    button.hidden = isOpen();
    note.textContent = isOpen() ? `${config.label} runs in a popup window` : "";
  };
  const open = () => {
    if (isOpen()) popup.focus();
    else popup = win.open(config.url, config.name, "popup,width=720,height=640");
    show();
  };
  const close = () => {
    if (isOpen()) popup.close();
  };
  win.addEventListener("message", (event) => {
    if (event.source === win.parent) {
      if (config) {
        if (isOpen()) popup.postMessage(event.data, "*");
        return;
      }
      const setup = event.data;
      const port = event.ports && event.ports[0];
      if (!port || !setup || typeof setup.url !== "string" || typeof setup.name !== "string") return;
      config = { url: setup.url, name: setup.name, label: String(setup.label || "app") };
      port.onmessage = (e) => {
        if (e.data !== "close") return;
        close();
        port.postMessage("closed"); // the desktop removes the relay only now, or its popup would outlive it
      };
      button.textContent = `Open ${config.label} \u2197`;
      button.addEventListener("click", open);
      win.setInterval(show, 500);
      open();
    } else if (popup !== null && event.source === popup) {
      win.parent.postMessage(event.data, "*");
    }
  });
  win.addEventListener("pagehide", close);
}

/** The relay's whole document (a srcdoc). */
export const RELAY_DOC = [
  "<!doctype html><meta charset=\"utf-8\">",
  "<style>body{margin:0;font:12px system-ui,sans-serif;display:flex;align-items:center;gap:6px;height:100vh;padding:0 6px}</style>",
  "<button id=\"open\" type=\"button\" hidden></button><span id=\"note\"></span>",
  `<script>(${relayMain.toString()})(window);</script>`,
].join("");
