"""Run the benchmarks and print one line per figure: ``bench: NAME VALUE UNIT``.

    python -m bench.run [PREFIX]     # only the figures whose names start with PREFIX
"""

import os
import sys

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mentoring.settings")

from bench import matching  # noqa: E402

BENCHMARKS = [
    # (figure names it prints, function)
    (["matching.bulk_2000x800"], matching.bulk_2000x800),
]


def main(argv):
    prefix = argv[1] if len(argv) > 1 else ""
    ran = 0
    for names, function in BENCHMARKS:
        if any(name.startswith(prefix) for name in names):
            for name, value, unit in function():
                print(f"bench: {name} {value} {unit}", flush=True)
            ran += 1
    if not ran:
        print(f"No benchmark name starts with {prefix!r}.", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
