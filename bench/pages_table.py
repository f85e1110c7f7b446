"""Every page's figures at both sizes as one Markdown table, for bench/README.md, from the printed output of
`python -m bench.pages` (one run per size, or one run of both):

    python -m bench.pages > pages.out; python -m bench.pages_table pages.out [more.out ...]
"""

from __future__ import annotations

import re
import sys

HEADER = re.compile(r"^Every page at ([\d,]+) people; the trivial view's median ([\d.]+) ms")
ACTIONS = re.compile(r"^Every action \(a POST, rolled back\) at ([\d,]+) people")
ROW = re.compile(
    r"^(\S+)\s+(\S+(?: \S+)?)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+(\d{3})( \(download\))?( OVER)?(?:  \[[\d.]+\])?$"
)
ACTION = re.compile(r"^\s+(\S+)\s+(\S+)\s+([\d.]+) ms\s+([\d.]+)×\s+(\d{3})( OVER)?$")


def parse(paths: list[str]):
    sizes: dict[str, float] = {}
    rows: dict[tuple[str, str], dict[str, tuple]] = {}
    for path in paths:
        size, section = "", None
        with open(path, encoding="utf-8") as lines:
            text = lines.read().splitlines()
        for line in text:
            if m := HEADER.match(line):
                size, section = m.group(1), "pages"
                sizes[size] = float(m.group(2))
            elif m := ACTIONS.match(line):
                size, section = m.group(1), "actions"
            elif line.startswith("The ten slowest"):
                section = None
            elif section == "pages" and (m := ROW.match(line)):
                name, who, median, p95, ratio, status, download, over = m.groups()
                kind = "download" if download else "page"
                rows.setdefault((name, who), {})[size] = (
                    kind,
                    float(median),
                    float(p95),
                    float(ratio),
                    status,
                    bool(over),
                )
            elif section == "actions" and (m := ACTION.match(line)):
                name, who, median, ratio, status, over = m.groups()
                rows.setdefault(("POST " + name, who), {})[size] = (
                    "action",
                    float(median),
                    None,
                    float(ratio),
                    status,
                    bool(over),
                )
    return sizes, rows


def table(sizes, rows) -> str:
    order = list(sizes)
    head = (
        "| page | as | "
        + " | ".join(f"{s} people: median ms, p95 ms, × trivial ({sizes[s]:.2f} ms)" for s in order)
        + " |"
    )
    lines = [head, "| --- | --- | " + " | ".join("---" for _ in order) + " |"]
    for (name, who), by_size in sorted(rows.items(), key=lambda item: (item[0][0].startswith("POST"), item[0])):
        cells = []
        for s in order:
            if s not in by_size:
                cells.append("—")
                continue
            kind, median, p95, ratio, status, over = by_size[s]
            p95_text = "" if p95 is None else f", {p95:.1f}"
            note = " (download)" if kind == "download" else ""
            flag = " **over**" if over else ""
            status_text = "" if status in ("200", "302") else f" [{status}]"
            cells.append(f"{median:.1f}{p95_text}, {ratio:.1f}×{note}{status_text}{flag}")
        lines.append(f"| `{name}` | {who} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


if __name__ == "__main__":
    print(table(*parse(sys.argv[1:])))
