/* sitegen default theme: live job filters. The list works without this script. */
(() => {
  'use strict';
  const form = document.querySelector('[data-filters]');
  const list = document.querySelector('[data-jobs]');
  if (!form || !list) return;

  const NAMES = ['q', 'department', 'location', 'workplace', 'type'];
  const fields = NAMES.map((name) => form.elements[name]).filter(Boolean);
  const cards = [...list.querySelectorAll('li[data-department]')];
  const groups = [...list.querySelectorAll('[data-group]')];
  const status = document.getElementById('job-count');
  const empty = document.getElementById('no-results');
  const allText = status ? status.textContent : '';
  // The count's words come from the page (data-match-*, one per plural category of its language).
  const lang = document.documentElement.lang || 'en';
  let plural;
  let number;
  try {
    plural = new Intl.PluralRules(lang);
    number = new Intl.NumberFormat(lang);
  } catch (error) { // a tag the browser does not know
    plural = new Intl.PluralRules('en');
    number = new Intl.NumberFormat('en');
  }
  const phrases = status ? status.dataset : {};
  const matches = (n) => {
    const category = plural.select(n);
    const text = phrases[`match${category[0].toUpperCase()}${category.slice(1)}`] || phrases.matchOther
      || (n === 1 ? '{n} position matches' : '{n} positions match');
    return text.replace('{n}', number.format(n));
  };
  // Lower case, no accents, words separated by single spaces: words match by prefix.
  const fold = (text) => ` ${text.toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '')
    .replace(/[^0-9a-z\u00df-\uffff+#]+/g, ' ')}`;
  const has = (words, value) => (words || '').split(' ').includes(value);
  const search = new Map(cards.map((card) => [card, fold(card.dataset.search || '')]));
  let typing = false;
  let timer;

  const values = () => {
    const v = {};
    fields.forEach((field) => { v[field.name] = field.value.trim(); });
    return v;
  };

  function apply(announceNow) {
    const v = values();
    const words = fold(v.q || '').split(' ').filter(Boolean).map((word) => ` ${word}`);
    let shown = 0;
    cards.forEach((card) => {
      const d = card.dataset;
      const match = (!v.department || d.department === v.department) &&
        (!v.location || has(d.locations, v.location)) &&
        (!v.workplace || d.workplace === v.workplace) &&
        (!v.type || has(d.types, v.type)) &&
        words.every((word) => search.get(card).includes(word));
      card.hidden = !match;
      if (match) shown++;
    });
    groups.forEach((group) => {
      const n = group.querySelectorAll('li[data-department]:not([hidden])').length;
      const count = group.querySelector('[data-group-count]');
      group.hidden = n === 0;
      if (count) count.textContent = n;
    });
    if (empty) empty.hidden = shown > 0;
    if (!status) return;
    const text = !Object.values(v).some(Boolean) ? allText
      : shown === 0 ? phrases.matchNone || 'No positions match' : matches(shown);
    // While typing, announce after a pause so screen readers are not flooded.
    clearTimeout(timer);
    if (announceNow) status.textContent = text;
    else timer = setTimeout(() => { status.textContent = text; }, 700);
  }

  function save(push) {
    const params = new URLSearchParams();
    Object.entries(values()).forEach(([name, value]) => { if (value) params.set(name, value); });
    const query = params.toString();
    const url = location.pathname + (query ? `?${query}` : '') + location.hash;
    if (url === location.pathname + location.search + location.hash) return;
    history[push ? 'pushState' : 'replaceState'](null, '', url);
  }

  function load() {
    const params = new URLSearchParams(location.search);
    fields.forEach((field) => {
      field.value = params.get(field.name) || '';
      if (field.selectedIndex < 0) field.value = ''; // unknown option
    });
    typing = false;
    apply(true);
  }

  function reset() {
    fields.forEach((field) => { field.value = ''; });
    typing = false;
    apply(true);
    save(true);
  }

  form.addEventListener('input', (event) => {
    const text = event.target.name === 'q';
    apply(!text);
    // One history entry per search (not per keystroke) and per select change.
    save(!(text && typing));
    typing = text;
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    typing = false;
    apply(true);
  });
  form.addEventListener('reset', (event) => {
    event.preventDefault();
    reset();
  });
  const again = document.querySelector('[data-reset]');
  if (again) again.addEventListener('click', () => { reset(); fields[0].focus(); });
  window.addEventListener('popstate', load);

  form.hidden = false;
  load();
})();
