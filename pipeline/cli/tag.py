"""``newswire tag``: run the tagger on plain text or a JSON Lines file, without Kafka.

    newswire tag article.txt           tags and entities of one text (headline first), readable
    newswire tag - < article.txt       the same from standard input
    newswire tag article.txt --json    one JSON object {"tags": [...], "entities": [...]}
    newswire tag --jsonl in.jsonl      lines of {"id", "title", "text"} → lines of
                                       {"id", "tags": [...], "entities": [...]}, or
                                       {"id", "line", "error"} for a line that cannot be tagged

The taxonomy and gazetteer are the configured ones (tag.taxonomy_file, tag.gazetteer_file) unless
--taxonomy / --gazetteer name others, so a taxonomy edit can be tried before it is deployed.
Bulk mode carries on past bad lines, reports each with its number and exits 1 if any failed (the
same rule as ``extract --jsonl``).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from pipeline.cli.common import CliContext

if TYPE_CHECKING:
    from pipeline.errors import InputError
    from pipeline.stages.tag import TagResult
    from pipeline.tagging import Gazetteer, Taxonomy


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "tag",
        help="tag plain text (a file or -) or a JSON Lines file of articles with topics and entities",
        description="Tag text with the configured taxonomy and gazetteer and print the tags (topic, score, "
        "evidence spans with offsets into the text and the rule that matched) and the entities. A plain "
        "text is read as the clean text format: headline first, then paragraphs.",
    )
    p.add_argument("file", nargs="?", type=Path, help="text file to tag, or - for standard input")
    p.add_argument(
        "--jsonl",
        type=Path,
        metavar="FILE",
        help='JSON Lines of {"id", "title", "text"} ("-" for standard input)',
    )
    p.add_argument("--title", help="headline of the plain text when it is not its first line")
    p.add_argument("--json", action="store_true", help="print the plain text's result as JSON")
    p.add_argument("--taxonomy", type=Path, help="taxonomy file (default: tag.taxonomy_file)")
    p.add_argument("--gazetteer", type=Path, help="gazetteer file (default: tag.gazetteer_file)")
    p.set_defaults(func=run_tag)


def run_tag(args: argparse.Namespace, ctx: CliContext) -> int:
    from pipeline.cli.inputs import decode_text, read_bytes
    from pipeline.stages.tag import tag_text
    from pipeline.tagging import load_tagging

    if (args.file is None) == (args.jsonl is None):
        print("newswire tag: give either a FILE (or -) or --jsonl FILE", file=sys.stderr)
        return 2
    settings = ctx.settings
    taxonomy, gazetteer = load_tagging(
        args.taxonomy or settings.data_file("tag.taxonomy_file"),
        args.gazetteer or settings.data_file("tag.gazetteer_file"),
    )
    if args.jsonl is not None:
        return _run_jsonl(args.jsonl, taxonomy, gazetteer)
    name = "stdin" if str(args.file) == "-" else str(args.file)
    text = decode_text(read_bytes(args.file), name)
    result = tag_text(args.title, text, taxonomy, gazetteer)
    if args.json:
        print(json.dumps(result_json(result), ensure_ascii=False, indent=2))
    else:
        print_readable(result, taxonomy.version, sys.stdout)
    return 0


def _run_jsonl(path: Path, taxonomy: Taxonomy, gazetteer: Gazetteer) -> int:
    from pipeline.cli.inputs import numbered_lines, write_jsonl_results

    rows = tag_jsonl(numbered_lines(path), taxonomy, gazetteer)
    return write_jsonl_results(rows, "tag", "could not be tagged")


def tag_jsonl(
    lines: Iterable[tuple[int, str | InputError]], taxonomy: Taxonomy, gazetteer: Gazetteer
) -> Iterator[dict[str, Any]]:
    """One output object per non-blank input line: the tags, or the error of a malformed line."""
    from pipeline.stages.tag import tag_text

    for number, line in lines:
        if not isinstance(line, str):
            yield {
                "id": None,
                "line": number,
                "error": _error("input.undecodable", "InputError", line.message),
            }
            continue
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except ValueError as exc:
            yield {"id": None, "line": number, "error": _error("input.invalid_json", "ValueError", str(exc))}
            continue
        if not isinstance(row, dict) or not isinstance(row.get("text"), str):
            yield {
                "id": row.get("id") if isinstance(row, dict) else None,
                "line": number,
                "error": _error("input.invalid", "ValueError", 'need an object with a "text" string'),
            }
            continue
        title = row.get("title")
        result = tag_text(title if isinstance(title, str) else None, row["text"], taxonomy, gazetteer)
        yield {"id": row.get("id"), **result_json(result)}


def _error(reason: str, error_class: str, message: str) -> dict[str, str]:
    """An error line's error, shaped as ``extract --jsonl`` shapes its own."""
    return {"reason": reason, "error_class": error_class, "message": message}


def result_json(result: TagResult) -> dict[str, Any]:
    return {
        "tags": [tag.model_dump(mode="json") for tag in result.tags],
        "entities": [entity.model_dump(mode="json") for entity in result.entities],
    }


def print_readable(result: TagResult, version: str, out: TextIO) -> None:
    out.write(f"taxonomy {version}\n")
    if not result.tags:
        out.write("tags: none\n")
    for tag in result.tags:
        out.write(f"tag {tag.topic}  score {tag.score:g}\n")
        for span in tag.evidence:
            out.write(f"    [{span.start}:{span.end}] {span.match!r}  {span.rule}\n")
    for entity in result.entities:
        where = ", ".join(f"{m.start}" for m in entity.mentions[:8])
        more = " ..." if len(entity.mentions) > 8 else ""
        out.write(f"entity {entity.id} ({entity.kind}) x{len(entity.mentions)} at {where}{more}\n")
