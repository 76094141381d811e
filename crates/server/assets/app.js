// newsgraph serve: the page. A hash router (#/articles, #/article/ID,
// #/events?…, #/counts, #/quotes, #/entities, #/network, #/map,
// #/entity?key=… (a corpus entity) or #/entity?name=… (one name), #/analyze) over
// the JSON API. Every piece of article text is inserted as a text node
// (h() below never parses markup), so article content cannot inject script.
"use strict";

const main = document.getElementById("main");
const panel = document.getElementById("panel");
const panelBody = document.getElementById("panel-body");

// h("a", {href: "#"}, "text", child…): build an element; strings become text.
function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v == null || v === false) continue;
    if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
    else if (k === "class") el.className = v;
    else el.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children.flat(Infinity)) {
    if (c == null || c === false) continue;
    el.appendChild(typeof c === "string" || typeof c === "number" ? document.createTextNode(String(c)) : c);
  }
  return el;
}

async function api(path, opts) {
  const res = await fetch(path, opts);
  let body;
  try { body = await res.json(); } catch (_) { body = { error: `HTTP ${res.status}` }; }
  if (!res.ok) throw new Error(body.error || `HTTP ${res.status}`);
  return body;
}

function showError(err) {
  main.appendChild(h("p", { class: "error", role: "alert" }, String(err.message || err)));
}

