/* Policy cards in the staff workspace: a document's cards beside its text, each field's quoted sentence
   highlighted; confirm, correct, add or remove a card, and add test cases (also from a screening just run).
   Changes are written to kb/cards/<doc id>.yaml by the server and win over what the machine read. */
"use strict";

(() => {
  const E = Eldercare;
  const WORDS = {
    en: {
      heading: "Policy cards",
      none: "No card was read from this document.",
      machine: "read by machine",
      staff: "checked by staff, {at}",
      review: "To review",
      conditions: "Conditions",
      gives: "Gives",
      apply: "How to apply",
      tests: "Tests",
      confirm: "Confirm",
      edit: "Correct",
      remove: "Remove",
      save: "Save",
      cancel: "Cancel",
      addTest: "Add test",
      addCard: "Add a card",
      name: "Name",
      expect: "Expected status",
      profile: "Profile (JSON)",
      place: "Place",
      tryHeading: "Screen a profile against these cards",
      run: "Screen",
      saveAsTest: "Save as test",
      saved: "Saved.",
      removed: "Removed.",
      fields: "Card fields (JSON: conditions, gives)",
      noneGiven: "none stated",
    },
    "zh-Hans": {
      heading: "政策卡片",
      none: "没有从这个文件读出卡片。",
      machine: "机器读取",
      staff: "工作人员已核对，{at}",
      review: "需要复核",
      conditions: "条件",
      gives: "提供",
      apply: "申请方法",
      tests: "测试",
      confirm: "确认",
      edit: "更正",
      remove: "删除",
      save: "保存",
      cancel: "取消",
      addTest: "添加测试",
      addCard: "添加卡片",
      name: "名称",
      expect: "预期结果",
      profile: "个人资料（JSON）",
      place: "地点",
      tryHeading: "用一个个人资料筛查这些卡片",
      run: "筛查",
      saveAsTest: "存为测试",
      saved: "已保存。",
      removed: "已删除。",
      fields: "卡片字段（JSON：conditions、gives）",
      noneGiven: "未写明",
    },
    "zh-Hant": {
      heading: "政策卡片",
      none: "沒有從這個文件讀出卡片。",
      machine: "機器讀取",
      staff: "工作人員已核對，{at}",
      review: "需要複核",
      conditions: "條件",
      gives: "提供",
      apply: "申請方法",
      tests: "測試",
      confirm: "確認",
      edit: "更正",
      remove: "刪除",
      save: "儲存",
      cancel: "取消",
      addTest: "新增測試",
      addCard: "新增卡片",
      name: "名稱",
      expect: "預期結果",
      profile: "個人資料（JSON）",
      place: "地點",
      tryHeading: "用一個個人資料篩查這些卡片",
      run: "篩查",
      saveAsTest: "存為測試",
      saved: "已儲存。",
      removed: "已刪除。",
      fields: "卡片欄位（JSON：conditions、gives）",
      noneGiven: "未寫明",
    },
  };
  const STATUSES = ["likely", "need_info", "not_eligible", "unassessed"];
  let lang = "en";
  const w = (key, values) => E.format((WORDS[lang] || WORDS.en)[key] ?? WORDS.en[key] ?? key, values || {});

  /** Wrap the document offsets [start, end) of each range in <mark>, skipping the chunk labels. */
  function markRanges(container, ranges) {
    for (const old of container.querySelectorAll("mark.cite")) old.replaceWith(...old.childNodes);
    container.normalize();
    const nodes = [];
    const walker = document.createTreeWalker(container, NodeFilter.SHOW_TEXT, {
      acceptNode: (node) => (node.parentElement.closest(".chunk-label") ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT),
    });
    let offset = 0;
    while (walker.nextNode()) {
      nodes.push({ node: walker.currentNode, start: offset });
      offset += walker.currentNode.data.length;
    }
    const sorted = ranges.filter((r) => r.start >= 0 && r.end > r.start).sort((a, b) => b.start - a.start);
    for (const range of sorted) {
      for (const { node, start } of nodes) {
        const a = Math.max(range.start, start);
        const b = Math.min(range.end, start + node.data.length);
        if (a >= b || !node.parentNode) continue;
        const r = document.createRange();
        r.setStart(node, a - start);
        r.setEnd(node, b - start);
        const mark = E.el("mark", { class: "cite", dataset: { key: range.key } });
        try {
          r.surroundContents(mark);
        } catch (_) {
          /* a range across elements: left unmarked */
        }
      }
    }
  }

  function activate(textEl, key) {
    let first = null;
    for (const mark of textEl.querySelectorAll("mark.cite")) {
      const on = mark.dataset.key === key;
      mark.classList.toggle("cite-active", on);
      if (on && !first) first = mark;
    }
    if (first) first.scrollIntoView({ block: "nearest", behavior: "smooth" });
  }

  function fieldItem(textEl, label, quote, key) {
    const item = E.el("li", { class: "card-field", tabindex: "0", dataset: { key } }, E.el("span", { class: "field-label", text: label }));
    if (quote) item.append(E.el("q", { class: "field-quote", text: quote }));
    const on = () => activate(textEl, key);
    item.addEventListener("mouseenter", on);
    item.addEventListener("focus", on);
    item.addEventListener("click", on);
    return item;
  }

  function conditionLabel(c) {
    const value = c.value === null || c.value === undefined ? "" : c.value;
    const unit = [c.currency, c.period ? `/${c.period}` : "", c.per ? `per ${c.per}` : ""].filter(Boolean).join(" ");
    return `${c.field}${c.about ? ` (${c.about})` : ""} ${c.op} ${value}${unit ? ` ${unit}` : ""}`;
  }

  function giveLabel(g) {
    const value = g.value === null || g.value === undefined ? "" : ` ${g.value}`;
    const unit = [g.currency, g.period ? `/${g.period}` : ""].filter(Boolean).join(" ");
    return `${g.what}${value}${unit ? ` ${unit}` : ""}`;
  }

  async function render(panel, docId, api, textEl, uiLang) {
    lang = uiLang || "en";
    const data = await api(`/api/admin/documents/${encodeURIComponent(docId)}/cards`);
    const ranges = [];
    panel.replaceChildren(E.el("h3", { class: "sub", id: "cards-heading", text: `${w("heading")} (${data.cards.length})` }));
    const status = E.el("p", { class: "muted", role: "status", "aria-live": "polite" });
    panel.append(status);
    if (!data.cards.length) panel.append(E.el("p", { class: "muted", text: w("none") }));
    const rerender = () => render(panel, docId, api, textEl, lang).catch((e) => (status.textContent = e.message));

    data.cards.forEach((card, i) => {
      const item = E.el("article", { class: "card-item", dataset: { card: card.id } });
      const badge = card.checked
        ? E.el("span", { class: "badge badge-staff", text: w("staff", { at: card.checked.at }) })
        : E.el("span", { class: "badge badge-machine", text: w("machine") });
      item.append(E.el("h4", { class: "card-name" }, E.el("span", { text: card.name }), " ", E.el("span", { class: "card-kind", text: card.kind }), " ", badge));
      if (card.review && card.review.length) {
        item.append(E.el("p", { class: "review", text: `${w("review")}: ${card.review.join("; ")}` }));
      }
      const conditions = E.el("ul", { class: "card-fields" });
      card.conditions.forEach((c, j) => {
        const key = `${i}-c${j}`;
        ranges.push({ start: c.cite.start, end: c.cite.end, key });
        conditions.append(fieldItem(textEl, conditionLabel(c), c.text || "", key));
      });
      const gives = E.el("ul", { class: "card-fields" });
      card.gives.forEach((g, j) => {
        const key = `${i}-g${j}`;
        ranges.push({ start: g.cite.start, end: g.cite.end, key });
        gives.append(fieldItem(textEl, giveLabel(g), g.text || "", key));
      });
      item.append(E.el("h5", { text: w("conditions") }), card.conditions.length ? conditions : E.el("p", { class: "muted", text: w("noneGiven") }));
      item.append(E.el("h5", { text: w("gives") }), card.gives.length ? gives : E.el("p", { class: "muted", text: w("noneGiven") }));
      if (card.tests && card.tests.length) {
        item.append(E.el("h5", { text: w("tests") }));
        item.append(E.el("ul", { class: "card-tests" }, ...card.tests.map((c) => E.el("li", { text: `${JSON.stringify(c.profile)} → ${c.expect}` }))));
      }

      const editor = E.el("div", { class: "card-editor", hidden: true });
      const area = E.el("textarea", { rows: "8", spellcheck: "false", "aria-label": w("fields") });
      area.value = JSON.stringify({ name: card.name, kind: card.kind, conditions: card.conditions, gives: card.gives }, null, 1);
      const saveButton = E.el("button", { type: "button", class: "btn btn-primary", text: w("save") });
      editor.append(E.el("label", { text: w("fields") }), area, saveButton);
      saveButton.addEventListener("click", async () => {
        try {
          await api(`/api/admin/cards/${encodeURIComponent(card.id)}`, { method: "PUT", json: JSON.parse(area.value) });
          status.textContent = w("saved");
          rerender();
        } catch (error) {
          status.textContent = error.message;
        }
      });

      const tester = E.el("div", { class: "card-editor", hidden: true });
      const profile = E.el("textarea", { rows: "2", spellcheck: "false", "aria-label": w("profile") });
      profile.value = '{"age": 65}';
      const expect = E.el("select", { "aria-label": w("expect") }, ...STATUSES.map((s) => E.el("option", { value: s, text: s })));
      const addTest = E.el("button", { type: "button", class: "btn btn-primary", text: w("addTest") });
      tester.append(E.el("label", { text: w("profile") }), profile, expect, addTest);
      addTest.addEventListener("click", async () => {
        try {
          await api(`/api/admin/cards/${encodeURIComponent(card.id)}/tests`, {
            method: "POST",
            json: { profile: JSON.parse(profile.value), expect: expect.value },
          });
          status.textContent = w("saved");
          rerender();
        } catch (error) {
          status.textContent = error.message;
        }
      });

      const buttons = E.el("div", { class: "buttons" });
      const confirm = E.el("button", { type: "button", class: "btn", text: w("confirm"), dataset: { action: "confirm" } });
      const edit = E.el("button", { type: "button", class: "btn", text: w("edit"), dataset: { action: "edit" } });
      const test = E.el("button", { type: "button", class: "btn", text: w("addTest"), dataset: { action: "test" } });
      const remove = E.el("button", { type: "button", class: "btn btn-danger", text: w("remove"), dataset: { action: "remove" } });
      confirm.addEventListener("click", async () => {
        try {
          await api(`/api/admin/cards/${encodeURIComponent(card.id)}`, { method: "PUT", json: {} });
          status.textContent = w("saved");
          rerender();
        } catch (error) {
          status.textContent = error.message;
        }
      });
      edit.addEventListener("click", () => (editor.hidden = !editor.hidden));
      test.addEventListener("click", () => (tester.hidden = !tester.hidden));
      remove.addEventListener("click", async () => {
        try {
          await api(`/api/admin/cards/${encodeURIComponent(card.id)}`, { method: "DELETE" });
          status.textContent = w("removed");
          rerender();
        } catch (error) {
          status.textContent = error.message;
        }
      });
      buttons.append(confirm, edit, test, remove);
      item.append(buttons, editor, tester);
      panel.append(item);
    });

    // Add a card the machine missed.
    const adder = E.el("details", { class: "card-add" }, E.el("summary", { text: w("addCard") }));
    const name = E.el("input", { type: "text", "aria-label": w("name"), placeholder: w("name") });
    const fields = E.el("textarea", { rows: "4", spellcheck: "false", "aria-label": w("fields") });
    fields.value = '{"kind": "cash", "conditions": [], "gives": []}';
    const add = E.el("button", { type: "button", class: "btn btn-primary", text: w("addCard") });
    add.addEventListener("click", async () => {
      try {
        await api(`/api/admin/documents/${encodeURIComponent(docId)}/cards`, {
          method: "POST",
          json: { name: name.value, ...JSON.parse(fields.value) },
        });
        status.textContent = w("saved");
        rerender();
      } catch (error) {
        status.textContent = error.message;
      }
    });
    adder.append(name, fields, add);
    panel.append(adder);

    // Screen a profile against this document's cards; a result can be kept as a test case.
    const trial = E.el("details", { class: "card-try" }, E.el("summary", { text: w("tryHeading") }));
    const tryProfile = E.el("textarea", { rows: "2", spellcheck: "false", "aria-label": w("profile") });
    tryProfile.value = '{"age": 70}';
    const tryPlace = E.el("input", { type: "text", "aria-label": w("place"), placeholder: w("place") });
    const run = E.el("button", { type: "button", class: "btn", text: w("run") });
    const results = E.el("ul", { class: "card-tests" });
    run.addEventListener("click", async () => {
      try {
        const person = JSON.parse(tryProfile.value);
        const place = tryPlace.value || (data.cards[0] && data.cards[0].place) || null;
        const screen = await E.fetchJSON("/api/screen", { method: "POST", body: { profile: person, place, lang } });
        const mine = screen.results.filter((r) => r.doc_id === docId);
        results.replaceChildren(
          ...mine.map((r) => {
            const keep = E.el("button", { type: "button", class: "btn", text: w("saveAsTest") });
            keep.addEventListener("click", async () => {
              try {
                await api(`/api/admin/cards/${encodeURIComponent(r.card)}/tests`, {
                  method: "POST",
                  json: { profile: person, expect: r.status },
                });
                status.textContent = w("saved");
                rerender();
              } catch (error) {
                status.textContent = error.message;
              }
            });
            return E.el("li", { dataset: { card: r.card } }, `${r.name}: `, E.el("strong", { class: `status-${r.status}`, text: r.status }), " ", keep);
          }),
        );
      } catch (error) {
        status.textContent = error.message;
      }
    });
    trial.append(tryProfile, tryPlace, run, results);
    panel.append(trial);

    markRanges(textEl, ranges);
    return data;
  }

  window.EldercareCards = { render };
})();
