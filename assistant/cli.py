"""The `eldercare` command: ingest, search, documents, serve."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table
from rich.text import Text

from assistant.errors import EldercareError
from assistant.settings import get_settings

app = typer.Typer(
    help="Eldercare Assistant: elder-care policy answers with citations, in 简体 / 繁體 / English.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
console = Console(stderr=True)
out = Console(soft_wrap=True)

DocumentsOption = Annotated[
    Path | None, typer.Option("--documents", help="Folder of policy documents (default: kb/documents).")
]
IndexOption = Annotated[Path | None, typer.Option("--index", help="Index folder (default: kb/index).")]


def _start() -> None:
    from assistant.runtime import configure_threads

    configure_threads(get_settings().threads)


def _fail(message: str, code: int = 2) -> None:
    console.print(f"[bold red]error:[/] {message}")
    raise typer.Exit(code)


@app.command()
def ingest(
    documents: DocumentsOption = None,
    index: IndexOption = None,
    embedders: Annotated[
        str | None, typer.Option(help="Comma-separated embedders (default from ELDERCARE_EMBEDDERS).")
    ] = None,
    force: Annotated[
        bool, typer.Option(help="Rebuild even when nothing changed since the last build.")
    ] = False,
    wait: Annotated[
        bool,
        typer.Option(
            help="When another process is building this index folder, wait for it (--no-wait: exit 2)."
        ),
    ] = True,
) -> None:
    """Clean, chunk, embed and index every document; swap the new index in atomically.

    One build at a time per index folder: when a server replica's reindex or another `eldercare ingest`
    is building it, this one says so and waits for it to finish (or, with --no-wait, exits with 2).
    Running servers on the folder swap to the new build within seconds (and at once when
    ELDERCARE_REDIS_URL is set: the build is announced to them).

    Exit code 0 when every file was ingested (a front-matter value that cannot be read is a warning,
    listed, and the document is kept), 1 when some files were skipped (listed), 2 on failure (the previous
    index is kept).
    """
    _start()
    from assistant.index import store
    from assistant.ingest.pipeline import ingest as run_ingest

    settings = get_settings()
    names = [n.strip() for n in embedders.split(",")] if embedders else settings.embedder_names
    index_dir = index or settings.index_dir
    lock = store.BuildLock(index_dir)
    try:
        lock.acquire(
            wait=None if wait else 0,
            on_wait=lambda holder: console.print(
                f"[yellow]waiting[/]: another reindex of {index_dir} is running ({holder}); "
                "this one starts when it has finished"
            ),
        )
    except EldercareError as error:
        _fail(str(error))
        return
    with lock, _progress() as progress:
        tasks: dict[str, int] = {}

        def report(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = progress.add_task(stage, total=max(total, 1))
            progress.update(tasks[stage], completed=done if total else 1, total=max(total, 1), refresh=True)

        try:
            result = run_ingest(
                documents or settings.documents_dir,
                index_dir,
                names,
                threads=settings.threads,
                max_file_bytes=settings.max_file_bytes,
                progress=report,
                force=force,
                lock=lock,
            )
        except (EldercareError, ValueError) as error:
            progress.stop()
            _fail(str(error))
            return
    if not result.unchanged and settings.redis_url:
        _announce(result.build.name)
    for skipped in result.skipped:
        console.print(f"[yellow]skipped[/] {skipped.path}: {skipped.reason}")
    for warning in result.warnings:
        console.print(f"[yellow]warning[/] {warning.path}: {warning.reason}")
    if result.unchanged:
        console.print(
            f"[bold green]unchanged, nothing to do[/]: {result.documents} documents as in {result.build} "
            f"(checked in {result.seconds * 1000:.0f} ms; --force rebuilds)"
        )
    else:
        console.print(
            f"[bold green]indexed[/] {result.documents} documents, {result.chunks} chunks "
            f"({result.embedded} embedded, {result.reused} reused) in {result.seconds:.1f} s, "
            f"{result.documents / max(result.seconds, 1e-3) * 60:,.0f} documents/min -> {result.build}"
        )
    if result.warnings:
        console.print(f"[yellow]{len(result.warnings)} warning(s): documents kept without those fields[/]")
    if result.skipped:
        console.print(f"[yellow]{len(result.skipped)} file(s) skipped[/]")
        raise typer.Exit(1)


def _announce(build: str) -> None:
    """Tell the replicas sharing Redis that a build was published (they would find it by polling)."""
    from assistant.server.shared_state import IndexChannel, RedisConnection

    settings = get_settings()
    try:
        IndexChannel(RedisConnection(settings.redis_url or "", settings.redis_prefix)).announce(build)
    except RuntimeError as error:  # the redis client is not installed
        console.print(f"[yellow]note[/]: build not announced: {error}")


@app.command()
def search(
    question: Annotated[str, typer.Argument(help="A question in 简体, 繁體 or English.")],
    k: Annotated[int, typer.Option("--k", min=1, max=50, help="How many documents to return.")] = 5,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
    mode: Annotated[str, typer.Option(help="hybrid, bm25 or dense.")] = "hybrid",
    index: IndexOption = None,
) -> None:
    """Hybrid search (BM25 + dense, fused): the best passage of each of the top k documents."""
    _start()
    from assistant.retrieval.retriever import Retriever

    settings = get_settings()
    try:
        retriever = Retriever.load(index or settings.index_dir, settings.threads)
        hits = retriever.search(question, k=k, mode=mode)
    except EldercareError as error:
        _fail(str(error))
        return
    rows = [
        {
            "rank": h.rank,
            "doc_id": h.document.doc_id,
            "title": h.document.title,
            "published": h.document.published,
            "language": h.document.language,
            "chunk_id": h.chunk.chunk_id,
            "score": round(h.score, 4),
            "passage": h.chunk.text,
        }
        for h in hits
    ]
    if as_json:
        out.print_json(json.dumps(rows, ensure_ascii=False))
        return
    table = Table(show_lines=True)
    for column in ("#", "document", "published", "score", "passage"):
        table.add_column(column, overflow="fold")
    for row in rows:
        passage = str(row["passage"])
        table.add_row(
            str(row["rank"]),
            f"{row['title']}\n[dim]{row['chunk_id']}[/]",
            str(row["published"] or "-"),
            f"{row['score']:.3f}",
            passage if len(passage) <= 300 else passage[:300] + "…",
        )
    out.print(table)


@app.command()
def ask(
    question: Annotated[str, typer.Argument(help="A question in 简体, 繁體 or English.")],
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the answer as JSON (FORMATS.md section 4).")
    ] = False,
    session: Annotated[
        str | None,
        typer.Option("--session", help="Continue a conversation: the session_id of an earlier answer."),
    ] = None,
    lang: Annotated[
        str | None, typer.Option("--lang", help="Answer in zh-Hans, zh-Hant or en (default: as asked).")
    ] = None,
    index: IndexOption = None,
) -> None:
    """Answer a question from the documents, with numbered citations; says so when they do not answer."""
    _start()
    from assistant.answer.ask import Assistant
    from assistant.answer.session import FileSessionStore
    from assistant.retrieval.retriever import Retriever

    settings = get_settings()
    index_dir = index or settings.index_dir
    try:
        retriever = Retriever.load(index_dir, settings.threads)
        store = FileSessionStore(settings.data_dir / "cli-sessions.json")  # git-ignored, like all of var/
        answer = Assistant(retriever, store, max_question_chars=settings.max_question_chars).ask(
            question, session_id=session, lang=lang
        )
    except EldercareError as error:
        _fail(str(error))
        return
    if as_json:
        sys.stdout.write(json.dumps(answer.to_json(), ensure_ascii=False, indent=2) + "\n")
        return
    out.print(answer.text)
    if answer.citations:
        out.print()
    for citation in answer.citations:
        date = f" ({citation.published})" if citation.published else ""
        out.print(f"[dim][{citation.n}] {citation.title}{date} · {citation.chunk_id}[/]")
    console.print(f"[dim]session: {answer.session_id}[/]")


@app.command()
def documents(
    documents: DocumentsOption = None,
    text: Annotated[bool, typer.Option("--text", help="Include each document's cleaned text.")] = False,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the FORMATS.md section 5 JSON list.")
    ] = False,
    index: IndexOption = None,
) -> None:
    """List documents as ingestion understood them (title, language, region, date, source, chunks).

    With --documents, DIR is read and cleaned without touching the index; otherwise the index is read.
    """
    from assistant.index import store
    from assistant.ingest.chunk import chunk_document
    from assistant.ingest.load import load_documents, warnings_of

    settings = get_settings()
    try:
        if documents is not None:
            docs, skipped = load_documents(documents, settings.max_file_bytes)
            counts = {d.doc_id: len(chunk_document(d)) for d in docs}
            for item in skipped:
                console.print(f"[yellow]skipped[/] {item.path}: {item.reason}")
            for warning in warnings_of(docs):
                console.print(f"[yellow]warning[/] {warning.path}: {warning.reason}")
        else:
            docs, chunks = store.load_corpus(store.current_build(index or settings.index_dir))
            counts = {}
            for chunk in chunks:
                counts[chunk.doc_id] = counts.get(chunk.doc_id, 0) + 1
    except EldercareError as error:
        _fail(str(error))
        return
    listing = []
    for doc in docs:
        entry = doc.listing(counts.get(doc.doc_id, 0))
        entry["warnings"] = list(doc.warnings)  # front-matter fields ingestion could not read
        if text:
            entry["text"] = doc.text
        listing.append(entry)
    if as_json:
        sys.stdout.write(json.dumps(listing, ensure_ascii=False, indent=2) + "\n")
        return
    table = Table()
    for column in ("id", "title", "language", "region", "published", "chunks"):
        table.add_column(column, overflow="fold")
    for entry in listing:
        table.add_row(
            *(
                str(entry[c] if entry[c] is not None else "-")
                for c in ("id", "title", "language", "region", "published", "chunks")
            )
        )
    out.print(table)


@app.command()
def screen(
    question: Annotated[
        str | None, typer.Argument(help="Who the person is and where they live, in 简体, 繁體 or English.")
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the screen as JSON (FORMATS.md section 7).")
    ] = False,
    profile: Annotated[
        str | None,
        typer.Option("--profile", help='The person as JSON instead of a question: {"age": 85, ...}.'),
    ] = None,
    place: Annotated[
        str | None, typer.Option("--place", help="Where the person lives (with --profile).")
    ] = None,
    session: Annotated[
        str | None, typer.Option("--session", help="Continue a screen: the session_id of an earlier one.")
    ] = None,
    lang: Annotated[
        str | None, typer.Option("--lang", help="zh-Hans, zh-Hant or en (default: as asked).")
    ] = None,
    index: IndexOption = None,
) -> None:
    """Screen a person against every benefit of their place: likely, need more information, not eligible.

    Each benefit shows the conditions met or failed, the facts that would decide it, what it gives and how
    to apply, every one cited. Example: eldercare screen "My mother is 70 and lives in Tianjin. What help is there?"
    """
    _start()
    from assistant.answer.ask import Assistant
    from assistant.answer.session import FileSessionStore
    from assistant.retrieval.retriever import Retriever

    settings = get_settings()
    try:
        person = json.loads(profile) if profile else None
        if person is not None and not isinstance(person, dict):
            raise ValueError("--profile must be a JSON object")
    except ValueError as error:
        _fail(f"--profile: {error}")
        return
    try:
        retriever = Retriever.load(index or settings.index_dir, settings.threads)
        sessions = FileSessionStore(settings.data_dir / "cli-sessions.json")
        assistant = Assistant(retriever, sessions, cards_dir=settings.cards_folder)
        result = assistant.screener.screen(
            question, profile=person, place=place, session_id=session, lang=lang
        )
    except EldercareError as error:
        _fail(str(error))
        return
    if as_json:
        sys.stdout.write(
            json.dumps(result.to_json(assistant.cards.documents), ensure_ascii=False, indent=2) + "\n"
        )
        return
    from assistant.cards.text import screen_text

    out.print(screen_text(result, assistant.cards.documents), highlight=False)
    console.print(f"[dim]session {result.session_id}[/]")


cards_app = typer.Typer(
    help="The policy cards read from the documents: list them, run their tests.", no_args_is_help=True
)
app.add_typer(cards_app, name="cards")


@cards_app.command("list")
def cards_list(
    doc_id: Annotated[str | None, typer.Argument(help="Only this document's cards.")] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the cards as JSON (FORMATS.md section 6).")
    ] = False,
    index: IndexOption = None,
) -> None:
    """The cards of the build, staff corrections applied: name, kind, conditions, what each gives."""
    from assistant.cards.book import CardBook, load_cards
    from assistant.index import store

    settings = get_settings()
    try:
        build = store.current_build(index or settings.index_dir)
        documents, _ = store.load_corpus(build)
        book = CardBook(load_cards(build), documents, settings.cards_folder)
    except EldercareError as error:
        _fail(str(error))
        return
    if doc_id is not None and doc_id not in book.documents:
        _fail(f"no document {doc_id!r} in the index")
        return
    cards = book.cards_of(doc_id) if doc_id else book.all()
    if as_json:
        sys.stdout.write(json.dumps([c.to_json() for c in cards], ensure_ascii=False, indent=2) + "\n")
        return
    table = Table(title=f"{len(cards)} card(s)")
    for column in ("card", "name", "kind", "conditions", "gives", "source"):
        table.add_column(column, overflow="fold")
    for card in cards:
        table.add_row(
            card.id,
            card.name,
            card.kind,
            "\n".join(f"{c.field} {c.op} {c.value}" for c in card.conditions) or "-",
            "\n".join(f"{g.what} {g.value if g.value is not None else ''}".strip() for g in card.gives)
            or "-",
            ("staff " + str(card.checked.get("at", ""))) if card.checked else "machine",
        )
    out.print(table)


@cards_app.command("test")
def cards_test(index: IndexOption = None) -> None:
    """Run every card's test cases (a profile and the expected status); exit 1 when any fails."""
    from assistant.cards.book import CardBook, load_cards
    from assistant.cards.testing import run_card_tests
    from assistant.index import store

    settings = get_settings()
    try:
        build = store.current_build(index or settings.index_dir)
        documents, _ = store.load_corpus(build)
        book = CardBook(load_cards(build), documents, settings.cards_folder)
        results = run_card_tests(book)
    except EldercareError as error:
        _fail(str(error))
        return
    failed = [r for r in results if not r.passed]
    for result in failed:
        console.print(
            f"[red]FAIL[/] {result.card_id} {result.profile} expected {result.expect}, got {result.got}"
            + (f" ({result.reason})" if result.reason else ""),
            highlight=False,
        )
    out.print(
        f"{len(results) - len(failed)} passed, {len(failed)} failed, over {len({r.card_id for r in results})} card(s)"
    )
    if failed:
        raise typer.Exit(1)


