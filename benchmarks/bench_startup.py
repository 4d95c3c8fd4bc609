"""Start-up: `offsetcalc --help`, `compute --help` and the README example against `python -c "import typer"`.

    python benchmarks/bench_startup.py

Best of 10 fresh processes each, in the same run, so the ratio is fair on any machine.
"""

from __future__ import annotations

import sys

from _measure import offsetcalc, run

CASES = [
    ("python -c 'import typer'", [sys.executable, "-c", "import typer"]),
    ("offsetcalc --help", offsetcalc("--help")),
    ("offsetcalc compute --help", offsetcalc("compute", "--help")),
    ("offsetcalc compute examples/readme-workshop.yaml", offsetcalc("compute", "examples/readme-workshop.yaml")),
    ("... --format json", offsetcalc("compute", "examples/readme-workshop.yaml", "--format", "json")),
]


def main() -> None:
    base = None
    for name, argv in CASES:
        wall, _ = run(argv, repeat=10)
        base = base or wall
        print(f"{name}: {wall * 1000:.0f} ms ({wall / base:.2f}x import typer)")


if __name__ == "__main__":
    main()
