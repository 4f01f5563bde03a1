/* The console's "screen the caller" panel: a short form (age, place, income, savings, residence, years,
   care, benefits received) that fills from what the caller said, a checklist per benefit with its
   citations, and one key (s) to copy the whole screen as text with its sources. */
"use strict";

(() => {
  const E = Eldercare;
  const WORDS = {
    en: {
      heading: "Screen the caller", age: "Age", place: "Place", income: "Income a month", savings: "Savings and property",
      residence: "Residence", unknown: "not known", citizen: "citizen", permanent: "permanent resident",
      hukou: "household registration (hukou)", resident: "resident", notResident: "not a resident",
      years: "Years insured / lived there", care: "Needs care (disability, dementia)", lowIncome: "Low income / on assistance",
      alone: "Lives alone", benefits: "Already receives another benefit", run: "Screen", copy: "Copy screen",
      keyCopyScreen: "copy the caller's screen", screening: "Screening…", copied: "Screen copied ({n} characters).",
      copyFailed: "The clipboard refused; the text is in the box below the answer: press Ctrl+C.",
      counts: "{likely} likely · {need} need information · {not} not eligible · {un} not assessed",
      likely: "likely", need_info: "need info", not_eligible: "not eligible", unassessed: "not assessed",
      ask: "Ask: {v}", gives: "Gives: {v}", noPlace: "Enter the caller's place.",
    },
    "zh-Hans": {
      heading: "为来电者筛查福利", age: "年龄", place: "地点", income: "每月收入", savings: "存款和房产",
      residence: "居民身份", unknown: "未知", citizen: "公民", permanent: "永久居民", hukou: "户籍", resident: "居民",
      notResident: "不是当地居民", years: "参保或居住年数", care: "需要照顾（失能、失智）", lowIncome: "低收入或领取救助",
      alone: "独居", benefits: "已领取其他福利", run: "筛查", copy: "复制筛查结果", keyCopyScreen: "复制来电者的筛查结果",
      screening: "筛查中…", copied: "已复制筛查结果（{n} 个字符）。", copyFailed: "无法写入剪贴板；文字已放进回答下方的框内，请按 Ctrl+C。",
      counts: "可能符合 {likely} · 需要资料 {need} · 不符合 {not} · 未能判断 {un}",
      likely: "可能符合", need_info: "需要资料", not_eligible: "不符合", unassessed: "未能判断",
      ask: "请问：{v}", gives: "提供：{v}", noPlace: "请输入来电者所在的地点。",
    },
    "zh-Hant": {
      heading: "為來電者篩查福利", age: "年齡", place: "地點", income: "每月收入", savings: "存款和物業",
      residence: "居民身份", unknown: "未知", citizen: "公民", permanent: "永久居民", hukou: "戶籍", resident: "居民",
      notResident: "不是當地居民", years: "參保或居住年數", care: "需要照顧（失能、失智）", lowIncome: "低收入或領取援助",
      alone: "獨居", benefits: "已領取其他福利", run: "篩查", copy: "複製篩查結果", keyCopyScreen: "複製來電者的篩查結果",
      screening: "篩查中…", copied: "已複製篩查結果（{n} 個字元）。", copyFailed: "無法寫入剪貼簿；文字已放進回答下方的框內，請按 Ctrl+C。",
      counts: "可能符合 {likely} · 需要資料 {need} · 不符合 {not} · 未能判斷 {un}",
      likely: "可能符合", need_info: "需要資料", not_eligible: "不符合", unassessed: "未能判斷",
      ask: "請問：{v}", gives: "提供：{v}", noPlace: "請輸入來電者所在的地點。",
    },
  };
  const $ = (id) => document.getElementById(id);
  const form = $("screen-form");
  if (!form) return;
  const status = $("screen-status");
  const box = $("screen-results");
  const copyButton = $("screen-copy");
  let sessionId = null;
  let lastScreen = null;

  const uiLang = () => {
    const on = document.querySelector('[data-ui-lang][aria-pressed="true"]');
    return (on && on.dataset.uiLang) || "en";
  };
  const w = (key, values) => E.format((WORDS[uiLang()] || WORDS.en)[key] ?? WORDS.en[key] ?? key, values || {});

  function relabel() {
    for (const node of document.querySelectorAll("[data-screen-i18n]")) node.textContent = w(node.dataset.screenI18n);
  }
  for (const button of document.querySelectorAll("[data-ui-lang]")) button.addEventListener("click", () => setTimeout(relabel, 0));
  relabel();

  /** Fill the form from what the caller said (the profile the assistant read from the question). */
  function fill(profile) {
    if (!profile) return;
    if (profile.age != null) $("s-age").value = profile.age;
    if (profile.region) $("s-place").value = profile.region;
    if (profile.income_year != null) $("s-income").value = Math.round(profile.income_year / 12);
    if (profile.assets != null) $("s-assets").value = profile.assets;
    if (profile.years != null) $("s-years").value = profile.years;
    if (profile.resident === false) $("s-residence").value = "none";
    else if (profile.residence) $("s-residence").value = profile.residence;
    if (profile.care_need != null) $("s-care").checked = Boolean(profile.care_need);
    if (profile.low_income != null) $("s-low").checked = Boolean(profile.low_income);
    if (profile.living_alone != null) $("s-alone").checked = Boolean(profile.living_alone);
    if (profile.other_benefit != null) $("s-other").checked = Boolean(profile.other_benefit);
  }

  function profileOfForm() {
    const number = (id) => ($(id).value === "" ? null : Number($(id).value));
    const profile = {};
    if (number("s-age") !== null) profile.age = number("s-age");
    if (number("s-income") !== null) profile.income_year = number("s-income") * 12;
    if (number("s-assets") !== null) profile.assets = number("s-assets");
    if (number("s-years") !== null) profile.years = number("s-years");
    const residence = $("s-residence").value;
    if (residence === "none") profile.resident = false;
    else if (residence) {
      profile.residence = residence;
      profile.resident = true;
    }
    if ($("s-care").checked) profile.care_need = true;
    if ($("s-low").checked) profile.low_income = true;
    if ($("s-alone").checked) profile.living_alone = true;
    if ($("s-other").checked) profile.other_benefit = true;
    return profile;
  }

  function render(screen) {
    const c = screen.counts || {};
    status.textContent = w("counts", { likely: c.likely || 0, need: c.need_info || 0, not: c.not_eligible || 0, un: c.unassessed || 0 });
    const list = E.el("ol", { class: "screen-checklist" });
    for (const result of screen.results) {
      const item = E.el("li", { class: `screen-item screen-${result.status}`, "data-card": result.card, "data-status": result.status });
      item.append(E.el("div", { class: "screen-head" }, E.el("strong", { text: result.name }), " ", E.el("span", { class: `screen-badge badge-${result.status}`, text: w(result.status) })));
      const rows = E.el("ul", { class: "screen-rows" });
      const mark = (symbol, cls, c) => E.el("li", { class: cls }, `${symbol} ${c.text || `${c.field} ${c.op} ${c.value}`} `, E.el("sup", { text: `[${c.n}]` }));
      for (const c of result.met) rows.append(mark("✓", "row-met", c));
      for (const c of result.failed) rows.append(mark("✗", "row-failed", c));
      for (const c of result.unknown) rows.append(mark("?", "row-unknown", c));
      for (const a of result.ask || []) rows.append(E.el("li", { class: "row-ask", text: w("ask", { v: a }) }));
      if (result.gives.length) rows.append(E.el("li", { class: "row-gives", text: w("gives", { v: result.gives.map((g) => g.words || g.text || g.what).join("; ") }) }));
      item.append(rows);
      list.append(item);
    }
    box.replaceChildren(list);
  }

  async function run() {
    const place = $("s-place").value.trim();
    if (!place) {
      status.textContent = w("noPlace");
      $("s-place").focus();
      return;
    }
    status.textContent = w("screening");
    try {
      const body = { profile: profileOfForm(), place, lang: uiLang() };
      if (sessionId) body.session_id = sessionId;
      const screen = await E.fetchJSON("/api/screen", { method: "POST", body, timeoutMs: 60000 });
      if (screen.session_id) sessionId = screen.session_id;
      lastScreen = screen;
      render(screen);
      copyButton.disabled = false;
    } catch (error) {
      status.textContent = error.message || String(error);
    }
  }

  async function copy() {
    if (!lastScreen) return;
    const text = lastScreen.text || "";
    const ok = await E.copyText(text, $("copy-buffer"));
    status.textContent = ok ? w("copied", { n: text.length }) : w("copyFailed");
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    run();
  });
  copyButton.addEventListener("click", copy);
  document.addEventListener("eldercare:answer", (event) => {
    const answer = event.detail || {};
    if (answer.session_id) sessionId = answer.session_id;
    fill(answer.profile);
    if (answer.screen) {
      lastScreen = answer.screen;
      render(answer.screen);
      copyButton.disabled = false;
    }
  });
  document.addEventListener("eldercare:new-caller", () => {
    form.reset();
    sessionId = null;
    lastScreen = null;
    box.replaceChildren();
    status.textContent = "";
    copyButton.disabled = true;
  });
  document.addEventListener("keydown", (event) => {
    const target = event.target;
    if (event.isComposing || event.ctrlKey || event.metaKey || event.altKey) return;
    if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) return;
    if (event.key === "s") {
      event.preventDefault();
      copy();
    }
  });
})();
