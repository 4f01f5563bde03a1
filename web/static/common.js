/* Shared by the chat (index.html) and the operator console (console.html): API calls, highlighting,
   interface-language switching and the plain-text case note. Plain ES2020, no build step.
   Never log questions or answers to the console: they can hold personal details. */
"use strict";

const Eldercare = (() => {
  const UI_LANGS = ["zh-Hans", "zh-Hant", "en"];

  /** Thrown for a non-2xx reply; `status` is the HTTP code, `message` the server's `error` text. */
  class ApiError extends Error {
    constructor(status, message) {
      super(message);
      this.name = "ApiError";
      this.status = status;
    }
  }

  /** fetch JSON with a time limit; the caller may pass its own AbortSignal (to cancel stale requests). */
  async function fetchJSON(url, { method = "GET", body, signal, timeoutMs = 60000 } = {}) {
    const controller = new AbortController();
    const onAbort = () => controller.abort();
    if (signal) {
      if (signal.aborted) controller.abort();
      else signal.addEventListener("abort", onAbort, { once: true });
    }
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    try {
      const response = await fetch(url, {
        method,
        headers: body === undefined ? { Accept: "application/json" } : { "Content-Type": "application/json", Accept: "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: controller.signal,
      });
      let payload = null;
      try {
        payload = await response.json();
      } catch (_) {
        payload = null;
      }
      if (!response.ok) {
        const message = payload && typeof payload.error === "string" ? payload.error : response.statusText;
        throw new ApiError(response.status, message || `HTTP ${response.status}`);
      }
      return payload;
    } finally {
      clearTimeout(timer);
      if (signal) signal.removeEventListener("abort", onAbort);
    }
  }

  /** Merge, sort and clip [start, end) ranges to [0, length). */
  function normaliseRanges(ranges, length) {
    const clipped = (ranges || [])
      .filter((r) => Array.isArray(r) && r.length >= 2 && Number.isFinite(r[0]) && Number.isFinite(r[1]))
      .map(([s, e]) => [Math.max(0, s), Math.min(length, e)])
      .filter(([s, e]) => e > s)
      .sort((a, b) => a[0] - b[0]);
    const merged = [];
    for (const range of clipped) {
      const last = merged[merged.length - 1];
      if (last && range[0] <= last[1]) last[1] = Math.max(last[1], range[1]);
      else merged.push([range[0], range[1]]);
    }
    return merged;
  }

  /** Append `text` to `parent`; with `compact`, each run of line breaks becomes one <br>. */
  function appendText(parent, text, compact) {
    if (!compact) {
      parent.append(text);
      return;
    }
    const lines = text.split(/\s*\n[\s\n]*/);
    lines.forEach((line, i) => {
      if (i > 0) parent.append(document.createElement("br"));
      if (line) parent.append(line);
    });
  }

  /** A fragment of `text` with <mark> around `ranges` (offsets relative to `base`). `compact` folds
      blank lines (for dense lists) without disturbing the offsets. */
  function highlighted(text, ranges, base = 0, markClass = "hl", compact = false) {
    const fragment = document.createDocumentFragment();
    const shifted = (ranges || []).map((r) => [r[0] - base, r[1] - base]);
    let at = 0;
    for (const [s, e] of normaliseRanges(shifted, text.length)) {
      if (s > at) appendText(fragment, text.slice(at, s), compact);
      const mark = document.createElement("mark");
      mark.className = markClass;
      appendText(mark, text.slice(s, e), compact);
      fragment.append(mark);
      at = e;
    }
    if (at < text.length) appendText(fragment, text.slice(at), compact);
    return fragment;
  }

  const CJK = /[\u3400-\u9fff\uf900-\ufaff]/;

  /** Fallback when a search result carries no `highlights`: where the query's words occur in `text`. */
  function termRanges(text, query) {
    const lower = text.toLowerCase();
    const ranges = [];
    const terms = new Set();
    for (const token of query.toLowerCase().split(/[\s,，。.;；:：?？!！、"“”'‘’()（）]+/)) {
      if (!token) continue;
      if (CJK.test(token)) {
        if (token.length <= 2) terms.add(token);
        for (let i = 0; i + 2 <= token.length; i += 1) terms.add(token.slice(i, i + 2));
      } else if (token.length >= 2) {
        terms.add(token);
      }
    }
    for (const term of terms) {
      let from = 0;
      for (;;) {
        const i = lower.indexOf(term, from);
        if (i < 0) break;
        ranges.push([i, i + term.length]);
        from = i + term.length;
      }
    }
    return ranges;
  }

  function oneLine(text) {
    return String(text || "").replace(/\s+/g, " ").trim();
  }

  /** The answer as a case note: answer text, blank line, "[n] title (date) source: quote" lines, and the
      eligibility findings as a checklist when there are any. */
  function caseNote(answer) {
    const lines = [String(answer.answer || "").trim()];
    const citations = answer.citations || [];
    if (citations.length) {
      lines.push("");
      for (const c of citations) {
        let head = `[${c.n}] ${oneLine(c.title)}`;
        if (c.published) head += ` (${c.published})`;
        if (c.source) head += ` ${oneLine(c.source)}`;
        lines.push(`${head}: ${oneLine(c.quote)}`);
      }
    }
    const findings = answer.eligibility || [];
    if (findings.length) {
      lines.push("");
      for (const f of findings) {
        const mark = f.status === "met" ? "✓" : f.status === "not met" ? "✗" : "?";
        let line = `${mark} ${f.status}: ${oneLine(f.required)}`;
        if (f.profile_value) line += ` (caller: ${oneLine(f.profile_value)})`;
        if (f.citation) line += ` [${f.citation}]`;
        lines.push(line);
      }
    }
    return lines.join("\n");
  }

  /** Copy text to the clipboard: the async API where allowed, else a hidden textarea + execCommand. */
  async function copyText(text, buffer) {
    if (buffer) buffer.value = text;
    try {
      if (navigator.clipboard && window.isSecureContext) {
        await navigator.clipboard.writeText(text);
        return true;
      }
    } catch (_) {
      /* fall through to the textarea */
    }
    const area = buffer || document.createElement("textarea");
    const active = document.activeElement;
    if (!buffer) {
      area.value = text;
      area.setAttribute("readonly", "");
      area.style.position = "fixed";
      area.style.left = "-9999px";
      document.body.append(area);
    }
    area.select();
    let ok = false;
    try {
      ok = document.execCommand("copy");
    } catch (_) {
      ok = false;
    }
    if (!buffer) area.remove();
    if (active && typeof active.focus === "function") active.focus();
    return ok;
  }

  /** The interface language: saved choice, else the browser's, else English. */
  /** The interface language the user picked and the page remembered, or null. */
  function savedUiLang(storageKey) {
    let saved = null;
    try {
      saved = localStorage.getItem(storageKey);
    } catch (_) {
      saved = null;
    }
    return UI_LANGS.includes(saved) ? saved : null;
  }

  function initialUiLang(storageKey) {
    const saved = savedUiLang(storageKey);
    if (saved) return saved;
    for (const tag of navigator.languages || [navigator.language || ""]) {
      const t = String(tag).toLowerCase();
      if (/^zh-(hant|tw|hk|mo)/.test(t)) return "zh-Hant";
      if (t.startsWith("zh")) return "zh-Hans";
      if (t.startsWith("en")) return "en";
    }
    return "en";
  }

  /** Fill every [data-i18n] (text), [data-i18n-aria] (aria-label), [data-i18n-placeholder] and
      [data-i18n-title] from `strings` for `lang`. */
  function applyStrings(root, strings) {
    for (const el of root.querySelectorAll("[data-i18n]")) {
      const s = strings[el.dataset.i18n];
      if (s !== undefined) el.textContent = s;
    }
    for (const el of root.querySelectorAll("[data-i18n-aria]")) {
      const s = strings[el.dataset.i18nAria];
      if (s !== undefined) el.setAttribute("aria-label", s);
    }
    for (const el of root.querySelectorAll("[data-i18n-placeholder]")) {
      const s = strings[el.dataset.i18nPlaceholder];
      if (s !== undefined) el.setAttribute("placeholder", s);
    }
    for (const el of root.querySelectorAll("[data-i18n-title]")) {
      const s = strings[el.dataset.i18nTitle];
      if (s !== undefined) el.setAttribute("title", s);
    }
  }

  function format(template, values) {
    return String(template).replace(/\{(\w+)\}/g, (_, k) => (values[k] === undefined ? "" : String(values[k])));
  }

  function el(tag, attrs = {}, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) {
      if (v === null || v === undefined || v === false) continue;
      if (k === "class") node.className = v;
      else if (k === "text") node.textContent = v;
      else if (k.startsWith("on") && typeof v === "function") node.addEventListener(k.slice(2), v);
      else if (k === "dataset") Object.assign(node.dataset, v);
      else node.setAttribute(k, v === true ? "" : v);
    }
    for (const child of children) if (child !== null && child !== undefined && child !== false) node.append(child);
    return node;
  }

  function isUrl(s) {
    return typeof s === "string" && /^https?:\/\//i.test(s);
  }

  return {
    UI_LANGS,
    ApiError,
    fetchJSON,
    normaliseRanges,
    highlighted,
    termRanges,
    caseNote,
    copyText,
    initialUiLang,
    savedUiLang,
    applyStrings,
    format,
    el,
    isUrl,
  };
})();
