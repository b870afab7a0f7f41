"""Task-list checkboxes a screen reader can name.

``pymdownx.tasklist`` writes ``<input type="checkbox" disabled>`` with no label,
so a screen reader announces a bare "checkbox". Each one gets the name
"Done": read with its state ("Done, checkbox, not checked") and the item's text.

Python-Markdown only: no MkDocs imports.
"""

from __future__ import annotations

from markdown import Extension, Markdown
from markdown.postprocessors import Postprocessor

TASKLIST_CHECKBOX = '<input type="checkbox" disabled'
LABELLED_CHECKBOX = '<input type="checkbox" aria-label="Done" disabled'


def label_checkboxes(html: str) -> str:
    """``html`` with every task-list checkbox named."""
    return html.replace(TASKLIST_CHECKBOX, LABELLED_CHECKBOX)


class CheckboxLabels(Extension):
    """Names task-list checkboxes once the page's HTML is whole."""

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 - Python-Markdown's name
        # After raw HTML is put back (priority 30): the checkboxes are stashed HTML until then.
        md.postprocessors.register(_Labels(md), "handbook_checkbox_labels", 5)


class _Labels(Postprocessor):
    def run(self, text: str) -> str:
        return label_checkboxes(text)
