// Whether this browser reaches a URL (reach.js), against real sockets: one that answers, one refused, one silent.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { askLoopback, reachable } from "../reach.js";

function listen(handler) {
  const server = createServer(handler);
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

const urlOf = (server, path) => `http://127.0.0.1:${server.address().port}${path}`;

test("an answer of any status is reachable; a refused or silent address is not, within the time given", async () => {
  const answering = await listen((req, res) => { res.statusCode = req.method === "HEAD" ? 404 : 500; res.end(); });
  const silent = await listen(() => {}); // accepts, never answers
  const refused = await listen(() => {});
  const refusedUrl = urlOf(refused, "/");
  await new Promise((resolve) => refused.close(resolve));
  try {
    assert.equal(await reachable(urlOf(answering, "/index.html")), true);
    assert.equal(await reachable(refusedUrl), false);
    const started = performance.now();
    assert.equal(await reachable(urlOf(silent, "/index.html"), 200), false);
    assert.ok(performance.now() - started < 2000);
  } finally {
    silent.closeAllConnections();
    silent.close();
    answering.close();
  }
});

test("askLoopback returns what the app server says it is, and '' for anything else", async () => {
  const ours = await listen((req, res) => { res.setHeader("Content-Type", "application/json"); res.end('{"server": "id-1"}'); });
  const other = await listen((req, res) => res.end("<html>another program</html>"));
  const failing = await listen((req, res) => { res.statusCode = 404; res.end('{"server": "id-1"}'); });
  try {
    assert.equal(await askLoopback(urlOf(ours, "/.scapi-widget/reach")), "id-1");
    assert.equal(await askLoopback(urlOf(other, "/.scapi-widget/reach")), "");
    assert.equal(await askLoopback(urlOf(failing, "/.scapi-widget/reach")), "");
    assert.equal(await askLoopback(""), "");
  } finally {
    for (const server of [ours, other, failing]) server.close();
  }
});
