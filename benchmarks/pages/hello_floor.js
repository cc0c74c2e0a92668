// The start-up floor: a minimal anywidget hosting an app that says hello. On render it makes a frame
// (the sandbox and allow attributes the desktop gives its app frames) loading the page its Python
// serves on the kernel's 127.0.0.1; the page's script posts a hello to its parent, forwarded to the
// kernel at once. The frame's load event is forwarded too, for the breakdown only.
export default {
  render({ model, el }) {
    el.dataset.testid = "hello-floor";
    const frame = document.createElement("iframe");
    frame.dataset.testid = "hello-frame";
    frame.setAttribute("sandbox", model.get("sandbox"));
    frame.setAttribute("allow", "clipboard-write");
    const onMessage = (e) => {
      if (e.source === frame.contentWindow) model.send({ kind: "hello", posted: e.data?.posted });
    };
    addEventListener("message", onMessage);
    frame.addEventListener("load", () => model.send({ kind: "load" }));
    frame.src = model.get("url");
    el.appendChild(frame);
    return () => removeEventListener("message", onMessage);
  },
};