function parseHash() {
  const raw = location.hash.replace(/^#\/?/, "");
  const [path, query] = raw.split("?");
  return { parts: path.split("/").map(decodeURIComponent), params: new URLSearchParams(query || "") };
}

function go(path, params) {
  const q = params ? new URLSearchParams([...params].filter(([, v]) => v !== "")).toString() : "";
  location.hash = "#/" + path + (q ? "?" + q : "");
}

function openPanel(...children) {
  panelBody.textContent = "";
  children.forEach((c) => panelBody.appendChild(c));
  panel.hidden = false;
}
document.getElementById("panel-close").addEventListener("click", () => { panel.hidden = true; });

function kv(pairs) {
  return h("dl", { class: "kv" }, pairs.filter(([, v]) => v != null && v !== "" && !(Array.isArray(v) && !v.length))
    .flatMap(([k, v]) => [h("dt", {}, k), h("dd", {}, Array.isArray(v) ? v.join(", ") : String(v))]));
}

// The events table lists event mentions (one per event coded in an article);
// the GDELT and CSV exports merge the mentions of one event into one row.
const MENTIONS_NOTE = "One row per event coded in an article. The GDELT and CSV exports merge mentions of the same event (same actors, root code and place, at most a day apart) into one event, so they count fewer.";
const QUAD = { 1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict" };

// ---------------------------------------------------------------- articles

async function viewArticles(params) {
  main.textContent = "";
  const form = h("form", { class: "filters" },
    h("label", {}, "Search", h("input", { name: "q", value: params.get("q") || "", placeholder: "words" })),
    h("label", {}, "Source", h("input", { name: "source", value: params.get("source") || "" })),
    h("label", {}, "From", h("input", { name: "from", type: "date", value: params.get("from") || "" })),
    h("label", {}, "To", h("input", { name: "to", type: "date", value: params.get("to") || "" })),
    h("button", { type: "submit" }, "Search"));
  form.addEventListener("submit", (ev) => { ev.preventDefault(); go("articles", new FormData(form)); });
  main.append(h("h1", {}, "Articles"), form);
  try {
    const data = await api("/api/articles?" + params.toString());
    const rows = data.articles.map((a) => h("tr", { onclick: () => go("article/" + encodeURIComponent(a.id)) },
      h("td", {}, a.published || ""), h("td", {}, h("a", { href: "#/article/" + encodeURIComponent(a.id) }, a.title || a.id)),
      h("td", {}, a.source || ""), h("td", {}, String(a.n_events)), h("td", { class: "muted" }, (a.snippet || "").slice(0, 200))));
    main.append(h("p", { class: "muted" }, `${data.total} articles`),
      h("div", { class: "table-wrap" }, h("table", { id: "articles-table" }, h("thead", {}, h("tr", {}, ["Published", "Title", "Source", "Event mentions", "Text"].map((t) => h("th", {}, t)))),
        h("tbody", {}, rows))), pager(data, params, "articles"));
  } catch (e) { showError(e); }
}

function pager(data, params, path) {
  const prev = Math.max(0, data.offset - data.limit), next = data.offset + data.limit;
  const at = (off) => { const p = new URLSearchParams(params); p.set("offset", off); go(path, p); };
  const sizes = [...new Set([25, 50, 100, 200, data.limit])].sort((x, y) => x - y);
  const size = h("select", { class: "page-size", "aria-label": "rows per page" }, sizes.map((n) => h("option", { value: n, selected: n === data.limit }, String(n))));
  size.addEventListener("change", () => { const p = new URLSearchParams(params); p.set("limit", size.value); p.delete("offset"); go(path, p); });
  return h("div", { class: "pager" },
    h("button", { class: "plain", type: "button", disabled: data.offset === 0, onclick: () => at(prev) }, "‹ Previous"),
    h("span", { class: "muted" }, `${data.total ? data.offset + 1 : 0}–${Math.min(data.total, next)} of ${data.total}`),
    h("button", { class: "plain", type: "button", disabled: next >= data.total, onclick: () => at(next) }, "Next ›"),
    h("label", { class: "muted" }, size, " per page"));
}

// ------------------------------------------------------------ article view

// One line of a highlight's hover text.
function describe(it) {
  const r = it.ref;
  if (it.kind === "ent") return `${r.type} ${r.name}${r.actor ? " · " + r.actor : ""}`;
  if (it.kind === "quote") return `quote — ${r.speaker || "unattributed"}${r.cue ? " (" + r.cue + ")" : ""}`;
  if (it.kind === "time") return `time ${r.text}${r.value ? " = " + r.value : ""}`;
  if (it.kind === "place") return `place ${r.name}${r.country ? " (" + r.country + ")" : ""}`;
  return `event ${r.code}${r.label ? " " + r.label : ""}: ${r.source || "?"} → ${r.target || "?"}`;
}

// Renders an article with every layer highlighted. `a` is either
// /api/articles/ID or one article of /api/analyze (the JSON contract), so
// event spans are read from `evidence` when present.
function renderArticle(a, selectEvent) {
  const chars = Array.from(a.text || "");
  const items = [];
  const add = (kind, start, end, ref, extra) => {
    if (Number.isInteger(start) && Number.isInteger(end) && start < end && end <= chars.length) items.push({ kind, start, end, ref, ...extra });
  };
  a.entities.forEach((e) => e.mentions.forEach((m) => add("ent", m.start, m.end, e, { type: e.type })));
  a.quotes.forEach((q) => add("quote", q.start, q.end, q));
  a.times.forEach((t) => add("time", t.start, t.end, t));
  a.places.forEach((p) => p.mentions.forEach((m) => add("place", m.start, m.end, p)));
  a.events.forEach((e) => { const sp = e.evidence || e; add("event", sp.start, sp.end, e); });

  const cuts = new Set([0, chars.length]);
  items.forEach((it) => { cuts.add(it.start); cuts.add(it.end); });
  const bounds = [...cuts].sort((x, y) => x - y);
  const textEl = h("div", { class: "article-text show-ent show-quote show-time show-event show-place show-labels", id: "article-text" });
  for (let i = 0; i + 1 < bounds.length; i++) {
    const [s, e] = [bounds[i], bounds[i + 1]];
    const text = chars.slice(s, e).join("");
    const cover = items.filter((it) => it.start <= s && it.end >= e);
    if (!cover.length) { textEl.appendChild(document.createTextNode(text)); continue; }
    const classes = new Set(["seg"]);
    cover.forEach((it) => { classes.add(it.kind); if (it.type) classes.add("t-" + it.type); });
    // The hover text names every item covering these words; an entity
    // mention ending here gets its type as an inline label (drawn by CSS
    // from data-label, so the article's text stays the text).
    const label = cover.find((it) => it.kind === "ent" && it.end === e);
    const seg = h("span", { class: [...classes].join(" "), title: cover.map(describe).join("\n"), "data-label": label ? label.type : null }, text);
    // Which items cover these words, so an opened event can find its
    // evidence (focusEvidence).
    seg.items = cover;
    seg.addEventListener("click", () => {
      textEl.querySelectorAll(".selected").forEach((x) => x.classList.remove("selected"));
      seg.classList.add("selected");
      // The narrowest visible item is what the reader pointed at; the
      // others covering the same words are listed after it.
      const visible = cover.filter((it) => textEl.classList.contains("show-" + it.kind))
        .sort((x, y) => (x.end - x.start) - (y.end - y.start));
      if (visible.length) showItem(visible[0], visible.slice(1), a);
    });
    textEl.appendChild(seg);
  }

  // The legend is the key to the colours (each layer's swatch drawn as the
  // layer is) and switches each layer, and the inline labels, on and off.
  const toggles = h("div", { class: "legend", id: "legend" }, [["ent", "entities"], ["quote", "quotes"], ["time", "times"], ["place", "places"], ["event", "event evidence"], ["labels", "labels"]]
    .map(([k, label]) => {
      const box = h("input", { type: "checkbox", checked: true, "data-layer": k });
      box.addEventListener("change", () => textEl.classList.toggle("show-" + k, box.checked));
      return h("label", { class: "layer-" + k }, box, " ", k === "labels" ? null : h("span", { class: "swatch sw-" + k, "aria-hidden": "true" }, "Abc"), " ", label);
    }),
    h("span", { class: "legend-types muted" }, "entity types: ", ["PERSON", "ORG", "GPE", "NORP", "other"].map((t) =>
      h("span", { class: "swatch sw-ent t-" + t, title: t }, t)), " · colour of an event code: ", h("span", { class: "q1" }, "cooperative"), " / ", h("span", { class: "q4" }, "conflictual")));

  const side = h("div", { class: "items" },
    h("h2", {}, `Quotes (${a.quotes.length})`),
    h("ul", { id: "quote-list" }, a.quotes.map((q) => h("li", { onclick: () => showItem({ kind: "quote", ref: q }, [], a) },
      "“", q.text.length > 90 ? q.text.slice(0, 90) + "…" : q.text, "” — ", h("span", { class: "speaker" }, q.speaker || "unattributed"),
      q.kind !== "direct" ? h("span", { class: "muted quote-kind" }, " · " + q.kind) : null))),
    h("h2", {}, `Entities (${a.entities.length})`),
    h("ul", {}, a.entities.map((e) => h("li", { onclick: () => showItem({ kind: "ent", ref: e }, [], a) },
      h("strong", {}, e.name), " ", h("span", { class: "muted" }, e.type + (e.actor ? " · " + e.actor : ""))))),
    h("h2", {}, `Events (${a.events.length})`),
    h("ul", { id: "event-list" }, a.events.map((e) => h("li", { class: e.review ? "reviewed-" + e.review : null, onclick: () => showItem({ kind: "event", ref: e }, [], a) },
      `${e.source || "?"} → ${e.target || "?"} `, h("span", { class: "q" + e.quad_class }, `${e.code}${e.label ? " " + e.label : ""}`),
      e.review ? h("span", { class: "muted review-mark" }, ` · ${e.review}`) : null))),
    h("h2", {}, `Times (${a.times.length})`),
    h("ul", {}, a.times.map((t) => h("li", { onclick: () => showItem({ kind: "time", ref: t }, [], a) }, t.text, " ", h("span", { class: "muted" }, t.value || "")))));

  const pub = a.published || {};
  const meta = h("p", { class: "muted" }, [a.source, pub.date ? `published ${pub.date} (${pub.basis})` : "date unknown", a.byline].filter(Boolean).join(" · "));
  const warnings = (a.warnings || []).length
    ? h("details", {}, h("summary", {}, `${a.warnings.length} warnings`), h("ul", {}, a.warnings.map((w) => h("li", {}, `${w.kind}: ${w.message}`))))
    : null;
  const out = h("div", { class: "article" }, h("h1", {}, a.title || "(untitled)"), meta, toggles, warnings,
    h("div", { class: "article-layout" }, textEl, side));
  if (selectEvent != null) {
    const e = a.events.find((x) => String(x.idx) === String(selectEvent));
    if (e) setTimeout(() => showItem({ kind: "event", ref: e }, [], a), 0);
  }
  return out;
}

// The page of an article's entity: its corpus entity (every spelling across
// the corpus) when the database has one, else the name as written.
function entityHref(e) {
  return "#/entity?" + new URLSearchParams(e.key ? { key: e.key } : { name: e.name, type: e.type });
}

// The side panel for one highlighted item.
function showItem(it, others, a) {
  const r = it.ref;
  let body;
  if (it.kind === "ent") {
    body = [h("h2", {}, r.name), kv([["type", r.type], ["actor", r.actor], ["roles", r.roles], ["affiliations", r.affiliations], ["mentions", r.mentions.map((m) => m.text)]]),
      h("p", {}, h("a", { href: entityHref(r), id: "panel-entity-link" }, "Entity page ›"))];
  } else if (it.kind === "quote") {
    body = [h("h2", {}, "Quote"), h("blockquote", {}, r.text),
      h("p", {}, "— ", h("span", { class: "speaker", id: "panel-speaker" }, r.speaker || "unattributed")),
      kv([["kind", r.kind], ["cue", r.cue]]),
      r.speaker ? h("p", {}, h("a", { href: "#/entity?" + new URLSearchParams({ name: r.speaker }) }, "Speaker page ›")) : null];
  } else if (it.kind === "time") {
    body = [h("h2", {}, "Time expression"), kv([["text", r.text], ["type", r.type], ["value", r.value], ["mod", r.mod]])];
  } else if (it.kind === "place") {
    body = [h("h2", {}, r.name), kv([["country", r.country], ["lat", r.lat], ["lon", r.lon], ["GeoNames", r.geonames_id]])];
  } else {
    const ev = r.evidence || r;
    focusEvidence(r);
    body = [h("h2", {}, `${r.source || "?"} → ${r.target || "?"}`),
      h("p", {}, h("span", { class: "q" + r.quad_class }, `${r.code} ${r.label || ""}`)),
      kv([["source", [r.source, r.source_name].filter(Boolean).join(" ")], ["target", [r.target, r.target_name].filter(Boolean).join(" ")],
        ["QuadClass", `${r.quad_class} ${QUAD[r.quad_class] || ""}`], ["Goldstein", r.goldstein], ["PLOVER", [r.plover, r.plover_mode].filter(Boolean).join(" / ")],
        ["date", r.date], ["place", r.place], ["modality", r.modality], ["cues", r.modality_cues],
        ["confidence", r.confidence == null ? null : Number(r.confidence).toFixed(2)], ["review", r.review]]),
      h("blockquote", { class: "muted" }, ev.text || ""),
      eventSteps(a, r),
      r.article_id && Number.isInteger(r.idx) ? reviewForm(a, r) : null];
  }
  const also = others.length ? [h("h2", {}, "Also here"), h("ul", { class: "items" }, others.map((o) =>
    h("li", { onclick: () => showItem(o, [], a) }, `${o.kind}: ${o.ref.name || o.ref.text || o.ref.code || ""}`.slice(0, 80))))] : [];
  openPanel(...body.filter(Boolean), ...also);
}

// Previous / next event of the article, in the order of their evidence.
function eventSteps(a, r) {
  const start = (e) => (e.evidence || e).start;
  const evs = [...a.events].sort((x, y) => start(x) - start(y) || x.idx - y.idx);
  const i = evs.indexOf(r);
  if (i < 0 || evs.length < 2) return null;
  const step = (j, label, id) => h("button", { type: "button", class: "plain", id, disabled: j < 0 || j >= evs.length,
    onclick: () => showItem({ kind: "event", ref: evs[j] }, [], a) }, label);
  return h("p", { class: "event-steps" }, step(i - 1, "‹ Previous event", "panel-prev-event"), " ",
    h("span", { class: "muted", id: "panel-event-pos" }, `${i + 1} of ${evs.length}`), " ", step(i + 1, "Next event ›", "panel-next-event"));
}

// Judging an event (POST /api/review, behind the write token): right,
// wrong, or a corrected code, source or target, with a note. The article is
// shown again afterwards, so every list and count on the page follows.
function reviewForm(a, r) {
  const token = h("input", { type: "password", placeholder: "write token", value: sessionStorage.getItem("token") || "", class: "review-token" });
  const field = (name, ph) => h("input", { name, placeholder: ph, class: "review-" + name, size: 8 });
  const code = field("code", r.code), source = field("source", r.source || "source"), target = field("target", r.target || "target");
  const note = h("input", { name: "note", placeholder: "note", class: "review-note" });
  const status = h("p", { class: "muted review-status", role: "status" });
  const send = async (body) => {
    sessionStorage.setItem("token", token.value);
    status.textContent = "Saving…";
    try {
      await api("/api/review", { method: "POST", headers: { "Content-Type": "application/json", Authorization: "Bearer " + token.value },
        body: JSON.stringify({ article_id: a.id, idx: r.idx, ...body }) });
      status.textContent = "Saved.";
      go("article/" + encodeURIComponent(a.id), new URLSearchParams({ ev: r.idx, t: Date.now() }));
    } catch (e) { status.textContent = ""; status.appendChild(h("span", { class: "error" }, e.message)); }
  };
  const withNote = (body) => (note.value.trim() ? { ...body, note: note.value.trim() } : body);
  const correction = () => {
    const body = {};
    for (const [k, el] of [["code", code], ["source", source], ["target", target]]) if (el.value.trim()) body[k] = el.value.trim().toUpperCase();
    return body;
  };
  return h("div", { class: "review", id: "review-form" }, h("h2", {}, "Review"),
    h("p", {}, h("button", { type: "button", class: "review-right", onclick: () => send(withNote({ verdict: "right" })) }, "Right"), " ",
      h("button", { type: "button", class: "review-wrong", onclick: () => send(withNote({ verdict: "wrong" })) }, "Wrong"), " ",
      r.review ? h("button", { type: "button", class: "plain review-clear", onclick: () => send({ clear: true }) }, "Clear") : null),
    h("p", {}, code, " ", source, " ", target, " ", h("button", { type: "button", class: "plain review-correct", onclick: () => {
      const body = correction();
      if (!Object.keys(body).length) { status.textContent = "Type a code, source or target first."; return; }
      send(withNote(body));
    } }, "Correct")),
    h("p", {}, note), h("p", {}, token), status);
}

// Marks the evidence of the opened event apart from every other event's
// (class "focus") and scrolls it into view: an event opened from the events
// table or the article's list is otherwise somewhere below the fold, looking
// like all the others.
function focusEvidence(event) {
  const textEl = document.getElementById("article-text");
  if (!textEl) return;
  textEl.querySelectorAll(".seg.focus").forEach((x) => x.classList.remove("focus"));
  const segs = [...textEl.querySelectorAll(".seg.event")]
    .filter((seg) => (seg.items || []).some((it) => it.kind === "event" && it.ref === event));
  segs.forEach((seg) => seg.classList.add("focus"));
  if (segs.length) segs[0].scrollIntoView({ block: "center" });
}

async function viewArticle(id, params) {
  main.textContent = "";
  try {
    const a = await api("/api/articles/" + encodeURIComponent(id));
    main.appendChild(renderArticle(a, params.get("ev")));
  } catch (e) { showError(e); }
}

// ------------------------------------------------------------------ events

let codesCache = null;
async function codes() {
  if (!codesCache) { try { codesCache = await api("/api/codes"); } catch (_) { codesCache = { codes: [], plover: [] }; } }
  return codesCache;
}

function select(name, value, options) {
  return h("select", { name }, h("option", { value: "" }, "any"),
    options.map(([v, label]) => h("option", { value: v, selected: String(v) === value }, label)));
}

async function eventForm(params, path, extra) {
  const c = await codes();
  const inp = (name, ph) => h("label", {}, name, h("input", { name, value: params.get(name) || "", placeholder: ph || "" }));
  const form = h("form", { class: "filters", id: "event-filters" },
    inp("actor", "USA"), inp("source"), inp("target"), inp("dyad", "USA,RUS"), inp("code", "042"),
    h("label", {}, "root", select("root", params.get("root") || "", Array.from({ length: 20 }, (_, i) => { const r = String(i + 1).padStart(2, "0"); return [r, r]; }))),
    h("label", {}, "QuadClass", select("quad", params.get("quad") || "", Object.entries(QUAD).map(([k, v]) => [k, `${k} ${v}`]))),
    h("label", {}, "PLOVER", select("plover", params.get("plover") || "", c.plover.map((p) => [p.event, `${p.event} (${p.n_events})`]))),
    h("label", {}, "modality", select("modality", params.get("modality") || "", ["asserted", "attributed", "anonymous", "hedged", "expected", "negated"].map((m) => [m, m]))),
    h("label", {}, "min confidence", h("input", { name: "min_confidence", type: "number", min: "0", max: "1", step: "0.05", value: params.get("min_confidence") || "", placeholder: "0.3" })),
    h("label", {}, "from", h("input", { name: "from", type: "date", value: params.get("from") || "" })),
    h("label", {}, "to", h("input", { name: "to", type: "date", value: params.get("to") || "" })),
    inp("place"), h("label", {}, "search", h("input", { name: "q", value: params.get("q") || "", placeholder: "words in the article" })), extra || null,
    h("button", { type: "submit" }, "Apply"),
    h("button", { type: "button", class: "plain", onclick: () => go(path) }, "Clear"));
  form.addEventListener("submit", (ev) => { ev.preventDefault(); go(path, new FormData(form)); });
  return form;
}

function eventTable(events) {
  // Wrapped so a wide table scrolls by itself at phone width instead of
  // widening the page.
  return h("div", { class: "table-wrap" }, h("table", { id: "events-table" },
    h("thead", {}, h("tr", {}, ["Date", "Source", "Target", "Event", "Gold.", "Modality", "Conf.", "Evidence", "Article"].map((t) => h("th", {}, t)))),
    h("tbody", {}, events.map((e) => h("tr", { onclick: () => go("article/" + encodeURIComponent(e.article_id), new URLSearchParams({ ev: e.idx })) },
      h("td", {}, e.date || ""), h("td", {}, e.source || ""), h("td", {}, e.target || ""),
      h("td", { class: "q" + e.quad_class }, `${e.code} ${e.label || ""}`), h("td", {}, String(e.goldstein)), h("td", {}, e.modality),
      h("td", {}, e.confidence == null ? "" : Number(e.confidence).toFixed(2), e.review ? h("span", { class: "muted", title: "reviewed" }, " ✓" + (e.review === "corrected" ? " corrected" : "")) : null),
      h("td", {}, e.text.length > 120 ? e.text.slice(0, 120) + "…" : e.text), h("td", { class: "muted" }, e.article_title || ""))))));
}

async function viewEvents(params) {
  main.textContent = "";
  const sort = h("label", {}, "sort", select("sort", params.get("sort") || "", [["-date", "newest"], ["date", "oldest"], ["-goldstein", "most cooperative"], ["goldstein", "most conflictual"], ["code", "code"], ["source", "source"], ["target", "target"]]));
  main.append(h("h1", {}, "Events"), await eventForm(params, "events", sort));
  try {
    const data = await api("/api/events?" + params.toString());
    // Download what I see: /api/export takes every filter of this view;
    // only the paging and the order are the table's own.
    const ex = new URLSearchParams();
    for (const [k, v] of params) if (v && !["sort", "limit", "offset"].includes(k)) ex.set(k, v);
    const exports = h("p", { class: "muted", id: "exports" }, "Download: ",
      [["gdelt-events", "GDELT events"], ["gdelt-mentions", "mentions"], ["gdelt-gkg", "GKG"], ["jsonl", "JSON Lines"], ["csv", "CSV"], ["parquet", "Parquet (events)"]]
        .map(([f, label]) => { const p = new URLSearchParams(ex); p.set("format", f); return [h("a", { href: "/api/export?" + p, download: "" }, label), " "]; }),
      "· ", h("a", { href: "/api/reviews", download: "" }, "reviews (gold JSONL)"));
    main.append(h("p", { class: "muted", id: "events-total", title: MENTIONS_NOTE }, `${data.total} event mentions`), exports, eventTable(data.events), pager(data, params, "events"));
  } catch (e) { showError(e); }
}

// ------------------------------------------------------------------ counts

// The bin of a chart, chosen from the range of the dated events: days up to
// two months, weeks up to two years, months beyond, so a chart has between
// a handful and ~100 bars whatever the range.
function chooseBin(first, last) {
  const days = (Date.parse(last) - Date.parse(first)) / 86400000;
  return days <= 62 ? "day" : days <= 730 ? "week" : "month";
}

// The last day of the period starting on `start` (YYYY-MM-DD).
function periodEnd(start, per) {
  const d = new Date(start + "T00:00:00Z");
  if (per === "week") d.setUTCDate(d.getUTCDate() + 6);
  else if (per === "month") { d.setUTCMonth(d.getUTCMonth() + 1); d.setUTCDate(0); }
  return d.toISOString().slice(0, 10);
}

const COUNT_BY = [["dyad", "dyad (source → target)"], ["actor", "actor"], ["root", "CAMEO root"], ["quad", "QuadClass"], ["plover", "PLOVER event"], ["place", "place"]];

async function viewCounts(params) {
  main.textContent = "";
  const by = params.get("by") || "dyad";
  const extra = [h("label", {}, "group by", select("by", by, COUNT_BY)),
    h("label", {}, "per", select("per", params.get("per") || "", [["day", "day"], ["week", "week"], ["month", "month"]]))];
  main.append(h("h1", {}, "Counts over time"),
    h("p", { class: "muted" }, "Events per period (mentions of one event merged): cooperative (QuadClass 1–2) above the line, conflictual (3–4) below. Click a bar for its events."),
    await eventForm(params, "counts", extra));
  const box = h("div", { id: "counts-chart" });
  main.appendChild(box);
  try {
    const filters = new URLSearchParams(params);
    ["sort", "offset", "limit", "by", "per"].forEach((k) => filters.delete(k));
    const ask = (b, per) => { const p = new URLSearchParams(filters); p.set("by", b); p.set("per", per); return api("/api/counts?" + p); };
    let per = params.get("per");
    let quads = await ask("quad", per || "day");
    const dated = quads.rows.filter((r) => r.period);
    if (!per) {
      per = dated.length ? chooseBin(dated[0].period, dated[dated.length - 1].period) : "day";
      if (per !== "day") quads = await ask("quad", per);
    }
    // Cooperative and conflictual events per period, from the QuadClass rows.
    const periods = new Map();
    for (const r of quads.rows) {
      if (!r.period) continue;
      const p = periods.get(r.period) || { period: r.period, cooperative: 0, conflictual: 0 };
      if (r.key === "1" || r.key === "2") p.cooperative += r.n_events; else p.conflictual += r.n_events;
      periods.set(r.period, p);
    }
    Charts.bars(box, [...periods.values()], per, (bar) => {
      const p = new URLSearchParams(filters);
      p.set("from", bar.period); p.set("to", periodEnd(bar.period, per));
      go("events", p);
    });
    main.appendChild(h("p", { class: "muted", id: "counts-undated" },
      `${quads.n_events} events · ${quads.n_undated} undated event mentions (not in the chart) · bars per ${per}`));
    const table = by === "quad" && params.get("per") === per ? quads : await ask(by, per);
    const dl = (fmt, label) => { const p = new URLSearchParams(filters); p.set("by", by); p.set("per", per); p.set("format", fmt); return h("a", { href: "/api/counts?" + p, download: "" }, label); };
    const eventsOf = (r) => {
      const p = new URLSearchParams(filters);
      if (r.period) { p.set("from", r.period); p.set("to", periodEnd(r.period, per)); }
      const k = { dyad: "dyad", actor: "actor", root: "root", quad: "quad", plover: "plover", place: "place" }[by];
      p.set(k, r.key);
      return p;
    };
    // Through h(), which skips nulls (DOM append would print "null").
    main.append(...h("div", {}, h("h2", {}, `By ${by} per ${per} (${table.rows.length} rows)`),
      h("p", { class: "muted", id: "counts-downloads" }, "Download: ", dl("csv", "CSV"), " ", dl("parquet", "Parquet")),
      table.n_unkeyed ? h("p", { class: "muted" }, `${table.n_unkeyed} events have no ${by} and are in no row.`) : null,
      h("div", { class: "table-wrap" }, h("table", { id: "counts-table" },
        h("thead", {}, h("tr", {}, ["Period", by, "Events", "Mentions", "Articles", "Goldstein sum", "mean", "Tone"].map((t) => h("th", {}, t)))),
        h("tbody", {}, table.rows.slice(0, 500).map((r) => h("tr", { onclick: () => go("events", eventsOf(r)) },
          h("td", {}, r.period || "undated"), h("td", {}, r.label ? `${r.key} ${r.label}` : r.key), h("td", {}, String(r.n_events)),
          h("td", {}, String(r.n_mentions)), h("td", {}, String(r.n_articles)), h("td", {}, String(r.goldstein_sum)),
          h("td", {}, String(r.goldstein_mean)), h("td", {}, r.tone_mean == null ? "" : String(r.tone_mean)))))))).childNodes);
  } catch (e) { showError(e); }
}

// ------------------------------------------------------------------ quotes

// Who said what across the corpus: by speaker, by an entity named inside the
// quote, by words of the quote, by date; a row opens its article.
async function viewQuotes(params) {
  main.textContent = "";
  const inp = (name, label, ph, type) => h("label", {}, label, h("input", { name, type: type || "text", value: params.get(name) || "", placeholder: ph || "" }));
  const form = h("form", { class: "filters", id: "quote-filters" },
    inp("speaker", "speaker", "Blair"), inp("mentions", "mentions", "an entity in the quote"), inp("q", "words", "words of the quote"),
    inp("from", "from", "", "date"), inp("to", "to", "", "date"),
    h("button", { type: "submit" }, "Apply"), h("button", { type: "button", class: "plain", onclick: () => go("quotes") }, "Clear"));
  form.addEventListener("submit", (ev) => { ev.preventDefault(); go("quotes", new FormData(form)); });
  main.append(h("h1", {}, "Quotes"), form);
  try {
    const data = await api("/api/quotes?" + params.toString());
    // The downloads hold every quote these filters match, not just the page.
    const dl = (fmt, label) => {
      const p = new URLSearchParams(params); p.delete("limit"); p.delete("offset"); p.set("format", fmt);
      return h("a", { href: "/api/quotes?" + p, download: "" }, label);
    };
    main.append(h("p", { class: "muted", id: "quotes-total" }, `${data.total} quotes`),
      h("p", { class: "muted", id: "quotes-downloads" }, "Download: ", dl("csv", "CSV"), " ", dl("parquet", "Parquet")),
      h("div", { class: "table-wrap" }, h("table", { id: "quotes-table" },
        h("thead", {}, h("tr", {}, ["Published", "Speaker", "Cue", "Quote", "Article"].map((t) => h("th", {}, t)))),
        h("tbody", {}, data.quotes.map((q) => h("tr", { onclick: () => go("article/" + encodeURIComponent(q.article_id)) },
          h("td", {}, q.published || ""), h("td", { class: "speaker" }, q.speaker || "unattributed"), h("td", {}, q.cue || ""),
          h("td", {}, "“", q.text, "”", q.kind !== "direct" ? h("span", { class: "muted" }, ` · ${q.kind}`) : null),
          h("td", { class: "muted" }, q.title || q.article_id)))))),
      pager(data, params, "quotes"));
  } catch (e) { showError(e); }
}

// ---------------------------------------------------------------- entities

// Corpus entities: one row per real-world actor across articles and
// spellings ("US", "U.S.", "United States"), by the articles naming it.
const ENTITY_TYPES = ["PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "MISC"];

async function viewEntities(params) {
  main.textContent = "";
  const inp = (name, label, ph) => h("label", {}, label, h("input", { name, value: params.get(name) || "", placeholder: ph || "" }));
  const form = h("form", { class: "filters", id: "entity-filters" },
    inp("name", "name", "any spelling"),
    h("label", {}, "type", select("type", params.get("type") || "", ENTITY_TYPES.map((t) => [t, t]))),
    inp("actor", "actor code", "GBR"),
    h("button", { type: "submit" }, "Apply"), h("button", { type: "button", class: "plain", onclick: () => go("entities") }, "Clear"));
  form.addEventListener("submit", (ev) => { ev.preventDefault(); go("entities", new FormData(form)); });
  main.append(h("h1", {}, "Entities"),
    h("p", { class: "muted" }, "One row per actor across articles and spellings: a country by its code, a place by its GeoNames id, a person or organization by its name (titles and case folded; a surname alone joins the one full name it is in this corpus)."),
    form);
  try {
    const data = await api("/api/entities?" + params.toString());
    main.append(h("p", { class: "muted", id: "entities-total" }, `${data.total} entities`),
      h("div", { class: "table-wrap" }, h("table", { id: "entities-table" },
        h("thead", {}, h("tr", {}, ["Name", "Type", "Actor", "Articles", "Mentions", "Spellings"].map((t) => h("th", {}, t)))),
        h("tbody", {}, data.entities.map((e) => h("tr", { onclick: () => { location.hash = entityHref(e); } },
          h("td", {}, h("a", { href: entityHref(e) }, e.name)), h("td", {}, e.type), h("td", {}, e.actor || ""),
          h("td", {}, String(e.n_articles)), h("td", {}, String(e.n_mentions)),
          h("td", { class: "muted" }, e.names.join(" · "))))))),
      pager(data, params, "entities"));
  } catch (e) { showError(e); }
}

// ----------------------------------------------------------------- network

async function viewNetwork(params) {
  main.textContent = "";
  main.append(h("h1", {}, "Dyad network"), h("p", { class: "muted" }, "Edges: source → target, width by event count, colour by mean Goldstein (green cooperative, red conflictual). Click an edge or a node for its events; drag a node to move it, the background to pan; the wheel or the buttons zoom."),
    await eventForm(params, "network"));
  const box = h("div", { id: "network" });
  try {
    const p = new URLSearchParams(params); p.delete("sort"); p.delete("offset"); p.delete("min_events");
    const data = await api("/api/network?" + p.toString());
    const maxN = Math.max(1, ...data.edges.map((e) => e.n_events));
    const minEvents = h("input", { type: "range", id: "network-min", min: "1", max: String(maxN), value: params.get("min_events") || "1" });
    const minShown = h("span", { id: "network-min-value" }, minEvents.value);
    const summary = h("p", { class: "muted", id: "network-summary" });
    let svg = null;
    const draw = () => {
      minShown.textContent = minEvents.value;
      svg = Charts.network(box, data, {
        minEvents: Number(minEvents.value),
        edge: (e) => go("events", new URLSearchParams({ dyad: `${e.source},${e.target}` })),
        node: (n) => go("events", new URLSearchParams({ actor: n.id })),
      });
      const edges = box.querySelectorAll("line.edge").length, nodes = box.querySelectorAll("g.node").length;
      summary.textContent = `${data.nodes.length} actors, ${data.edges.length} dyads` +
        (Number(minEvents.value) > 1 ? ` · showing ${nodes} actors, ${edges} dyads with ≥ ${minEvents.value} events` : "");
    };
    minEvents.addEventListener("input", draw);
    const zoomBtn = (label, id, f) => h("button", { type: "button", class: "plain", id, onclick: () => svg && f(svg) }, label);
    main.append(h("div", { class: "net-tools" },
      h("label", {}, "dyads with at least ", minEvents, " ", minShown, " events"), " ",
      zoomBtn("+", "network-zoom-in", (g) => g.zoomBy && g.zoomBy(1.3)), zoomBtn("−", "network-zoom-out", (g) => g.zoomBy && g.zoomBy(1 / 1.3)),
      zoomBtn("reset", "network-zoom-reset", (g) => g.zoomReset && g.zoomReset())), box, summary);
    draw();
  } catch (e) { main.appendChild(box); showError(e); }
}

// --------------------------------------------------------------------- map

async function viewMap() {
  main.textContent = "";
  main.append(h("h1", {}, "Places"));
  const box = h("div", { id: "map" });
  main.appendChild(box);
  try {
    const data = await api("/api/places?limit=2000");
    Charts.map(box, data.places, (p) => go("events", new URLSearchParams({ place: p.name })));
    main.appendChild(h("div", { class: "table-wrap" }, h("table", { id: "places-table" },
      h("thead", {}, h("tr", {}, ["Place", "Country", "Articles", "Mentions", "Event mentions"].map((t) => h("th", {}, t)))),
      h("tbody", {}, data.places.slice(0, 200).map((p) => h("tr", { onclick: () => go("events", new URLSearchParams({ place: p.name })) },
        h("td", {}, p.name), h("td", {}, p.country || ""), h("td", {}, String(p.n_articles)), h("td", {}, String(p.n_mentions)), h("td", {}, String(p.n_events))))))));
  } catch (e) { showError(e); }
}

// ------------------------------------------------------------------ entity

async function viewEntity(params) {
  main.textContent = "";
  try {
    const e = await api("/api/entity?" + params.toString());
    const box = h("div", { id: "entity-timeline" });
    // A cut list says so ("200 of 234") and the pager moves through the
    // mentions and quotes a page at a time.
    const shown = (list, total, offset) => list.length === total ? String(total)
      : `${list.length ? offset + 1 : 0}–${offset + list.length} of ${total}`;
    const more = e.n_quotes > e.offset + e.limit || e.n_mentions > e.offset + e.limit || e.n_articles > e.offset + e.limit || e.offset > 0;
    const entityPager = more ? pager({ total: Math.max(e.n_quotes, e.n_mentions, e.n_articles), limit: e.limit, offset: e.offset }, params, "entity") : null;
    main.append(h("h1", {}, e.name), kv([["spellings", e.names], ["type", e.types], ["actor codes", e.actors], ["roles", e.roles], ["affiliations", e.affiliations], ["articles", e.n_articles], ["key", e.key]]),
      h("h2", { id: "entity-articles-count" }, `Articles (${shown(e.articles, e.n_articles, e.offset)})`),
      h("div", { class: "table-wrap" }, h("table", { id: "entity-articles" },
        h("thead", {}, h("tr", {}, ["Published", "Title", "Mentions"].map((t) => h("th", {}, t)))),
        h("tbody", {}, e.articles.map((a) => h("tr", { onclick: () => go("article/" + encodeURIComponent(a.article_id)) },
          h("td", {}, a.published || ""), h("td", {}, h("a", { href: "#/article/" + encodeURIComponent(a.article_id) }, a.title || a.article_id)),
          h("td", {}, String(a.n_mentions))))))),
      h("h2", {}, "Event timeline"), box,
      h("h2", { id: "entity-quotes-count" }, `Quotes (${shown(e.quotes, e.n_quotes, e.offset)})`),
      h("ul", {}, e.quotes.map((q) => h("li", {}, "“", q.text, "” ", h("a", { href: "#/article/" + encodeURIComponent(q.article_id) }, q.title || q.article_id)))),
      h("h2", {}, `Event mentions (${shown(e.events, e.n_events, 0)})`), eventTable(e.events),
      h("h2", {}, `Mentions (${shown(e.mentions, e.n_mentions, e.offset)})`),
      h("ul", {}, e.mentions.map((m) => {
        const ctx = Array.from(m.context), at = m.context_offset, len = m.end - m.start;
        return h("li", {}, "…", ctx.slice(0, at).join(""), h("mark", {}, ctx.slice(at, at + len).join("")), ctx.slice(at + len).join(""), "… ",
          h("a", { href: "#/article/" + encodeURIComponent(m.article_id) }, m.title || m.article_id));
      })), entityPager);
    Charts.timeline(box, e.timeline);
  } catch (err) { showError(err); }
}

// ----------------------------------------------------------------- analyze

function viewAnalyze() {
  main.textContent = "";
  const text = h("textarea", { id: "paste-text", placeholder: "Paste an article: first line the title, then the text." });
  const token = h("input", { id: "paste-token", type: "password", placeholder: "write token", value: sessionStorage.getItem("token") || "" });
  const store = h("input", { id: "paste-store", type: "checkbox" });
  const result = h("div", { id: "paste-result" });
  const run = async (ev) => {
    ev.preventDefault();
    result.textContent = "Analyzing…";
    sessionStorage.setItem("token", token.value);
    try {
      const data = await api("/api/analyze?store=" + store.checked, {
        method: "POST", headers: { "Content-Type": "text/plain; charset=utf-8", Authorization: "Bearer " + token.value }, body: text.value,
      });
      result.textContent = "";
      if (data.stored) result.appendChild(h("p", { class: "muted" }, `stored: ${data.stored.inserted} new, ${data.stored.skipped} already there`));
      data.problems.forEach((p) => result.appendChild(h("p", { class: "error" }, p)));
      data.articles.forEach((a) => {
        if (data.stored) result.appendChild(h("p", {}, h("a", { href: "#/article/" + encodeURIComponent(a.id) }, "Open the stored article ›")));
        result.appendChild(renderArticle(a));
      });
    } catch (e) { result.textContent = ""; result.appendChild(h("p", { class: "error", role: "alert" }, e.message)); }
  };
  main.append(h("h1", {}, "Analyze an article"),
    h("p", { class: "muted" }, "Needs a server started with --allow-writes and its token."),
    h("form", { id: "paste-form", onsubmit: run }, text, h("p", {}, token, " ", h("label", {}, store, " store in the database"), " ", h("button", { type: "submit" }, "Analyze"))),
    result);
}

// Every table sorts by a click on its header (again: the other way): the
// rows on screen, numbers as numbers, empty cells last. A paged table sorts
// its page; the events view also sorts the whole list on the server.
function sortable(table) {
  if (table.dataset.sortable) return;
  table.dataset.sortable = "1";
  const heads = [...table.querySelectorAll("thead th")];
  heads.forEach((th, col) => {
    th.classList.add("sortable");
    th.tabIndex = 0;
    th.title = "sort by " + th.textContent;
    const run = () => {
      const dir = th.getAttribute("aria-sort") === "ascending" ? -1 : 1;
      heads.forEach((x) => x.removeAttribute("aria-sort"));
      th.setAttribute("aria-sort", dir === 1 ? "ascending" : "descending");
      const body = table.tBodies[0];
      const rows = [...body.rows];
      const cell = (r) => (r.cells[col] ? r.cells[col].textContent.trim() : "");
      const numeric = rows.every((r) => cell(r) === "" || !Number.isNaN(Number(cell(r))));
      rows.sort((x, y) => {
        const a = cell(x), b = cell(y);
        if (a === "" || b === "") return (a === "") - (b === "");
        return dir * (numeric ? Number(a) - Number(b) : a.localeCompare(b));
      });
      rows.forEach((r) => body.appendChild(r));
    };
    th.addEventListener("click", run);
    th.addEventListener("keydown", (ev) => { if (ev.key === "Enter") run(); });
  });
}

// ------------------------------------------------------------------ router

async function route() {
  await view();
  main.querySelectorAll("table").forEach(sortable);
}

async function view() {
  const { parts, params } = parseHash();
  const tab = parts[0] || "articles";
  document.querySelectorAll("nav a").forEach((a) => a.classList.toggle("active", a.dataset.tab === tab));
  panel.hidden = true;
  if (tab === "article" && parts[1]) return viewArticle(parts[1], params);
  if (tab === "events") return viewEvents(params);
  if (tab === "counts" || tab === "timeline") return viewCounts(params);
  if (tab === "network") return viewNetwork(params);
  if (tab === "quotes") return viewQuotes(params);
  if (tab === "entities") return viewEntities(params);
  if (tab === "map") return viewMap();
  if (tab === "entity") return viewEntity(params);
  if (tab === "analyze") return viewAnalyze();
  return viewArticles(params);
}

async function header() {
  try {
    const s = await api("/api/stats");
    document.getElementById("stats").textContent = `${s.counts.articles} articles · ${s.counts.events} event mentions · ${s.counts.quotes} quotes`;
  } catch (_) { /* the header is decoration; the views report their own errors */ }
}

window.addEventListener("hashchange", () => { route().finally(() => { document.body.dataset.ready = location.hash; }); });
header();
route().finally(() => { document.body.dataset.ready = location.hash || "#"; });
