// Small helpers shared by the network and map drawings.
"use strict";

window.tabayyunSvg = {
  NS: "http://www.w3.org/2000/svg",
  el(name, attrs, parent) {
    const node = document.createElementNS(this.NS, name);
    for (const [key, value] of Object.entries(attrs || {})) node.setAttribute(key, String(value));
    if (parent) parent.appendChild(node);
    return node;
  },
  title(node, text) {
    const t = document.createElementNS(this.NS, "title");
    t.textContent = text; // text, never markup
    node.appendChild(t);
  },
  link(parent, href) {
    // only our own relative links
    const a = this.el("a", {}, parent);
    if (typeof href === "string" && href.startsWith("/")) a.setAttribute("href", href);
    return a;
  },
  async json(url) {
    const response = await fetch(url, { headers: { Accept: "application/json" } });
    if (!response.ok) throw new Error(url + ": HTTP " + response.status);
    return response.json();
  },
  status(id, text) {
    const node = document.getElementById(id);
    if (node) node.textContent = text;
  },
};
