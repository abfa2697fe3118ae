"""The form built from the codebook: one `CodebookForm` per scope (article, incident), each field a
`FieldRow` holding the editor the field's type maps to (`editors.make_editor`), both forms in one
scrolling `FormScroll`. Screens use this face; the editors are the form's own business."""

from coder.tui.form.field_row import FieldRow
from coder.tui.form.form import EDITOR_MESSAGES, CodebookForm
from coder.tui.form.form_scroll import FormScroll

__all__ = ["EDITOR_MESSAGES", "CodebookForm", "FieldRow", "FormScroll"]
