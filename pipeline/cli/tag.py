"""``newswire tag``: run the tagger on plain text or a JSON Lines file, without Kafka.

    newswire tag article.txt           tags and entities of one text (headline first), readable
    newswire tag - < article.txt       the same from standard input
    newswire tag article.txt --json    one JSON object {"tags": [...], "entities": [...]}
    newswire tag --jsonl in.jsonl      lines of {"id", "title", "text"} → lines of
                                       {"id", "tags": [...], "entities": [...]}

The taxonomy and gazetteer are the configured ones (tag.taxonomy_file, tag.gazetteer_file) unless
--taxonomy / --gazetteer name others, so a taxonomy edit can be tried before it is deployed.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TextIO

from pipeline.cli.common import CliContext
from pipeline.errors import ConfigError
from pipeline.stages.tag import TagResult, tag_text
from pipeline.tagging import Gazetteer, Taxonomy, load_gazetteer, load_taxonomy


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "tag", help="tag plain text (a file or -) or a JSON Lines file of articles with topics and entities",
        description="Tag text with the configured taxonomy and gazetteer and print the tags (topic, score, "
        "evidence spans with offsets into the text and the rule that matched) and the entities. A plain "
        "text is read as the clean text format: headline first, then paragraphs.",
    )
    p.add_argument("file", nargs="?", type=Path, help="text file to tag, or - for standard input")
    p.add_argument("--jsonl", type=Path, metavar="FILE",
                   help='JSON Lines of {"id", "title", "text"} ("-" for standard input)')
    p.add_argument("--title", help="headline of the plain text when it is not its first line")
    p.add_argument("--json", action="store_true", help="print the plain text's result as JSON")
    p.add_argument("--taxonomy", type=Path, help="taxonomy file (default: tag.taxonomy_file)")
    p.add_argument("--gazetteer", type=Path, help="gazetteer file (default: tag.gazetteer_file)")
    p.set_defaults(func=run_tag)


def run_tag(args: argparse.Namespace, ctx: CliContext) -> int:
    if (args.file is None) == (args.jsonl is None):
        print("newswire tag: give either a FILE (or -) or --jsonl FILE", file=sys.stderr)
        return 2
    settings = ctx.settings
    taxonomy = load_taxonomy(args.taxonomy or settings.path(settings.tag.taxonomy_file))
    gazetteer = load_gazetteer(args.gazetteer or settings.path(settings.tag.gazetteer_file))
    if args.jsonl is not None:
        with _reading(args.jsonl) as lines:
            for row in tag_jsonl(lines, taxonomy, gazetteer):
                sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")
        return 0
    with _reading(args.file) as stream:
        text = stream.read()
    result = tag_text(args.title, text, taxonomy, gazetteer)
    if args.json:
        print(json.dumps(result_json(result), ensure_ascii=False, indent=2))
    else:
        print_readable(result, taxonomy.version, sys.stdout)
    return 0


def tag_jsonl(lines: Iterable[str], taxonomy: Taxonomy, gazetteer: Gazetteer) -> Iterator[dict[str, Any]]:
    """One output object per non-blank input line; a malformed line is a ConfigError naming it."""
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            text = row["text"]
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            raise ConfigError(f"line {number}", f'expected a JSON object with "text" ({exc})') from exc
        result = tag_text(row.get("title"), text, taxonomy, gazetteer)
        yield {"id": row.get("id"), **result_json(result)}


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


@contextmanager
def _reading(path: Path) -> Iterator[TextIO]:
    """A text file for reading, or standard input for ``-`` (left open)."""
    if str(path) == "-":
        yield sys.stdin
        return
    try:
        stream = path.open(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(str(path), f"cannot read: {exc.strerror or exc}") from exc
    with stream:
        yield stream
