"""Text tools shared by the extract and clean stages.

normalize    Unicode NFC, odd spaces, whitespace runs, markup leftovers (never rewrites words)
decode       HTML bytes → str: declared charset, <meta charset>, then detection
blocks       the corpus text format: blocks of lines separated by one blank line
rules        named boilerplate rules loaded from ``config/boilerplate.yaml``
memory       per-source learned boilerplate (bounded, saved to disk)
fingerprint  exact (sha256) and near-duplicate (SimHash) fingerprints
stories      bounded near-duplicate index that assigns story ids
"""