@app.command("eval")
def evaluate(
    documents: Annotated[
        Path | None,
        typer.Option(
            "--documents", help="Build a temporary index from DIR alone (the bundled index is untouched)."
        ),
    ] = None,
    questions: Annotated[
        Path | None,
        typer.Option("--questions", help="Evaluation set, JSON Lines (default: eval/questions.jsonl)."),
    ] = None,
    json_out: Annotated[
        Path | None, typer.Option("--json", help="Write the results as JSON (FORMATS.md section 3).")
    ] = None,
    retriever: Annotated[
        str,
        typer.Option("--retriever", help="hybrid, bm25, dense, langchain, a comma-separated list, or all."),
    ] = "hybrid",
    report: Annotated[
        Path | None, typer.Option("--report", help="Write a self-contained HTML report.")
    ] = None,
    compare: Annotated[
        tuple[Path, Path] | None,
        typer.Option("--compare", help="Show what changed between two --json outputs."),
    ] = None,
    min_recall: Annotated[
        float | None,
        typer.Option("--min-recall", help="Exit 1 when the first retriever's recall@5 is below this."),
    ] = None,
    screening: Annotated[
        Path | None,
        typer.Option(
            "--screening",
            help="Score the benefit screener on a screening set (FORMATS.md section 7) instead of questions.",
        ),
    ] = None,
    card_labels: Annotated[
        Path | None,
        typer.Option("--cards", help="Score the policy cards read at ingestion against labelled cards."),
    ] = None,
    index: IndexOption = None,
) -> None:
    """Score retrieval (and answers) on an evaluation set; print a table, write JSON and an HTML report.

    With --screening FILE (and/or --cards FILE) it scores the screener's statuses (and the cards' fields)
    instead: status accuracy, likely recall, 'likely' where the truth is 'not eligible', by script.

    The files the index skipped and the fields it could not read are printed before the table. A question
    that raises is recorded as an error and the run goes on; exit code 1 when any did (or recall@5 is
    below --min-recall), 2 on bad options.
    """
    from assistant.evaluation import report as render

    if compare:
        try:
            before, after = (json.loads(p.read_text(encoding="utf-8")) for p in compare)
            table, changes = render.compare(before, after)
        except (OSError, ValueError, KeyError, TypeError) as error:
            _fail(f"cannot compare {compare[0]} and {compare[1]}: {error}")
            return
        out.print(table)
        for line in changes:
            out.print(line)
        out.print(f"{len(changes)} question(s) changed")
        return

    _start()
    import tempfile

    from assistant.evaluation.dataset import load_questions
    from assistant.evaluation.harness import evaluate as run_eval
    from assistant.evaluation.runner import answer_function, parse_retrievers, search_function
    from assistant.index import store
    from assistant.ingest.pipeline import ingest as run_ingest
    from assistant.retrieval.retriever import Retriever
    from assistant.settings import PROJECT_ROOT
    from assistant.types import IngestWarning, Skipped

    settings = get_settings()
    try:
        names = parse_retrievers(retriever)
        question_set = load_questions(questions or PROJECT_ROOT / "eval" / "questions.jsonl")
    except (EldercareError, ValueError) as error:
        _fail(str(error))
        return
    results: dict[str, dict] = {}
    with tempfile.TemporaryDirectory(prefix="eldercare-eval-") as tmp, _progress() as progress:
        try:
            if documents is not None:
                index_dir = Path(tmp) / "index"
                task = progress.add_task("index " + documents.name, total=None)
                run_ingest(
                    documents,
                    index_dir,
                    settings.embedder_names,
                    threads=settings.threads,
                    max_file_bytes=settings.max_file_bytes,
                )
                progress.update(task, total=1, completed=1)
            else:
                index_dir = index or settings.index_dir
                if not store.has_index(index_dir):
                    task = progress.add_task("index kb/documents", total=None)
                    run_ingest(
                        settings.documents_dir,
                        index_dir,
                        settings.embedder_names,
                        threads=settings.threads,
                        max_file_bytes=settings.max_file_bytes,
                    )
                    progress.update(task, total=1, completed=1)
            loaded = Retriever.load(index_dir, settings.threads)
            # What the score is measured on: the build's own record of the files it skipped or half-read.
            manifest = store.read_manifest(store.current_build(index_dir))
        except (EldercareError, ValueError) as error:
            progress.stop()
            _fail(str(error))
            return
        if screening is not None or card_labels is not None:
            progress.stop()
            _score_screening(
                loaded, screening, card_labels, json_out, None if documents else settings.cards_folder
            )
            return
        corpus = loaded.documents
        skipped = [Skipped(s["path"], s["reason"]) for s in manifest.get("skipped", [])]  # type: ignore[attr-defined]
        warned = [IngestWarning(w["path"], w["reason"]) for w in manifest.get("warnings", [])]  # type: ignore[attr-defined]
        answer = answer_function(loaded)
        for name in names:
            task = progress.add_task(f"eval {name}", total=len(question_set))
            results[name] = run_eval(
                question_set,
                search_function(loaded, name),
                corpus,
                answer=answer if name == "hybrid" else None,
                retriever_name=name,
                progress=lambda done, total, task=task: progress.update(task, completed=done, refresh=True),
                skipped=skipped,
                warnings=warned,
            )
    primary = results[names[0]]
    for line in render.corpus_lines(primary):
        console.print(line)
    out.print(render.summary_table(results))
    for line in render.verdict_lines(primary):
        out.print(line, highlight=False)
    errors = 0
    for name, result in results.items():
        lines = render.error_lines(result)
        errors += len(lines)
        for line in lines:
            console.print(line if len(results) == 1 else f"[dim]{name}[/] {line}")
    if json_out:
        payload = dict(primary)
        if len(results) > 1:
            payload["retrievers"] = {
                n: {k: v for k, v in r.items() if k != "per_question"} for n, r in results.items()
            }
        json_out.parent.mkdir(parents=True, exist_ok=True)
        json_out.write_text(json.dumps(payload, ensure_ascii=False, indent=2), encoding="utf-8")
        console.print(f"wrote {json_out}")
    if report:
        report.parent.mkdir(parents=True, exist_ok=True)
        report.write_text(render.html_report(results), encoding="utf-8")
        console.print(f"wrote {report}")
    recall = primary["retrieval"]["recall@5"]
    if min_recall is not None and (recall is None or recall < min_recall):
        console.print(f"[bold red]recall@5 {recall} is below the floor {min_recall}[/]")
        raise typer.Exit(1)
    if errors:
        console.print(f"[bold red]{errors} question(s) raised an error[/] (scored as failures, listed above)")
        raise typer.Exit(1)


