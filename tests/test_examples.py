"""Examples are tests: each computes to its expected JSON, and the case studies keep
what the MOE reference document (Sept 2013) states: offset amount, credits, certification type.

The document gives no activity data, so each case study's quantities are illustrative and
its computed ratio is no reproduction of the published one: no test here asserts it."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from offsetcalc.api import compute
from offsetcalc.engine.compute import UG_PER_T

from . import golden
from .conftest import ROOT, run_cli

EXAMPLES = golden.example_files()

# Reference document (MOE, Sept 2013), case studies: offset amount (t), credit types and the
# standard of the certification (the landscaping company's case is a Carbon Neutral certification).
PUBLISHED = {
    "event-dance-class.yaml": (3, {"J-VER"}, "jp-co"),
    "product-umeboshi.yaml": (40, {"CER"}, "jp-co"),
    "organization-wood-recycling.yaml": (411, {"CER", "J-VER", "domestic"}, "jp-cn"),
    "service-forest-ecostation.yaml": (26, {"J-VER"}, "jp-co"),
}


def test_examples_found() -> None:
    names = {p.name for p in EXAMPLES}
    assert set(PUBLISHED) <= names
    assert "readme-workshop.yaml" in names


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name)
def test_example_matches_expected_json(example: Path, in_root: Path) -> None:
    expected = golden.expected_path(example)
    assert expected.exists(), f"run python tests/golden.py to create {expected.name}"
    assert json.loads(golden.render_json(example)) == json.loads(expected.read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", sorted(PUBLISHED))
def test_case_study_keeps_what_the_document_states(name: str) -> None:
    tonnes, types, standard = PUBLISHED[name]
    r = compute(ROOT / "examples" / name)
    assert r.credits_ug == tonnes * UG_PER_T
    assert {c.type for c in r.credits} == types
    assert r.standard == standard
    # The file says plainly that its quantities are illustrative and its ratio no reproduction.
    header = (ROOT / "examples" / name).read_text(encoding="utf-8").split("\noffsetcalc: 1")[0]
    assert "ILLUSTRATIVE" in header and "NOT a reproduction" in header


def test_cli_json_equals_library_result(in_root: Path) -> None:
    proc = run_cli("compute", "examples/product-umeboshi.yaml", "--format", "json")
    assert proc.returncode == 0, proc.stderr
    from offsetcalc.report.result import result_to_dict

    assert json.loads(proc.stdout) == json.loads(json.dumps(result_to_dict(compute("examples/product-umeboshi.yaml"))))


def test_readme_example_output_is_current() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"<!-- example-output.*?-->\n\n```text\n(.*?)```", readme, re.S)
    assert block, "README example output block missing"
    assert block.group(1) == golden.render_table(ROOT / "examples" / "readme-workshop.yaml")


def test_every_example_passes_its_standard(in_root: Path) -> None:
    from offsetcalc.rules.check import check_files

    report = check_files(EXAMPLES)
    assert [r.verdict for r in report.results] == ["pass"] * len(EXAMPLES), [
        (r.source, [f.rule for f in r.findings if f.severity == "error"]) for r in report.results
    ]
