"""A 5 MB YAML activity file (~37,000 activities): time and peak memory of compute.

    python benchmarks/bench_yaml.py

YAML is read with libyaml's C parser when PyYAML has it (loader._loader_class), then
every node gets its line:column and every activity a pydantic model. That per-node
work is the limit: bulk rows belong in a table (activities_from), which is 100x faster.
"""

from __future__ import annotations

import random

from _measure import OUT, offsetcalc, run

KINDS = [("kWh", "electricity.jp.tepco.basic", 2), ("L", "fuel.gasoline", 1), ("kg", "fuel.lpg", 1)]


def write(target_bytes: int = 5_000_000) -> tuple[str, int]:
    OUT.mkdir(parents=True, exist_ok=True)
    rnd = random.Random(5)
    lines = ["offsetcalc: 1", "kind: organization", "title: 5 MB of activities",
             "period: {start: 2014-04-01, end: 2015-03-31}", "activities:"]  # fmt: skip
    size, n = sum(len(x) + 1 for x in lines), 0
    while size < target_bytes:
        unit, factor, scope = KINDS[n % 3]
        line = (
            f"  - {{id: meter-{n:06d}, scope: {scope}, quantity: '{rnd.uniform(0, 50000):,.2f} {unit}', "
            f"factor: {factor}, site: site-{n % 500:03d}, description: monthly reading}}"
        )
        lines.append(line)
        size += len(line) + 1
        n += 1
    path = OUT / "activities-5mb.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(path), n


def main() -> None:
    import yaml

    path, n = write()
    wall, peak = run(offsetcalc("compute", path, "--format", "json"), repeat=2)
    c = "C (libyaml)" if hasattr(yaml, "CSafeLoader") else "pure Python"
    print(f"{path}: {n:,} activities, 5.0 MB, {c} loader: {wall:.2f} s, peak {peak:.0f} MB")


if __name__ == "__main__":
    main()