def _score_screening(
    loaded: object,
    screening: Path | None,
    card_labels: Path | None,
    json_out: Path | None,
    cards_dir: Path | None,
) -> None:
    """`eldercare eval --screening/--cards`: the screener's statuses and the cards' fields, scored."""
    from assistant.answer.ask import Assistant
    from assistant.evaluation import screening as scoring

    assistant = Assistant(loaded, cards_dir=cards_dir)  # type: ignore[arg-type]
    payload: dict[str, object] = {"documents": len(assistant.cards.documents)}
    try:
        cases = scoring.load_cases(screening) if screening else []
        labels = scoring.load_card_labels(card_labels) if card_labels else []
    except EldercareError as error:
        _fail(str(error))
        return
    table = Table(title="screening and cards")
    table.add_column("set")
    for name in ("benefits", "status acc.", "likely recall", "likely|not", "not|likely"):
        table.add_column(name, justify="right")
    if cases:
        result = scoring.score_screening(
            cases, lambda case: assistant.screener.screen(case.question, lang=case.lang).to_json()
        )
        payload["screening"] = result
        for label, figures in [("all", result), *sorted(result["by_lang"].items())]:
            table.add_row(
                f"screening {label}",
                *(
                    str(figures[k])
                    for k in (
                        "benefits",
                        "status_accuracy",
                        "likely_recall",
                        "likely_when_not_eligible",
                        "not_eligible_when_likely",
                    )
                ),
            )
        alike = result["names_alike"]
        table.add_row(
            "screening all, names alike",
            *(
                str(alike[k])
                for k in (
                    "benefits",
                    "status_accuracy",
                    "likely_recall",
                    "likely_when_not_eligible",
                    "not_eligible_when_likely",
                )
            ),
        )
    out.print(table)
    if labels:
        languages = {d.doc_id: d.language for d in assistant.cards.documents.values()}
        missing = sorted({str(label["doc_id"]) for label in labels} - set(languages))
        if missing:
            console.print(f"[yellow]labelled documents not in the index: {', '.join(missing)}[/]")
        result_cards = scoring.score_cards(labels, assistant.cards.cards_of, lambda d: languages.get(d, "?"))  # type: ignore[arg-type]
        payload["cards"] = result_cards
        cards_table = Table(title="policy cards against labels")
        for name in (
            "set",
            "labelled cards",
            "named",
            "field precision",
            "field recall",
            "fields labelled",
            "fields read",
        ):
            cards_table.add_column(name, justify="right")
        for label, figures in [("all", result_cards), *sorted(result_cards["by_lang"].items())]:
            cards_table.add_row(
                label,
                *(
                    str(figures[k])
                    for k in (
                        "labelled_cards",
                        "cards_named",
                        "field_precision",
                        "field_recall",
                        "labelled_fields",
                        "read_fields",
                    )
                ),
            )
        out.print(cards_table)
    if json_out:
        json_out.parent.mkdir(parents=True, exist_ok=True)
        json_out.write_text(json.dumps(payload, ensure_ascii=False, indent=2), encoding="utf-8")
        console.print(f"wrote {json_out}")


