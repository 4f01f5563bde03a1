/* The web chat for elders and their families: ask, read the cited answer, open a source, give feedback.
   The interface language follows the 简 / 繁 / EN switch; an answer follows its question's script. */
"use strict";

(() => {
  const E = Eldercare;
  const STORE_LANG = "eldercare.uiLang";
  const STORE_SIZE = "eldercare.fontSize";
  const FONT_SIZES = [20, 23, 26, 30, 34]; // px on <html>; everything is sized in rem
  const DEFAULT_SIZE = 0;

  const STRINGS = {
    "zh-Hans": {
      screenHeading: "可能适合的福利",
      status_likely: "可能符合",
      status_need_info: "需要更多资料",
      status_not_eligible: "不符合",
      status_unassessed: "未能判断",
      screenGives: "提供",
      screenMeets: "符合的条件",
      screenFails: "不符合的条件",
      screenUnknown: "还不确定的条件",
      screenAsk: "还需要知道",
      screenApply: "怎样申请",
      screenContacts: "联系",
      screenBring: "要带的文件",
      screenOthers: "其他（不符合或未能判断）",
      appTitle: "长者照护助手",
      skipToQuestion: "跳到提问框",
      languageLabel: "界面语言",
      textSizeLabel: "字体大小",
      smaller: "缩小字体",
      larger: "放大字体",
      tagline: "查询养老服务和长者福利。每个回答都会注明出自哪份文件。",
      examplesHeading: "点一下，试试这些问题",
      conversationHeading: "对话",
      questionLabel: "您的问题",
      placeholder: "在这里输入您的问题",
      questionHint: "可以用简体、繁体或英文提问。按回车键发送。",
      send: "提问",
      speak: "语音输入",
      listening: "正在听…再点一下停止",
      newConversation: "开始新的对话",
      youAsked: "您问：",
      answerLabel: "回答",
      thinking: "正在查找文件，请稍候…",
      answerReady: "回答已经出来了。",
      sources: "出处（点一下看原文）",
      citeButton: "出处 {n}：{title}",
      checklist: "条件核对",
      met: "符合",
      notMet: "不符合",
      unknown: "不确定，请核实",
      yourValue: "您提供的情况：{v}",
      seeSource: "见出处 {n}",
      readAloud: "朗读回答",
      stopReading: "停止朗读",
      helpful: "这个回答对您有帮助吗？",
      yes: "有帮助",
      no: "没有帮助",
      thanks: "谢谢您的反馈！",
      feedbackFailed: "抱歉，反馈没有送出，请稍后再试。",
      notFoundTitle: "我们的文件里没有这方面的内容",
      notFoundHint: "我们只根据收录的文件回答，不会猜测。可以换个说法再问，或说明所在的城市或地区。",
      close: "关闭",
      sourceTitle: "出处 {n}",
      published: "发布日期",
      noDate: "未注明",
      source: "来源",
      quoteHeading: "文件原文",
      convertedHeading: "转换成您提问所用的文字",
      highlightNote: "黄色底色的句子就是回答所引用的部分。",
      emptyQuestion: "请先输入您的问题。",
      error400: "这个问题没办法处理，请检查一下再试。",
      error429: "现在提问的人比较多，请等一会儿再试。",
      error503: "助手正在准备中，请过一分钟再试。",
      errorOther: "抱歉，出了点问题，请再试一次。",
      errorNetwork: "连接不上服务，请检查网络后再试。",
      errorDetail: "详细信息：{m}",
      footer: "回答只来自我们收录的官方文件。做决定之前，请向有关部门确认。",
    },
    "zh-Hant": {
      screenHeading: "可能適合的福利",
      status_likely: "可能符合",
      status_need_info: "需要更多資料",
      status_not_eligible: "不符合",
      status_unassessed: "未能判斷",
      screenGives: "提供",
      screenMeets: "符合的條件",
      screenFails: "不符合的條件",
      screenUnknown: "還不確定的條件",
      screenAsk: "還需要知道",
      screenApply: "怎樣申請",
      screenContacts: "聯絡",
      screenBring: "要帶的文件",
      screenOthers: "其他（不符合或未能判斷）",
      appTitle: "長者照護助手",
      skipToQuestion: "跳到提問框",
      languageLabel: "介面語言",
      textSizeLabel: "字體大小",
      smaller: "縮小字體",
      larger: "放大字體",
      tagline: "查詢安老服務和長者福利。每個回答都會註明出自哪份文件。",
      examplesHeading: "按一下，試試這些問題",
      conversationHeading: "對話",
      questionLabel: "您的問題",
      placeholder: "在這裡輸入您的問題",
      questionHint: "可以用簡體、繁體或英文提問。按 Enter 鍵發送。",
      send: "提問",
      speak: "語音輸入",
      listening: "正在聽…再按一下停止",
      newConversation: "開始新的對話",
      youAsked: "您問：",
      answerLabel: "回答",
      thinking: "正在查找文件，請稍候…",
      answerReady: "回答已經出來了。",
      sources: "出處（按一下看原文）",
      citeButton: "出處 {n}：{title}",
      checklist: "條件核對",
      met: "符合",
      notMet: "不符合",
      unknown: "不確定，請核實",
      yourValue: "您提供的情況：{v}",
      seeSource: "見出處 {n}",
      readAloud: "朗讀回答",
      stopReading: "停止朗讀",
      helpful: "這個回答對您有幫助嗎？",
      yes: "有幫助",
      no: "沒有幫助",
      thanks: "謝謝您的意見！",
      feedbackFailed: "抱歉，意見沒有送出，請稍後再試。",
      notFoundTitle: "我們的文件裡沒有這方面的內容",
      notFoundHint: "我們只根據收錄的文件回答，不會猜測。可以換個說法再問，或說明所在的城市或地區。",
      close: "關閉",
      sourceTitle: "出處 {n}",
      published: "發佈日期",
      noDate: "未註明",
      source: "來源",
      quoteHeading: "文件原文",
      convertedHeading: "轉換成您提問所用的文字",
      highlightNote: "黃色底色的句子就是回答所引用的部分。",
      emptyQuestion: "請先輸入您的問題。",
      error400: "這個問題沒辦法處理，請檢查一下再試。",
      error429: "現在提問的人比較多，請等一會兒再試。",
      error503: "助手正在準備中，請過一分鐘再試。",
      errorOther: "抱歉，出了點問題，請再試一次。",
      errorNetwork: "連接不上服務，請檢查網絡後再試。",
      errorDetail: "詳細資料：{m}",
      footer: "回答只來自我們收錄的官方文件。作決定之前，請向有關部門確認。",
    },
    en: {
      screenHeading: "Benefits that may fit",
      status_likely: "Likely eligible",
      status_need_info: "Need more information",
      status_not_eligible: "Not eligible",
      status_unassessed: "Conditions not read",
      screenGives: "Gives",
      screenMeets: "Conditions met",
      screenFails: "Condition not met",
      screenUnknown: "Not yet known",
      screenAsk: "Still to find out",
      screenApply: "How to apply",
      screenContacts: "Contact",
      screenBring: "Documents to bring",
      screenOthers: "Others (not eligible or not assessed)",
      appTitle: "Eldercare Assistant",
      skipToQuestion: "Skip to the question box",
      languageLabel: "Language",
      textSizeLabel: "Text size",
      smaller: "Smaller text",
      larger: "Larger text",
      tagline: "Ask about elder-care services and benefits. Every answer shows the document it comes from.",
      examplesHeading: "Tap a question to try it",
      conversationHeading: "Conversation",
      questionLabel: "Your question",
      placeholder: "Type your question here",
      questionHint: "You can write in 简体, 繁體 or English. Press Enter to send.",
      send: "Ask",
      speak: "Speak",
      listening: "Listening… tap to stop",
      newConversation: "Start a new conversation",
      youAsked: "You asked:",
      answerLabel: "Answer",
      thinking: "Looking in our documents, please wait…",
      answerReady: "Your answer is ready.",
      sources: "Sources (tap to read the passage)",
      citeButton: "Source {n}: {title}",
      checklist: "Eligibility check",
      met: "Met",
      notMet: "Not met",
      unknown: "Not sure — please check",
      yourValue: "What you told us: {v}",
      seeSource: "see source {n}",
      readAloud: "Read aloud",
      stopReading: "Stop reading",
      helpful: "Was this answer helpful?",
      yes: "Yes",
      no: "No",
      thanks: "Thank you for telling us!",
      feedbackFailed: "Sorry, we could not send that. Please try again later.",
      notFoundTitle: "Not in our documents",
      notFoundHint: "We only answer from the documents we hold, and never guess. You can ask in other words, or say which city or region you mean.",
      close: "Close",
      sourceTitle: "Source {n}",
      published: "Published",
      noDate: "not given",
      source: "From",
      quoteHeading: "What the document says",
      convertedHeading: "The same passage in the script of your question",
      highlightNote: "The sentences with a yellow background are the ones the answer uses.",
      emptyQuestion: "Please type a question first.",
      error400: "We could not handle that question. Please check it and try again.",
      error429: "Many people are asking right now. Please wait a moment and try again.",
      error503: "The assistant is getting ready. Please try again in a minute.",
      errorOther: "Sorry, something went wrong. Please try again.",
      errorNetwork: "We could not reach the service. Please check your connection and try again.",
      errorDetail: "Details: {m}",
      footer: "Answers come only from the official documents we hold. Before you decide, please confirm with the office concerned.",
    },
  };

  const $ = (selector) => document.querySelector(selector);
  const form = $("#ask-form");
  const input = $("#question");
  const send = $("#send");
  const log = $("#log");
  const status = $("#status");
  const formError = $("#form-error");
  const dialog = $("#citation-dialog");
  const dialogTitle = $("#citation-title");
  const dialogBody = $("#citation-body");
  const mic = $("#mic");

  let uiLang = E.initialUiLang(STORE_LANG);
  // Until the user picks a language, the interface starts from the browser's and then follows the
  // script of the questions asked (an elder on an English browser who asks in 繁體 reads 繁體 labels).
  let picked = E.savedUiLang(STORE_LANG) !== null;
  let sessionId = null;
  let busy = false;
  let returnFocusTo = null;
  const t = (key, values) => E.format(STRINGS[uiLang][key] ?? STRINGS.en[key] ?? key, values || {});

  /* ---------- interface language ---------- */

  function setUiLang(lang, remember = false) {
    uiLang = E.UI_LANGS.includes(lang) ? lang : "en";
    if (remember) {
      picked = true;
      try {
        localStorage.setItem(STORE_LANG, uiLang);
      } catch (_) {
        /* private mode: the choice lasts for this page only */
      }
    }
    document.documentElement.lang = uiLang;
    document.title = STRINGS[uiLang].appTitle;
    E.applyStrings(document, STRINGS[uiLang]);
    for (const button of document.querySelectorAll("[data-ui-lang]")) {
      button.setAttribute("aria-pressed", String(button.dataset.uiLang === uiLang));
    }
    // Answers keep their own language, and so do their labels (verdict, checklist, sources).
    for (const node of log.querySelectorAll("[data-i18n-fn]")) relabel(node);
    if (recognition) recognition.lang = recognitionLang();
  }

  /** Labels inside answers that need values (source numbers, titles) carry data-i18n-fn + data-args. */
  function relabel(node) {
    const args = node.dataset.args ? JSON.parse(node.dataset.args) : {};
    const lang = node.dataset.i18nLang;
    const text = lang ? E.format(STRINGS[lang]?.[node.dataset.i18nFn] ?? t(node.dataset.i18nFn), args) : t(node.dataset.i18nFn, args);
    if (node.dataset.i18nTarget === "aria") node.setAttribute("aria-label", text);
    else node.textContent = text;
  }

  function labelled(node, key, args, target) {
    node.dataset.i18nFn = key;
    if (args) node.dataset.args = JSON.stringify(args);
    if (target) node.dataset.i18nTarget = target;
    const owner = node.closest ? node.closest("[data-answer-lang]") : null;  // a label added to an answer later
    if (owner) node.dataset.i18nLang = owner.dataset.answerLang;
    relabel(node);
    return node;
  }

  for (const button of document.querySelectorAll("[data-ui-lang]")) {
    button.addEventListener("click", () => setUiLang(button.dataset.uiLang, true));
  }

  /* ---------- text size ---------- */

  let sizeStep = DEFAULT_SIZE;
  try {
    const saved = Number.parseInt(localStorage.getItem(STORE_SIZE) || "", 10);
    const i = FONT_SIZES.indexOf(saved);
    if (i >= 0) sizeStep = i;
  } catch (_) {
    /* keep the default */
  }

  function applySize() {
    document.documentElement.style.fontSize = `${FONT_SIZES[sizeStep]}px`;
    $("#text-smaller").disabled = sizeStep === 0;
    $("#text-larger").disabled = sizeStep === FONT_SIZES.length - 1;
    try {
      localStorage.setItem(STORE_SIZE, String(FONT_SIZES[sizeStep]));
    } catch (_) {
      /* not remembered */
    }
  }

  $("#text-smaller").addEventListener("click", () => {
    sizeStep = Math.max(0, sizeStep - 1);
    applySize();
  });
  $("#text-larger").addEventListener("click", () => {
    sizeStep = Math.min(FONT_SIZES.length - 1, sizeStep + 1);
    applySize();
  });

  /* ---------- asking ---------- */

  function showFormError(message) {
    formError.textContent = message;
    formError.hidden = !message;
  }

  function errorMessage(error) {
    if (error instanceof E.ApiError) {
      const lead =
        error.status === 429 ? t("error429")
        : error.status === 503 ? t("error503")
        : error.status >= 400 && error.status < 500 ? t("error400")
        : t("errorOther");
      return { lead, detail: error.status === 429 || error.status === 503 ? "" : error.message };
    }
    if (error && error.name === "AbortError") return { lead: t("errorNetwork"), detail: "" };
    return { lead: t("errorNetwork"), detail: "" };
  }

  async function ask(question) {
    question = question.trim();
    if (busy) return;
    if (!question) {
      showFormError(t("emptyQuestion"));
      input.focus();
      return;
    }
    showFormError("");
    busy = true;
    send.disabled = true;
    form.setAttribute("aria-busy", "true");
    stopSpeaking();

    const turn = E.el("article", { class: "turn" });
    const asked = E.el(
      "div",
      { class: "question-card" },
      labelled(E.el("p", { class: "question-label" }), "youAsked"),
      E.el("p", { class: "question-text", text: question, lang: scriptOf(question) }),
    );
    const waiting = E.el("div", { class: "thinking", "aria-hidden": "true" }, E.el("span", { class: "spinner" }), labelled(E.el("span"), "thinking"));
    turn.append(asked, waiting);
    log.append(turn);
    status.textContent = t("thinking");
    asked.scrollIntoView({ block: "start", behavior: "smooth" });

    try {
      const body = { question };
      if (sessionId) body.session_id = sessionId;
      const answer = await E.fetchJSON("/api/ask", { method: "POST", body, timeoutMs: 90000 });
      if (answer.session_id) sessionId = answer.session_id;
      if (!picked && E.UI_LANGS.includes(answer.lang) && answer.lang !== uiLang) setUiLang(answer.lang);
      waiting.replaceWith(renderAnswer(answer, question));
      input.value = "";
      status.textContent = t("answerReady");
    } catch (error) {
      const { lead, detail } = errorMessage(error);
      const box = E.el("div", { class: "error-card", role: "alert" }, E.el("p", { class: "error-lead", text: lead }));
      if (detail) box.append(E.el("p", { class: "error-detail", text: t("errorDetail", { m: detail }) }));
      waiting.replaceWith(box);
      status.textContent = "";
    } finally {
      busy = false;
      send.disabled = false;
      form.removeAttribute("aria-busy");
      asked.scrollIntoView({ block: "start", behavior: "smooth" });
    }
  }

  function scriptOf(text) {
    if (!/[\u3400-\u9fff]/.test(text)) return "en";
    // A few characters that differ between the scripts are enough for a lang attribute (fonts, speech).
    const hant = (text.match(/[們這個來說麼為與長歲裡國會後時學關體點過還應種樣區東華經動實現發對開問處條當當請機認護務資證聯適療齡壽]/g) || []).length;
    const hans = (text.match(/[们这个来说么为与长岁里国会后时学关体点过还应种样区东华经动实现发对开问处条当请机认护务资证联适疗龄寿]/g) || []).length;
    return hant > hans ? "zh-Hant" : "zh-Hans";
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    ask(input.value);
  });

  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      ask(input.value);
    }
  });

  for (const example of document.querySelectorAll(".example")) {
    example.addEventListener("click", () => {
      input.value = example.textContent.trim();
      ask(input.value);
    });
  }

  $("#new-conversation").addEventListener("click", () => {
    sessionId = null;
    stopSpeaking();
    log.replaceChildren();
    status.textContent = "";
    showFormError("");
    input.value = "";
    input.focus();
  });

  /* ---------- rendering an answer ---------- */

  function renderAnswer(answer, question) {
    const lang = answer.lang || scriptOf(answer.answer || "");
    const citations = new Map((answer.citations || []).map((c) => [Number(c.n), { ...c, answerLang: lang }]));
    const card = E.el("section", {
      class: answer.answered ? "answer-card" : "answer-card answer-card--not-found",
      "data-answered": String(Boolean(answer.answered)),
      "data-answer-id": answer.answer_id || "",
    });

    if (!answer.answered) {
      card.append(
        E.el("h3", { class: "not-found-title" }, E.el("span", { class: "not-found-icon", "aria-hidden": "true", text: "ⓘ" }), labelled(E.el("span"), "notFoundTitle")),
        E.el("p", { class: "answer-text", lang, text: answer.answer || "" }),
        labelled(E.el("p", { class: "not-found-hint" }), "notFoundHint"),
      );
    } else {
      card.append(labelled(E.el("h3", { class: "answer-heading" }), "answerLabel"));
      const body = E.el("div", { class: "answer-body", lang });
      if (answer.screen) {
        body.append(renderScreen(answer.screen, lang, citations));
      } else {
        for (const paragraph of String(answer.answer || "").split(/\n\s*\n/)) {
          const block = E.el("div", { class: "answer-para" });
          for (const line of paragraph.split("\n")) {
            if (line.trim()) block.append(renderLine(line, citations));
          }
          if (block.childNodes.length) body.append(block);
        }
      }
      card.append(body);

      if ((answer.eligibility || []).length) card.append(renderChecklist(answer.eligibility, citations));
      if (citations.size) card.append(renderSources(citations));
    }

    const tools = E.el("div", { class: "answer-tools" });
    if (canSpeak() && answer.answer) tools.append(readAloudButton(answer, question));
    if (answer.answer_id) tools.append(feedbackControl(answer.answer_id));
    if (tools.childNodes.length) card.append(tools);
    inLanguage(card, lang);
    return card;
  }

  /** An answer's labels (heading, checklist, sources, buttons) in the answer's own language. */
  function inLanguage(root, lang) {
    if (!E.UI_LANGS.includes(lang)) return;
    root.dataset.answerLang = lang;
    for (const node of root.querySelectorAll("[data-i18n-fn]")) {
      node.dataset.i18nLang = lang;
      relabel(node);
    }
  }

  /** One line of answer text with each [n] turned into a button that opens source n. */
  function renderLine(line, citations) {
    const p = E.el("p");
    const pattern = /\[(\d{1,3})\]/g;
    let at = 0;
    let match;
    while ((match = pattern.exec(line)) !== null) {
      if (match.index > at) p.append(line.slice(at, match.index));
      const n = Number(match[1]);
      const citation = citations.get(n);
      if (citation) p.append(citeButton(citation, "cite"));
      else p.append(match[0]);
      at = match.index + match[0].length;
    }
    if (at < line.length) p.append(line.slice(at));
    return p;
  }

  /** A benefit screen: likely and need-more-information first, each expandable to its criteria,
      what it gives, how to apply and its sources; the rest folded away. */
  function renderScreen(screen, lang, citations) {
    const wrap = E.el("div", { class: "screen" });
    const renderBenefit = (result, language) => benefitItem(result, language, citations);
    const open = screen.results.filter((r) => r.status === "likely" || r.status === "need_info");
    const rest = screen.results.filter((r) => !(r.status === "likely" || r.status === "need_info"));
    const list = E.el("ul", { class: "screen-list" });
    for (const result of open) list.append(renderBenefit(result, lang));
    wrap.append(list);
    if (rest.length) {
      const more = E.el("details", { class: "screen-rest" }, labelled(E.el("summary"), "screenOthers"));
      const restList = E.el("ul", { class: "screen-list" });
      for (const result of rest) restList.append(renderBenefit(result, lang));
      more.append(restList);
      wrap.append(more);
    }
    return wrap;
  }

  /** One benefit of a screen. Its sources join the answer's, numbered as in the sources list below. */
  function benefitItem(result, lang, citations) {
    const number = new Map();
    for (const c of result.citations || []) {
      let shared = [...citations.values()].find((a) => a.doc_id === c.doc_id && a.quote === c.quote);
      if (!shared) {
        shared = { ...c, n: citations.size + 1, language: c.language, answerLang: lang };
        citations.set(shared.n, shared);
      }
      number.set(Number(c.n), shared);
    }
    const cite = (n) => (number.has(Number(n)) ? citeButton(number.get(Number(n)), "cite") : null);
    const item = E.el("li", { class: `benefit benefit--${result.status}`, "data-card": result.card, "data-status": result.status });
    const details = E.el("details", { class: "benefit-details" });
    const summary = E.el(
      "summary",
      { class: "benefit-summary" },
      E.el("span", { class: "benefit-name", text: result.name }),
      " ",
      labelled(E.el("span", { class: `benefit-status status--${result.status}` }), `status_${result.status}`),
    );
    details.append(summary);
    const section = (key, rows) => {
      if (!rows.length) return;
      details.append(labelled(E.el("h5", { class: "benefit-sub" }), key));
      details.append(E.el("ul", { class: "benefit-rows" }, ...rows));
    };
    section("screenGives", result.gives.map((g) => E.el("li", {}, g.words || g.text || g.what, " ", cite(g.n))));
    section("screenMeets", result.met.map((c) => E.el("li", { class: "check--met" }, "✓ ", c.text || `${c.field} ${c.op} ${c.value}`, " ", cite(c.n))));
    section("screenFails", result.failed.map((c) => E.el("li", { class: "check--not-met" }, "✗ ", c.text || `${c.field} ${c.op} ${c.value}`, " ", cite(c.n))));
    section("screenAsk", (result.ask || []).map((q) => E.el("li", { class: "check--unknown" }, "? ", q)));
    const apply = result.apply || {};
    const applyRows = [];
    if (apply.where) applyRows.push(E.el("li", {}, apply.where, " ", ...(apply.n || []).slice(0, 1).map(cite)));
    if (apply.how) applyRows.push(E.el("li", {}, apply.how));
    section("screenApply", applyRows);
    section("screenBring", (apply.documents || []).map((d) => E.el("li", { text: d })));
    section("screenContacts", (apply.contacts || []).map((d) => E.el("li", { text: d })));
    item.append(details);
    return item;
  }

  function citeButton(citation, className) {
    const button = E.el("button", { type: "button", class: className, "data-cite": String(citation.n) });
    button.addEventListener("click", () => openCitation(citation, button));
    if (className === "cite") {
      button.append(E.el("span", { "aria-hidden": "true", text: String(citation.n) }));
      labelled(button, "citeButton", { n: citation.n, title: citation.title }, "aria");
    }
    return button;
  }

  function renderSources(citations) {
    const section = E.el("div", { class: "sources" });
    section.append(labelled(E.el("h4", { class: "sources-heading" }), "sources"));
    const list = E.el("ol", { class: "source-list" });
    for (const citation of citations.values()) {
      const button = citeButton(citation, "source-button");
      button.append(
        E.el("span", { class: "source-n", "aria-hidden": "true", text: String(citation.n) }),
        E.el(
          "span",
          { class: "source-text" },
          E.el("span", { class: "source-title", lang: citation.language || null, text: citation.title || citation.doc_id }),
          citation.published ? E.el("span", { class: "source-date", text: citation.published }) : null,
        ),
      );
      list.append(E.el("li", {}, button));
    }
    section.append(list);
    return section;
  }

  function renderChecklist(findings, citations) {
    const section = E.el("div", { class: "checklist" });
    section.append(labelled(E.el("h4", { class: "checklist-heading" }), "checklist"));
    const list = E.el("ul", { class: "checklist-items" });
    for (const finding of findings) {
      const kind = finding.status === "met" ? "met" : finding.status === "not met" ? "not-met" : "unknown";
      const icon = kind === "met" ? "✓" : kind === "not-met" ? "✗" : "?";
      const key = kind === "met" ? "met" : kind === "not-met" ? "notMet" : "unknown";
      const item = E.el("li", { class: `check check--${kind}`, "data-status": finding.status });
      item.append(
        E.el("span", { class: "check-icon", "aria-hidden": "true", text: icon }),
        E.el(
          "span",
          { class: "check-text" },
          labelled(E.el("strong", { class: "check-status" }), key),
          " ",
          E.el("span", { class: "check-required", text: finding.required || finding.condition }),
          finding.profile_value ? labelled(E.el("span", { class: "check-value" }), "yourValue", { v: finding.profile_value }) : null,
        ),
      );
      const citation = citations.get(Number(finding.citation));
      if (citation) item.append(citeButton(citation, "cite"));
      list.append(item);
    }
    section.append(list);
    return section;
  }

  /* ---------- the citation dialog ---------- */

  function openCitation(citation, opener) {
    returnFocusTo = opener;
    dialogTitle.replaceChildren(
      labelled(E.el("span", { class: "dialog-kicker" }), "sourceTitle", { n: citation.n }),
      E.el("span", { class: "dialog-doc-title", lang: citation.language || null, text: citation.title || citation.doc_id }),
    );
    const meta = E.el("dl", { class: "citation-meta" });
    meta.append(
      labelled(E.el("dt"), "published"),
      citation.published ? E.el("dd", { class: "citation-date", text: citation.published }) : labelled(E.el("dd", { class: "citation-date" }), "noDate"),
    );
    if (citation.source) {
      meta.append(
        labelled(E.el("dt"), "source"),
        E.el(
          "dd",
          { class: "citation-source" },
          E.isUrl(citation.source)
            ? E.el("a", { href: citation.source, target: "_blank", rel: "noopener noreferrer", text: citation.source })
            : citation.source,
        ),
      );
    }
    const start = Number(citation.start) || 0;
    const quote = String(citation.quote || "");
    const parts = [
      meta,
      labelled(E.el("p", { class: "highlight-note" }), "highlightNote"),
      labelled(E.el("h3", { class: "quote-heading" }), "quoteHeading"),
      E.el("blockquote", { class: "citation-quote", lang: citation.language || null }, E.highlighted(quote, citation.highlights, start)),
    ];
    const converted = citation.quote_converted;
    if (converted && converted !== quote) {
      // OpenCC keeps lengths nearly always; only reuse the offsets when it did.
      const ranges = converted.length === quote.length ? citation.highlights : [];
      parts.push(
        labelled(E.el("h3", { class: "quote-heading" }), "convertedHeading"),
        E.el("blockquote", { class: "citation-quote citation-quote--converted", lang: citation.answerLang || null }, E.highlighted(converted, ranges, start)),
      );
    }
    dialogBody.replaceChildren(...parts);
    inLanguage(dialogTitle, citation.answerLang);
    inLanguage(dialogBody, citation.answerLang);
    dialog.dataset.cite = String(citation.n);
    if (typeof dialog.showModal === "function") dialog.showModal();
    else dialog.setAttribute("open", "");
    dialogBody.scrollTop = 0;
    $("#citation-close").focus();
  }

  function closeCitation() {
    if (typeof dialog.close === "function") dialog.close();
    else dialog.removeAttribute("open");
  }

  $("#citation-close").addEventListener("click", closeCitation);
  dialog.addEventListener("close", () => {
    if (returnFocusTo && document.contains(returnFocusTo)) returnFocusTo.focus();
    returnFocusTo = null;
  });
  // Escape closes a modal <dialog> natively; this covers browsers without showModal.
  dialog.addEventListener("keydown", (event) => {
    if (event.key === "Escape") {
      event.preventDefault();
      closeCitation();
    }
  });
  // A click on the backdrop (outside the box) closes too.
  dialog.addEventListener("click", (event) => {
    if (event.target !== dialog) return;
    const box = dialog.getBoundingClientRect();
    const inside = event.clientX >= box.left && event.clientX <= box.right && event.clientY >= box.top && event.clientY <= box.bottom;
    if (!inside) closeCitation();
  });

  /* ---------- feedback ---------- */

  function feedbackControl(answerId) {
    const box = E.el("div", { class: "feedback", role: "group" });
    const question = labelled(E.el("p", { class: "feedback-question" }), "helpful");
    const id = `fb-${answerId}`;
    question.id = id;
    box.setAttribute("aria-labelledby", id);
    const buttons = E.el("div", { class: "feedback-buttons" });
    const message = E.el("p", { class: "feedback-message", role: "status" });
    const sendFeedback = async (helpful) => {
      for (const b of buttons.querySelectorAll("button")) b.disabled = true;
      try {
        await E.fetchJSON("/api/feedback", { method: "POST", body: { answer_id: answerId, helpful }, timeoutMs: 15000 });
        buttons.remove();
        question.remove();
        labelled(message, "thanks");
        message.classList.add("feedback-message--thanks");
      } catch (_) {
        for (const b of buttons.querySelectorAll("button")) b.disabled = false;
        labelled(message, "feedbackFailed");
      }
    };
    const yes = labelled(E.el("button", { type: "button", class: "btn btn-secondary feedback-yes" }), "yes");
    const no = labelled(E.el("button", { type: "button", class: "btn btn-secondary feedback-no" }), "no");
    yes.addEventListener("click", () => sendFeedback(true));
    no.addEventListener("click", () => sendFeedback(false));
    buttons.append(yes, no);
    box.append(question, buttons, message);
    return box;
  }

  /* ---------- read aloud ---------- */

  const CANTONESE = /[嘅咗唔喺冇嗰啲咩佢哋噉睇諗攞畀嚟]|點樣|邊度|呢度|乜嘢|係咪|香港|澳門|澳门|Hong Kong|Macau|Macao/;
  let speakingButton = null;

  /** The BCP-47 tag to speak an answer in: zh-Hans -> zh-CN, zh-Hant -> zh-HK when the exchange looks
      Cantonese (particles, or a Hong Kong / Macau profile), else zh-TW; en -> en. */
  function speechLang(answer, question) {
    const lang = answer.lang || "en";
    if (lang === "zh-Hans") return "zh-CN";
    if (lang === "zh-Hant") {
      const region = (answer.profile && answer.profile.region) || "";
      return CANTONESE.test(`${question || ""}\n${answer.answer || ""}\n${region}`) ? "zh-HK" : "zh-TW";
    }
    return "en";
  }

  function pickVoice(tag) {
    const voices = window.speechSynthesis.getVoices() || [];
    const norm = (s) => String(s || "").replace("_", "-").toLowerCase();
    const want = norm(tag);
    return (
      voices.find((v) => norm(v.lang) === want) ||
      voices.find((v) => norm(v.lang).startsWith(`${want}-`)) ||
      (want === "zh-hk" ? voices.find((v) => /yue|cantonese/i.test(`${v.lang} ${v.name}`)) : null) ||
      null
    );
  }

  function speakable(text) {
    return String(text || "").replace(/\s*\[\d{1,3}\]/g, "").replace(/[•]/g, "").trim();
  }

  function canSpeak() {
    return Boolean(window.speechSynthesis && window.SpeechSynthesisUtterance);
  }

  function stopSpeaking() {
    if (!canSpeak()) return;
    window.speechSynthesis.cancel();
    if (speakingButton) setReadLabel(speakingButton, false);
    speakingButton = null;
  }

  function setReadLabel(button, speaking) {
    button.setAttribute("aria-pressed", String(speaking));
    labelled(button.querySelector(".read-label"), speaking ? "stopReading" : "readAloud");
  }

  function speakerIcon() {
    const svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("width", "1em");
    svg.setAttribute("height", "1em");
    svg.setAttribute("class", "icon");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    const cone = document.createElementNS(svg.namespaceURI, "path");
    cone.setAttribute("d", "M3 9.5h4l5-4.5v14l-5-4.5H3z");
    cone.setAttribute("fill", "currentColor");
    const waves = document.createElementNS(svg.namespaceURI, "path");
    waves.setAttribute("d", "M15.5 8.5a5 5 0 0 1 0 7M18.5 5.5a9 9 0 0 1 0 13");
    waves.setAttribute("fill", "none");
    waves.setAttribute("stroke", "currentColor");
    waves.setAttribute("stroke-width", "2");
    waves.setAttribute("stroke-linecap", "round");
    svg.append(cone, waves);
    return svg;
  }

  function readAloudButton(answer, question) {
    const button = E.el(
      "button",
      { type: "button", class: "btn btn-secondary read-aloud", "aria-pressed": "false", "data-speech-lang": speechLang(answer, question) },
      speakerIcon(),
      E.el("span", { class: "read-label" }),
    );
    setReadLabel(button, false);
    button.addEventListener("click", () => {
      if (speakingButton === button) {
        stopSpeaking();
        return;
      }
      stopSpeaking();
      const utterance = new SpeechSynthesisUtterance(speakable(answer.answer));
      utterance.lang = button.dataset.speechLang;
      const voice = pickVoice(utterance.lang);
      if (voice) utterance.voice = voice;
      utterance.rate = 0.9;
      utterance.onend = utterance.onerror = () => {
        if (speakingButton === button) {
          setReadLabel(button, false);
          speakingButton = null;
        }
      };
      speakingButton = button;
      setReadLabel(button, true);
      window.speechSynthesis.speak(utterance);
    });
    return button;
  }

  /* ---------- voice input ---------- */

  const Recognition = window.SpeechRecognition || window.webkitSpeechRecognition;
  let recognition = null;
  let listening = false;

  function recognitionLang() {
    if (uiLang === "zh-Hans") return "zh-CN";
    if (uiLang === "zh-Hant") {
      const hk = (navigator.languages || []).some((l) => /^zh-(hk|mo)|^yue/i.test(l));
      return hk ? "zh-HK" : "zh-TW";
    }
    return "en-US";
  }

  function setListening(on) {
    listening = on;
    mic.setAttribute("aria-pressed", String(on));
    mic.classList.toggle("is-listening", on);
    labelled(mic.querySelector(".mic-label"), on ? "listening" : "speak");
  }

  if (Recognition) {
    try {
      recognition = new Recognition();
      recognition.interimResults = true;
      recognition.continuous = false;
      recognition.maxAlternatives = 1;
      recognition.lang = recognitionLang();
      let before = "";
      recognition.onstart = () => {
        before = input.value ? `${input.value.trim()} ` : "";
        setListening(true);
      };
      recognition.onresult = (event) => {
        let heard = "";
        for (let i = 0; i < event.results.length; i += 1) heard += event.results[i][0].transcript;
        input.value = before + heard;
      };
      recognition.onend = () => {
        setListening(false);
        input.focus();
      };
      recognition.onerror = () => setListening(false);
      mic.hidden = false;
      mic.addEventListener("click", () => {
        if (listening) recognition.stop();
        else {
          recognition.lang = recognitionLang();
          try {
            recognition.start();
          } catch (_) {
            setListening(false);
          }
        }
      });
    } catch (_) {
      recognition = null;
      mic.hidden = true;
    }
  }

  /* ---------- start ---------- */

  applySize();
  setUiLang(uiLang);
  // For tests and for support staff: the speech-language rule, without the network.
  window.EldercareChat = { speechLang };
})();
