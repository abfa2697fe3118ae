"""Saving on the coding screen, and the moves that save: autosave, ctrl+s, done, no incident,
next / previous article.

The rules are the session's (coder/tui/session.py): a draft always saves, "done" is validated in
full. This layer decides *when* to write (a pause in typing, leaving an incident or an article,
an explicit key) and writes drafts in a worker thread so typing never waits for the disk; a status
change and quitting write synchronously, because they are what counts. When an edit makes a done
article invalid, the store gets a draft and the coder is told why (`demoted`).
"""

from __future__ import annotations

from textual import work

from coder.errors import CoderError
from coder.store.coder_store import ArticleRecord, Status
from coder.textsafe import clean
from coder.tui.article.text import ArticleText
from coder.tui.coding.session import ErrorMap
from coder.tui.coding.view import STATUS_WORDS, CodingView
from coder.tui.form import CodebookForm

AUTOSAVE_SECONDS = 2.0
RETRY_SECONDS = 5.0
"""After a failed save, how long until it is tried again (while the edit is unsaved)."""


def save_failure_message(error: BaseException) -> str:
    """What to tell the coder about a failed save: a CoderError already says it; anything else
    (a bug, an OS error no layer wrapped) is named rather than crashing the screen."""
    if isinstance(error, CoderError):
        return clean(str(error))
    if isinstance(error, OSError):
        where = f" ({error.filename})" if error.filename else ""
        return clean(f"could not save{where}: {error.strerror or error}")
    return clean(f"could not save: {type(error).__name__}: {error}")


