// The search page (buscar/): Pagefind's JS API behind an accessible result list.
//
// Everything the page says comes from theme/i18n (passed in the JSON block #search-config),
// the bundle is loaded from the site's own base path (never a CDN, never a hard-coded
// /pagefind/), and every control is a native input or button, so Tab, Enter and Space work.
// The query lives in the URL (?q=...), and so do the chosen filters (&year=2025&topic=salud,
// one parameter per value) and the date order (&sort=date): links and the back button bring
// the same results back.
//
// The index comes in shards, one Pagefind bundle per run of consecutive years
// (builder/search/index.py): the bundle folder's shards.json lists them newest first, and says how
// many of them a first search opens ("first"), so that a reader on a phone does not download
// the index of the whole archive to see ten results. The newest is loaded and the others
// merged into it, each tagged with a synthetic "shard" filter and given the same ranking
// settings. The older shards are merged when the reader asks for the whole archive (the
// button under the status, or &scope=all), for more results than the newest shards hold, or
// for a year they do not hold, and when the newest shards hold fewer than a page of results;
// until then the status says which years were searched.
// Pagefind orders a merged search by score only, so sorting by date asks one shard at a
// time, newest first, each in its own date order (undated bulletins last, in the oldest
// shard), and only as far as the results shown so far need.

const PAGE_SIZE = 10;
const TYPING_DELAY_MS = 250;
const FILTER_GROUPS = ["year", "topic", "location"];

const config = JSON.parse(document.getElementById("search-config").textContent);
const strings = config.strings;
const root = document.getElementById("search");
const form = document.getElementById("search-form");
const input = document.getElementById("search-q");
const statusBox = document.getElementById("search-status");
const controls = document.getElementById("search-controls");
const list = document.getElementById("search-results");
const moreButton = document.getElementById("search-more");
const wholeButton = document.getElementById("search-all");

const state = {
  query: "",
  sort: "relevance",
  scope: "recent",
  filters: {},
  results: null,
  shown: 0,
  run: 0,
  controlsOpen: null,
};
let pagefind = null;
let shards = [];
let pageCounts = {};
let shardOptions = null;
let opened = 0; // shards merged so far, newest first
let opening = Promise.resolve();
let allFilters = {};
let typingTimer = null;
const pageTitle = document.title;

function text(key, values = {}) {
  return (strings[key] ?? key).replace(/\{(\w+)\}/g, (whole, name) =>
    name in values ? String(values[name]) : whole,
  );
}

function element(tag, attributes = {}, children = []) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (name === "text") node.textContent = value;
    else node.setAttribute(name, value);
  }
  for (const child of children) node.append(child);
  return node;
}

function setStatus(message) {
  statusBox.textContent = message;
}

// The excerpt Pagefind returns is HTML with <mark> around matches; keep only its text and
// those marks, so nothing from a bulletin can inject markup into the page.
function excerptNodes(html) {
  const out = [];
  const walk = (parent) => {
    for (const node of parent.childNodes) {
      if (node.nodeName === "MARK") out.push(element("mark", { text: node.textContent }));
      else if (node.nodeType === Node.ELEMENT_NODE) walk(node);
      else if (node.nodeType === Node.TEXT_NODE) out.push(document.createTextNode(node.data));
    }
  };
  walk(new DOMParser().parseFromString(html, "text/html").body);
  return out;
}

// Pagefind indexes a hyphenated word ("IMSS-Bienestar") as the whole and as its parts, but
// asks the index for the whole only, so the same name written with a space ("IMSS
// Bienestar") would not be found. Such a word is asked as the phrase of its parts, which
// matches both spellings. A query that already has quotes is the reader's own phrase search.
const HYPHENATED = /^[\p{L}\p{N}]+(?:[-\u2010\u2011][\p{L}\p{N}]+)+$/u;

function pagefindQuery(query) {
  if (query.includes('"')) return query;
  return query
    .split(/\s+/)
    .map((word) => (HYPHENATED.test(word) ? `"${word.split(/[-\u2010\u2011]/).join(" ")}"` : word))
    .join(" ");
}

// Values chosen in one group widen the results (any of them); groups narrow each other
// (all of them). ``except`` leaves one group out, for that group's own counts.
function pagefindFilters(except = null) {
  const selected = {};
  for (const group of FILTER_GROUPS) {
    const values = state.filters[group] || [];
    if (values.length && group !== except) selected[group] = { any: values };
  }
  return selected;
}

