"""Data flows one way: understanding a question (assistant/query.py and the readers in assistant/text/)
sits below the answer stage and loads none of it."""

from __future__ import annotations

import subprocess
import sys


def test_understanding_loads_nothing_of_the_answer_stage() -> None:
    script = (
        "import sys\n"
        "from assistant.query import understand\n"
        "understand('我妈妈72岁，住在广州，坐地铁要不要钱？每个月能领多少补贴？')\n"
        "print(sorted(m for m in sys.modules if m.startswith(('assistant.answer', 'assistant.retrieval'))))"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]", out.stdout
