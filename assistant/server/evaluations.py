"""Evaluation runs started from the staff workspace: the bundled or an uploaded question set, asked of the
index the app is serving, in the background; each run kept under the data folder as run.json (status and
metrics), questions.jsonl, result.json (FORMATS.md section 3) and report.html (`eldercare eval --report`)."""

from __future__ import annotations

import json
import logging
import re
import shutil
import threading
import time
import uuid
from pathlib import Path

from assistant.errors import BadQuery, EldercareError, NotFound
from assistant.evaluation.dataset import load_questions
from assistant.index import store
from assistant.settings import PROJECT_ROOT
from assistant.types import IngestWarning, Skipped

log = logging.getLogger("eldercare")
BUNDLED = PROJECT_ROOT / "eval" / "questions.jsonl"
KEEP_RUNS = 20
_RUN_ID = re.compile(r"^[0-9]{8}T[0-9]{6}-[0-9a-f]{8}$")


class EvaluationRuns:
    """At most one run at a time; the last KEEP_RUNS are kept."""

    def __init__(self, folder: Path, state) -> None:  # type: ignore[no-untyped-def]
        self.folder = folder
        self.state = state
        self._lock = threading.Lock()
        self.running: str | None = None

    def start(self, questions: bytes | None, name: str | None) -> dict[str, object]:
        """Check the question set, then ask it in the background. BadQuery when it cannot be read."""
        if not self._lock.acquire(blocking=False):
            return {"started": False, "id": self.running, "message": "an evaluation is already running"}
        try:
            run_id = time.strftime("%Y%m%dT%H%M%S") + "-" + uuid.uuid4().hex[:8]
            run = self.folder / run_id
            run.mkdir(parents=True)
            target = run / "questions.jsonl"
            if questions is None:
                shutil.copyfile(BUNDLED, target)
                name = "bundled (eval/questions.jsonl)"
            else:
                target.write_bytes(questions)
            try:
                count = len(load_questions(target))
            except (EldercareError, UnicodeDecodeError) as error:
                shutil.rmtree(run, ignore_errors=True)
                message = str(error).replace(str(target), name or "the question set")
                raise BadQuery(f"cannot read the question set: {message}") from None
            retriever = self.state.require_retriever()
            self._write(
                run,
                {
                    "id": run_id,
                    "set": name or "uploaded",
                    "questions": count,
                    "done": 0,
                    "status": "running",
                    "started_at": time.time(),
                    "finished_at": None,
                    "build": _build_name(self.state.index_dir),
                    "built_at": retriever.manifest.get("built_at"),
                    "error": None,
                },
            )
            self.running = run_id
            threading.Thread(target=self._run, args=(run, retriever), name="evaluation", daemon=True).start()
        except BaseException:
            self._lock.release()
            raise
        return {"started": True, "id": run_id, "message": None}

    def _write(self, run: Path, status: dict[str, object]) -> None:
        store.write_atomic(run / "run.json", json.dumps(status, ensure_ascii=False))

    def _run(self, run: Path, retriever) -> None:  # type: ignore[no-untyped-def]
        from assistant.evaluation import report as render
        from assistant.evaluation.harness import evaluate
        from assistant.evaluation.runner import answer_function, search_function

        status = self.read(run.name)
        try:
            questions = load_questions(run / "questions.jsonl")
            try:
                manifest = store.read_manifest(store.current_build(self.state.index_dir))
            except (EldercareError, OSError, ValueError):
                manifest = dict(retriever.manifest)
            skipped = [Skipped(s["path"], s["reason"]) for s in manifest.get("skipped", [])]
            warned = [IngestWarning(w["path"], w["reason"]) for w in manifest.get("warnings", [])]
            last = [0.0]

            def progress(done: int, total: int) -> None:
                if time.monotonic() - last[0] > 0.5 or done == total:
                    last[0] = time.monotonic()
                    self._write(run, {**status, "done": done})

            result = evaluate(
                questions,
                search_function(retriever, "hybrid"),
                retriever.documents,
                answer=answer_function(retriever),
                progress=progress,
                skipped=skipped,
                warnings=warned,
            )
            (run / "result.json").write_text(
                json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8"
            )
            store.write_atomic(run / "report.html", render.html_report({"hybrid": result}))
            status.update(
                status="done",
                done=len(questions),
                documents=result["documents"],
                retrieval=result["retrieval"],
                answer=result["answer"],
                latency_ms=result["latency_ms"],
                errors=sum(1 for q in result["per_question"] if q.get("error")),  # type: ignore[union-attr]
            )
        except Exception as error:  # noqa: BLE001 (a failed run is reported on the page, the app goes on)
            log.exception("evaluation %s failed", run.name)
            status.update(status="failed", error=f"{type(error).__name__}: {error}")
        finally:
            status["finished_at"] = time.time()
            self._write(run, status)
            self.running = None
            self._prune()
            self._lock.release()

    def _prune(self) -> None:
        runs = sorted(p for p in self.folder.iterdir() if p.is_dir() and _RUN_ID.match(p.name))
        for old in runs[:-KEEP_RUNS]:
            shutil.rmtree(old, ignore_errors=True)

    def _path(self, run_id: str) -> Path:
        path = self.folder / run_id
        if not _RUN_ID.match(run_id) or not (path / "run.json").is_file():
            raise NotFound(f"no evaluation run {run_id!r}")
        return path

    def read(self, run_id: str) -> dict[str, object]:
        return json.loads((self._path(run_id) / "run.json").read_text(encoding="utf-8"))

    def list(self) -> list[dict[str, object]]:
        if not self.folder.is_dir():
            return []
        runs = sorted((p for p in self.folder.iterdir() if _RUN_ID.match(p.name)), reverse=True)
        out = []
        for path in runs[:KEEP_RUNS]:
            try:
                out.append(json.loads((path / "run.json").read_text(encoding="utf-8")))
            except (OSError, ValueError):
                continue
        return out

    def report(self, run_id: str) -> str:
        path = self._path(run_id) / "report.html"
        if not path.is_file():
            raise NotFound(f"evaluation {run_id} has no report yet")
        return path.read_text(encoding="utf-8")


def _build_name(index_dir: Path) -> str | None:
    try:
        return store.current_build(index_dir).name
    except (EldercareError, OSError):
        return None
