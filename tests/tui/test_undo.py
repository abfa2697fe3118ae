"""The undo stack's rules, without an app (coder/tui/coding/undo.py)."""

from __future__ import annotations

from coder.store.coder_store import ArticleRecord, Incident
from coder.tui.coding.undo import UndoStack


def record() -> ArticleRecord:
    return ArticleRecord(article="a1", incidents=[Incident("1" * 32, {"province": "kirkuk"})])


def test_a_run_of_typing_in_one_field_is_one_step() -> None:
    rec, undo = record(), UndoStack()
    undo.settled(rec, 0)
    for typed in ("T", "To", "Top"):
        undo.before_edit("incident", "place", rec, 0, "Place")
        rec.scratch["incident:0:place"] = typed
        undo.settled(rec, 0)
    assert len(undo) == 1
    snap = undo.pop()
    assert snap is not None and snap.what == "Place"
    snap.restore(rec)
    assert rec.scratch == {} and rec.incidents[0].values == {"province": "kirkuk"}


def test_an_edit_already_copied_into_the_record_is_still_undone() -> None:
    """An autosave between a key and the screen's handling of its change copies the new text
    from the form into the record first: the step must go back to the state before the key."""
    rec, undo = record(), UndoStack()
    undo.settled(rec, 0)
    rec.scratch["incident:0:place"] = "T"  # the autosave's sync, before the change message
    undo.before_edit("incident", "place", rec, 0, "Place")
    undo.settled(rec, 0)
    snap = undo.pop()
    assert snap is not None
    snap.restore(rec)
    assert "incident:0:place" not in rec.scratch


def test_an_incident_change_is_its_own_step_and_the_next_edit_starts_a_new_one() -> None:
    rec, undo = record(), UndoStack()
    undo.settled(rec, 0)
    undo.before_change(rec, 0, "new incident 2")
    rec.incidents.append(Incident("2" * 32, {}))
    undo.settled(rec, 1)
    undo.before_edit("incident", "province", rec, 1, "Province")
    rec.incidents[1].values["province"] = "diyala"
    undo.settled(rec, 1)
    first = undo.pop()
    assert first is not None and first.restore(rec) == 1
    assert rec.incidents[1].values == {}
    second = undo.pop()
    assert second is not None and second.restore(rec) == 0
    assert len(rec.incidents) == 1 and undo.pop() is None


def test_undo_puts_back_the_carried_marks_with_the_values() -> None:
    rec, undo = record(), UndoStack()
    incident = rec.incidents[0].id
    undo.carried[incident] = {"province"}
    undo.settled(rec, 0)
    undo.before_edit("incident", "province", rec, 0, "Province")
    rec.incidents[0].values["province"] = "diyala"  # a suggestion taken over the carried value
    undo.carried[incident].discard("province")
    undo.settled(rec, 0)
    snap = undo.undo(rec)
    assert snap is not None and snap.current == 0
    assert rec.incidents[0].values == {"province": "kirkuk"}
    assert undo.carried == {incident: {"province"}}
    assert undo.undo(rec) is None


def test_edits_absorbed_by_a_change_are_not_steps_of_their_own() -> None:
    """F6 sets several fields in one key; their edit messages arrive after it: one step."""
    rec, undo = record(), UndoStack()
    undo.settled(rec, 0)
    undo.before_change(rec, 0, "suggestions taken (F6)")
    rec.incidents[0].values.update(province="diyala", perpetrator="isis")
    names = ("province", "perpetrator")
    undo.absorb(UndoStack.field_key("incident-form", 0, n) for n in names)
    for name in names:
        undo.before_edit("incident-form", name, rec, 0, name)
        undo.settled(rec, 0)
    assert len(undo) == 1
    undo.before_edit("incident-form", "province", rec, 0, "Province")  # the coder's own: a step
    assert len(undo) == 2
    undo.pop()
    snap = undo.undo(rec)
    assert snap is not None and snap.what == "suggestions taken (F6)"
    assert rec.incidents[0].values == {"province": "kirkuk"}


def test_an_edit_after_a_move_is_undone_where_it_was_made() -> None:
    """Moving to another incident settles nothing: the step still shows the edit's incident and
    field, not the incident the screen last settled on."""
    rec, undo = record(), UndoStack()
    rec.incidents.append(Incident("2" * 32, {}))
    undo.settled(rec, 1)  # the screen settled on incident 2; the coder then moved to incident 1
    undo.before_edit("incident-form", "province", rec, 0, "Province")
    rec.incidents[0].values["province"] = "diyala"
    undo.settled(rec, 0)
    snap = undo.undo(rec)
    assert snap is not None and snap.current == 0
    assert snap.edited == ("incident-form", "province")
    assert rec.incidents[0].values == {"province": "kirkuk"}
