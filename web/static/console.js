/* The operator console: search-as-you-type over passages, ask with citations, copy a case note.
   Built for speed on the phone: everything has a key (listed on the page). */
"use strict";

(() => {
  const E = Eldercare;
  const STORE_LANG = "eldercare.console.uiLang";
  const DEBOUNCE_MS = 200;
  const SEARCH_K = 10;

  const STRINGS = {
    "zh-Hans": {
      appTitle: "热线坐席台",
      appSub: "长者照护助手",
      uiLanguage: "界面语言",
      chatLink: "公众版",
      shortcutsHeading: "快捷键",
      keySearch: "搜索",
      keyAsk: "提问框",
      keyCopy: "复制回答和出处",
      keyNew: "新来电（新会话）",
      keyMove: "下一条 / 上一条结果",
      keyCopyResult: "复制选中的段落",
      keyEscape: "离开输入框 / 清空",
      searchHeading: "搜索段落",
      searchLabel: "关键词或问题",
      searchPlaceholder: "例：長者咭 / 居家养老 / Senior Citizen Card",
      regionLabel: "地区",
      regionPlaceholder: "例：桂林 / Hong Kong",
      languageLabel: "文件语言",
      anyLanguage: "不限",
      fromLabel: "发布日期从",
      toLabel: "发布日期到",
      askHeading: "提问",
      askLabel: "来电者的问题（追问沿用同一来电）",
      askButton: "提问",
      copyButton: "复制到个案记录",
      newCaller: "新来电",
      copyBuffer: "最近复制的文字",
      searching: "搜索中…",
      results: "{n} 条结果 · {ms} 毫秒",
      resultsHidden: "{n} 条结果 · {ms} 毫秒 · 日期筛选隐藏了 {h} 条",
      noResults: "没有结果。",
      asking: "查找中…",
      answered: "已回答 · {ms} 毫秒",
      notAnswered: "文件中没有答案 · {ms} 毫秒",
      notInDocs: "文件中没有",
      copied: "已复制（{n} 个字符）。",
      copyFailed: "无法写入剪贴板；文字已放进下方框内，请按 Ctrl+C。",
      nothingToCopy: "还没有可复制的回答。",
      newCallerDone: "已开始新来电。",
      citations: "出处",
      eligibility: "条件核对",
      verdictYes: "结论：符合",
      verdictNo: "结论：不符合",
      verdictDepends: "结论：要看情况",
      askCaller: "请问来电者：{v}",
      fact_age: "年龄",
      fact_residence: "户籍或居住地",
      fact_means: "收入和存款",
      fact_care: "身体和照顾需要",
      fact_income: "每年收入",
      fact_assets: "存款和财产",
      fact_years: "缴费或居住年数",
      fact_born: "出生年份",
      fact_citizen: "入籍年份",
      fact_exclusion: "是否已领其他津贴",
      met: "符合",
      notMet: "不符合",
      unknown: "待核实",
      caller: "来电者：{v}",
      noDate: "无日期",
      copyPassage: "复制段落",
      score: "分数",
      error: "出错：{m}",
      error429: "请求太频繁，请稍候。",
      error503: "索引尚未就绪，请稍候。",
      errorNetwork: "无法连接服务器。",
    },
    "zh-Hant": {
      appTitle: "熱線坐席台",
      appSub: "長者照護助手",
      uiLanguage: "介面語言",
      chatLink: "公眾版",
      shortcutsHeading: "快捷鍵",
      keySearch: "搜尋",
      keyAsk: "提問框",
      keyCopy: "複製回答和出處",
      keyNew: "新來電（新對話）",
      keyMove: "下一條 / 上一條結果",
      keyCopyResult: "複製選中的段落",
      keyEscape: "離開輸入框 / 清除",
      searchHeading: "搜尋段落",
      searchLabel: "關鍵詞或問題",
      searchPlaceholder: "例：長者咭 / 居家养老 / Senior Citizen Card",
      regionLabel: "地區",
      regionPlaceholder: "例：桂林 / Hong Kong",
      languageLabel: "文件語言",
      anyLanguage: "不限",
      fromLabel: "發佈日期由",
      toLabel: "發佈日期至",
      askHeading: "提問",
      askLabel: "來電者的問題（追問沿用同一來電）",
      askButton: "提問",
      copyButton: "複製到個案記錄",
      newCaller: "新來電",
      copyBuffer: "最近複製的文字",
      searching: "搜尋中…",
      results: "{n} 條結果 · {ms} 毫秒",
      resultsHidden: "{n} 條結果 · {ms} 毫秒 · 日期篩選隱藏了 {h} 條",
      noResults: "沒有結果。",
      asking: "查找中…",
      answered: "已回答 · {ms} 毫秒",
      notAnswered: "文件中沒有答案 · {ms} 毫秒",
      notInDocs: "文件中沒有",
      copied: "已複製（{n} 個字元）。",
      copyFailed: "無法寫入剪貼簿；文字已放進下方框內，請按 Ctrl+C。",
      nothingToCopy: "還沒有可複製的回答。",
      newCallerDone: "已開始新來電。",
      citations: "出處",
      eligibility: "條件核對",
      verdictYes: "結論：符合",
      verdictNo: "結論：不符合",
      verdictDepends: "結論：要看情況",
      askCaller: "請問來電者：{v}",
      fact_age: "年齡",
      fact_residence: "戶籍或居住地",
      fact_means: "收入和存款",
      fact_care: "身體和照顧需要",
      fact_income: "每年收入",
      fact_assets: "存款和財產",
      fact_years: "供款或居住年數",
      fact_born: "出生年份",
      fact_citizen: "入籍年份",
      fact_exclusion: "是否已領其他津貼",
      met: "符合",
      notMet: "不符合",
      unknown: "待核實",
      caller: "來電者：{v}",
      noDate: "無日期",
      copyPassage: "複製段落",
      score: "分數",
      error: "出錯：{m}",
      error429: "請求太頻繁，請稍候。",
      error503: "索引尚未就緒，請稍候。",
      errorNetwork: "無法連接伺服器。",
    },
    en: {
      appTitle: "Operator console",
      appSub: "Eldercare Assistant",
      uiLanguage: "Interface language",
      chatLink: "Public chat",
      shortcutsHeading: "Keyboard shortcuts",
      keySearch: "search",
      keyAsk: "ask box",
      keyCopy: "copy answer + citations",
      keyNew: "new caller (new session)",
      keyMove: "next / previous result",
      keyCopyResult: "copy selected passage",
      keyEscape: "leave field / clear",
      searchHeading: "Search passages",
      searchLabel: "Keywords or question",
      searchPlaceholder: "e.g. 長者咭 / 居家养老 / Senior Citizen Card",
      regionLabel: "Region",
      regionPlaceholder: "e.g. 桂林 / Hong Kong",
      languageLabel: "Language",
      anyLanguage: "Any",
      fromLabel: "Published from",
      toLabel: "Published to",
      askHeading: "Ask",
      askLabel: "Caller's question (follow-ups keep the same caller)",
      askButton: "Ask",
      copyButton: "Copy for case note",
      newCaller: "New caller",
      copyBuffer: "Last copied text",
      searching: "Searching…",
      results: "{n} results · {ms} ms",
      resultsHidden: "{n} results · {ms} ms · {h} hidden by the date filter",
      noResults: "No results.",
      asking: "Looking it up…",
      answered: "Answered · {ms} ms",
      notAnswered: "Not in our documents · {ms} ms",
      notInDocs: "Not in our documents",
      copied: "Copied ({n} characters).",
      copyFailed: "The clipboard refused; the text is in the box below: press Ctrl+C.",
      nothingToCopy: "No answer to copy yet.",
      newCallerDone: "New caller: the conversation starts afresh.",
      citations: "Citations",
      eligibility: "Eligibility",
      verdictYes: "Verdict: qualifies",
      verdictNo: "Verdict: does not qualify",
      verdictDepends: "Verdict: depends",
      askCaller: "Ask the caller: {v}",
      fact_age: "age",
      fact_residence: "household registration or residence",
      fact_means: "income and savings",
      fact_care: "health and care needs",
      fact_income: "yearly income",
      fact_assets: "savings and property",
      fact_years: "years of contribution or residence",
      fact_born: "year of birth",
      fact_citizen: "year of citizenship",
      fact_exclusion: "whether another benefit is received",
      met: "met",
      notMet: "not met",
      unknown: "unknown",
      caller: "caller: {v}",
      noDate: "no date",
      copyPassage: "Copy passage",
      score: "score",
      error: "Error: {m}",
      error429: "Too many requests; wait a moment.",
      error503: "The index is not ready yet; wait a moment.",
      errorNetwork: "Cannot reach the server.",
    },
  };

  const $ = (selector) => document.querySelector(selector);
  const q = $("#q");
  const region = $("#f-region");
  const langFilter = $("#f-lang");
  const from = $("#f-from");
  const to = $("#f-to");
  const results = $("#results");
  const searchStatus = $("#search-status");
  const askForm = $("#ask-form");
  const askInput = $("#ask-input");
  const askButton = $("#ask-button");
  const askStatus = $("#ask-status");
  const answerBox = $("#answer");
  const copyButton = $("#copy-button");
  const copyBuffer = $("#copy-buffer");

  let uiLang = E.initialUiLang(STORE_LANG);
  const t = (key, values) => E.format(STRINGS[uiLang][key] ?? STRINGS.en[key] ?? key, values || {});

  /* ---------- interface language ---------- */

  function setUiLang(lang) {
    uiLang = E.UI_LANGS.includes(lang) ? lang : "en";
    try {
      localStorage.setItem(STORE_LANG, uiLang);
    } catch (_) {
      /* this page only */
    }
    document.documentElement.lang = uiLang;
    document.title = `${STRINGS[uiLang].appTitle} · ${STRINGS[uiLang].appSub}`;
    E.applyStrings(document, STRINGS[uiLang]);
    for (const button of document.querySelectorAll("[data-ui-lang]")) {
      button.setAttribute("aria-pressed", String(button.dataset.uiLang === uiLang));
    }
    if (lastHits) renderResults(lastHits, lastQuery, lastMs);
    if (lastAnswer) renderAnswer(lastAnswer);
  }

  for (const button of document.querySelectorAll("[data-ui-lang]")) {
    button.addEventListener("click", () => setUiLang(button.dataset.uiLang));
  }

  function describeError(error) {
    if (error instanceof E.ApiError) {
      if (error.status === 429) return t("error429");
      if (error.status === 503) return t("error503");
      return t("error", { m: error.message });
    }
    return t("errorNetwork");
  }

  /* ---------- search as you type ---------- */

  let debounceTimer = null;
  let inFlight = null; // AbortController of the newest request
  let searchSeq = 0;
  let lastHits = null;
  let lastQuery = "";
  let lastMs = 0;
  let selected = -1;

  function scheduleSearch(delay = DEBOUNCE_MS) {
    clearTimeout(debounceTimer);
    debounceTimer = setTimeout(runSearch, delay);
  }

  async function runSearch() {
    const query = q.value.trim();
    if (inFlight) inFlight.abort(); // a stale request must never overwrite a newer one
    inFlight = null;
    if (!query) {
      results.replaceChildren();
      searchStatus.textContent = "";
      lastHits = null;
      results.dataset.state = "empty";
      return;
    }
    const seq = ++searchSeq;
    const controller = new AbortController();
    inFlight = controller;
    const params = new URLSearchParams({ q: query, k: String(SEARCH_K) });
    if (langFilter.value) params.set("lang", langFilter.value);
    if (region.value.trim()) params.set("region", region.value.trim());
    results.dataset.state = "loading";
    searchStatus.textContent = t("searching");
    const started = performance.now();
    try {
      const reply = await E.fetchJSON(`/api/search?${params}`, { signal: controller.signal, timeoutMs: 20000 });
      if (seq !== searchSeq) return;
      lastHits = reply.results || [];
      lastQuery = query;
      lastMs = Math.round(performance.now() - started);
      selected = -1;
      renderResults(lastHits, lastQuery, lastMs);
    } catch (error) {
      if (seq !== searchSeq || controller.signal.aborted) return;
      results.replaceChildren();
      results.dataset.state = "error";
      searchStatus.textContent = describeError(error);
    } finally {
      if (inFlight === controller) inFlight = null;
    }
  }

  /** The date filter works client-side on `published` (ISO dates compare as strings). */
  function passesDates(hit) {
    const lo = from.value;
    const hi = to.value;
    if (!lo && !hi) return true;
    if (!hit.published) return false;
    const day = String(hit.published).slice(0, 10);
    return (!lo || day >= lo) && (!hi || day <= hi);
  }

  function renderResults(hits, query, ms) {
    const shown = hits.filter(passesDates);
    const hidden = hits.length - shown.length;
    results.replaceChildren(...shown.map((hit, i) => resultItem(hit, query, i)));
    results.dataset.state = shown.length ? "results" : "none";
    searchStatus.textContent = !shown.length && !hidden
      ? t("noResults")
      : hidden
        ? t("resultsHidden", { n: shown.length, ms, h: hidden })
        : t("results", { n: shown.length, ms });
    if (selected >= shown.length) selected = shown.length - 1;
    markSelected();
  }

  function resultItem(hit, query, index) {
    const passage = String(hit.passage || "");
    const ranges = Array.isArray(hit.highlights) ? hit.highlights : E.termRanges(passage, query);
    const meta = E.el("p", { class: "result-meta" });
    const bits = [hit.language, hit.region, hit.published || t("noDate")].filter(Boolean);
    meta.append(bits.join(" · "));
    if (hit.source) {
      meta.append(" · ");
      meta.append(
        E.isUrl(hit.source)
          ? E.el("a", { href: hit.source, target: "_blank", rel: "noopener noreferrer", text: shortSource(hit.source) })
          : hit.source,
      );
    }
    meta.append(E.el("span", { class: "score", text: ` · ${t("score")} ${Number(hit.score).toFixed(2)}` }));
    const copy = E.el("button", { type: "button", class: "btn btn-small", text: t("copyPassage") });
    copy.addEventListener("click", () => copyPassage(hit));
    const item = E.el(
      "li",
      {
        class: "result",
        "data-doc-id": hit.doc_id,
        "data-chunk-id": hit.chunk_id || "",
        "data-language": hit.language || "",
        "data-published": hit.published || "",
      },
      E.el(
        "div",
        { class: "result-head" },
        E.el("span", { class: "rank", text: String(hit.rank ?? index + 1) }),
        E.el("h3", { class: "result-title", lang: hit.language || null, text: hit.title || hit.doc_id }),
        copy,
      ),
      meta,
      E.el("p", { class: "passage", lang: hit.language || null }, E.highlighted(passage, ranges, 0, "hit", true)),
    );
    item.addEventListener("click", (event) => {
      if (event.target.closest("a, button")) return;
      selected = index;
      markSelected();
    });
    return item;
  }

  function shortSource(url) {
    try {
      const u = new URL(url);
      return u.hostname + (u.pathname.length > 1 ? "/…" : "");
    } catch (_) {
      return url;
    }
  }

  function markSelected() {
    const items = results.querySelectorAll(".result");
    items.forEach((item, i) => item.classList.toggle("is-selected", i === selected));
    if (selected >= 0 && items[selected]) items[selected].scrollIntoView({ block: "nearest" });
  }

  async function copyPassage(hit) {
    let head = hit.title || hit.doc_id;
    if (hit.published) head += ` (${hit.published})`;
    if (hit.source) head += ` ${hit.source}`;
    const ok = await E.copyText(`${head}: ${String(hit.passage || "").replace(/\s+/g, " ").trim()}`, copyBuffer);
    searchStatus.textContent = ok ? t("copied", { n: copyBuffer.value.length }) : t("copyFailed");
  }

  q.addEventListener("input", () => scheduleSearch());
  region.addEventListener("input", () => scheduleSearch());
  langFilter.addEventListener("change", () => scheduleSearch(0));
  for (const date of [from, to]) {
    date.addEventListener("change", () => {
      if (lastHits) renderResults(lastHits, lastQuery, lastMs);
    });
  }
  $("#search-form").addEventListener("submit", (event) => {
    event.preventDefault();
    scheduleSearch(0);
  });

  /* ---------- ask ---------- */

  let sessionId = null;
  let lastAnswer = null;
  let asking = null;

  async function ask() {
    const question = askInput.value.trim();
    if (!question) {
      askInput.focus();
      return;
    }
    if (asking) asking.abort();
    const controller = new AbortController();
    asking = controller;
    askButton.disabled = true;
    askStatus.textContent = t("asking");
    answerBox.setAttribute("aria-busy", "true");
    const started = performance.now();
    try {
      const body = { question };
      if (sessionId) body.session_id = sessionId;
      const answer = await E.fetchJSON("/api/ask", { method: "POST", body, signal: controller.signal, timeoutMs: 90000 });
      if (asking !== controller) return;
      if (answer.session_id) sessionId = answer.session_id;
      lastAnswer = answer;
      renderAnswer(answer);
      document.dispatchEvent(new CustomEvent("eldercare:answer", { detail: answer }));
      const ms = Math.round(performance.now() - started);
      askStatus.textContent = answer.answered ? t("answered", { ms }) : t("notAnswered", { ms });
      copyButton.disabled = false;
    } catch (error) {
      if (asking !== controller) return;
      askStatus.textContent = describeError(error);
    } finally {
      if (asking === controller) {
        asking = null;
        askButton.disabled = false;
        answerBox.removeAttribute("aria-busy");
      }
    }
  }

  function renderAnswer(answer) {
    const citations = new Map((answer.citations || []).map((c) => [Number(c.n), c]));
    const parts = [];
    if (!answer.answered) {
      parts.push(E.el("p", { class: "not-in-docs", text: t("notInDocs") + (answer.abstain_reason ? ` (${answer.abstain_reason})` : "") }));
    }
    const body = E.el("div", { class: "answer-text", lang: answer.lang || null });
    for (const line of String(answer.answer || "").split("\n")) {
      const p = E.el("p");
      if (!line.trim()) p.className = "gap";
      const pattern = /\[(\d{1,3})\]/g;
      let at = 0;
      let match;
      while ((match = pattern.exec(line)) !== null) {
        if (match.index > at) p.append(line.slice(at, match.index));
        const n = Number(match[1]);
        p.append(citations.has(n) ? E.el("a", { class: "cite", href: `#cite-${n}`, text: match[0] }) : match[0]);
        at = match.index + match[0].length;
      }
      if (at < line.length) p.append(line.slice(at));
      body.append(p);
    }
    parts.push(body);

    if (answer.verdict) {
      const key = { yes: "verdictYes", no: "verdictNo", depends: "verdictDepends" }[answer.verdict];
      parts.push(E.el("p", { class: `verdict verdict--${answer.verdict}`, "data-verdict": answer.verdict, text: t(key) }));
      const missing = answer.missing || [];
      if (missing.length) {
        const facts = missing.map((kind) => t(`fact_${kind}`)).join(uiLang === "en" ? ", " : "、");
        parts.push(E.el("p", { class: "ask-caller", text: t("askCaller", { v: facts }) }));
      }
    }

    const findings = answer.eligibility || [];
    if (findings.length) {
      const list = E.el("ul", { class: "checklist" });
      for (const f of findings) {
        const kind = f.status === "met" ? "met" : f.status === "not met" ? "not-met" : "unknown";
        const icon = kind === "met" ? "✓" : kind === "not-met" ? "✗" : "?";
        const label = kind === "met" ? t("met") : kind === "not-met" ? t("notMet") : t("unknown");
        list.append(
          E.el(
            "li",
            { class: `check check--${kind}`, "data-status": f.status },
            E.el("span", { class: "check-icon", "aria-hidden": "true", text: icon }),
            E.el("strong", { text: label }),
            " ",
            E.el("span", { text: f.required || f.condition }),
            f.profile_value ? E.el("span", { class: "muted", text: ` — ${t("caller", { v: f.profile_value })}` }) : null,
            f.citation && citations.has(Number(f.citation)) ? E.el("a", { class: "cite", href: `#cite-${f.citation}`, text: ` [${f.citation}]` }) : null,
          ),
        );
      }
      parts.push(E.el("h3", { class: "sub", text: t("eligibility") }), list);
    }

    if (citations.size) {
      const list = E.el("ol", { class: "citations" });
      for (const c of citations.values()) {
        const head = E.el("p", { class: "citation-head" }, E.el("strong", { text: `[${c.n}] ` }), E.el("span", { lang: c.language || null, text: c.title || c.doc_id }));
        head.append(` (${c.published || t("noDate")})`);
        if (c.source) {
          head.append(" ");
          head.append(E.isUrl(c.source) ? E.el("a", { href: c.source, target: "_blank", rel: "noopener noreferrer", text: shortSource(c.source) }) : c.source);
        }
        const quote = String(c.quote || "");
        const item = E.el(
          "li",
          { id: `cite-${c.n}`, class: "citation" },
          head,
          E.el("blockquote", { class: "quote", lang: c.language || null }, E.highlighted(quote, c.highlights, Number(c.start) || 0, "hl", true)),
        );
        if (c.quote_converted && c.quote_converted !== quote) {
          const ranges = c.quote_converted.length === quote.length ? c.highlights : [];
          item.append(E.el("blockquote", { class: "quote quote--converted", lang: answer.lang || null }, E.highlighted(c.quote_converted, ranges, Number(c.start) || 0, "hl", true)));
        }
        list.append(item);
      }
      parts.push(E.el("h3", { class: "sub", text: t("citations") }), list);
    }
    answerBox.replaceChildren(...parts);
    answerBox.dataset.answered = String(Boolean(answer.answered));
  }

  async function copyAnswer() {
    if (!lastAnswer) {
      askStatus.textContent = t("nothingToCopy");
      return;
    }
    const text = E.caseNote(lastAnswer);
    const ok = await E.copyText(text, copyBuffer);
    askStatus.textContent = ok ? t("copied", { n: text.length }) : t("copyFailed");
    copyButton.classList.toggle("just-copied", ok);
    setTimeout(() => copyButton.classList.remove("just-copied"), 1200);
  }

  function newCaller() {
    if (asking) asking.abort();
    sessionId = null;
    lastAnswer = null;
    answerBox.replaceChildren();
    delete answerBox.dataset.answered;
    askInput.value = "";
    copyButton.disabled = true;
    askStatus.textContent = t("newCallerDone");
    document.dispatchEvent(new CustomEvent("eldercare:new-caller"));
    askInput.focus();
  }

  askForm.addEventListener("submit", (event) => {
    event.preventDefault();
    ask();
  });
  copyButton.addEventListener("click", copyAnswer);
  $("#new-caller").addEventListener("click", newCaller);

  /* ---------- keys ---------- */

  function isField(node) {
    return node && (node.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(node.tagName));
  }

  /* "/" means "go to the search box". When the page itself put the cursor there (on load, or on "/"),
     a "/" pressed before anything else is that shortcut, not text; once the operator types, clicks
     or moves in the box, "/" is a character like any other. */
  let searchArmed = false;
  const MODIFIER_KEYS = new Set(["Shift", "Control", "Alt", "Meta", "AltGraph", "CapsLock"]);

  function focusSearch() {
    q.focus();
    q.select();
    searchArmed = true;
  }

  q.addEventListener("pointerdown", () => {
    searchArmed = false;
  });
  q.addEventListener("blur", () => {
    searchArmed = false;
  });

  document.addEventListener("keydown", (event) => {
    if (event.isComposing) return;
    if ((event.ctrlKey || event.metaKey) && event.key === "Enter") {
      event.preventDefault();
      copyAnswer();
      return;
    }
    const target = event.target;
    if (target === q && searchArmed) {
      if (event.key === "/" && !event.ctrlKey && !event.metaKey && !event.altKey) {
        event.preventDefault();
        q.select();
        return;
      }
      if (!MODIFIER_KEYS.has(event.key)) searchArmed = false;
    }
    if (isField(target)) {
      if (event.key === "Escape") {
        if (target === q && q.value) {
          event.preventDefault();
          q.value = "";
          scheduleSearch(0);
        } else {
          target.blur();
        }
      }
      return;
    }
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const count = results.querySelectorAll(".result").length;
    switch (event.key) {
      case "/":
        event.preventDefault();
        focusSearch();
        break;
      case "a":
        event.preventDefault();
        askInput.focus();
        askInput.select();
        break;
      case "c":
        event.preventDefault();
        copyAnswer();
        break;
      case "n":
        event.preventDefault();
        newCaller();
        break;
      case "j":
        if (count) {
          event.preventDefault();
          selected = Math.min(count - 1, selected + 1);
          markSelected();
        }
        break;
      case "k":
        if (count) {
          event.preventDefault();
          selected = Math.max(0, selected - 1);
          markSelected();
        }
        break;
      case "y": {
        const shown = (lastHits || []).filter(passesDates);
        if (selected >= 0 && shown[selected]) {
          event.preventDefault();
          copyPassage(shown[selected]);
        }
        break;
      }
      default:
        break;
    }
  });

  setUiLang(uiLang);
  focusSearch();
})();
