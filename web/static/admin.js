/* The staff workspace: documents, adding (preview before publishing), reindex with progress, what users
   could not get, evaluation runs. The admin token lives in this tab's sessionStorage and travels only as
   an Authorization header: never in a URL, a cookie or the console. Never log questions either. */
"use strict";

(() => {
  const E = Eldercare;
  const STORE_LANG = "eldercare.admin.uiLang";
  const STORE_TOKEN = "eldercare.admin.token";
  const POLL_MS = 500;
  const FIELDS = ["title", "region", "published", "source", "language"];

  const STRINGS = {
    en: {
      skip: "Skip to the workspace",
      colCards: "Cards (checked)",
      cardsToReview: "cards to review",
      appTitle: "Knowledge-base workspace",
      appSub: "Eldercare Assistant",
      uiLanguage: "Interface language",
      chatLink: "Public chat",
      consoleLink: "Console",
      signOut: "Sign out",
      disabledHeading: "Admin is disabled",
      disabledText:
        "This server has no admin token, so nobody can change the knowledge base from here. Set ELDERCARE_ADMIN_TOKEN and restart the server to turn the workspace on.",
      signinHeading: "Sign in",
      signinHelp: "Enter the admin token. It is kept in this tab only and forgotten when the tab closes.",
      tokenLabel: "Admin token",
      signinButton: "Sign in",
      wrongToken: "That token is not right. Check ELDERCARE_ADMIN_TOKEN on the server.",
      signedOut: "Signed out.",
      navLabel: "Workspace",
      navDocuments: "Documents",
      navAdd: "Add a document",
      navIndex: "Index",
      navUnanswered: "Unanswered",
      navEvaluation: "Evaluation",
      documentsHeading: "Documents",
      filterLabel: "Filter (title, id, region, source)",
      languageLabel: "Language",
      anyLanguage: "Any",
      onlyWarned: "Only with warnings",
      documentsCaption: "Documents in the index; column buttons sort",
      colTitle: "Title",
      colLanguage: "Language",
      colRegion: "Region",
      colPublished: "Published",
      colSource: "Source",
      colChunks: "Chunks",
      colWarnings: "Warnings",
      docCount: "{shown} of {total} documents",
      noDate: "no date",
      pending: "Changed since the index was built (reindex to apply): {list}",
      skippedHeading: "Files not indexed",
      backToList: "← All documents",
      metadataLegend: "Metadata (written to the file's front matter)",
      extractedLegend: "Metadata ingestion read (edit before publishing)",
      fieldId: "Document id",
      fieldTitle: "Title",
      fieldRegion: "Region",
      fieldPublished: "Published (YYYY-MM-DD)",
      fieldSource: "Source",
      fieldLanguage: "Language",
      detect: "Detect",
      saveReindex: "Save and reindex",
      saveOnly: "Save (apply at next reindex)",
      deleteButton: "Delete…",
      saved: "Saved to {file}.",
      savedReindex: "Saved to {file}; reindexing.",
      cleanedHeading: "Cleaned text, chunks marked",
      chunkLabel: "chunk {n}",
      docMeta: "{id} · file {file} · {chunks} chunks · {chars} characters",
      addHeading: "Add a document",
      dropTitle: "Drop a file here",
      dropHelp: ".md, .txt, .html, .pdf or .docx",
      pickFile: "Choose a file",
      urlLabel: "Or the address of a page (http or https)",
      fetchButton: "Fetch and preview",
      reading: "Reading {name}…",
      fetching: "Fetching the page…",
      previewHeading: "Preview: what the assistant will read",
      previewReady: "Preview of {name}: {chunks} chunks. Check the metadata, then publish.",
      replaces: "A document with the id {id} exists ({file}): publishing replaces it with this version.",
      droppedSummary: "{n} line(s) dropped by cleaning",
      refreshPreview: "Update preview",
      publishButton: "Publish",
      cancel: "Cancel",
      publishing: "Publishing…",
      published: "Published {id} as {file}. Reindexing: it is answerable when the reindex finishes.",
      answerable: "{id} is answerable now ({s} s after publishing).",
      indexHeading: "Index",
      reindexButton: "Reindex now",
      buildId: "Build",
      buildDate: "Built",
      buildSize: "Size",
      buildDocs: "Documents",
      buildChunks: "Chunks",
      buildEmbedders: "Embedders",
      reindexing: "Reindexing: {stage} ({done} / {total})",
      reindexDone: "Reindex finished: {documents} documents, {chunks} chunks in {seconds} s.",
      reindexFailed: "Reindex failed, the previous index keeps serving: {error}",
      reindexAlready: "A reindex is already running; this one starts when it ends.",
      reindexingNote: "Reindexing ({stage}): this view updates when it finishes.",
      stageLabel: "Stage: {stage}",
      reindexPercent: "About {p}% done",
      unansweredHeading: "What users could not get",
      unansweredHelp:
        'Questions that ended without an answer, and answers marked "not helpful", grouped by topic and place. Phone and ID numbers are stripped; entries are deleted after 30 days.',
      unansweredOff:
        "Questions are not kept on this server (ELDERCARE_KEEP_UNANSWERED is off), so there is nothing to show. Questions are personal data: turn it on only where your privacy notice allows.",
      unansweredCount: "{n} question(s) in {g} group(s), last 30 days.",
      groupsCaption: "Unanswered questions by topic and place",
      colTopic: "Topic",
      colPlace: "Place",
      colNoAnswer: "No answer",
      colNotHelpful: "Not helpful",
      colExamples: "Examples",
      evaluationHeading: "Evaluation",
      evalSetLegend: "Question set",
      evalBundled: "Bundled (eval/questions.jsonl)",
      evalUpload: "Upload a .jsonl set",
      evalFileLabel: "Question set file",
      evalRun: "Run against the current index",
      evalNeedFile: "Choose a question set file first.",
      evalAlready: "An evaluation is already running: showing it. Start yours when it has finished.",
      evalRunning: "Evaluating: {done} / {total} questions",
      evalDone: "Evaluation finished: recall@5 {recall}, fact coverage {facts}.",
      evalFailed: "Evaluation failed: {error}",
      lastRuns: "Last runs",
      colStarted: "Started",
      colSet: "Set",
      colQuestions: "Questions",
      colFacts: "Fact coverage",
      colStatus: "Status",
      colReport: "Report",
      openReport: "Open report",
      reportOf: "Report of {id}",
      noRuns: "No runs yet.",
      deleteHeading: "Delete this document?",
      deleteText: "Delete “{title}” ({id}, file {file})? It stays answerable until the reindex that starts now finishes.",
      deleteConfirm: "Delete {id}",
      keep: "Keep it",
      deleted: "Deleted {id}; reindexing.",
      failed: "Failed: {error}",
      statusRunning: "running",
      statusDone: "done",
      statusFailed: "failed",
    },
    "zh-Hans": {
      colCards: "卡片（已核对）",
      cardsToReview: "需要复核的卡片",
      skip: "跳到工作区",
      appTitle: "知识库工作台",
      appSub: "长者照护助手",
      uiLanguage: "界面语言",
      chatLink: "公众版",
      consoleLink: "坐席台",
      signOut: "退出",
      disabledHeading: "管理功能未开启",
      disabledText: "本服务器没有设置管理令牌，无法在此修改知识库。请设置 ELDERCARE_ADMIN_TOKEN 后重启服务器。",
      signinHeading: "登录",
      signinHelp: "请输入管理令牌。令牌只保存在本标签页，关闭即忘记。",
      tokenLabel: "管理令牌",
      signinButton: "登录",
      wrongToken: "令牌不正确，请核对服务器上的 ELDERCARE_ADMIN_TOKEN。",
      signedOut: "已退出。",
      navLabel: "工作区",
      navDocuments: "文件",
      navAdd: "添加文件",
      navIndex: "索引",
      navUnanswered: "未能回答",
      navEvaluation: "评测",
      documentsHeading: "文件",
      filterLabel: "筛选（标题、编号、地区、来源）",
      languageLabel: "语言",
      anyLanguage: "不限",
      onlyWarned: "只看有警告的",
      documentsCaption: "索引中的文件；点列标题排序",
      colTitle: "标题",
      colLanguage: "语言",
      colRegion: "地区",
      colPublished: "发布日期",
      colSource: "来源",
      colChunks: "段数",
      colWarnings: "警告",
      docCount: "显示 {shown} / 共 {total} 个文件",
      noDate: "无日期",
      pending: "建索引后有改动（重建索引后生效）：{list}",
      skippedHeading: "未收录的文件",
      backToList: "← 全部文件",
      metadataLegend: "元数据（写入文件开头的 front matter）",
      extractedLegend: "读取到的元数据（发布前可修改）",
      fieldId: "文件编号",
      fieldTitle: "标题",
      fieldRegion: "地区",
      fieldPublished: "发布日期（YYYY-MM-DD）",
      fieldSource: "来源",
      fieldLanguage: "语言",
      detect: "自动识别",
      saveReindex: "保存并重建索引",
      saveOnly: "保存（下次重建时生效）",
      deleteButton: "删除…",
      saved: "已保存到 {file}。",
      savedReindex: "已保存到 {file}，正在重建索引。",
      cleanedHeading: "清理后的文本（标出分段）",
      chunkLabel: "第 {n} 段",
      docMeta: "{id} · 文件 {file} · {chunks} 段 · {chars} 字",
      addHeading: "添加文件",
      dropTitle: "把文件拖到这里",
      dropHelp: ".md、.txt、.html、.pdf 或 .docx",
      pickFile: "选择文件",
      urlLabel: "或输入网页地址（http 或 https）",
      fetchButton: "抓取并预览",
      reading: "正在读取 {name}…",
      fetching: "正在抓取网页…",
      previewHeading: "预览：助手将读到的内容",
      previewReady: "{name} 的预览：{chunks} 段。请核对元数据，然后发布。",
      replaces: "已有编号为 {id} 的文件（{file}）：发布后由这个版本取代。",
      droppedSummary: "清理时删去了 {n} 行",
      refreshPreview: "更新预览",
      publishButton: "发布",
      cancel: "取消",
      publishing: "正在发布…",
      published: "已发布 {id}（{file}），正在重建索引：完成后即可回答。",
      answerable: "{id} 现在可以回答了（发布后 {s} 秒）。",
      indexHeading: "索引",
      reindexButton: "立即重建索引",
      buildId: "版本",
      buildDate: "建立时间",
      buildSize: "大小",
      buildDocs: "文件数",
      buildChunks: "段数",
      buildEmbedders: "向量模型",
      reindexing: "正在重建索引：{stage}（{done} / {total}）",
      reindexDone: "索引重建完成：{documents} 个文件，{chunks} 段，用时 {seconds} 秒。",
      reindexFailed: "重建索引失败，仍由原索引回答：{error}",
      reindexAlready: "已有重建在进行；结束后会再重建一次。",
      reindexingNote: "正在重建索引（{stage}）：完成后本页自动更新。",
      stageLabel: "阶段：{stage}",
      reindexPercent: "约完成 {p}%",
      unansweredHeading: "用户没能得到的回答",
      unansweredHelp: "没有得到回答的问题，以及被标为“没有帮助”的回答，按主题和地区归类。电话和证件号码已删去；记录保存 30 天后删除。",
      unansweredOff: "本服务器不保存问题（ELDERCARE_KEEP_UNANSWERED 未开启），所以这里没有内容。问题属于个人资料：请在隐私声明允许时才开启。",
      unansweredCount: "最近 30 天共 {n} 个问题，{g} 组。",
      groupsCaption: "按主题和地区归类的未回答问题",
      colTopic: "主题",
      colPlace: "地区",
      colNoAnswer: "未回答",
      colNotHelpful: "没有帮助",
      colExamples: "例子",
      evaluationHeading: "评测",
      evalSetLegend: "问题集",
      evalBundled: "内置（eval/questions.jsonl）",
      evalUpload: "上传 .jsonl 问题集",
      evalFileLabel: "问题集文件",
      evalRun: "用当前索引评测",
      evalNeedFile: "请先选择问题集文件。",
      evalAlready: "已有评测在进行，下面显示的是它；结束后再开始您的评测。",
      evalRunning: "评测中：{done} / {total} 个问题",
      evalDone: "评测完成：recall@5 {recall}，事实覆盖率 {facts}。",
      evalFailed: "评测失败：{error}",
      lastRuns: "最近的评测",
      colStarted: "开始时间",
      colSet: "问题集",
      colQuestions: "问题数",
      colFacts: "事实覆盖率",
      colStatus: "状态",
      colReport: "报告",
      openReport: "打开报告",
      reportOf: "{id} 的报告",
      noRuns: "还没有评测。",
      deleteHeading: "删除这个文件？",
      deleteText: "删除“{title}”（{id}，文件 {file}）？在随即开始的索引重建完成前，它仍会被用来回答。",
      deleteConfirm: "删除 {id}",
      keep: "保留",
      deleted: "已删除 {id}，正在重建索引。",
      failed: "失败：{error}",
      statusRunning: "进行中",
      statusDone: "完成",
      statusFailed: "失败",
    },
    "zh-Hant": {
      colCards: "卡片（已核對）",
      cardsToReview: "需要複核的卡片",
      skip: "跳到工作區",
      appTitle: "知識庫工作台",
      appSub: "長者照護助手",
      uiLanguage: "介面語言",
      chatLink: "公眾版",
      consoleLink: "坐席台",
      signOut: "登出",
      disabledHeading: "管理功能未開啟",
      disabledText: "本伺服器沒有設定管理令牌，無法在此修改知識庫。請設定 ELDERCARE_ADMIN_TOKEN 後重新啟動伺服器。",
      signinHeading: "登入",
      signinHelp: "請輸入管理令牌。令牌只保存在本分頁，關閉即忘記。",
      tokenLabel: "管理令牌",
      signinButton: "登入",
      wrongToken: "令牌不正確，請核對伺服器上的 ELDERCARE_ADMIN_TOKEN。",
      signedOut: "已登出。",
      navLabel: "工作區",
      navDocuments: "文件",
      navAdd: "新增文件",
      navIndex: "索引",
      navUnanswered: "未能回答",
      navEvaluation: "評測",
      documentsHeading: "文件",
      filterLabel: "篩選（標題、編號、地區、來源）",
      languageLabel: "語言",
      anyLanguage: "不限",
      onlyWarned: "只看有警告的",
      documentsCaption: "索引中的文件；點列標題排序",
      colTitle: "標題",
      colLanguage: "語言",
      colRegion: "地區",
      colPublished: "發佈日期",
      colSource: "來源",
      colChunks: "段數",
      colWarnings: "警告",
      docCount: "顯示 {shown} / 共 {total} 個文件",
      noDate: "無日期",
      pending: "建索引後有改動（重建索引後生效）：{list}",
      skippedHeading: "未收錄的文件",
      backToList: "← 全部文件",
      metadataLegend: "元數據（寫入文件開頭的 front matter）",
      extractedLegend: "讀取到的元數據（發佈前可修改）",
      fieldId: "文件編號",
      fieldTitle: "標題",
      fieldRegion: "地區",
      fieldPublished: "發佈日期（YYYY-MM-DD）",
      fieldSource: "來源",
      fieldLanguage: "語言",
      detect: "自動識別",
      saveReindex: "儲存並重建索引",
      saveOnly: "儲存（下次重建時生效）",
      deleteButton: "刪除…",
      saved: "已儲存到 {file}。",
      savedReindex: "已儲存到 {file}，正在重建索引。",
      cleanedHeading: "清理後的文字（標出分段）",
      chunkLabel: "第 {n} 段",
      docMeta: "{id} · 文件 {file} · {chunks} 段 · {chars} 字",
      addHeading: "新增文件",
      dropTitle: "把檔案拖到這裡",
      dropHelp: ".md、.txt、.html、.pdf 或 .docx",
      pickFile: "選擇檔案",
      urlLabel: "或輸入網頁地址（http 或 https）",
      fetchButton: "擷取並預覽",
      reading: "正在讀取 {name}…",
      fetching: "正在擷取網頁…",
      previewHeading: "預覽：助手將讀到的內容",
      previewReady: "{name} 的預覽：{chunks} 段。請覈對元數據，然後發佈。",
      replaces: "已有編號為 {id} 的文件（{file}）：發佈後由這個版本取代。",
      droppedSummary: "清理時刪去了 {n} 行",
      refreshPreview: "更新預覽",
      publishButton: "發佈",
      cancel: "取消",
      publishing: "正在發佈…",
      published: "已發佈 {id}（{file}），正在重建索引：完成後即可回答。",
      answerable: "{id} 現在可以回答了（發佈後 {s} 秒）。",
      indexHeading: "索引",
      reindexButton: "立即重建索引",
      buildId: "版本",
      buildDate: "建立時間",
      buildSize: "大小",
      buildDocs: "文件數",
      buildChunks: "段數",
      buildEmbedders: "向量模型",
      reindexing: "正在重建索引：{stage}（{done} / {total}）",
      reindexDone: "索引重建完成：{documents} 個文件，{chunks} 段，用時 {seconds} 秒。",
      reindexFailed: "重建索引失敗，仍由原索引回答：{error}",
      reindexAlready: "已有重建在進行；結束後會再重建一次。",
      reindexingNote: "正在重建索引（{stage}）：完成後本頁自動更新。",
      stageLabel: "階段：{stage}",
      reindexPercent: "約完成 {p}%",
      unansweredHeading: "用戶沒能得到的回答",
      unansweredHelp: "沒有得到回答的問題，以及被標為“沒有幫助”的回答，按主題和地區歸類。電話和證件號碼已刪去；記錄保存 30 天后刪除。",
      unansweredOff: "本伺服器不保存問題（ELDERCARE_KEEP_UNANSWERED 未開啟），所以這裡沒有內容。問題屬於個人資料：請在私隱聲明允許時才開啟。",
      unansweredCount: "最近 30 天共 {n} 個問題，{g} 組。",
      groupsCaption: "按主題和地區歸類的未回答問題",
      colTopic: "主題",
      colPlace: "地區",
      colNoAnswer: "未回答",
      colNotHelpful: "沒有幫助",
      colExamples: "例子",
      evaluationHeading: "評測",
      evalSetLegend: "問題集",
      evalBundled: "內建（eval/questions.jsonl）",
      evalUpload: "上載 .jsonl 問題集",
      evalFileLabel: "問題集文件",
      evalRun: "用目前索引評測",
      evalNeedFile: "請先選擇問題集文件。",
      evalAlready: "已有評測在進行，下面顯示的是它；結束後再開始您的評測。",
      evalRunning: "評測中：{done} / {total} 個問題",
      evalDone: "評測完成：recall@5 {recall}，事實覆蓋率 {facts}。",
      evalFailed: "評測失敗：{error}",
      lastRuns: "最近的評測",
      colStarted: "開始時間",
      colSet: "問題集",
      colQuestions: "問題數",
      colFacts: "事實覆蓋率",
      colStatus: "狀態",
      colReport: "報告",
      openReport: "打開報告",
      reportOf: "{id} 的報告",
      noRuns: "還沒有評測。",
      deleteHeading: "刪除這個文件？",
      deleteText: "刪除“{title}”（{id}，文件 {file}）？在隨即開始的索引重建完成前，它仍會被用來回答。",
      deleteConfirm: "刪除 {id}",
      keep: "保留",
      deleted: "已刪除 {id}，正在重建索引。",
      failed: "失敗：{error}",
      statusRunning: "進行中",
      statusDone: "完成",
      statusFailed: "失敗",
    },
  };

  const $ = (id) => document.getElementById(id);
  let uiLang = E.initialUiLang(STORE_LANG);
  const t = (key, values) => E.format((STRINGS[uiLang] || {})[key] ?? STRINGS.en[key] ?? key, values || {});

  // ---------- token and API ----------

  function token() {
    try {
      return sessionStorage.getItem(STORE_TOKEN);
    } catch (_) {
      return null;
    }
  }

  function setToken(value) {
    try {
      if (value) sessionStorage.setItem(STORE_TOKEN, value);
      else sessionStorage.removeItem(STORE_TOKEN);
    } catch (_) {
      /* storage blocked: the token lives only in memory for this page */
    }
    memoryToken = value;
  }
  let memoryToken = null;

  /** Call the admin API with the bearer token. `json` sends JSON, `form` a FormData; `text` reads text. */
  async function api(path, { method = "GET", json, form, text = false, timeoutMs = 120000 } = {}) {
    const headers = { Authorization: `Bearer ${token() || memoryToken || ""}` };
    let body;
    if (json !== undefined) {
      headers["Content-Type"] = "application/json";
      body = JSON.stringify(json);
    } else if (form) {
      body = form;
    }
    headers.Accept = text ? "text/html" : "application/json";
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    let response;
    try {
      response = await fetch(path, { method, headers, body, signal: controller.signal, credentials: "omit" });
    } finally {
      clearTimeout(timer);
    }
    if (text && response.ok) return response.text();
    let payload = null;
    try {
      payload = await response.json();
    } catch (_) {
      payload = null;
    }
    if (!response.ok) {
      const message = payload && typeof payload.error === "string" ? payload.error : response.statusText;
      if (response.status === 401 || response.status === 403) showSignin(t("wrongToken"));
      throw new E.ApiError(response.status, message || `HTTP ${response.status}`);
    }
    return payload;
  }

  function say(message) {
    $("global-status").textContent = message || "";
  }

  // ---------- interface language ----------

  function setUiLang(lang) {
    uiLang = E.UI_LANGS.includes(lang) ? lang : "en";
    try {
      localStorage.setItem(STORE_LANG, uiLang);
    } catch (_) {
      /* not saved */
    }
    document.documentElement.lang = uiLang;
    E.applyStrings(document, { ...STRINGS.en, ...STRINGS[uiLang] });
    for (const button of document.querySelectorAll("[data-ui-lang]")) {
      button.setAttribute("aria-pressed", String(button.dataset.uiLang === uiLang));
    }
    if (documents.length) renderDocuments();
  }

  // ---------- sign-in ----------

  function showSignin(error) {
    setToken(null);
    $("workspace").hidden = true;
    $("sign-out").hidden = true;
    $("signin").hidden = false;
    $("signin-error").textContent = error || "";
    stopPolling();
  }

  async function enter() {
    $("signin").hidden = true;
    $("workspace").hidden = false;
    $("sign-out").hidden = false;
    route();
  }

  async function boot() {
    let enabled = false;
    try {
      enabled = (await E.fetchJSON("/api/admin/enabled")).enabled;
    } catch (_) {
      enabled = false;
    }
    if (!enabled) {
      $("disabled").hidden = false;
      return;
    }
    if (!token()) {
      showSignin("");
      return;
    }
    try {
      await loadDocuments();
      enter();
    } catch (error) {
      if (!(error instanceof E.ApiError && (error.status === 401 || error.status === 403))) {
        enter();
        say(t("failed", { error: error.message }));
      }
    }
  }

  $("signin-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const value = $("token").value.trim();
    if (!value) return;
    setToken(value);
    try {
      await loadDocuments();
      $("token").value = "";
      say("");
      enter();
    } catch (error) {
      if (error instanceof E.ApiError && (error.status === 401 || error.status === 403)) {
        showSignin(t("wrongToken"));
        $("token").focus();
      } else {
        enter();
        say(t("failed", { error: error.message }));
      }
    }
  });

  $("sign-out").addEventListener("click", () => {
    showSignin("");
    say(t("signedOut"));
    $("token").focus();
  });

  // ---------- views ----------

  const VIEWS = ["documents", "document", "add", "index", "unanswered", "evaluation"];

  function route() {
    if ($("workspace").hidden) return;
    const hash = decodeURIComponent(location.hash.slice(1));
    let view = hash.split("/")[0] || "documents";
    if (!VIEWS.includes(view)) view = "documents";
    for (const name of VIEWS) $(`view-${name}`).hidden = name !== view;
    const tab = view === "document" ? "documents" : view;
    for (const link of document.querySelectorAll(".tabs a")) {
      if (link.dataset.view === tab) link.setAttribute("aria-current", "page");
      else link.removeAttribute("aria-current");
    }
    stopPolling();
    if (view === "documents") loadDocuments().then(() => afterReindex(() => loadDocuments())).catch(showError);
    if (view === "document") openDocument(hash.slice("document/".length)).catch(showError);
    if (view === "index") {
      $("reindex-status").textContent = "";
      loadIndex().catch(showError);
    }
    if (view === "unanswered") loadUnanswered().catch(showError);
    if (view === "evaluation") loadRuns().catch(showError);
  }

  function showError(error) {
    say(t("failed", { error: error.message || String(error) }));
  }

  window.addEventListener("hashchange", route);
  // a message about the last action goes when staff move on to another view
  for (const link of document.querySelectorAll(".tabs a")) link.addEventListener("click", () => say(""));

  // ---------- documents ----------

  let documents = [];
  let sortKey = "title";
  let sortDir = 1;

  async function loadDocuments() {
    const listing = await api("/api/admin/documents");
    documents = listing.documents;
    renderDocuments();
    const pending = listing.pending || {};
    const names = [...(pending.added || []), ...(pending.changed || []), ...(pending.removed || [])];
    $("pending").hidden = !names.length;
    $("pending").textContent = names.length ? t("pending", { list: names.join(", ") }) : "";
    const skipped = listing.skipped || [];
    const box = $("skipped");
    box.replaceChildren();
    box.hidden = !skipped.length;
    if (skipped.length) {
      box.append(E.el("h3", { class: "sub", text: t("skippedHeading") }));
      const list = E.el("ul", { class: "warnings" });
      for (const s of skipped) list.append(E.el("li", { text: `${s.file}: ${s.reason}` }));
      box.append(list);
    }
    return listing;
  }

  function compare(a, b) {
    let x = a[sortKey];
    let y = b[sortKey];
    if (sortKey === "warnings") {
      x = x.length;
      y = y.length;
    }
    if (x === null || x === undefined || x === "") return 1;
    if (y === null || y === undefined || y === "") return -1;
    if (typeof x === "number") return (x - y) * sortDir;
    return String(x).localeCompare(String(y), uiLang) * sortDir;
  }

  function renderDocuments() {
    const needle = $("doc-filter").value.trim().toLowerCase();
    const lang = $("doc-lang").value;
    const warned = $("doc-warned").checked;
    const shown = documents
      .filter((d) => !lang || d.language === lang)
      .filter((d) => !warned || d.warnings.length)
      .filter((d) => !needle || [d.title, d.id, d.region, d.source].some((v) => v && v.toLowerCase().includes(needle)))
      .sort(compare);
    const rows = shown.map((d) =>
      E.el(
        "tr",
        { dataset: { id: d.id } },
        E.el(
          "td",
          {},
          E.el("a", { class: "doc-link", href: `#document/${encodeURIComponent(d.id)}`, text: d.title || d.id }),
          E.el("span", { class: "doc-id", text: d.id }),
        ),
        E.el("td", { text: d.language }),
        E.el("td", { text: d.region || "—" }),
        E.el("td", { text: d.published || t("noDate") }),
        E.el("td", {}, sourceNode(d.source)),
        E.el("td", { class: "num", text: String(d.chunks) }),
        E.el(
          "td",
          { class: "num cards-cell", dataset: { review: String(d.cards_to_review || 0) } },
          `${d.cards ?? 0} (${d.cards_checked ?? 0})`,
          d.cards_to_review ? E.el("span", { class: "review-flag", title: t("cardsToReview"), text: ` ⚑${d.cards_to_review}` }) : null,
        ),
        E.el("td", { class: "warn-cell", text: d.warnings.join("; ") }),
      ),
    );
    $("doc-rows").replaceChildren(...rows);
    $("doc-count").textContent = t("docCount", { shown: shown.length, total: documents.length });
    for (const th of document.querySelectorAll("#doc-table th[data-sort]")) {
      if (th.dataset.sort === sortKey) th.setAttribute("aria-sort", sortDir > 0 ? "ascending" : "descending");
      else th.removeAttribute("aria-sort");
    }
  }

  function sourceNode(source) {
    if (!source) return "—";
    if (E.isUrl(source)) {
      let label = source;
      try {
        label = new URL(source).hostname;
      } catch (_) {
        label = source;
      }
      return E.el("a", { href: source, rel: "noopener noreferrer", target: "_blank", text: label });
    }
    return source;
  }

  for (const th of document.querySelectorAll("#doc-table th[data-sort]")) {
    th.querySelector("button").addEventListener("click", () => {
      if (sortKey === th.dataset.sort) sortDir = -sortDir;
      else {
        sortKey = th.dataset.sort;
        sortDir = 1;
      }
      renderDocuments();
    });
  }
  $("doc-filter").addEventListener("input", renderDocuments);
  $("doc-lang").addEventListener("change", renderDocuments);
  $("doc-warned").addEventListener("change", renderDocuments);

  /** While a reindex runs, say so in the documents view and poll; call `then` once it has finished. */
  async function afterReindex(then, seen = false, since = null) {
    const status = await api("/api/admin/reindex");
    // a reindex started at or after `since` (server clock) that has already finished counts as seen
    if (since !== null && status.started_at >= since) seen = true;
    const note = $("reindex-note");
    if (status.running) {
      note.hidden = false;
      note.textContent = t("reindexingNote", { stage: status.stage || "start" });
      pollTimer = setTimeout(() => afterReindex(then, true, since).catch(showError), POLL_MS);
      return;
    }
    note.hidden = true;
    if (seen) then();
  }

  // ---------- metadata fields ----------

  /** Build labelled inputs for `values` in the [data-fields=prefix] grid; `withId` adds the id field. */
  function renderFields(prefix, values, withId) {
    const grid = document.querySelector(`[data-fields="${prefix}"]`);
    grid.replaceChildren();
    const names = withId ? ["id", ...FIELDS] : FIELDS;
    const labels = {
      id: "fieldId",
      title: "fieldTitle",
      region: "fieldRegion",
      published: "fieldPublished",
      source: "fieldSource",
      language: "fieldLanguage",
    };
    for (const name of names) {
      const id = `${prefix}-${name}`;
      const value = values[name] ?? "";
      let input;
      if (name === "language") {
        input = E.el("select", { id, name });
        for (const [v, label] of [["", t("detect")], ["zh-Hans", "简体 zh-Hans"], ["zh-Hant", "繁體 zh-Hant"], ["en", "English en"]]) {
          input.append(E.el("option", { value: v, text: label }));
        }
        input.value = value;
      } else {
        input = E.el("input", {
          id,
          name,
          type: name === "published" ? "date" : "text",
          value,
          spellcheck: "false",
        });
        if (name === "id") input.setAttribute("pattern", "[A-Za-z0-9][A-Za-z0-9._\\-]{0,99}");
      }
      input.dataset.initial = value;
      grid.append(E.el("label", { class: "field", for: id }, E.el("span", { text: t(labels[name]) }), input));
    }
  }

  /** The fields the user changed: name -> value ("" removes the field). */
  function changedFields(prefix) {
    const out = {};
    for (const input of document.querySelectorAll(`[data-fields="${prefix}"] input, [data-fields="${prefix}"] select`)) {
      if (input.value !== input.dataset.initial) out[input.name] = input.value;
    }
    return out;
  }

  /** The cleaned text with each chunk as a labelled block; overlapping text is shown once, in the
      chunk where it starts. */
  function renderChunks(container, text, chunks) {
    container.replaceChildren();
    const sorted = [...chunks].sort((a, b) => a.start - b.start);
    if (!sorted.length) {
      container.textContent = text;
      return;
    }
    if (sorted[0].start > 0) container.append(E.el("span", { class: "chunk", text: text.slice(0, sorted[0].start) }));
    sorted.forEach((chunk, i) => {
      const end = i + 1 < sorted.length ? Math.max(chunk.start, sorted[i + 1].start) : Math.max(chunk.end, text.length);
      container.append(
        E.el(
          "span",
          { class: "chunk", dataset: { n: String(chunk.n) } },
          E.el("span", { class: "chunk-label", text: t("chunkLabel", { n: chunk.n }) }),
          text.slice(chunk.start, end),
        ),
      );
    });
  }

  function renderWarnings(list, warnings) {
    list.replaceChildren(...warnings.map((w) => E.el("li", { text: w })));
    list.hidden = !warnings.length;
  }

  // ---------- one document ----------

  let current = null;

  async function openDocument(docId) {
    const found = await api(`/api/admin/documents/${encodeURIComponent(docId)}`);
    current = found;
    $("doc-heading").textContent = found.title || found.id;
    $("doc-meta").textContent = t("docMeta", {
      id: found.id,
      file: found.file || "—",
      chunks: found.chunks.length,
      chars: found.chars,
    });
    renderWarnings($("doc-warnings"), found.warnings);
    renderFields("doc", found, false);
    renderChunks($("doc-text"), found.text, found.chunks);
    if (window.EldercareCards) {
      window.EldercareCards.render($("doc-cards"), found.id, api, $("doc-text"), uiLang).catch(showError);
    }
    $("doc-form-status").textContent = "";
    $("doc-heading").setAttribute("tabindex", "-1");
    $("doc-heading").focus();
  }

  $("doc-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    if (!current) return;
    const reindex = (event.submitter && event.submitter.dataset.reindex) !== "0";
    const status = $("doc-form-status");
    try {
      const saved = await api(`/api/admin/documents/${encodeURIComponent(current.id)}`, {
        method: "PATCH",
        json: { ...changedFields("doc"), reindex },
      });
      status.textContent = t(reindex ? "savedReindex" : "saved", { file: saved.file });
      renderWarnings($("doc-warnings"), saved.warnings);
      for (const input of document.querySelectorAll('[data-fields="doc"] input, [data-fields="doc"] select')) {
        input.dataset.initial = input.value;
      }
      if (reindex) afterReindex(() => openDocument(saved.id).catch(showError), false, saved.saved_at).catch(showError);
    } catch (error) {
      status.textContent = t("failed", { error: error.message });
    }
  });

  $("doc-delete").addEventListener("click", () => {
    if (!current) return;
    $("confirm-text").textContent = t("deleteText", { title: current.title, id: current.id, file: current.file || "—" });
    $("confirm-yes").textContent = t("deleteConfirm", { id: current.id });
    $("confirm-delete").returnValue = "";
    $("confirm-delete").showModal();
  });

  $("confirm-delete").addEventListener("close", async () => {
    if ($("confirm-delete").returnValue !== "delete" || !current) return;
    const docId = current.id;
    try {
      await api(`/api/admin/documents/${encodeURIComponent(docId)}`, { method: "DELETE" });
      try {
        await api("/api/admin/reindex", { method: "POST" });
        say(t("deleted", { id: docId }));
      } catch (error) {
        // the file is gone either way; another process may be building (409): its next build drops it
        say(`${t("deleted", { id: docId })} ${t("failed", { error: error.message })}`);
      }
      current = null;
      location.hash = "#index";
    } catch (error) {
      say(t("failed", { error: error.message }));
    }
  });

  // ---------- add a document ----------

  let draft = null;

  async function startDraft(form, label) {
    $("add-error").textContent = "";
    $("add-status").textContent = label;
    try {
      draft = await api("/api/admin/drafts", { method: "POST", form });
      renderPreview(draft, true);
    } catch (error) {
      $("add-status").textContent = "";
      $("add-error").textContent = error.message;
    }
  }

  function renderPreview(p, fresh) {
    $("preview").hidden = false;
    $("add-status").textContent = t("previewReady", { name: p.original, chunks: p.chunks.length });
    if (fresh) renderFields("draft", p, true);
    const replaces = $("preview-replaces");
    replaces.hidden = !p.replaces;
    replaces.textContent = p.replaces ? t("replaces", { id: p.id, file: p.replaces }) : "";
    const warnings = [...p.warnings];
    renderWarnings($("preview-warnings"), warnings);
    const dropped = p.dropped || [];
    $("dropped").hidden = !dropped.length;
    $("dropped-summary").textContent = t("droppedSummary", { n: dropped.length });
    $("dropped-list").replaceChildren(...dropped.map((d) => E.el("li", { text: `[${d.reason}] ${d.line}` })));
    renderChunks($("preview-text"), p.text, p.chunks);
  }

  function draftFields() {
    const fields = changedFields("draft");
    const id = $("draft-id");
    if (id && id.value) fields.id = id.value;
    return fields;
  }

  const drop = $("file-form");
  for (const name of ["dragenter", "dragover"]) {
    drop.addEventListener(name, (event) => {
      event.preventDefault();
      drop.classList.add("is-over");
    });
  }
  for (const name of ["dragleave", "drop"]) {
    drop.addEventListener(name, () => drop.classList.remove("is-over"));
  }
  drop.addEventListener("drop", (event) => {
    event.preventDefault();
    const file = event.dataTransfer && event.dataTransfer.files[0];
    if (file) uploadFile(file);
  });
  $("file-input").addEventListener("change", () => {
    const file = $("file-input").files[0];
    if (file) uploadFile(file);
    $("file-input").value = "";
  });

  function uploadFile(file) {
    const form = new FormData();
    form.append("file", file, file.name);
    startDraft(form, t("reading", { name: file.name }));
  }

  $("url-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const form = new FormData();
    form.append("url", $("url-input").value.trim());
    startDraft(form, t("fetching"));
  });

  $("preview-refresh").addEventListener("click", async () => {
    if (!draft) return;
    try {
      const p = await api(`/api/admin/drafts/${draft.draft}/preview`, { method: "POST", json: draftFields() });
      renderPreview(p, false);
      $("add-error").textContent = "";
    } catch (error) {
      $("add-error").textContent = error.message;
    }
  });

  $("preview-cancel").addEventListener("click", () => {
    draft = null;
    $("preview").hidden = true;
    $("add-status").textContent = "";
  });

  $("preview-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    if (!draft) return;
    $("add-status").textContent = t("publishing");
    try {
      const done = await api(`/api/admin/drafts/${draft.draft}/publish`, {
        method: "POST",
        json: { ...draftFields(), reindex: true },
      });
      draft = null;
      $("preview").hidden = true;
      $("add-status").textContent = "";
      say(t("published", { id: done.id, file: done.file }));
      publishedAt = { id: done.id, at: done.published_at };
      location.hash = "#index";
    } catch (error) {
      $("add-status").textContent = "";
      $("add-error").textContent = error.message;
    }
  });

  // ---------- index and reindex ----------

  let pollTimer = null;
  let publishedAt = null;

  function stopPolling() {
    if (pollTimer) clearTimeout(pollTimer);
    pollTimer = null;
  }

  function bytes(n) {
    if (n >= 1e6) return `${(n / 1e6).toFixed(1)} MB`;
    if (n >= 1e3) return `${(n / 1e3).toFixed(0)} KB`;
    return `${n} B`;
  }

  /** The share of the whole reindex done: the stages seen so far, then those still expected (the
      pipeline's order, one embedding stage per embedder of the current build), the current one in part. */
  function overall(status) {
    const embedders = (lastBuild && lastBuild.embedders) || [];
    const expected = ["start", "read", "chunk", "bm25", ...embedders.map((name) => `embed ${name}`)];
    if (embedders.includes("use-m3")) expected.push("embed sentences (use-m3)");
    expected.push("load");
    const seen = status.stages || [];
    const all = [...seen, ...expected.filter((name) => !seen.includes(name))];
    const at = Math.max(0, all.indexOf(status.stage));
    const part = status.total ? Math.min(1, (status.done || 0) / status.total) : 0;
    return Math.min(1, (at + part) / all.length);
  }
  let lastBuild = null;

  async function loadIndex() {
    let build = null;
    try {
      build = await api("/api/admin/build");
    } catch (error) {
      if (!(error instanceof E.ApiError && error.status === 404)) throw error;
    }
    lastBuild = build || lastBuild;
    const list = $("build");
    list.replaceChildren();
    if (build) {
      const rows = [
        ["buildId", build.id],
        ["buildDate", build.built_at],
        ["buildSize", bytes(build.bytes)],
        ["buildDocs", build.documents],
        ["buildChunks", build.chunks],
        ["buildEmbedders", (build.embedders || []).join(", ")],
      ];
      for (const [key, value] of rows) list.append(E.el("dt", { text: t(key) }), E.el("dd", { text: String(value ?? "—") }));
    }
    await pollReindex();
  }

  async function pollReindex() {
    stopPolling();
    const status = await api("/api/admin/reindex");
    const box = $("progress-box");
    const text = $("reindex-status");
    if (status.running) {
      box.hidden = false;
      const stage = status.stage || "start";
      const total = Math.max(1, status.total || 1);
      $("reindex-progress").max = 1000;
      const share = overall(status);
      $("reindex-progress").value = Math.round(1000 * share);
      $("progress-label").textContent = t("reindexing", { stage, done: status.done || 0, total });
      $("stages").replaceChildren(
        ...(status.stages || []).map((s, i, all) => E.el("li", { class: i === all.length - 1 ? "is-current" : "", text: s })),
      );
      text.textContent = t("reindexPercent", { p: Math.round(100 * share) });
      $("reindex").disabled = true;
      pollTimer = setTimeout(() => pollReindex().catch(showError), POLL_MS);
      wasRunning = true;
      return;
    }
    $("reindex").disabled = false;
    if (status.last_error) {
      box.hidden = true;
      text.textContent = t("reindexFailed", { error: status.last_error });
    } else if (status.last_report) {
      const r = status.last_report;
      $("reindex-progress").max = 1;
      $("reindex-progress").value = 1;
      $("progress-label").textContent = t("stageLabel", { stage: "done" });
      $("stages").replaceChildren(...(status.stages || []).map((s) => E.el("li", { text: s })));
      box.hidden = !(status.stages || []).length;
      text.textContent = t("reindexDone", { documents: r.documents, chunks: r.chunks, seconds: r.seconds });
      // The reindex that read the published file started after it was written (server clock).
      if (publishedAt && status.started_at >= publishedAt.at && status.last_finished >= publishedAt.at) {
        const seconds = (status.last_finished - publishedAt.at).toFixed(1);
        say(t("answerable", { id: publishedAt.id, s: seconds }));
        publishedAt = null;
      }
    }
    if (wasRunning) {
      wasRunning = false;
      loadIndex().catch(showError);
    }
  }
  let wasRunning = false;

  $("reindex").addEventListener("click", async () => {
    try {
      const started = await api("/api/admin/reindex", { method: "POST" });
      if (!started.started) $("reindex-status").textContent = t("reindexAlready");
      await pollReindex();
    } catch (error) {
      showError(error);
    }
  });

  // ---------- unanswered ----------

  async function loadUnanswered() {
    const found = await api("/api/admin/unanswered");
    $("unanswered-off").hidden = found.enabled;
    $("unanswered-on").hidden = !found.enabled;
    if (!found.enabled) return;
    $("unanswered-count").textContent = t("unansweredCount", { n: found.entries.length, g: found.groups.length });
    $("group-rows").replaceChildren(
      ...found.groups.map((g) => {
        const examples = E.el("ul", { class: "examples" }, ...g.examples.map((q) => E.el("li", { text: q })));
        return E.el(
          "tr",
          {},
          E.el("td", { text: g.topic }),
          E.el("td", { text: g.place }),
          E.el("td", { class: "num", text: String(g.abstained) }),
          E.el("td", { class: "num", text: String(g.not_helpful) }),
          E.el("td", {}, examples),
        );
      }),
    );
  }

  // ---------- evaluation ----------

  for (const radio of document.querySelectorAll('#eval-form input[name="set"]')) {
    radio.addEventListener("change", () => {
      $("eval-file").disabled = document.querySelector('#eval-form input[name="set"]:checked').value !== "upload";
    });
  }

  $("eval-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    $("eval-error").textContent = "";
    const upload = document.querySelector('#eval-form input[name="set"]:checked').value === "upload";
    const form = new FormData();
    if (upload) {
      const file = $("eval-file").files[0];
      if (!file) {
        $("eval-error").textContent = t("evalNeedFile");
        return;
      }
      form.append("questions", file, file.name);
    }
    try {
      const started = await api("/api/admin/evaluations", { method: "POST", form });
      if (!started.started) $("eval-error").textContent = t("evalAlready");
      await pollRun(started.id);
    } catch (error) {
      $("eval-error").textContent = error.message;
    }
  });

  async function pollRun(runId) {
    stopPolling();
    const run = await api(`/api/admin/evaluations/${runId}`);
    const box = $("eval-progress-box");
    if (run.status === "running") {
      box.hidden = false;
      $("eval-progress").max = Math.max(1, run.questions);
      $("eval-progress").value = run.done;
      $("eval-progress-label").textContent = t("evalRunning", { done: run.done, total: run.questions });
      $("eval-status").textContent = $("eval-progress-label").textContent;
      pollTimer = setTimeout(() => pollRun(runId).catch(showError), POLL_MS);
      return;
    }
    box.hidden = true;
    if (run.status === "done") {
      $("eval-status").textContent = t("evalDone", {
        recall: fmt(run.retrieval && run.retrieval["recall@5"]),
        facts: fmt(run.answer && run.answer.fact_coverage),
      });
    } else {
      $("eval-status").textContent = t("evalFailed", { error: run.error });
    }
    await loadRuns();
  }

  function fmt(value) {
    return typeof value === "number" ? value.toFixed(3) : "—";
  }

  async function loadRuns() {
    const runs = await api("/api/admin/evaluations");
    const rows = runs.map((run) => {
      const started = new Date(run.started_at * 1000).toLocaleString(uiLang);
      const status = t(`status${run.status.charAt(0).toUpperCase()}${run.status.slice(1)}`);
      const open =
        run.status === "done"
          ? E.el("button", { type: "button", class: "btn btn-small", onclick: () => openReport(run.id), text: t("openReport") })
          : "—";
      return E.el(
        "tr",
        { dataset: { id: run.id } },
        E.el("td", { text: started }),
        E.el("td", { text: run.set }),
        E.el("td", { class: "num", text: String(run.questions) }),
        E.el("td", { class: "num", text: fmt(run.retrieval && run.retrieval["recall@5"]) }),
        E.el("td", { class: "num", text: fmt(run.answer && run.answer.fact_coverage) }),
        E.el("td", { class: `status-${run.status}`, text: status }),
        E.el("td", {}, open),
      );
    });
    if (!rows.length) rows.push(E.el("tr", {}, E.el("td", { colspan: "7", text: t("noRuns") })));
    $("run-rows").replaceChildren(...rows);
    const running = runs.find((run) => run.status === "running");
    if (running && !pollTimer) pollRun(running.id).catch(showError);
  }

  async function openReport(runId) {
    const html = await api(`/api/admin/evaluations/${runId}/report`, { text: true });
    $("report-box").hidden = false;
    $("report-heading").textContent = t("reportOf", { id: runId });
    $("report-frame").srcdoc = html; // sandboxed: no scripts, no same-origin access
    $("report-heading").setAttribute("tabindex", "-1");
    $("report-heading").focus();
  }

  // ---------- start ----------

  for (const button of document.querySelectorAll("[data-ui-lang]")) {
    button.addEventListener("click", () => setUiLang(button.dataset.uiLang));
  }
  setUiLang(uiLang);
  boot();
})();
