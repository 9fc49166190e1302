// The actor network: a force-directed layout of /api/network, drawn as SVG. No library.
"use strict";

(function () {
  const S = window.tabayyunSvg;
  const W = 960, H = 640;

  function layout(nodes, edges) {
    const n = nodes.length;
    const index = new Map(nodes.map((node, i) => [node.id, i]));
    // deterministic start: a spiral, heaviest actors in the middle
    const pos = nodes.map((_, i) => {
      const a = i * 2.39996, r = 30 + 14 * Math.sqrt(i) * 4;
      return { x: W / 2 + r * Math.cos(a), y: H / 2 + r * Math.sin(a) };
    });
    const links = edges.map((e) => ({ s: index.get(e.source), t: index.get(e.target), w: e.weight }))
      .filter((l) => l.s !== undefined && l.t !== undefined);
    const k = Math.sqrt((W * H) / Math.max(n, 1)) * 0.95;
    let temperature = W / 8;
    for (let step = 0; step < 320; step++) {
      const disp = pos.map(() => ({ x: 0, y: 0 }));
      for (let i = 0; i < n; i++) {
        for (let j = i + 1; j < n; j++) {
          let dx = pos[i].x - pos[j].x, dy = pos[i].y - pos[j].y;
          let d2 = dx * dx + dy * dy;
          if (d2 < 0.01) { dx = 0.1 * (i - j); dy = 0.1; d2 = dx * dx + dy * dy; }
          const d = Math.sqrt(d2), f = (k * k) / d;
          disp[i].x += (dx / d) * f; disp[i].y += (dy / d) * f;
          disp[j].x -= (dx / d) * f; disp[j].y -= (dy / d) * f;
        }
      }
      for (const l of links) {
        const dx = pos[l.s].x - pos[l.t].x, dy = pos[l.s].y - pos[l.t].y;
        const d = Math.max(Math.sqrt(dx * dx + dy * dy), 0.01);
        const f = ((d * d) / k) * Math.min(1 + 0.3 * Math.log(l.w), 2);
        disp[l.s].x -= (dx / d) * f; disp[l.s].y -= (dy / d) * f;
        disp[l.t].x += (dx / d) * f; disp[l.t].y += (dy / d) * f;
      }
      for (let i = 0; i < n; i++) {
        // a pull to the centre keeps unconnected actors on the canvas
        disp[i].x += (W / 2 - pos[i].x) * 0.012 * k;
        disp[i].y += (H / 2 - pos[i].y) * 0.018 * k;
        const d = Math.max(Math.hypot(disp[i].x, disp[i].y), 0.01);
        pos[i].x += (disp[i].x / d) * Math.min(d, temperature);
        pos[i].y += (disp[i].y / d) * Math.min(d, temperature);
        pos[i].x = Math.min(W - 40, Math.max(40, pos[i].x));
        pos[i].y = Math.min(H - 20, Math.max(20, pos[i].y));
      }
      temperature = Math.max(temperature * 0.985, 1);
    }
    return { pos, links };
  }

  function draw(svg, data) {
    svg.replaceChildren();
    const nodes = data.nodes, edges = data.edges;
    if (!nodes.length) {
      S.el("text", { class: "loading", x: W / 2, y: H / 2 }, svg).textContent = "No actor links in this range.";
      return;
    }
    const { pos, links } = layout(nodes, edges);
    const maxEdge = Math.max(1, ...edges.map((e) => e.weight));
    const maxNode = Math.max(1, ...nodes.map((node) => node.weight));
    const edgeLayer = S.el("g", { class: "edges" }, svg);
    links.forEach((l, i) => {
      const e = edges[i];
      const line = S.el("line", {
        class: "edge" + (e.events ? " has-events" : ""),
        x1: pos[l.s].x.toFixed(1), y1: pos[l.s].y.toFixed(1), x2: pos[l.t].x.toFixed(1), y2: pos[l.t].y.toFixed(1),
        "stroke-width": (0.8 + 5 * (e.weight / maxEdge)).toFixed(2),
        "data-source": e.source, "data-target": e.target, "data-weight": e.weight,
      }, edgeLayer);
      S.title(line, nodes[l.s].name + " — " + nodes[l.t].name + ": " + e.comentions + " shared sentence(s), " +
        e.events + " event(s)");
    });
    const nodeLayer = S.el("g", { class: "nodes" }, svg);
    nodes.forEach((node, i) => {
      const a = S.link(nodeLayer, node.href);
      const r = 4 + 12 * Math.sqrt(node.weight / maxNode);
      const circle = S.el("circle", {
        class: "node type-" + (node.type || "unknown"), cx: pos[i].x.toFixed(1), cy: pos[i].y.toFixed(1),
        r: r.toFixed(1), "data-id": node.id,
      }, a);
      S.title(circle, node.name + " (" + (node.type || "actor") + ")");
      const right = pos[i].x > W * 0.72; // labels near the right edge go to the left of the dot
      S.el("text", {
        class: "node-label", x: (pos[i].x + (right ? -(r + 2) : r + 2)).toFixed(1), y: (pos[i].y + 4).toFixed(1),
        "text-anchor": right ? "end" : "start",
      }, a).textContent = node.name;
    });
  }

  async function init() {
    const svg = document.getElementById("network");
    if (!svg) return;
    try {
      const data = await S.json(svg.dataset.src);
      draw(svg, data);
      S.status("network-status", data.nodes.length + " actors, " + data.edges.length + " links" +
        (data.sampled ? " (from a sample of the range: narrow the dates for all of it)" : "") + ".");
    } catch (err) {
      S.status("network-status", "Could not load the network: " + err.message);
    }
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
