"""The corpus text format: one block per paragraph, blocks separated by one blank line, the lines
of a block by single newlines, no trailing spaces.

:func:`blocks_from_body` turns trafilatura's XML body (``<p>``, ``<head>``, ``<list>``, ``<quote>``,
``<table>`` with ``<lb/>`` line breaks) into blocks, keeping the difference between a paragraph
break and a line break that plain-text output loses.
"""

from __future__ import annotations

from collections.abc import Iterator

from lxml import etree

from pipeline.text.normalize import normalize_line

Block = tuple[str, ...]

_NEWLINE = "\n"
# Elements that start a new line inside a block.
_LINE_ELEMENTS = frozenset({"p", "head", "item", "row", "quote", "list", "table", "code", "div", "lb"})


def blocks_from_body(body: etree._Element) -> list[Block]:
    """One block per top-level element of the body; empty blocks are dropped."""
    blocks: list[Block] = []
    if body.text and body.text.strip():
        blocks.append((body.text,))
    for child in body:
        if not isinstance(child.tag, str):
            continue
        blocks.append(tuple(_element_lines(child)))
        if child.tail and child.tail.strip():
            blocks.append((child.tail,))
    return [b for b in (_clean_block(b) for b in blocks) if b]


def _element_lines(element: etree._Element) -> list[str]:
    """The element's text split into lines at line breaks and nested block elements."""
    return "".join(_pieces(element, top=True)).split(_NEWLINE)


def _pieces(element: etree._Element, *, top: bool = False) -> Iterator[str]:
    tag = element.tag if isinstance(element.tag, str) else ""
    if tag in _LINE_ELEMENTS and not top:
        yield _NEWLINE
    if tag == "item":
        yield "- "
    if tag == "cell" and element.getprevious() is not None:
        yield " | "
    if element.text and tag != "lb":
        yield element.text
    for child in element:
        yield from _pieces(child)
    if tag in _LINE_ELEMENTS and tag != "lb" and not top:
        yield _NEWLINE
    if element.tail and not top:
        yield element.tail


def _clean_block(lines: Block) -> Block:
    return tuple(line for line in (normalize_line(raw) for raw in lines) if line and line != "-")


def join_blocks(blocks: list[Block]) -> str:
    """The corpus text of ``blocks``."""
    return "\n\n".join("\n".join(block) for block in blocks if block)


def split_blocks(text: str) -> list[Block]:
    """Blocks of a corpus text (blank lines separate blocks; empty lines are dropped)."""
    blocks = []
    for chunk in text.split("\n\n"):
        lines = tuple(line.rstrip() for line in chunk.split("\n") if line.strip())
        if lines:
            blocks.append(lines)
    return blocks
