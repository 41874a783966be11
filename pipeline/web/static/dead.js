// Dead letters by reason, and the most recent ones (optionally of one reason: ?reason=).
"use strict";

(() => {
  const { el, clear, when, connect, getJson } = NW;
  const reason = new URLSearchParams(location.search).get("reason") || "";

  function render(data) {
    const reasons = document.querySelector("#reasons tbody");
    clear(reasons);
    for (const r of data.by_reason) {
      reasons.append(el("tr", { cls: r.reason === reason ? "active" : "" }, [
        el("td", { text: r.stage }),
        el("td", {}, [el("a", { href: "/dead-letters?reason=" + encodeURIComponent(r.reason), text: r.reason })]),
        el("td", { cls: "num", text: r.count }),
      ]));
    }
    if (!data.by_reason.length) reasons.append(el("tr", {}, [el("td", { cls: "muted", span: 3, text: "no dead letters" })]));
    document.getElementById("recent-title").textContent = reason ? `Most recent: ${reason}` : "Most recent";
    const letters = document.querySelector("#letters tbody");
    clear(letters);
    for (const d of data.letters) {
      const article = d.article_id ? el("a", { href: "/articles/" + encodeURIComponent(d.article_id), text: d.article_id }) : el("span", { text: "-" });
      letters.append(el("tr", {}, [
        el("td", { text: when(d.failed_at) }),
        el("td", { text: d.stage }),
        el("td", { text: d.reason }),
        el("td", {}, [article]),
        el("td", { cls: "message", text: d.message }),
        el("td", { cls: "muted", text: d.source }),
      ]));
    }
    if (!data.letters.length) letters.append(el("tr", {}, [el("td", { cls: "muted", span: 6, text: "none" })]));
    document.body.dataset.loaded = "1";
  }

  const refresh = () => getJson("/api/dead-letters" + (reason ? "?reason=" + encodeURIComponent(reason) : "")).then(render);
  connect("", { dead_letter: () => refresh() });
  refresh().catch((err) => { document.getElementById("recent-title").textContent = "cannot load: " + err.message; });
})();