// Faceted counts: a group's counts answer "how many results if I chose this value", so they
// follow the query and the OTHER groups' choices, not the group's own (choosing 2025 must not
// turn 2024's count into 0). A group with a choice therefore needs a search without it.
async function facetCounts(query, response) {
  const counts = { ...(response.filters || {}) };
  const chosen = FILTER_GROUPS.filter((group) => (state.filters[group] || []).length);
  const others = await Promise.all(
    chosen.map((group) => pagefind.search(query, { filters: pagefindFilters(group) })),
  );
  chosen.forEach((group, i) => {
    counts[group] = (others[i] && others[i].filters && others[i].filters[group]) || {};
  });
  return counts;
}

function writeUrl() {
  const params = new URLSearchParams(window.location.search);
  if (state.query) params.set("q", state.query);
  else params.delete("q");
  for (const group of FILTER_GROUPS) {
    params.delete(group);
    for (const value of state.filters[group] || []) params.append(group, value);
  }
  if (state.sort === "date") params.set("sort", "date");
  else params.delete("sort");
  if (state.scope === "all") params.set("scope", "all");
  else params.delete("scope");
  const search = params.toString();
  const target = window.location.pathname + (search ? `?${search}` : "") + window.location.hash;
  if (target !== window.location.pathname + window.location.search + window.location.hash) {
    history.replaceState(history.state, "", target);
  }
}

function sortedValues(group, values) {
  const names = Object.keys(values);
  if (group === "year") {
    // Newest year first; the label for undated bulletins (not a number) goes last.
    return names.sort((a, b) => (Number(b) || -1) - (Number(a) || -1) || a.localeCompare(b));
  }
  return names.sort((a, b) => a.localeCompare(b, document.documentElement.lang || "es"));
}

// On a phone the controls fold into a <details> so results are not pushed off the screen;
// on a wide screen (or once the reader opened or used them) they stay open.
const WIDE = window.matchMedia("(min-width: 56rem)");

function renderControls(counts) {
  const selected = FILTER_GROUPS.reduce((n, g) => n + (state.filters[g] || []).length, 0);
  const details = element("details", { class: "search-controls-box" });
  details.open = state.controlsOpen ?? (WIDE.matches || selected > 0);
  details.addEventListener("toggle", () => {
    state.controlsOpen = details.open;
  });
  const summary = selected ? text("controls_active", { count: selected }) : text("controls");
  details.append(element("summary", { class: "search-controls-summary", text: summary }));
  controls.replaceChildren(details);
  const target = details;
  const sortGroup = element("div", {
    class: "search-group",
    role: "group",
    "aria-labelledby": "search-sort-label",
  });
  sortGroup.append(
    element("h2", { id: "search-sort-label", class: "search-group-title", text: text("sort") }),
  );
  for (const [value, key] of [
    ["relevance", "sort.relevance"],
    ["date", "sort.date"],
  ]) {
    const button = element("button", {
      type: "button",
      class: "search-toggle",
      "aria-pressed": String(state.sort === value),
      "data-sort": value,
      text: text(key),
    });
    button.addEventListener("click", () => {
      if (state.sort === value) return;
      state.sort = value;
      search({ keepFocus: `[data-sort="${value}"]` });
    });
    sortGroup.append(button);
  }
  target.append(sortGroup);

  for (const group of FILTER_GROUPS) {
    const values = allFilters[group] || {};
    if (!Object.keys(values).length) continue;
    const titleId = `search-filter-${group}`;
    const box = element("div", { class: "search-group", role: "group", "aria-labelledby": titleId });
    box.append(element("h2", { id: titleId, class: "search-group-title", text: text(`filter.${group}`) }));
    const items = element("ul", { class: "search-filter-values" });
    for (const value of sortedValues(group, values)) {
      const count = (counts[group] || {})[value] || 0;
      const pressed = (state.filters[group] || []).includes(value);
      if (!count && !pressed) continue;
      const button = element("button", {
        type: "button",
        class: "search-toggle",
        "aria-pressed": String(pressed),
        "data-filter": group,
        "data-value": value,
      });
      button.append(
        element("span", { class: "search-filter-label", text: value }),
        " ",
        element("span", { class: "search-filter-count", text: text("filter.count", { count }) }),
      );
      button.addEventListener("click", () => toggleFilter(group, value));
      items.append(element("li", {}, [button]));
    }
    if (!items.childElementCount) continue;
    box.append(items);
    target.append(box);
  }
  if (selected) {
    const clear = element("button", { type: "button", class: "search-clear", text: text("clear_filters") });
    clear.addEventListener("click", () => {
      state.filters = {};
      search({ keepFocus: "#search-q" });
    });
    target.append(clear);
  }
  controls.hidden = false;
}

