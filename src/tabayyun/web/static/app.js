// tabayyun: the document page's provenance panel, hover and evidence bar. No library.
"use strict";

(function () {
  const CHAIN_KINDS = { quote: "q", citation: "c", event: "e" };

  function sameItem(mark) {
    const sel = 'mark.ev[data-kind="' + mark.dataset.kind + '"][data-id="' + CSS.escape(mark.dataset.id) + '"]';
    return document.querySelectorAll(sel);
  }

  function showProvenance(mark) {
    const target = document.getElementById("provenance");
    const prefix = CHAIN_KINDS[mark.dataset.kind];
    if (!target || !prefix) return false;
    const template = document.getElementById("chain-" + prefix + "-" + mark.dataset.id);
    if (!template) return false;
    target.replaceChildren(template.content.cloneNode(true));
    document.querySelectorAll("mark.ev.selected").forEach((m) => m.classList.remove("selected"));
    sameItem(mark).forEach((m) => m.classList.add("selected"));
    return true;
  }

  function onTextClick(event) {
    // the innermost quote, citation or event under the click
    let node = event.target;
    while (node && node.id !== "doc-text") {
      if (node.matches && node.matches("mark.ev") && CHAIN_KINDS[node.dataset.kind]) {
        if (showProvenance(node)) {
          if (window.matchMedia("(max-width: 900px)").matches) {
            document.getElementById("provenance").scrollIntoView({ block: "nearest" });
          }
          return;
        }
      }
      node = node.parentElement;
    }
  }

  function hover(on) {
    return function (event) {
      const mark = event.target.closest && event.target.closest("mark.ev");
      if (!mark) return;
      sameItem(mark).forEach((m) => m.classList.toggle("same", on));
    };
  }

  function flash(id) {
    const el = document.getElementById(id);
    if (!el) return;
    el.scrollIntoView({ block: "center", behavior: "smooth" });
    el.classList.add("flash");
    window.setTimeout(() => el.classList.remove("flash"), 1200);
  }

  function fromHash() {
    const id = decodeURIComponent(window.location.hash.slice(1));
    if (!id) return;
    const mark = document.getElementById(id);
    if (mark && mark.matches("mark.ev")) showProvenance(mark);
  }

  function init() {
    const text = document.getElementById("doc-text");
    if (!text) return;
    text.addEventListener("click", onTextClick);
    text.addEventListener("mouseover", hover(true));
    text.addEventListener("mouseout", hover(false));
    const bar = document.getElementById("evidence-bar");
    if (bar) {
      bar.querySelectorAll(".bar-seg").forEach((seg) => {
        seg.style.flexGrow = String(Math.max(1, Number(seg.dataset.len) || 1));
        seg.addEventListener("click", () => flash(seg.dataset.target));
      });
    }
    document.querySelectorAll("a.jump").forEach((link) => {
      link.addEventListener("click", () => {
        const mark = document.getElementById(link.dataset.target);
        if (mark) showProvenance(mark);
      });
    });
    window.addEventListener("hashchange", fromHash);
    fromHash();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
