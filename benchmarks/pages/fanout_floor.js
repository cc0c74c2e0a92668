// The platform's fan-out floor (fanout_floor_widget.py): each comm message's buffer is a JSON array of
// events, posted one by one to the desktop's app frame, naming its origin as the desktop does.
const APP_FRAME = "iframe[data-testid=app-frame-1]";
const utf8 = new TextDecoder();

export default {
  render({ model, el }) {
    el.textContent = "fan-out floor";
    const onEvents = (msg, buffers) => {
      if (!msg || msg.kind !== "events") return;
      const frame = document.querySelector(APP_FRAME);
      const target = frame.contentWindow;
      const origin = new URL(frame.src).origin;
      for (const event of JSON.parse(utf8.decode(buffers[0]))) target.postMessage(event, origin);
    };
    model.on("msg:custom", onEvents);
    return () => model.off("msg:custom", onEvents);
  },
};
