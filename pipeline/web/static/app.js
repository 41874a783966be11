// newswire web: shared helpers. Every string from the server is put into the DOM as text
// (textContent, attributes via setAttribute); nothing is ever parsed as HTML.
"use strict";

const NW = (() => {
  function el(tag, props, children) {
    const node = document.createElement(tag);
    const p = props || {};
    if (p.text !== undefined && p.text !== null) node.textContent = String(p.text);
    if (p.cls) node.className = p.cls;
    if (p.href) node.setAttribute("href", p.href);
    if (p.title) node.setAttribute("title", String(p.title));
    if (p.span) node.colSpan = p.span;
    if (p.data) for (const [k, v] of Object.entries(p.data)) node.dataset[k] = String(v);
    for (const child of children || []) if (child) node.append(child);
    return node;
  }

  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
  }

  // Only http(s) links leave the page: a "javascript:" URL from a feed must never become a link.
  function safeUrl(url) {
    return /^https?:\/\//i.test(String(url || "")) ? String(url) : null;
  }

  function listUrl(params) {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) if (v) q.set(k, v);
    const s = q.toString();
    return "/" + (s ? "?" + s : "");
  }

  // A stable colour per topic, so a tag looks the same on every page.
  function tagClass(topic) {
    let h = 0;
    for (const ch of String(topic)) h = (h * 31 + ch.codePointAt(0)) >>> 0;
    return "c" + (h % 8);
  }

  function tagChip(topic, extra) {
    return el("a", { cls: "chip tag " + tagClass(topic), href: listUrl({ tag: topic }), text: topic + (extra || ""), data: { topic } });
  }

  function when(iso) {
    if (!iso) return "";
    const d = new Date(iso);
    if (Number.isNaN(d.getTime())) return "";
    return d.toISOString().replace("T", " ").slice(0, 16) + " UTC";
  }

  function rate(x) {
    if (!x) return "0/s";
    return (x >= 10 ? x.toFixed(0) : x >= 1 ? x.toFixed(1) : x.toFixed(2)) + "/s";
  }

  function renderStatus(status) {
    const strip = document.getElementById("status");
    if (!strip) return;
    clear(strip);
    const stages = status.stages || [];
    if (!stages.length) strip.append(el("span", { cls: "stage muted", text: "no stage metrics yet" }));
    for (const s of stages) {
      strip.append(
        el("span", { cls: "stage", data: { stage: s.stage }, title: `${s.stage}: records in per second over the last ${status.window_s}s, consumer lag, dead letters` }, [
          el("b", { text: s.stage }),
          el("span", { cls: "rate", text: rate(s.in_per_s) }),
          el("span", { cls: "lag" + (s.lag > 0 ? " warn" : ""), text: "lag " + Math.round(s.lag) }),
          el("a", { cls: "dead" + (s.dead_letters > 0 ? " bad" : ""), href: "/dead-letters", text: "dead " + Math.round(s.dead_letters) }),
        ])
      );
    }
    if (status.feed_polls_per_s || status.feeds_parked) {
      strip.append(el("span", { cls: "stage" }, [el("b", { text: "feeds" }), el("span", { text: rate(status.feed_polls_per_s) + " polled" }), el("span", { text: "parked " + status.feeds_parked })]));
    }
    for (const src of status.sources || []) {
      if (!src.ok) strip.append(el("span", { cls: "stage bad", title: src.error, text: "metrics unavailable: " + src.name }));
    }
  }

  function setLive(on) {
    const live = document.getElementById("live");
    if (!live) return;
    live.textContent = on ? "live" : "offline";
    live.className = "live " + (on ? "on" : "off");
  }

  // One event stream per page: "status" events for the strip, "article" events for the list.
  function connect(query, handlers) {
    const source = new EventSource("/api/events" + (query ? "?" + query : ""));
    source.onopen = () => setLive(true);
    source.onerror = () => setLive(false);
    source.addEventListener("status", (e) => renderStatus(JSON.parse(e.data)));
    for (const [name, fn] of Object.entries(handlers || {})) source.addEventListener(name, (e) => fn(JSON.parse(e.data)));
    return source;
  }

  async function getJson(url) {
    const response = await fetch(url, { headers: { Accept: "application/json" } });
    const body = await response.json();
    if (!response.ok) throw new Error(body.error || "HTTP " + response.status);
    return body;
  }

  return { el, clear, safeUrl, listUrl, tagClass, tagChip, when, rate, renderStatus, connect, getJson };
})();
