"""Golden outputs of the examples: produced by the code, checked by hand once.

Run ``python tests/golden.py`` from the repository root after a deliberate change
(a factor table edit changes its sha256 and so every result that uses it); then
read the diff before committing it. tests/test_examples.py compares against these.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"


def example_files() -> list[Path]:
    """Activity files among the examples (those with an 'offsetcalc:' header)."""
    return sorted(
        p
        for p in EXAMPLES.glob("*.yaml")
        if p.read_text(encoding="utf-8").find("\noffsetcalc: 1") >= 0
        or p.read_text(encoding="utf-8").startswith("offsetcalc: 1")
    )


def expected_path(example: Path) -> Path:
    return example.with_suffix(".expected.json")


def render_json(example: Path) -> str:
    """The result as ``compute --format json`` gives it, indented so a diff can be read."""
    import json

    from offsetcalc.api import compute
    from offsetcalc.report.result import result_to_dict, to_json

    data = json.loads(to_json(result_to_dict(compute(example.relative_to(ROOT)))))
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def render_table(example: Path, width: int = 120) -> str:
    from offsetcalc.api import compute
    from offsetcalc.report.terminal import console, render_result

    out = console(plain=True, width=width)
    with out.capture() as cap:
        render_result(compute(example.relative_to(ROOT)), out)
    return cap.get()


def main() -> None:
    import os

    os.chdir(ROOT)
    sys.path.insert(0, str(ROOT / "src"))
    for ex in example_files():
        expected_path(ex).write_text(render_json(ex), encoding="utf-8")
        print("wrote", expected_path(ex).relative_to(ROOT))
    readme_table = ROOT / "tests" / "data" / "readme-workshop.table.txt"
    readme_table.write_text(render_table(EXAMPLES / "readme-workshop.yaml"), encoding="utf-8")
    print("wrote", readme_table.relative_to(ROOT))


if __name__ == "__main__":
    main()
