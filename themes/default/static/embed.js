/* sitegen embed.js: the open roles of a sitegen careers site on another site (README
   "Embedding the job list"). On the host page:

     <div data-sitegen-jobs data-department="engineering" data-limit="10">
       <a href="https://careers.example.com/">See all open roles</a>
     </div>
     <script src="https://careers.example.com/embed.js" async></script>

   It reads jobs.json from the site it was loaded from and draws the list in a shadow root of
   each such element, so the host's CSS neither breaks it nor is broken by it; the host styles it
   with --sitegen-* custom properties (and ::part()). The element's own content (the fallback
   link) shows until the list is drawn, and stays when JavaScript, the network or CORS fails.
   jobs.json is data from another site: it is only ever set as text and as http(s) link targets,
   never parsed as HTML. No framework, no third-party requests, nothing logged. */
(function () {
  "use strict";

  var script = document.currentScript;
  if (!script) {
    var all = document.querySelectorAll("script[src]");
    for (var i = all.length - 1; i >= 0 && !script; i--) {
      if (/\/embed\.js(\?|#|$)/.test(all[i].src)) script = all[i];
    }
  }
  if (!script || !window.fetch || !document.head.attachShadow) return;
  var site = new URL(".", script.src);
  if (/\/assets\/$/.test(site.pathname)) site = new URL("..", site); // the content-hashed copy
  var PERIOD = { hour: "per hour", day: "per day", week: "per week", month: "per month", year: "per year" };
  var CSS =
    ":host{display:block;font-family:var(--sitegen-font,inherit);font-size:var(--sitegen-font-size,1rem);" +
    "color:var(--sitegen-text,inherit);line-height:1.5}" +
    "ul{list-style:none;margin:0;padding:0;display:grid;gap:var(--sitegen-gap,.75rem)}" +
    "li{padding:var(--sitegen-padding,.75rem 1rem);border:1px solid var(--sitegen-border,rgb(128 128 128/.35));" +
    "border-radius:var(--sitegen-radius,.5rem);background:var(--sitegen-background,transparent)}" +
    ".title{margin:0;font-size:var(--sitegen-title-size,1.0625rem);font-weight:600;line-height:1.3}" +
    "a{color:var(--sitegen-accent,#1d4ed8);text-decoration-thickness:1px;text-underline-offset:.15em}" +
    "a:focus-visible{outline:2px solid var(--sitegen-accent,#1d4ed8);outline-offset:2px}" +
    ".meta{margin:.25rem 0 0;color:var(--sitegen-muted,inherit);opacity:var(--sitegen-muted-opacity,.8);font-size:.875em}" +
    ".meta span+span::before{content:\" \\00b7 \"}" +
    ".more,.empty{margin:var(--sitegen-gap,.75rem) 0 0}";
  var jobs = null; // one request for every element of the page

  function load() {
    if (!jobs) {
      jobs = fetch(new URL("jobs.json", site).href, { credentials: "omit" }).then(function (response) {
        if (!response.ok) throw new Error(String(response.status));
        return response.json();
      });
    }
    return jobs;
  }

  function el(name, attrs, text) {
    var node = document.createElement(name);
    for (var key in attrs) node.setAttribute(key, attrs[key]);
    if (text != null) node.textContent = text;
    return node;
  }

  function safeUrl(value, fallback) {
    try {
      var url = new URL(value, site);
      if (url.protocol === "https:" || url.protocol === "http:") return url.href;
    } catch (e) {}
    return fallback;
  }

  function slug(value) {
    return String(value || "").trim().toLowerCase();
  }

  function matches(job, department, location) {
    if (department && slug(job.department_slug) !== department && slug(job.department) !== department) return false;
    if (!location) return true;
    if (location === "remote" && job.remote && job.remote.allowed) return true;
    return (job.locations || []).some(function (place) {
      return slug(place.slug) === location || slug(place.label) === location;
    });
  }

  function money(amount, currency, lang) {
    try {
      return new Intl.NumberFormat(lang, {
        style: "currency",
        currency: currency,
        maximumFractionDigits: amount % 1 ? 2 : 0,
      }).format(amount);
    } catch (e) {
      return currency + " " + amount;
    }
  }

  function salary(pay, lang) {
    if (!pay || typeof pay.min !== "number" || typeof pay.currency !== "string") return "";
    var text = money(pay.min, pay.currency, lang);
    if (typeof pay.max === "number" && pay.max !== pay.min) text += " – " + money(pay.max, pay.currency, lang);
    return text + (PERIOD[pay.period] ? " " + PERIOD[pay.period] : "");
  }

  function place(job) {
    var labels = (job.locations || []).map(function (p) {
      return String(p.label || "");
    });
    if (job.remote && job.remote.allowed) labels.push("Remote");
    return labels.filter(Boolean).join("; ");
  }

  function render(host, data) {
    var department = slug(host.getAttribute("data-department"));
    var location = slug(host.getAttribute("data-location"));
    var limit = parseInt(host.getAttribute("data-limit"), 10);
    var level = parseInt(host.getAttribute("data-heading"), 10);
    var heading = "h" + (level >= 2 && level <= 6 ? level : 3);
    var lang = document.documentElement.lang || undefined;
    var home = safeUrl(data.site && data.site.url, site.href);
    var shown = (Array.isArray(data.jobs) ? data.jobs : []).filter(function (job) {
      return job && typeof job.title === "string" && matches(job, department, location);
    });
    shown.sort(function (a, b) {
      return String(b.date_posted).localeCompare(String(a.date_posted)) || String(a.title).localeCompare(String(b.title));
    });
    var total = shown.length;
    if (limit > 0) shown = shown.slice(0, limit);

    var root = host.shadowRoot || host.attachShadow({ mode: "open" });
    while (root.firstChild) root.removeChild(root.firstChild);
    if (root.adoptedStyleSheets !== undefined && window.CSSStyleSheet && CSSStyleSheet.prototype.replaceSync) {
      var sheet = new CSSStyleSheet();
      sheet.replaceSync(CSS); // a constructed sheet: allowed where a host's CSP forbids <style>
      root.adoptedStyleSheets = [sheet];
    } else {
      root.appendChild(el("style", {}, CSS));
    }
    if (!shown.length) {
      root.appendChild(el("p", { class: "empty", part: "empty" }, "No open roles here right now."));
    } else {
      var list = el("ul", { part: "list", role: "list" }); // list-style: none hides it from some readers
      shown.forEach(function (job) {
        var item = el("li", { part: "item" });
        var title = el(heading, { class: "title", part: "title" });
        title.appendChild(el("a", { href: safeUrl(job.url, home), part: "link" }, job.title));
        item.appendChild(title);
        var meta = el("p", { class: "meta", part: "meta" });
        [job.department, place(job), salary(job.salary, lang)].forEach(function (value) {
          if (value) meta.appendChild(el("span", {}, String(value)));
        });
        item.appendChild(meta);
        list.appendChild(item);
      });
      root.appendChild(list);
    }
    var label = total > shown.length ? "See all " + total + " open roles" : "See all open roles";
    var more = el("p", { class: "more", part: "more" });
    more.appendChild(el("a", { href: home, part: "link more-link" }, label));
    root.appendChild(more);
    host.setAttribute("data-sitegen-state", "ready");
  }

  function start() {
    var hosts = document.querySelectorAll("[data-sitegen-jobs]:not([data-sitegen-state])");
    Array.prototype.forEach.call(hosts, function (host) {
      host.setAttribute("data-sitegen-state", "loading");
      load()
        .then(function (data) {
          render(host, data);
        })
        .catch(function () {
          host.setAttribute("data-sitegen-state", "failed"); // the fallback link stays (or comes back)
          var root = host.shadowRoot;
          if (root) {
            while (root.firstChild) root.removeChild(root.firstChild);
            root.appendChild(document.createElement("slot"));
          }
          if (!host.querySelector("a[href]")) host.appendChild(el("a", { href: site.href }, "See all open roles"));
        });
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
