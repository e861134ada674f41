/* sitegen default theme: Google Analytics 4 without an inline script (the CSP allows none).
   Does what Google's snippet does, with the measurement id from this script's data attribute. */
(() => {
  'use strict';
  const script = document.currentScript;
  const id = script && script.dataset.measurementId;
  if (!id) return;
  window.dataLayer = window.dataLayer || [];
  // gtag.js reads the `arguments` objects themselves, as its own snippet pushes them
  window.gtag = function gtag() { window.dataLayer.push(arguments); }; // eslint-disable-line prefer-rest-params
  window.gtag('js', new Date());
  window.gtag('config', id);
})();