class SaveMixin(CodingView):
    """Writing the working record, and the actions that change or leave it."""

    def on_codebook_form_changed(self, event: CodebookForm.Changed) -> None:
        """A field changed: record it in the session and (re)start the autosave timer."""
        event.stop()
        s = self.session
        if not s.readonly:
            self.undo.before_edit(
                event.form.id, event.field.name, s.record, s.current, event.field.label
            )
        s.touch()
        if event.form.id == "article-form":
            s.set_article_values(*event.form.collect(), event.form.as_coded())
        elif s.current is not None:
            s.set_incident_values(s.current, *event.form.collect(), event.form.as_coded())
        if not s.readonly:
            self.undo.settled(s.record, s.current)
        if event.form.id == "incident-form" and event.field.type == "quote":
            # Highlighting scans the whole article: wait until the coder pauses typing.
            if self._highlight is not None:
                self._highlight.stop()
            self._highlight = self.set_timer(0.3, self._highlight_quotes)
        self.refresh_header()
        if self._autosave is not None:
            self._autosave.stop()
        if not self.session.readonly:
            self._autosave = self.set_timer(AUTOSAVE_SECONDS, self.save_in_background)

    # -- writing --------------------------------------------------------------------------------

    def _draft(self) -> tuple[ArticleRecord, int] | None:
        if self._autosave is not None:
            self._autosave.stop()
            self._autosave = None
        s = self.session
        if s.readonly or not s.dirty:
            return None
        self.sync()
        return s.draft_record(), s.generation

    def save_in_background(self) -> None:
        """Autosave: write a draft in a worker thread if anything changed."""
        job = self._draft()
        if job is not None:
            self._write(*job)

    def save_now(self) -> bool:
        """Write synchronously (quit): the app must not exit before the data is on disk.
        False when the write failed (the edit is still in memory, and the coder was told)."""
        job = self._draft()
        if job is not None:
            try:
                self._stored(self.session.write(*job), notify=False)
            except Exception as error:
                self._save_failed(error)
                return False
        return True

    @work(thread=True, group="save")
    def _write(self, record: ArticleRecord, generation: int) -> None:
        try:
            stored = self.session.write(record, generation)
        except Exception as error:
            self.app.call_from_thread(self._save_failed, error)
        else:
            self.app.call_from_thread(self._stored, stored, False)

    def _save_failed(self, error: Exception) -> None:
        """A write failed (full disk, read-only folder, lost lock...): the edit stays in memory,
        the coder is told why once per distinct reason, and the save is retried every
        RETRY_SECONDS until it succeeds, so it lands as soon as the cause is gone."""
        reason = save_failure_message(error)
        if reason != self.save_error:
            self.notify(
                f"{reason}\nYour edit is kept in this window and saved as soon as this is fixed.",
                title="Not saved",
                severity="error",
                timeout=15,
            )
        self.save_error = reason
        if self._retry is not None:
            self._retry.stop()
        self._retry = self.set_timer(RETRY_SECONDS, self._retry_save)

    def _retry_save(self) -> None:
        """Write again every record whose save failed: the one shown and any the coder left."""
        self._retry = None
        s = self.session
        for article, (record, generation) in list(s.unsaved.items()):
            if article != s.article.id:
                self._write(record, generation)
        self.save_in_background()

    @property
    def all_saved(self) -> bool:
        """Nothing typed is only in memory (quitting would lose nothing)."""
        s = self.session
        return s.readonly or (not s.dirty and not s.unsaved)

    def _stored(self, stored: ArticleRecord | None, notify: bool = False) -> None:
        if self.save_error is not None and not self.session.dirty and not self.session.unsaved:
            self.save_error = None
            self.notify("Saved: the earlier problem is gone.", timeout=4)
        if stored is None or stored.article != self.session.article.id:
            return  # a save of the article the coder just left: nothing to show here
        self.saved_at = self.clock(stored.updated)
        self._check_demoted(stored.status)
        self.refresh_header()

    def _check_demoted(self, stored_status: Status) -> None:
        """An edit keeps a done article done while it validates; when it no longer does, the
        store gets a draft and the coder is told why (once, and in the header until fixed).
        The working record keeps the coder's status, so the next valid save is done again."""
        s = self.session
        chosen = s.record.status
        if chosen == "draft":
            self.demoted = None
            return
        words = STATUS_WORDS[chosen]
        if stored_status == "draft":
            errors = s.errors_for(s.record, chosen)
            reason = self._describe(errors) if errors else "text that does not parse yet"
            if self.demoted is None:
                self.notify(
                    f"Saved as a draft, no longer {words}: {reason}. Fix it and it is {words} "
                    "again when saved.",
                    title="Not complete",
                    severity="warning",
                    timeout=10,
                )
            self.demoted = reason
        elif self.demoted is not None:
            self.demoted = None
            self.notify(f"Complete again: saved as {words}.", timeout=3)

    def _describe(self, errors: dict[str, str]) -> str:
        """'N problem(s), first: incident 2: Event date: is required' for notifications."""
        key, message = next(iter(errors.items()))
        name = key.rpartition(": ")[2]
        codebook = self.session.codebook
        f = codebook.field("article", name) or codebook.field("incident", name)
        where = key.replace(name, f.label) if f is not None else key
        count = f"{len(errors)} problems, first: " if len(errors) > 1 else ""
        return f"{count}{where}: {message}"

    def _readonly_refused(self) -> bool:
        if self.session.readonly:
            self.notify(
                f"Read-only: {self.readonly_reason}. Nothing can be saved in this window.",
                severity="warning",
            )
            return True
        return False

    def _show_errors(self, errors: dict[str, str]) -> None:
        """Mark `errors` on the fields; show the first incident with errors if this one has none."""
        self.errors = ErrorMap.from_errors(errors)
        if (form := self._article_form) is not None:
            form.show_errors(self.errors.article)
        s = self.session
        if self.errors.incidents and (s.current is None or s.current not in self.errors.incidents):
            self.sync()
            s.current = min(self.errors.incidents)
            self.show_incident()
        elif (form := self._incident_form) is not None and s.current is not None:
            form.show_errors(self.errors.incidents.get(s.current, {}))

    # -- status actions -------------------------------------------------------------------------

    def action_save(self) -> None:
        if self._readonly_refused():
            return
        self.session.touch()  # an explicit save always writes
        job = self._draft()
        if job is None:
            return
        record, generation = job
        problems = self.session.errors_for(self.session.record, "draft")
        self._show_errors(problems)
        self._write(record, generation)
        if record.status != self.session.record.status:
            pass  # demoted to a draft: _stored says why
        elif problems:
            self.notify(
                f"Saved as a draft; {len(problems)} problem(s) to fix are marked in red.",
                severity="warning",
            )
        else:
            self.notify("Saved.", timeout=2)

    def _finish(self, status: Status) -> None:
        if self._readonly_refused():
            return
        self.sync()
        s = self.session
        errors = s.errors_for(s.record, status)
        if errors:
            self._show_errors(errors)
            self.notify(
                f"Not marked {STATUS_WORDS[status]}: {self._describe(errors)}",
                severity="error",
                timeout=8,
                markup=False,
            )
            self.call_after_refresh(self._focus_problem, next(iter(errors)))
            return
        s.record.status = status
        s.touch()
        job = self._draft()
        if job is None:
            return
        try:
            s.write(*job)  # a status change is written before moving on: it is what counts
        except Exception as error:
            self._save_failed(error)
            return
        following = s.next_unfinished(s.index)
        if following is not None:
            self.notify(f"{s.article.id}: {STATUS_WORDS[status]}.", timeout=2)
            self._open(following)
        else:
            self.notify(
                f"{s.article.id}: {STATUS_WORDS[status]}. Every article is finished.", timeout=4
            )
            self.load_article()

    def _focus_problem(self, key: str) -> None:
        """Put the cursor in the field of the first problem ("incident 2: event_date")."""
        head, _, name = key.rpartition(": ")
        form = self._incident_form if head.startswith("incident ") else self._article_form
        if form is not None and name in form.rows and form.rows[name].display:
            form.focus_field(name)

    def action_done(self) -> None:
        self._finish("done")

    def action_no_incident(self) -> None:
        if self.session.record.incidents:
            self.notify(
                "This article has incidents: delete them first (F8) to mark it "
                "'no relevant incident'.",
                severity="error",
            )
            return
        self._finish("no_incident")

    # -- leaving the article --------------------------------------------------------------------

    def _open(self, index: int) -> None:
        """Save the article shown (in the background) and show article `index`."""
        if index == self.session.index:
            return
        self.save_in_background()
        self.session.open(index)
        self.undo.clear()
        self.undo.settled(self.session.record, self.session.current)
        self.saved_at = self.clock(self.session.record.updated)
        self.load_article()
        if not isinstance(self.focused, ArticleText):
            # A new article starts at its first question, not wherever the last one ended
            # (often a field of an incident form that this article hides).
            self.call_after_refresh(self._focus_start)

    def action_next_article(self) -> None:
        if self.session.index + 1 < len(self.session.articles):
            self._open(self.session.index + 1)
        else:
            self.notify("This is the last article.", timeout=2)

    def action_prev_article(self) -> None:
        if self.session.index > 0:
            self._open(self.session.index - 1)
        else:
            self.notify("This is the first article.", timeout=2)
