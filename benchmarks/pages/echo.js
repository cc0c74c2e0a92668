// The platform floor: a minimal anywidget whose Python side sends back every custom message it
// gets. window.echoRoundTrips(n) times n sequential round trips (like app.html's measureRoundTrips);
// window.echoThrough(message) takes one message through the kernel and back for a page script
// (floor.js: a frame's request answered only when its echo came back).
export default {
  render({ model, el }) {
    el.textContent = "echo floor";
    window.echoRoundTrips = (n) => new Promise((resolve) => {
      const times = [];
      const begun = performance.now();
      let started = 0, next = 0;
      const send = () => { started = performance.now(); model.send({ seq: next }); };
      const onReply = (msg) => {
        if (!msg || msg.seq !== next) return;
        times.push(performance.now() - started);
        next += 1;
        if (next < n) {
          send();
        } else {
          model.off("msg:custom", onReply);
          resolve({ times, total: performance.now() - begun });
        }
      };
      model.on("msg:custom", onReply);
      send();
    });
    let through = 0;
    window.echoThrough = (message) => new Promise((resolve) => {
      const key = ++through;
      const onReply = (msg) => {
        if (!msg || msg.through !== key) return;
        model.off("msg:custom", onReply);
        resolve(msg.message);
      };
      model.on("msg:custom", onReply);
      model.send({ through: key, message });
    });
  },
};
