// The map: country outlines from /api/outlines and points from /api/map, in an equirectangular
// projection fitted to the points. Drawn as SVG; no library, no tiles, nothing from the network.
"use strict";

(function () {
  const S = window.tabayyunSvg;
  const W = 960, H = 480;

  function fit(points, dense) {
    let west = -180, east = 180, south = -60, north = 85;
    if (dense && points.length > 5) {
      // frame where most of the points are: drop the fifth farthest from the median point
      const median = (values) => values.slice().sort((a, b) => a - b)[Math.floor(values.length / 2)];
      const mLon = median(points.map((p) => p.lon)), mLat = median(points.map((p) => p.lat));
      const far = (p) => Math.hypot(p.lon - mLon, p.lat - mLat);
      points = points.slice().sort((a, b) => far(a) - far(b)).slice(0, Math.ceil(points.length * 0.8));
    }
    if (points.length) {
      west = Math.min(...points.map((p) => p.lon)); east = Math.max(...points.map((p) => p.lon));
      south = Math.min(...points.map((p) => p.lat)); north = Math.max(...points.map((p) => p.lat));
      const padLon = Math.max(4, (east - west) * 0.15), padLat = Math.max(3, (north - south) * 0.15);
      west -= padLon; east += padLon; south -= padLat; north += padLat;
    }
    // keep the 2:1 frame: widen whichever side is short
    let spanLon = east - west, spanLat = north - south;
    if (spanLon < spanLat * 2) { const extra = (spanLat * 2 - spanLon) / 2; west -= extra; east += extra; spanLon = east - west; }
    else { const extra = (spanLon / 2 - spanLat) / 2; south -= extra; north += extra; spanLat = north - south; }
    const scale = W / spanLon;
    return { x: (lon) => (lon - west) * scale, y: (lat) => (north - lat) * scale };
  }

  function ringPath(ring, proj) {
    // a ring crossing the antimeridian is unwrapped (longitudes kept continuous past ±180)
    let d = "", prevLon = null, shift = 0;
    for (const [rawLon, lat] of ring) {
      if (prevLon !== null && rawLon + shift - prevLon > 180) shift -= 360;
      else if (prevLon !== null && rawLon + shift - prevLon < -180) shift += 360;
      const lon = rawLon + shift;
      d += (d === "" ? "M" : "L") + proj.x(lon).toFixed(1) + "," + proj.y(lat).toFixed(1);
      prevLon = lon;
    }
    return d + "Z";
  }

  function draw(svg, outlines, data, dense) {
    svg.replaceChildren();
    // every point in the frame; "dense" frames the towns, bases and events where most of them are
    const precise = data.places.filter((p) => p.precision === "point").concat(data.events);
    const proj = dense && precise.length ? fit(precise, true) : fit(data.places.concat(data.events), false);
    S.el("rect", { class: "sea", x: 0, y: 0, width: W, height: H }, svg);
    const land = S.el("g", { class: "countries" }, svg);
    for (const country of outlines.countries) {
      const d = country.polygons.map((polygon) => polygon.map((ring) => ringPath(ring, proj)).join("")).join("");
      const path = S.el("path", { class: "country", d: d, "data-name": country.name || "" }, land);
      S.title(path, country.name || "");
    }
    const maxMentions = Math.max(1, ...data.places.map((p) => p.mentions));
    const layer = S.el("g", { class: "points" }, svg);
    data.places.forEach((p, i) => {
      const a = S.link(layer, p.href);
      const r = 3 + 9 * Math.sqrt(p.mentions / maxMentions);
      const circle = S.el("circle", { class: "point place precision-" + p.precision, cx: proj.x(p.lon).toFixed(1),
        cy: proj.y(p.lat).toFixed(1), r: r.toFixed(1), "data-name": p.name }, a);
      S.title(circle, p.name + (p.country ? ", " + p.country : "") + ": " + p.mentions + " mention(s) in " +
        p.documents + " document(s)" + (p.precision !== "point" ? " (" + p.precision + " centroid)" : ""));
      if (i < 12) {
        S.el("text", { class: "point-label", x: (proj.x(p.lon) + r + 2).toFixed(1), y: (proj.y(p.lat) + 4).toFixed(1) }, layer)
          .textContent = p.name;
      }
    });
    data.events.forEach((e, i) => {
      const a = S.link(layer, e.href);
      const jitter = ((i % 7) - 3) * 0.9; // events at one place do not hide each other entirely
      const circle = S.el("circle", { class: "point event" + (e.happened ? "" : " not-happened"),
        cx: (proj.x(e.lon) + jitter).toFixed(1), cy: (proj.y(e.lat) - jitter).toFixed(1), r: 3.2, "data-id": e.id }, a);
      S.title(circle, e.date + " " + e.type + " — " + (e.place || "") + " (" + e.status + ", " +
        e.independent_sources + " independent source(s))");
    });
  }

  async function init() {
    const svg = document.getElementById("map");
    if (!svg) return;
    let dense = false;
    try {
      const [outlines, data] = await Promise.all([S.json(svg.dataset.outlines), S.json(svg.dataset.src)]);
      draw(svg, outlines, data, dense);
      S.status("map-status", data.places.length + " places, " + data.events.length + " located events.");
      const button = document.getElementById("map-world");
      if (button) {
        button.addEventListener("click", () => {
          dense = !dense;
          button.textContent = dense ? "Show every point" : "Zoom to where most points are";
          draw(svg, outlines, data, dense);
        });
      }
    } catch (err) {
      S.status("map-status", "Could not load the map: " + err.message);
    }
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
