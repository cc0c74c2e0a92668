// The in-browser floor: this page answers each SCAPI request of the given frames at once, in
// JavaScript, with no Python behind it (an empty success), as fast as postMessage allows.
window.answerAtOnce = (frames) => addEventListener("message", (e) => {
  if (!e.data || !e.data.request || !frames.some((frame) => frame.contentWindow === e.source)) return;
  e.source.postMessage({ referenceId: e.data.referenceId, data: {}, userAgent: "WWE Server", protocolVersion: 2 }, "*");
});