function toggleFilter(group, value) {
  const values = new Set(state.filters[group] || []);
  if (values.has(value)) values.delete(value);
  else values.add(value);
  state.filters[group] = [...values];
  const selector = `[data-filter="${group}"][data-value="${CSS.escape(value)}"]`;
  search({ keepFocus: selector });
}

function resultItem(data) {
  const details = [];
  if (data.meta.number) details.push(text("number", { number: data.meta.number }));
  details.push(data.meta.date || text("undated"));
  if (data.meta.location) details.push(data.meta.location);
  const title = element("h2", { class: "search-result-title" }, [
    element("a", { href: data.url, text: data.meta.title || data.url }),
  ]);
  const meta = element("p", { class: "search-result-meta", text: details.join(" · ") });
  const excerpt = element("p", { class: "search-result-excerpt" }, excerptNodes(data.excerpt || ""));
  return element("li", { class: "search-result" }, [element("article", {}, [title, meta, excerpt])]);
}

// Whether every shard is merged; openShards merges the newest ``count`` (one merge at a time,
// so two searches cannot both start merging the same shard) and reloads the filter values.
const wholeArchive = () => opened >= shards.length;

function openShards(count) {
  if (count > opened) {
    const names = shards.slice(opened, count);
    opened = count;
    opening = opening.then(async () => {
      await Promise.all(
        names.map((name) => pagefind.mergeIndex(`${config.bundle}${name}/`, shardOptions(name))),
      );
      allFilters = await pagefind.filters();
    });
  }
  return opening;
}

// The years of the shards merged so far, for the status while not all are.
function openedYears() {
  const years = shards.slice(0, opened).flatMap((name) => name.match(/\d{4}/g) || []);
  return { from: Math.min(...years.map(Number)), to: Math.max(...years.map(Number)) };
}

// One ranking across shards. Pagefind scores a page with its own shard's statistics: a
// word's weight (BM25's inverse document frequency) follows how many of that shard's pages
// hold it, so a shard where a word is rare outranks the others wholesale, and the merged
// order is not that of one index over the same pages (bench/ranking.py measures it). Each
// score is therefore scaled by the words' weight over all the shards merged against their
// weight in the page's shard, with the page counts of shards.json and the per-shard result
// counts Pagefind gives for each word (its synthetic "shard" filter); a page's shard comes
// from the same query asked of one shard at a time. All of it uses index chunks the query
// already fetched.
const weight = (holding, pages) => Math.log((pages - holding + 0.5) / (holding + 0.5) + 1);