class _PerMinute(ProgressColumn):
    """How many a minute the stage gets through (documents read, passages embedded)."""

    def render(self, task: Task) -> Text:
        speed = task.speed
        return Text(f"{speed * 60:,.0f}/min" if speed else "", style="progress.data.speed")


def _progress() -> Progress:
    """A progress bar that redraws only when told: a refresh thread would steal a core from the
    OpenMP pool and distort the latencies the evaluation measures. Each stage shows its rate and the
    time it has left."""
    return Progress(
        TextColumn("{task.description:<22}"),
        BarColumn(),
        MofNCompleteColumn(),
        _PerMinute(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=console,
        transient=False,
        auto_refresh=False,
    )


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.", min=1, max=65535)] = 8000,
    index: IndexOption = None,
    documents: DocumentsOption = None,
) -> None:
    """Serve the HTTP API (and web pages) with uvicorn; builds the index first when there is none."""
    _start()
    import uvicorn

    from assistant.index import store
    from assistant.server.app import create_app

    settings = get_settings()
    index_dir = index or settings.index_dir
    if not store.has_index(index_dir):
        console.print(f"no index in {index_dir}: building it first")
        try:
            ingest(documents=documents, index=index_dir, embedders=None)
        except typer.Exit as done:
            if done.exit_code not in (0, 1):  # 1: some files skipped, the index was still built
                raise
    app = create_app(index_dir=index_dir, documents_dir=documents or settings.documents_dir)
    # No access log: request lines would hold questions (ages, incomes, health) in query strings.
    uvicorn.run(app, host=host, port=port, log_level="info", access_log=False)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
