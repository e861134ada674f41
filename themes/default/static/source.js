/* sitegen default theme: source tracking. A visitor who arrives with utm_* or an ATS's source
   parameter (Greenhouse gh_src, Lever lever-source) keeps it on the apply links, so the ATS credits
   the application to that source. Remembered for the browser tab (sessionStorage): arriving on the
   home page and then opening a posting keeps it too. Without JavaScript the links work unchanged. */
(() => {
  'use strict';
  const KEY = 'sitegen-source';
  const NAMES = ['gh_src', 'lever-source', 'lever-source[]'];
  const MAX = 10;
  const wanted = ([name, value]) => (/^utm_[a-z0-9_]{1,40}$/i.test(name) || NAMES.includes(name))
    && value !== '' && value.length <= 200;
  const valid = (pairs) => Array.isArray(pairs) && pairs.length <= MAX
    && pairs.every((p) => Array.isArray(p) && p.length === 2 && p.every((s) => typeof s === 'string') && wanted(p));

  let pairs = [...new URLSearchParams(window.location.search)].filter(wanted).slice(0, MAX);
  try {
    if (pairs.length) {
      window.sessionStorage.setItem(KEY, JSON.stringify(pairs));
    } else {
      const stored = JSON.parse(window.sessionStorage.getItem(KEY) || '[]');
      pairs = valid(stored) ? stored : [];
    }
  } catch (error) {
    // storage blocked or a stored value that is not JSON: this page's parameters only
  }
  if (!pairs.length) return;

  document.querySelectorAll('a[data-apply]').forEach((link) => {
    let url;
    try {
      url = new URL(link.getAttribute('href'), document.baseURI);
    } catch (error) {
      return;
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return; // mailto: stays as written
    // A parameter the link already has stays as written (the ATS may need it that way); the
    // others are added once, and the rest of the query is left byte for byte.
    const added = new URLSearchParams(pairs.filter(([name]) => !url.searchParams.has(name))).toString();
    if (!added) return;
    url.search = url.search ? `${url.search.slice(1)}&${added}` : added;
    link.setAttribute('href', url.href);
  });
})();