async function oneRanking(query, filters, response) {
  const results = response.results;
  const names = shards.slice(0, opened);
  if (names.length < 2 || results.length < 2) return results;
  const words = [...new Set(query.replace(/"/g, " ").split(/\s+/).filter(Boolean))];
  const total = names.reduce((sum, name) => sum + pageCounts[name], 0);
  const local = Object.fromEntries(names.map((name) => [name, 0]));
  let whole = 0;
  for (const word of words) {
    const counts = ((await pagefind.search(word)).filters || {}).shard || {};
    const holding = names.reduce((sum, name) => sum + (counts[name] || 0), 0);
    whole += weight(holding, total);
    for (const name of names) local[name] += weight(counts[name] || 0, pageCounts[name]);
  }
  const found = (response.filters || {}).shard || {};
  const shardOf = new Map();
  for (const name of names.filter((name) => found[name] !== 0)) {
    const part = await pagefind.search(query, { filters: { ...filters, shard: { any: [name] } } });
    for (const result of part.results) shardOf.set(result.id, name);
  }
  const scaled = (result) => {
    const name = shardOf.get(result.id);
    return name && local[name] > 0 ? (result.score * whole) / local[name] : result.score;
  };
  return results
    .map((result, order) => ({ result, order, score: scaled(result) }))
    .sort((a, b) => b.score - a.score || a.order - b.order)
    .map((entry) => entry.result);
}

// Results in relevance order: Pagefind's merged search, in one ranking. Past the end of the
// newest shards' results, the others are merged and the search asked again; the results
// already shown stay, the rest follow in the order of the whole archive.
async function byRelevance(query, filters, response) {
  let results = await oneRanking(query, filters, response);
  const source = { total: results.length, complete: wholeArchive(), response, widened: false };
  source.slice = async (start, end) => {
    if (end > results.length && !source.complete) {
      await openShards(shards.length);
      const all = await pagefind.search(query, { filters });
      const kept = results.slice(0, start);
      const seen = new Set(kept.map((result) => result.id));
      const ranked = await oneRanking(query, filters, all);
      results = kept.concat(ranked.filter((result) => !seen.has(result.id)));
      Object.assign(source, { total: results.length, complete: true, response: all, widened: true });
    }
    return results.slice(start, end);
  };
  return source;
}

// Results in date order: each shard's own date-sorted results, newest shard first, fetched
// when the reader gets that far. Shards the first search found nothing in are skipped; past
// the shards merged so far, the others are merged and asked in turn.
function byDate(query, filters, response) {
  const counts = (response.filters || {}).shard || {};
  const pending = shards.slice(0, opened).filter((name) => counts[name] !== 0);
  const loaded = [];
  let queue = Promise.resolve();
  const source = {
    total: response.results.length,
    complete: wholeArchive(),
    response,
    widened: false,
  };
  const fill = async (end) => {
    while (loaded.length < end && (pending.length || !source.complete)) {
      if (!pending.length) {
        const before = opened;
        await openShards(shards.length);
        pending.push(...shards.slice(before));
        const all = await pagefind.search(query, { filters });
        Object.assign(source, { total: all.results.length, complete: true, response: all });
        source.widened = true;
        continue;
      }
      const name = pending.shift();
      const part = await pagefind.search(query, {
        filters: { ...filters, shard: { any: [name] } },
        sort: { date: "desc" },
      });
      loaded.push(...part.results);
    }
    return loaded;
  };
  // One fill at a time, so two quick "show more" presses cannot interleave shards.
  source.slice = (start, end) => {
    queue = queue.then(() => fill(end));
    return queue.then((all) => all.slice(start, end));
  };
  return source;
}

async function showMore(run) {
  const results = state.results;
  const slice = await results.slice(state.shown, state.shown + PAGE_SIZE);
  if (run !== state.run) return;
  const data = await Promise.all(slice.map((result) => result.data()));
  if (run !== state.run) return;
  const first = list.childElementCount;
  for (const item of data) list.append(resultItem(item));
  state.shown += slice.length;
  moreButton.hidden = results.complete && state.shown >= results.total;
  if (results.widened) {
    // The older shards were merged to go on: the reader asked for the whole archive.
    results.widened = false;
    state.scope = "all";
    writeUrl();
    await describe(run);
  }
  return list.children[first];
}

// The status line and the controls, for the results so far: counts follow the query and the
// filters; while only the newest shards are merged, the status names their years.
async function describe(run) {
  const results = state.results;
  const count = results.total;
  const anySelected = FILTER_GROUPS.some((g) => (state.filters[g] || []).length);
  if (count || anySelected) {
    const counts = await facetCounts(pagefindQuery(state.query), results.response);
    if (run !== state.run) return;
    renderControls(counts);
  } else controls.hidden = true;
  let key = count === 0 ? "no_results" : count === 1 ? "results_one" : "results_many";
  let values = { count, query: state.query };
  if (!results.complete) {
    const years = openedYears();
    key = years.from === years.to ? "results_recent_year" : "results_recent";
    values = { ...values, ...years, year: years.to };
  }
  setStatus(text(key, values));
  wholeButton.hidden = results.complete;
}

// aria-busy tells assistive technology (and the browser tests) when results are settled;
// data-searches counts finished searches.
function finished(run) {
  if (run !== state.run) return;
  root.setAttribute("aria-busy", "false");
  root.dataset.searches = String(Number(root.dataset.searches || 0) + 1);
}

async function search({ keepFocus = null } = {}) {
  const run = ++state.run;
  writeUrl();
  // The query in the title too: tabs, bookmarks and the history list tell searches apart.
  document.title = state.query ? text("page_title", { query: state.query, title: pageTitle }) : pageTitle;
  if (!pagefind) return;
  root.setAttribute("aria-busy", "true");
  if (!state.query) {
    list.replaceChildren();
    controls.hidden = true;
    moreButton.hidden = true;
    wholeButton.hidden = true;
    setStatus("");
    finished(run);
    return;
  }
  const filters = pagefindFilters();
  const query = pagefindQuery(state.query);
  // A year the newest shards do not hold, or hold only part of (a long year is split into
  // shards "2025.1", "2025.2"…), needs the others.
  const years = state.filters.year || [];
  const unopened = new Set(shards.slice(opened).flatMap((name) => name.match(/\d{4}/g) || []));
  const missing = (year) => unopened.has(year) || !(year in (allFilters.year || {}));
  if (state.scope === "all" || years.some(missing)) {
    await openShards(shards.length);
  }
  let response = await pagefind.search(query, { filters });
  if (run !== state.run || response === null) return;
  if (!wholeArchive() && response.results.length < PAGE_SIZE) {
    // Fewer than a page of results in the newest shards: look in all of them.
    await openShards(shards.length);
    response = await pagefind.search(query, { filters });
    if (run !== state.run || response === null) return;
  }
  state.results =
    state.sort === "date"
      ? byDate(query, filters, response)
      : await byRelevance(query, filters, response);
  if (run !== state.run) return;
  state.shown = 0;
  list.replaceChildren();
  await showMore(run);
  if (run !== state.run) return;
  await describe(run);
  if (run !== state.run) return;
  if (keepFocus) {
    const target = document.querySelector(keepFocus);
    if (target) target.focus();
  }
  finished(run);
}

// Pagefind from the site's own bundle: the newest shard first, then as many more as the
// manifest says a first search opens.
async function loadPagefind() {
  const manifest = await fetch(config.bundle + "shards.json", { cache: "no-cache" });
  if (!manifest.ok) throw new Error(`shards.json: HTTP ${manifest.status}`);
  const { ranking, first, shards: listed } = await manifest.json();
  shards = listed.map((shard) => shard.name);
  pageCounts = Object.fromEntries(listed.map((shard) => [shard.name, shard.pages]));
  if (!shards.length) throw new Error("shards.json lists no shards");
  const api = await import(config.bundle + "pagefind.js");
  // Every shard gets the same options, the ranking settings too: a merged index does not
  // take the primary's (Pagefind issue #796), and one ranking needs the same weights in all.
  shardOptions = (name) => ({
    baseUrl: config.base,
    excerptLength: 30,
    mergeFilter: { shard: name },
    ...(ranking ? { ranking } : {}),
  });
  await api.options({ ...shardOptions(shards[0]), basePath: `${config.bundle}${shards[0]}/` });
  await api.init();
  pagefind = api;
  opened = 1;
  await openShards(Number.isInteger(first) && first > 0 ? first : shards.length);
  return api;
}

function scheduleSearch() {
  clearTimeout(typingTimer);
  typingTimer = setTimeout(() => {
    state.query = input.value.trim();
    search();
  }, TYPING_DELAY_MS);
}

async function start() {
  root.setAttribute("aria-busy", "true");
  const params = new URLSearchParams(window.location.search);
  input.value = params.get("q") || "";
  state.query = input.value.trim();
  for (const group of FILTER_GROUPS) {
    const values = [...new Set(params.getAll(group).filter(Boolean))];
    if (values.length) state.filters[group] = values;
  }
  if (params.get("sort") === "date") state.sort = "date";
  if (params.get("scope") === "all") state.scope = "all";
  if (state.query) setStatus(text("loading"));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    clearTimeout(typingTimer);
    state.query = input.value.trim();
    search();
  });
  input.addEventListener("input", scheduleSearch);
  moreButton.addEventListener("click", async () => {
    const first = await showMore(state.run);
    if (first) first.querySelector("a").focus();
  });
  wholeButton.addEventListener("click", () => {
    state.scope = "all";
    search({ keepFocus: "#search-results a" });
  });
  try {
    pagefind = await loadPagefind();
    if (!Object.keys(allFilters).length) allFilters = await pagefind.filters();
  } catch (error) {
    pagefind = null;
    root.classList.add("search-unavailable");
    setStatus(text("unavailable"));
    document.getElementById("search-fallback").hidden = false;
    root.setAttribute("aria-busy", "false");
    return;
  }
  root.classList.add("search-ready");
  if (state.query) await search();
  else root.setAttribute("aria-busy", "false");
}

start();
