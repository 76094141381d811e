// newsgraph serve: the drawings (counts over time, an entity's timeline,
// dyad network, place map) as plain SVG built with DOM calls. No library: each drawing is small,
// and text from the database only ever goes into text nodes and <title>s,
// never into markup.
"use strict";

(function () {
  const NS = "http://www.w3.org/2000/svg";

  function s(tag, attrs, parent) {
    const el = document.createElementNS(NS, tag);
    for (const [k, v] of Object.entries(attrs || {})) el.setAttribute(k, v);
    if (parent) parent.appendChild(el);
    return el;
  }

  function title(el, text) {
    s("title", {}, el).textContent = text;
  }

  const DAY = 86400000;
  const dayNum = (d) => Math.round(Date.parse(d + "T00:00:00Z") / DAY);
  const dayStr = (n) => new Date(n * DAY).toISOString().slice(0, 10);

  // Events per day: cooperative bars rise from the middle line, conflictual
  // bars hang below it, so the balance of a period is visible at a glance.
  function timeline(container, days) {
    container.textContent = "";
    const W = 900, H = 260, L = 40, R = 10, T = 14, B = 30;
    const svg = s("svg", { class: "chart timeline", viewBox: `0 0 ${W} ${H}`, role: "img" }, container);
    if (!days.length) {
      s("text", { x: W / 2, y: H / 2, "text-anchor": "middle", class: "axis" }, svg).textContent = "no dated events";
      return svg;
    }
    const first = dayNum(days[0].date), last = dayNum(days[days.length - 1].date);
    const span = Math.max(1, last - first + 1);
    const max = Math.max(1, ...days.map((d) => Math.max(d.cooperative, d.conflictual)));
    const mid = T + (H - T - B) / 2, half = (H - T - B) / 2;
    const bw = Math.max(1, (W - L - R) / span - 1);
    const x = (n) => L + ((n - first) / span) * (W - L - R);
    s("line", { x1: L, x2: W - R, y1: mid, y2: mid, stroke: "#999", "stroke-width": 0.5 }, svg);
    for (const d of days) {
      const n = dayNum(d.date);
      const hc = (d.cooperative / max) * half, hf = (d.conflictual / max) * half;
      const g = s("g", { class: "day", "data-date": d.date }, svg);
      title(g, `${d.date}: ${d.cooperative} cooperative, ${d.conflictual} conflictual`);
      if (hc > 0) s("rect", { class: "bar-coop", x: x(n), y: mid - hc, width: bw, height: hc }, g);
      if (hf > 0) s("rect", { class: "bar-conf", x: x(n), y: mid, width: bw, height: hf }, g);
    }
    const ax = (tx, ty, text, anchor) =>
      (s("text", { x: tx, y: ty, class: "axis", "text-anchor": anchor || "start" }, svg).textContent = text);
    ax(L - 4, T + 8, String(max), "end");
    ax(L - 4, H - B, String(max), "end");
    ax(L - 4, mid - 4, "coop", "end");
    ax(L - 4, mid + 12, "conf", "end");
    const ticks = Math.min(6, span);
    for (let i = 0; i <= ticks; i++) {
      const n = first + Math.round(((span - 1) * i) / Math.max(1, ticks));
      ax(x(n), H - 8, dayStr(n), i === 0 ? "start" : i === ticks ? "end" : "middle");
    }
    return svg;
  }

  const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

  // The period starts from `first` to `last` (YYYY-MM-DD) stepping by
  // `per`, so empty periods keep their place on the axis.
  function periodSeq(first, last, per) {
    const out = [];
    const d = new Date(first + "T00:00:00Z"), end = Date.parse(last + "T00:00:00Z");
    for (let i = 0; d.getTime() <= end && i < 5000; i++) {
      out.push(d.toISOString().slice(0, 10));
      if (per === "month") d.setUTCMonth(d.getUTCMonth() + 1);
      else d.setUTCDate(d.getUTCDate() + (per === "week" ? 7 : 1));
    }
    return out;
  }

  // Events per period (day, week or month): cooperative bars rise from the
  // middle line, conflictual bars hang below it. Each period is one
  // clickable column (a full-height target, so a short bar is easy to
  // hit); at most ~8 axis labels, each naming its period in full
  // ("3 Jan 2005", "Jan 2005") so none overlap and none is ambiguous.
  function bars(container, periods, per, onClick) {
    container.textContent = "";
    const W = 900, H = 280, L = 44, R = 12, T = 14, B = 34;
    const svg = s("svg", { class: "chart counts", viewBox: `0 0 ${W} ${H}`, role: "img" }, container);
    if (!periods.length) {
      s("text", { x: W / 2, y: H / 2, "text-anchor": "middle", class: "axis" }, svg).textContent = "no dated events";
      return svg;
    }
    const byStart = new Map(periods.map((p) => [p.period, p]));
    const sorted = [...byStart.keys()].sort();
    const seq = periodSeq(sorted[0], sorted[sorted.length - 1], per);
    const n = seq.length, slot = (W - L - R) / n, bw = Math.max(1, slot * 0.8);
    const max = Math.max(1, ...periods.map((p) => Math.max(p.cooperative, p.conflictual)));
    const mid = T + (H - T - B) / 2, half = (H - T - B) / 2;
    const ax = (tx, ty, text, anchor) =>
      (s("text", { x: tx, y: ty, class: "axis", "text-anchor": anchor || "start" }, svg).textContent = text);
    for (const f of [-1, -0.5, 0.5, 1]) {
      s("line", { x1: L, x2: W - R, y1: mid - f * half, y2: mid - f * half, class: "grid" }, svg);
    }
    s("line", { x1: L, x2: W - R, y1: mid, y2: mid, stroke: "#999", "stroke-width": 0.5 }, svg);
    ax(L - 4, T + 4, String(max), "end");
    ax(L - 4, mid - half / 2 + 4, String(Math.round(max / 2)), "end");
    ax(L - 4, mid + 4, "0", "end");
    ax(L - 4, mid + half / 2 + 4, String(Math.round(max / 2)), "end");
    ax(L - 4, H - B + 4, String(max), "end");
    // Inside the plot, at the right, clear of the period labels below it.
    ax(W - R - 2, T + 10, "cooperative ↑", "end");
    ax(W - R - 2, H - B - 4, "conflictual ↓", "end");
    seq.forEach((start, i) => {
      const p = byStart.get(start);
      if (!p) return;
      const x = L + i * slot + (slot - bw) / 2;
      const g = s("g", { class: "bar", "data-period": start, tabindex: 0 }, svg);
      title(g, `${label(start, per, true)}: ${p.cooperative} cooperative, ${p.conflictual} conflictual events — click for them`);
      s("rect", { class: "hit", x: L + i * slot, y: T, width: slot, height: H - T - B }, g);
      const hc = (p.cooperative / max) * half, hf = (p.conflictual / max) * half;
      if (hc > 0) s("rect", { class: "bar-coop", x, y: mid - hc, width: bw, height: hc }, g);
      if (hf > 0) s("rect", { class: "bar-conf", x, y: mid, width: bw, height: hf }, g);
      g.addEventListener("click", () => onClick(p));
      g.addEventListener("keydown", (ev) => { if (ev.key === "Enter") onClick(p); });
    });
    const step = Math.max(1, Math.ceil(n / 8));
    let lastYear = "";
    for (let i = 0; i < n; i += step) {
      const year = seq[i].slice(0, 4);
      const tx = L + i * slot + slot / 2;
      s("line", { x1: tx, x2: tx, y1: H - B, y2: H - B + 4, stroke: "#999" }, svg);
      ax(tx, H - B + 16, label(seq[i], per, year !== lastYear), "middle");
      lastYear = year;
    }
    return svg;
  }

  // "3 Jan" (with the year when asked), "Jan 2005" for a month.
  function label(start, per, withYear) {
    const [y, m, d] = start.split("-");
    const month = MONTHS[Number(m) - 1];
    if (per === "month") return `${month} ${y}`;
    return `${Number(d)} ${month}${withYear ? " " + y : ""}`;
  }

  // A force-directed layout run to rest before drawing (a few hundred
  // iterations of repulsion, springs and gravity), so the drawing is static
  // and the browser test sees a finished picture. Then the reader can zoom
  // (wheel or the buttons), pan (drag the background) and drag a node; a
  // drag is not a click. `on.minEvents` hides dyads with fewer events (and
  // actors left with none). Labels are cut to fit and set on the side of
  // the node that has room.
  function network(container, data, on) {
    container.textContent = "";
    const W = 900, H = 560;
    const min = Math.max(1, on.minEvents || 1);
    const kept = data.edges.filter((e) => e.n_events >= min);
    const linked = new Set(kept.flatMap((e) => [e.source, e.target]));
    const shown = min > 1 ? data.nodes.filter((n) => linked.has(n.id)) : data.nodes;
    const svg = s("svg", { class: "chart network", viewBox: `0 0 ${W} ${H}`, role: "img" }, container);
    const nodes = shown.map((n, i) => ({
      ...n,
      x: W / 2 + Math.cos((2 * Math.PI * i) / shown.length) * 200,
      y: H / 2 + Math.sin((2 * Math.PI * i) / shown.length) * 200,
      vx: 0, vy: 0,
    }));
    if (!nodes.length) {
      s("text", { x: W / 2, y: H / 2, "text-anchor": "middle", class: "axis" }, svg).textContent =
        data.nodes.length ? `no dyad with ${min} or more events` : "no dyads";
      return svg;
    }
    const byId = new Map(nodes.map((n) => [n.id, n]));
    const edges = kept.filter((e) => byId.has(e.source) && byId.has(e.target));
    const k = Math.sqrt((W * H) / nodes.length) * 0.5;
    for (let it = 0; it < 300; it++) {
      const t = 1 - it / 300;
      for (const a of nodes) { a.fx = (W / 2 - a.x) * 0.01; a.fy = (H / 2 - a.y) * 0.01; }
      for (let i = 0; i < nodes.length; i++) {
        for (let j = i + 1; j < nodes.length; j++) {
          const a = nodes[i], b = nodes[j];
          let dx = a.x - b.x, dy = a.y - b.y;
          const d2 = Math.max(1, dx * dx + dy * dy), f = (k * k) / d2;
          a.fx += dx * f * 0.05; a.fy += dy * f * 0.05; b.fx -= dx * f * 0.05; b.fy -= dy * f * 0.05;
        }
      }
      for (const e of edges) {
        if (e.source === e.target) continue;
        const a = byId.get(e.source), b = byId.get(e.target);
        const dx = b.x - a.x, dy = b.y - a.y, d = Math.max(1, Math.hypot(dx, dy));
        const f = (d - k) * 0.02;
        a.fx += (dx / d) * f; a.fy += (dy / d) * f; b.fx -= (dx / d) * f; b.fy -= (dy / d) * f;
      }
      for (const a of nodes) {
        a.x = Math.min(W - 30, Math.max(30, a.x + Math.max(-20, Math.min(20, a.fx)) * t * 5));
        a.y = Math.min(H - 20, Math.max(20, a.y + Math.max(-20, Math.min(20, a.fy)) * t * 5));
      }
    }
    const maxN = Math.max(1, ...edges.map((e) => e.n_events));
    const defs = s("defs", {}, svg);
    // User-space units keep arrowheads one size whatever the edge's width.
    const marker = s("marker", { id: "arrow", viewBox: "0 0 10 10", refX: 22, refY: 5, markerWidth: 7, markerHeight: 7, markerUnits: "userSpaceOnUse", orient: "auto" }, defs);
    s("path", { d: "M0,0 L10,5 L0,10 z", fill: "#888" }, marker);
    // The background takes pans; everything drawn sits in one zoomed group.
    const bg = s("rect", { class: "net-bg", x: 0, y: 0, width: W, height: H, fill: "transparent" }, svg);
    const view = s("g", { class: "viewport" }, svg);
    let zoom = { k: 1, x: 0, y: 0 };
    const applyZoom = () => view.setAttribute("transform", `translate(${zoom.x},${zoom.y}) scale(${zoom.k})`);
    // From screen pixels to the drawing's units (the viewBox scales it).
    const toUnits = (ev) => {
      const r = svg.getBoundingClientRect();
      return { x: ((ev.clientX - r.left) / r.width) * W, y: ((ev.clientY - r.top) / r.height) * H };
    };
    const zoomAt = (factor, cx, cy) => {
      const k2 = Math.min(8, Math.max(0.25, zoom.k * factor));
      zoom = { k: k2, x: cx - ((cx - zoom.x) * k2) / zoom.k, y: cy - ((cy - zoom.y) * k2) / zoom.k };
      applyZoom();
    };
    svg.addEventListener("wheel", (ev) => { ev.preventDefault(); const p = toUnits(ev); zoomAt(ev.deltaY < 0 ? 1.2 : 1 / 1.2, p.x, p.y); }, { passive: false });
    bg.addEventListener("pointerdown", (ev) => {
      const start = toUnits(ev), from = { ...zoom };
      const move = (e2) => { const p = toUnits(e2); zoom = { ...from, x: from.x + p.x - start.x, y: from.y + p.y - start.y }; applyZoom(); };
      const up = () => { window.removeEventListener("pointermove", move); window.removeEventListener("pointerup", up); };
      window.addEventListener("pointermove", move); window.addEventListener("pointerup", up);
    });
    const lines = [];
    for (const e of edges) {
      if (e.source === e.target) continue;
      const a = byId.get(e.source), b = byId.get(e.target);
      const g = e.mean_goldstein;
      const color = g > 0.5 ? "#2e8b57" : g < -0.5 ? "#c0392b" : "#8a8f96";
      const line = s("line", {
        class: "edge", x1: a.x, y1: a.y, x2: b.x, y2: b.y, stroke: color,
        "stroke-width": 1 + (4 * e.n_events) / maxN, "marker-end": "url(#arrow)",
        "data-source": e.source, "data-target": e.target, "data-n": e.n_events,
      }, view);
      title(line, `${e.source} → ${e.target}: ${e.n_events} events, mean Goldstein ${e.mean_goldstein}`);
      line.addEventListener("click", () => on.edge(e));
      lines.push({ line, a, b });
    }
    const maxNode = Math.max(1, ...nodes.map((n) => n.n_events));
    for (const n of nodes) {
      const g = s("g", { class: "node", transform: `translate(${n.x},${n.y})`, "data-id": n.id }, view);
      const r = 4 + 10 * Math.sqrt(n.n_events / maxNode);
      s("circle", { r }, g);
      // At most 22 characters ("GBRGOV (Government …"), on the side
      // facing the middle, so a label near the edge stays inside.
      const full = n.label ? `${n.id} (${n.label})` : n.id;
      const text = full.length > 22 ? full.slice(0, 21) + "…" : full;
      const left = n.x > W * 0.7;
      const label = s("text", { x: left ? -(r + 3) : r + 3, y: 4, "text-anchor": left ? "end" : "start" }, g);
      label.textContent = text;
      title(g, `${n.id}${n.label ? " — " + n.label : ""}: ${n.n_events} events`);
      let moved = false;
      g.addEventListener("pointerdown", (ev) => {
        ev.stopPropagation();
        moved = false;
        const start = toUnits(ev), from = { x: n.x, y: n.y };
        const move = (e2) => {
          const p = toUnits(e2);
          const dx = (p.x - start.x) / zoom.k, dy = (p.y - start.y) / zoom.k;
          if (Math.abs(dx) + Math.abs(dy) > 3) moved = true;
          n.x = from.x + dx; n.y = from.y + dy;
          g.setAttribute("transform", `translate(${n.x},${n.y})`);
          for (const l of lines) {
            if (l.a === n) { l.line.setAttribute("x1", n.x); l.line.setAttribute("y1", n.y); }
            if (l.b === n) { l.line.setAttribute("x2", n.x); l.line.setAttribute("y2", n.y); }
          }
        };
        const up = () => { window.removeEventListener("pointermove", move); window.removeEventListener("pointerup", up); };
        window.addEventListener("pointermove", move); window.addEventListener("pointerup", up);
      });
      g.addEventListener("click", () => { if (!moved) on.node(n); });
    }
    svg.zoomBy = (factor) => zoomAt(factor, W / 2, H / 2);
    svg.zoomReset = () => { zoom = { k: 1, x: 0, y: 0 }; applyZoom(); };
    return svg;
  }

  // Places on the embedded world outline, in the outline's equirectangular
  // projection: x = lon + 180, y = 90 - lat.
  function map(container, places, onClick) {
    container.textContent = "";
    const svg = s("svg", { class: "chart map", viewBox: "0 0 360 180", role: "img" }, container);
    s("image", { href: "/assets/world.svg", x: 0, y: 0, width: 360, height: 180 }, svg);
    const max = Math.max(1, ...places.map((p) => p.n_articles));
    for (const p of places) {
      if (p.lat == null || p.lon == null) continue;
      const c = s("circle", {
        class: "place-dot", cx: p.lon + 180, cy: 90 - p.lat, r: 0.8 + 3 * Math.sqrt(p.n_articles / max),
        "data-name": p.name,
      }, svg);
      title(c, `${p.name}${p.country ? " (" + p.country + ")" : ""}: ${p.n_articles} articles, ${p.n_events} events`);
      c.addEventListener("click", () => onClick(p));
    }
    return svg;
  }

  window.Charts = { timeline, bars, network, map };
})();
