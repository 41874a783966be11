#!/usr/bin/env python3
"""Write schemas/<record_type>.schema.json from the pydantic models (run after changing a record).

python scripts/generate_schemas.py          # write
python scripts/generate_schemas.py --check  # exit 1 if schemas/ is out of date
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pipeline.schema import record_schemas, render

SCHEMAS = Path(__file__).resolve().parents[1] / "schemas"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check; do not write")
    args = parser.parse_args()
    stale = []
    SCHEMAS.mkdir(exist_ok=True)
    for name, schema in record_schemas().items():
        path = SCHEMAS / name
        text = render(schema)
        if path.exists() and path.read_text(encoding="utf-8") == text:
            continue
        stale.append(name)
        if not args.check:
            path.write_text(text, encoding="utf-8")
    if args.check and stale:
        print(
            f"schemas out of date: {', '.join(stale)}; run python scripts/generate_schemas.py",
            file=sys.stderr,
        )
        return 1
    print(
        f"{'checked' if args.check else 'wrote'} {len(record_schemas())} schemas"
        + (f" ({len(stale)} updated)" if stale and not args.check else "")
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
