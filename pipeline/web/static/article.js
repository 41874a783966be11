// The article view: clean text with every evidence span highlighted from its offsets.
"use strict";

(() => {
  const { el, clear, safeUrl, listUrl, tagClass, tagChip, when, connect, getJson } = NW;
  const id = decodeURIComponent(location.pathname.split("/").pop() || "");

  function markTitle(marks) {
    return marks.map((m) => `${m.topic} — rule ${m.rule}`).join("\n");
  }

  function renderText(segments) {
    const box = document.getElementById("text");
    clear(box);
    for (const s of segments) {
      if (!s.marks.length) {
        box.append(document.createTextNode(s.text));
        continue;
      }
      const topics = [...new Set(s.marks.map((m) => m.topic))];
      const mark = el("mark", {
        cls: "ev " + tagClass(topics[0]) + (topics.length > 1 ? " multi" : ""),
        text: s.text,
        title: markTitle(s.marks),
        data: { start: s.start, end: s.start + [...s.text].length, topics: topics.join(" "), rules: s.marks.map((m) => m.rule).join(" ") },
      });
      box.append(mark);
    }
  }

  function renderSide(a) {
    const evidence = document.querySelector("#evidence tbody");
    clear(evidence);
    for (const t of a.tags) {
      for (const s of t.evidence) {
        evidence.append(el("tr", {}, [
          el("td", {}, [tagChip(t.topic)]),
          el("td", { cls: "match", text: s.match }),
          el("td", { cls: "rule", text: s.rule }),
          el("td", { cls: "num", text: `${s.start}–${s.end}` }),
        ]));
      }
    }
    if (!a.tags.length) evidence.append(el("tr", {}, [el("td", { cls: "muted", span: 4, text: "no tag" })]));
    const ents = document.getElementById("entities");
    clear(ents);
    for (const e of a.entities) {
      ents.append(el("li", {}, [
        el("a", { cls: "chip entity", href: listUrl({ entity: e.id }), text: e.name }),
        el("span", { cls: "muted", text: ` ${e.kind}, ${e.mentions} mention${e.mentions === 1 ? "" : "s"}` }),
      ]));
    }
    if (!a.entities.length) ents.append(el("li", { cls: "muted", text: "none" }));
    const removed = document.getElementById("removed");
    clear(removed);
    for (const r of a.removed) {
      removed.append(el("li", {}, [el("span", { cls: "rule", text: r.rule }), el("span", { cls: "line", text: r.line })]));
    }
    if (!a.removed.length) removed.append(el("li", { cls: "muted", text: "nothing removed" }));
    const lineage = document.getElementById("lineage");
    clear(lineage);
    for (const step of a.lineage) {
      lineage.append(el("li", {}, [el("b", { text: step.stage }), el("span", { cls: "muted", text: ` ${step.version} · ${when(step.at)}` })]));
    }
  }

  function render(a) {
    document.title = "newswire · " + a.title;
    document.getElementById("title").textContent = a.title;
    const meta = document.getElementById("meta");
    clear(meta);
    meta.append(el("span", { cls: "source", text: a.source }), el("span", { cls: "time", text: when(a.published_at || a.processed_at) }));
    const href = safeUrl(a.url);
    meta.append(href ? el("a", { href, text: "original", cls: "ext" }) : el("span", { text: a.url }));
    meta.append(el("span", { cls: "muted", text: `taxonomy ${a.taxonomy_version} · story ${a.story_id}` + (a.duplicate_of ? ` · duplicate of ${a.duplicate_of}` : "") }));
    const legend = document.getElementById("legend");
    clear(legend);
    for (const t of a.tags) legend.append(tagChip(t.topic, ` ${t.score.toFixed(2)}`));
    renderText(a.segments);
    renderSide(a);
    document.body.dataset.loaded = "1";
  }

  connect("", {});
  getJson("/api/articles/" + encodeURIComponent(id))
    .then(render)
    .catch((err) => { document.getElementById("title").textContent = "Cannot show this article: " + err.message; });
})();
