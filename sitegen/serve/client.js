// sitegen live reload: speaks the LiveReload protocol (official-7) to the dev server, and
// announces sitegen's extension protocol so the server also sends it versions and build errors
// (commands the official clients do not know). Injected by `sitegen serve` into the HTML it
// serves; never written into a build.
(function () {
  "use strict";
  var PROTOCOLS = ["http://livereload.com/protocols/official-7", "urn:x-sitegen:protocols:sitegen-1"];
  var script = document.currentScript;
  var version = Number(script && script.dataset.version) || 0;
  var connectedOnce = false;
  var retry = 250;

  function connect() {
    var socket = new WebSocket((location.protocol === "https:" ? "wss://" : "ws://") + location.host + "/livereload");
    socket.onopen = function () {
      retry = 250;
      socket.send(JSON.stringify({ command: "hello", protocols: PROTOCOLS }));
    };
    socket.onmessage = function (event) {
      var message;
      try { message = JSON.parse(event.data); } catch (e) { return; }
      if (message.command === "hello") {
        if (connectedOnce) { location.reload(); return; } // the server restarted: all may have changed
        connectedOnce = true;
        socket.send(JSON.stringify({ command: "info", url: location.href, version: version, plugins: {} }));
      } else if (message.command === "reload") {
        reload(message.path || "", message.liveCSS !== false);
      } else if (message.command === "sitegen-errors") {
        showErrors(message.errors || []);
      }
    };
    socket.onclose = function () {
      setTimeout(connect, retry);
      retry = Math.min(retry * 2, 5000);
    };
  }

  function reload(path, liveCSS) {
    // A LiveReload extension (or livereload.js) connected to this server reloads the page too:
    // leave it to that one, so a change reloads the page once. The overlay stays ours.
    var official = window.LiveReload;
    if (official && official.connector && official.connector.protocol) return;
    if (liveCSS && /\.css$/i.test(path) && swapStylesheets(path)) return;
    location.reload();
  }

  // Swap <link rel=stylesheet> whose URL ends with `path` for a fresh copy: no page reload, so
  // scroll position and form state stay. The old link goes once the new one has loaded.
  function swapStylesheets(path) {
    var found = false;
    var links = document.querySelectorAll('link[rel~="stylesheet"][href]');
    Array.prototype.forEach.call(links, function (link) {
      var url = new URL(link.href, location.href);
      if (url.origin !== location.origin || url.pathname !== path) return;
      found = true;
      url.searchParams.set("livereload", String(Date.now()));
      var fresh = link.cloneNode();
      fresh.href = url.href;
      fresh.onload = fresh.onerror = function () { link.remove(); };
      link.after(fresh);
    });
    return found;
  }

  var overlay = null;
  function showErrors(errors) {
    if (overlay) { overlay.remove(); overlay = null; }
    if (!errors.length) return;
    overlay = document.createElement("div");
    overlay.id = "sitegen-error-overlay";
    overlay.setAttribute("role", "alertdialog");
    overlay.setAttribute("aria-label", "Build error");
    overlay.style.cssText = "position:fixed;inset:0;z-index:2147483647;overflow:auto;padding:2rem;" +
      "background:rgba(20,20,24,.92);color:#fff;font:14px/1.5 ui-monospace,Menlo,Consolas,monospace;";
    var title = document.createElement("h2");
    title.textContent = "The site could not be rebuilt; you are seeing the last good version.";
    title.style.cssText = "margin:0 0 1rem;font-size:16px;color:#ff8a8a;";
    overlay.appendChild(title);
    errors.forEach(function (error) {
      var line = document.createElement("pre");
      line.className = "sitegen-error";
      line.textContent = error.message;
      line.style.cssText = "margin:0 0 .5rem;white-space:pre-wrap;";
      overlay.appendChild(line);
    });
    var hint = document.createElement("p");
    hint.textContent = "Fix the file and save: this closes on its own.";
    hint.style.cssText = "color:#bbb;";
    overlay.appendChild(hint);
    document.body.appendChild(overlay);
  }

  connect();
})();
