// A single-page app: it routes on the client, then shows a relative image, as a router would.
(function () {
  "use strict";
  var byId = function (testid) { return document.querySelector('[data-testid="' + testid + '"]'); };
  history.pushState({}, "", "/statistics");
  byId("route").textContent = location.pathname + (window.wweApiLoaded ? " (wwe-api loaded)" : "");
  var img = document.createElement("img");
  img.setAttribute("src", "logo.png"); // relative: resolves against /statistics, i.e. /logo.png
  img.dataset.testid = "logo";
  byId("images").appendChild(img);
  window.genesys.wwe.service.agent.get(function (response) {
    byId("agent").textContent = response.data.firstname + " " + response.data.lastname;
  }, function (response) {
    byId("agent").textContent = "error: " + response.errorMessage;
  });
})();
