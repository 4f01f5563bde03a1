"""axe-core (the npm package, installed by `make axe`) run inside a Playwright page.

Any page test can call `serious_violations(page)` on the page as it stands (after loading it, or after
opening a dialog) and assert the list is empty: axe's own impact levels, and only the two that block
people (serious, critical). The script is evaluated through the browser's debugging protocol, so a
page's Content-Security-Policy does not stop it.
"""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass

import pytest

from tests.helpers import ROOT

AXE_JS = ROOT / ".cache" / "axe" / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING = ("serious", "critical")


@dataclass(frozen=True)
class Violation:
    """One axe rule a page breaks: the rule, its impact, axe's one-line help and the offending elements."""

    rule: str
    impact: str
    help: str
    nodes: tuple[str, ...]  # outer HTML of each element, as axe reports it

    def __str__(self) -> str:
        return f"{self.rule} ({self.impact}, {len(self.nodes)}x): {self.help}: {' | '.join(self.nodes[:3])}"


@functools.cache
def axe_source() -> str:
    """The axe-core script; without it, fail under CI (`make test` installs it) and skip elsewhere."""
    if not AXE_JS.is_file():
        message = f"{AXE_JS.relative_to(ROOT)} is missing: run `make axe` (axe-core from the npm registry)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return AXE_JS.read_text(encoding="utf-8")


def violations(page, impacts: tuple[str, ...] = BLOCKING) -> list[Violation]:
    """axe's violations on `page` as it is now, of the given impact levels, in axe's order."""
    if not page.evaluate("typeof window.axe === 'object'"):
        page.evaluate(axe_source())
    report = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [
        Violation(
            rule=found["id"],
            impact=found["impact"],
            help=found["help"],
            nodes=tuple(node["html"] for node in found["nodes"]),
        )
        for found in report["violations"]
        if found["impact"] in impacts
    ]


def serious_violations(page) -> list[Violation]:
    """Violations of impact serious or critical on `page` as it is now (empty when the page passes)."""
    return violations(page, BLOCKING)
