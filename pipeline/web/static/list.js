// The live list: newest first, filtered by ?tag= and ?entity= from the URL, updated by events.
"use strict";

(() => {
  const { el, clear, listUrl, tagChip, when, connect, getJson } = NW;
  const params = new URLSearchParams(location.search);
  const filter = { tag: params.get("tag") || "", entity: params.get("entity") || "" };
  const list = document.getElementById("articles");
  const rows = new Map(); // article id -> {item, node}

  function row(a) {
    const link = el("a", { cls: "headline", href: "/articles/" + encodeURIComponent(a.id), text: a.title });
    const meta = el("div", { cls: "meta" }, [
      el("span", { cls: "source", text: a.source }),
      el("span", { cls: "time", title: "published", text: when(a.published_at || a.processed_at) }),
      el("span", { cls: "received", title: "when newswire published it", text: "received " + when(a.processed_at).slice(11) }),
    ]);
    const tags = el("div", { cls: "chips" }, a.tags.map((t) => tagChip(t.topic)));
    if (!a.tags.length) tags.append(el("span", { cls: "chip muted", text: "no tag" }));
    const ents = el("div", { cls: "chips small" }, a.entities.map((e) => el("a", { cls: "chip entity", href: listUrl({ entity: e.id }), text: e.name })));
    return el("li", { cls: "article", data: { id: a.id } }, [link, meta, tags, ents]);
  }

  function place(a) {
    const old = rows.get(a.id);
    if (old) old.node.remove();
    const node = row(a);
    rows.set(a.id, { item: a, node });
    // Newest first by the time newswire published it.
    let before = null;
    for (const child of list.children) {
      const other = rows.get(child.dataset.id);
      if (other && other.item.processed_at < a.processed_at) { before = child; break; }
    }
    list.insertBefore(node, before);
    if (old === undefined) node.classList.add("fresh");
  }

  function facets(data) {
    const tags = document.getElementById("tags");
    clear(tags);
    for (const [topic, count] of Object.entries(data.tag_counts)) {
      const chip = tagChip(topic, " " + count);
      if (topic === filter.tag) chip.classList.add("active");
      tags.append(chip);
    }
    if (!Object.keys(data.tag_counts).length) tags.append(el("span", { cls: "muted", text: "none yet" }));
    const ents = document.getElementById("entities");
    clear(ents);
    for (const e of data.entities) {
      const chip = el("a", { cls: "chip entity", href: listUrl({ entity: e.id }), text: e.name + " " + e.count, data: { entity: e.id } });
      if (e.id === filter.entity) chip.classList.add("active");
      ents.append(chip);
    }
    summary(data.total);
  }

  function summary(total) {
    const shown = rows.size;
    document.getElementById("summary").textContent =
      `${shown} article${shown === 1 ? "" : "s"} shown` + (filter.tag || filter.entity ? ` of ${total}` : "") + ", newest first";
  }

  function showFilter() {
    const box = document.getElementById("filter");
    clear(box);
    if (!filter.tag && !filter.entity) return;
    box.append(el("span", { text: "Filter: " }));
    if (filter.tag) box.append(el("span", { cls: "chip active", text: "tag " + filter.tag }));
    if (filter.entity) box.append(el("span", { cls: "chip active", text: "entity " + filter.entity }));
    box.append(el("a", { cls: "clear", href: "/", text: "clear" }));
  }

  async function load() {
    showFilter();
    const query = new URLSearchParams();
    if (filter.tag) query.set("tag", filter.tag);
    if (filter.entity) query.set("entity", filter.entity);
    // Subscribe before loading, so nothing published in between is missed (place() dedupes by id).
    connect(query.toString(), {
      article: (msg) => { place(msg.article); facets(msg); },
    });
    const data = await getJson("/api/articles?" + query.toString());
    for (const a of data.articles.slice().reverse()) if (!rows.has(a.id)) place(a);
    for (const node of list.children) node.classList.remove("fresh");
    facets(data);
    document.body.dataset.loaded = "1";
  }

  load().catch((err) => { document.getElementById("summary").textContent = "cannot load: " + err.message; });
})();
