/* sitegen default theme: search, filters and sorting over every open position.
 *
 * The page lists one page of positions and links to the others, so everything works without
 * this script. With it, a search, a filter or a sort order is answered from the site's search
 * index (search/index.json, loaded on first use; description words in small shards loaded per
 * word typed), across all positions, and kept in the URL like a link.
 * Folding must match sitegen/content/search_words.py.
 */
(() => {
  'use strict';
  const form = document.querySelector('[data-filters]');
  const list = document.querySelector('[data-jobs]');
  if (!form || !list) return;

  const NAMES = ['q', 'department', 'location', 'workplace', 'type', 'sort'];
  const PAGE = 50;
  const fields = NAMES.map((name) => form.elements[name]).filter(Boolean);
  const status = document.getElementById('job-count');
  const empty = document.getElementById('no-results');
  const results = document.querySelector('[data-results]');
  const resultList = document.querySelector('[data-result-list]');
  const more = document.querySelector('[data-more]');
  const pageResults = document.querySelector('[data-page-results]');
  const text = form.dataset;
  const allText = status ? status.innerHTML : '';
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
  const matching = (n) => {
    const category = plural.select(n);
    const phrase = phrases[`match${category[0].toUpperCase()}${category.slice(1)}`] || phrases.matchOther
      || (n === 1 ? '{n} position matches' : '{n} positions match');
    return phrase.replace('{n}', number.format(n));
  };
  const base = new URL(form.dataset.index, location.href);
  const newSince = form.dataset.newSince || '';
  const fold = (value) => ` ${value.toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '')
    .replace(/[^0-9a-z\u00df-\uffff+#]+/g, ' ').trim()}`;
  // Query words: folded; a hyphenated word is looked up joined ("part-time" -> "parttime").
  const queryWords = (query) => query.split(/\s+/).flatMap((token) => (/\w-\w/.test(token)
    ? [fold(token).replace(/ /g, '')] : fold(token).split(' '))).filter(Boolean);
  const has = (words, value) => ` ${words} `.includes(` ${value} `);
  const hex = (word) => [...new TextEncoder().encode([...word].slice(0, 2).join(''))]
    .map((b) => b.toString(16).padStart(2, '0')).join('');

  let index = null; // Promise of {jobs, departments, shards}
  const shards = new Map(); // key -> Promise of {word: [numbers]}
  let shown = PAGE;
  let typing = false;
  let timer;
  let run = 0;

  function loadIndex() {
    if (!index) {
      // Linked without a version: ask the server whether it changed (a 304 when it did not).
      index = fetch(base, { cache: 'no-cache' }).then((r) => {
        if (!r.ok) throw new Error(`search index: HTTP ${r.status}`);
        return r.json();
      }).then((data) => {
        const at = Object.fromEntries(data.fields.map((name, i) => [name, i]));
        const jobs = data.jobs.map((row, number) => {
          const job = { number };
          data.fields.forEach((name) => { job[name] = row[at[name]]; });
          job.departmentName = data.departments[job.department] || '';
          job.text = `${fold([job.title, job.team, job.departmentName, job.where].join(' '))} ${job.terms} `;
          return job;
        });
        const pages = (data.pages || []).map(([url, title, words]) => ({ url, title, text: ` ${words} ` }));
        return { jobs, pages, shards: new Set(data.shards), version: data.version || '' };
      });
      index.catch(() => { index = null; });
    }
    return index;
  }

  function loadShard(key, version) {
    if (!shards.has(key)) {
      const url = new URL(`words/${key}.json`, base);
      url.search = version ? `?v=${version}` : '';
      const promise = fetch(url).then((r) => (r.ok ? r.json() : {})).catch(() => ({}));
      shards.set(key, promise);
    }
    return shards.get(key);
  }

  // The postings (numbers) whose description has a word starting with `word`.
  async function described(word, data) {
    const found = new Set();
    if ([...word].length < 2 || !data.shards.has(hex(word))) return found;
    const shard = await loadShard(hex(word), data.version);
    Object.entries(shard).forEach(([candidate, deltas]) => {
      if (!candidate.startsWith(word)) return;
      let number = 0;
      deltas.forEach((delta) => { number += delta; found.add(number); });
    });
    return found;
  }

  const values = () => Object.fromEntries(fields.map((field) => [field.name, field.value.trim()]));
  const active = (v) => Object.values(v).some(Boolean);

  async function apply(announceNow) {
    const v = values();
    const mine = ++run;
    if (!active(v)) {
      showPages([]);
      show(null, announceNow);
      return;
    }
    let data;
    try {
      data = await loadIndex();
    } catch (error) {
      return; // offline: the page's own list and its page links still work
    }
    const words = queryWords(v.q || '');
    const inText = await Promise.all(words.map((word) => described(word, data)));
    if (mine !== run) return; // a newer keystroke is being answered
    let matches = data.jobs.filter((job) => (!v.department || job.department === v.department) &&
      (!v.location || has(job.locations, v.location)) &&
      (!v.workplace || job.workplace === v.workplace) &&
      (!v.type || has(job.types, v.type)) &&
      words.every((word, i) => job.text.includes(` ${word}`) || inText[i].has(job.number)));
    if (v.sort === 'newest') {
      matches = [...matches].sort((a, b) => b.date.localeCompare(a.date) || a.number - b.number);
    } else if (v.sort === 'title') {
      const collator = new Intl.Collator(plural.resolvedOptions().locale, { sensitivity: 'base' });
      matches = [...matches].sort((a, b) => collator.compare(a.title, b.title) || a.number - b.number);
    }
    showPages(words.length ? data.pages.filter((p) => words.every((word) => p.text.includes(` ${word}`))) : []);
    show(matches, announceNow);
  }

  // Pages (About, Benefits, ...) whose words match the search, as links above the roles.
  function showPages(pages) {
    if (!pageResults) return;
    pageResults.hidden = pages.length === 0;
    const links = pages.slice(0, 5).flatMap((page, i) => {
      const link = document.createElement('a');
      link.href = page.url;
      link.textContent = page.title;
      return i ? [document.createTextNode(', '), link] : [link];
    });
    pageResults.replaceChildren(document.createTextNode(`${pageResults.dataset.label} `), ...links);
  }

  function card(job) {
    const item = document.createElement('li');
    item.className = 'job-card';
    const main = item.appendChild(document.createElement('div'));
    main.className = 'job-card-main';
    const eyebrow = main.appendChild(document.createElement('p'));
    eyebrow.className = 'job-card-eyebrow';
    eyebrow.textContent = [job.departmentName, job.team].filter(Boolean).join(' · ');
    const heading = main.appendChild(document.createElement('h2'));
    heading.className = 'job-card-title';
    const link = heading.appendChild(document.createElement('a'));
    link.href = job.url;
    link.textContent = job.title;
    if (newSince && job.date >= newSince) {
      const badge = heading.appendChild(document.createElement('span'));
      badge.className = 'badge-new';
      badge.textContent = text.textNew;
      heading.insertBefore(document.createTextNode(' '), badge);
    }
    const meta = main.appendChild(document.createElement('ul'));
    meta.className = 'job-meta';
    let date;
    try {
      date = new Date(`${job.date}T00:00:00`).toLocaleDateString(lang, { year: 'numeric', month: 'short', day: 'numeric' });
    } catch (error) { // a tag the browser does not know
      date = job.date;
    }
    [job.where, text.textPosted.replace('{date}', date), job.salary].forEach((value, i) => {
      if (!value) return;
      const li = meta.appendChild(document.createElement('li'));
      if (i === 2) li.className = 'job-meta-salary';
      li.appendChild(document.createElement('span')).textContent = value;
    });
    return item;
  }

  function show(matches, announceNow) {
    const filtering = matches !== null;
    list.hidden = filtering;
    if (results) results.hidden = !filtering || matches.length === 0;
    if (empty) empty.hidden = !filtering || matches.length > 0;
    if (filtering && resultList) {
      const cards = matches.slice(0, shown).map(card);
      resultList.replaceChildren(...cards);
      if (more) more.hidden = matches.length <= shown;
    }
    if (!status) return;
    const message = !filtering ? null
      : matches.length === 0 ? phrases.matchNone || 'No positions match' : matching(matches.length);
    // While typing, announce after a pause so screen readers are not flooded.
    clearTimeout(timer);
    const update = () => { if (message === null) status.innerHTML = allText; else status.textContent = message; };
    if (announceNow) update();
    else timer = setTimeout(update, 700);
    document.dispatchEvent(new CustomEvent('sitegen:results', { detail: { count: filtering ? matches.length : null } }));
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
    shown = PAGE;
    apply(true);
  }

  function reset() {
    fields.forEach((field) => { field.value = ''; });
    typing = false;
    shown = PAGE;
    apply(true);
    save(true);
  }

  form.addEventListener('focusin', () => { loadIndex().catch(() => {}); }, { once: true });
  form.addEventListener('input', (event) => {
    const isText = event.target.name === 'q';
    shown = PAGE;
    apply(!isText);
    // One history entry per search (not per keystroke) and per select change.
    save(!(isText && typing));
    typing = isText;
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
  if (more) more.addEventListener('click', () => { shown += PAGE; apply(true); });
  const again = document.querySelector('[data-reset]');
  if (again) again.addEventListener('click', () => { reset(); fields[0].focus(); });
  window.addEventListener('popstate', load);

  form.hidden = false;
  load();
})();
