"""Care and the warning-sign check, driven with real keys; then a look at what reached the store."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Static, TextArea

from painpal import coach, settings
from painpal.domain import safety
from painpal.domain.records import Appointment, CarePerson, SafetyEvent
from painpal.history import History
from painpal.tui.app import PainPalApp
from painpal.tui.screens.care import AppointmentFormScreen, CareScreen, PersonFormScreen, VisitBriefScreen
from painpal.tui.screens.safety import SIGN_KEYS, ResolveWarningScreen, WarningCheckScreen

from .tui_helpers import LONDON, MONDAY_1005, make_app, settle


async def type_text(pilot: Pilot[int], text: str) -> None:
    for ch in text:
        await pilot.press("space" if ch == " " else ch)


async def open_care(pilot: Pilot[int], app: PainPalApp) -> CareScreen:
    await settle(pilot, app)
    screen = CareScreen()
    app.push_screen(screen)
    await settle(pilot, app)
    return screen


async def test_add_a_person(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        care = await open_care(pilot, app)
        await pilot.press("n")
        await settle(pilot, app)
        assert isinstance(app.screen, PersonFormScreen)
        await type_text(pilot, "Dr Lee")
        await pilot.press("tab", "tab")
        await type_text(pilot, "GP surgery")
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        assert app.screen is care
        people = app.store.records(CarePerson)
        assert [(p.name, p.role, p.contact) for p in people] == [("Dr Lee", "physician", "GP surgery")]
        assert "Saved Dr Lee" in care.status_text


async def test_add_an_appointment_with_prefilled_questions_and_see_them_in_the_brief(tmp_path: Path) -> None:
    app = make_app(tmp_path, demo_days=60)
    before = {a.id for a in app.store.records(Appointment)}
    async with app.run_test(size=(80, 24)) as pilot:
        care = await open_care(pilot, app)
        assert care.state is not None and care.state.suggestions, "the demo's patterns give suggestions"
        await pilot.press("a")
        await settle(pilot, app)
        form = app.screen
        assert isinstance(form, AppointmentFormScreen)
        prefilled = form.query_one("#appointment-questions", TextArea).text.splitlines()
        assert prefilled == list(care.state.suggestions)
        assert any(q.startswith("My log shows: ") for q in prefilled)
        await pilot.press("end")
        for _ in range(16):
            await pilot.press("backspace")
        await type_text(pilot, "2026-12-02 14:00")
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        new = [a for a in app.store.records(Appointment) if a.id not in before]
        assert len(new) == 1
        assert new[0].at == datetime(2026, 12, 2, 14, 0, tzinfo=LONDON)
        assert list(new[0].questions) == prefilled
        # The new visit is now the next one: the brief shows its questions, numbered; 1 ticks the first asked.
        await pilot.press("b")
        await settle(pilot, app)
        brief = app.screen
        assert isinstance(brief, VisitBriefScreen)
        text = str(brief.query_one("#brief-text", Static).render())
        assert "Next visit: Wed 2 Dec 2026 14:00" in text
        assert "1 [ ] My log shows: " in text
        await pilot.press("1")
        await settle(pilot, app)
        stored = app.store.get(Appointment, new[0].id)
        assert stored is not None and stored.asked == (prefilled[0],)
        await pilot.press("escape")
        await settle(pilot, app)
        assert app.screen is care


async def test_export_writes_private_markdown_and_html(tmp_path: Path) -> None:
    app = make_app(tmp_path, demo_days=14)
    async with app.run_test(size=(80, 24)) as pilot:
        care = await open_care(pilot, app)
        await pilot.press("x")
        await settle(pilot, app)
        assert care.exported is not None
        md_path, html_path = care.exported
        assert md_path.parent == app.store.device_dir / "reports"
        assert md_path.read_text(encoding="utf-8").startswith("# painpal report")
        assert html_path.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
        assert (md_path.stat().st_mode & 0o777, html_path.stat().st_mode & 0o777) == (0o600, 0o600)
        assert str(html_path) in care.status_text


def suggestion(app: PainPalApp) -> coach.Suggestion:
    """What the coach offers now, with the stored warning-sign reports."""
    store = app.store
    plan = settings.load(store).plan
    return coach.suggest(plan, MONDAY_1005, History.load(store), warnings=store.records(SafetyEvent))


@pytest.mark.parametrize(("key", "sign"), list(zip(SIGN_KEYS, safety.WARNING_SIGNS, strict=True)))
async def test_each_sign_gives_its_advice_stops_exercise_and_resolving_restores(
    tmp_path: Path, key: str, sign: safety.WarningSign
) -> None:
    app = make_app(tmp_path)
    results: list[SafetyEvent | None] = []
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        assert suggestion(app).seek_care is None
        app.push_screen(WarningCheckScreen(), results.append)
        await settle(pilot, app)
        await pilot.press(key)
        await pilot.press("enter")
        await settle(pilot, app)
        stored = app.store.records(SafetyEvent)
        assert [e.signs for e in stored] == [(sign.id,)], "stored before the advice shows"
        screen = app.screen
        assert isinstance(screen, WarningCheckScreen)
        advice = str(screen.query_one("#warning-advice", Static).render())
        head = safety.EMERGENCY_ADVICE if sign.urgency == "emergency" else safety.SOON_ADVICE
        assert head.split(":")[0] in advice
        other = safety.SOON_ADVICE if sign.urgency == "emergency" else safety.EMERGENCY_ADVICE
        assert other.split("(")[0] not in advice
        await pilot.press("enter")
        await settle(pilot, app)
        assert results == [stored[0]]

        offered = suggestion(app)
        assert offered.seek_care is not None and offered.context == "warning"
        assert offered.routine is None or not offered.routine.exercise
        assert all(not r.exercise for r in offered.alternatives)

        app.push_screen(ResolveWarningScreen(stored[0]))
        await settle(pilot, app)
        await pilot.press("y")
        await settle(pilot, app)
        resolved = app.store.records(SafetyEvent)
        assert len(resolved) == 1 and resolved[0].resolved == MONDAY_1005
        assert suggestion(app).seek_care is None


async def test_no_sign_ticked_reassures_and_stores_nothing(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    results: list[SafetyEvent | None] = []
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot, app)
        app.push_screen(WarningCheckScreen(), results.append)
        await settle(pilot, app)
        await pilot.press("3", "3")  # ticked, then unticked
        await pilot.press("enter")
        await settle(pilot, app)
        assert results == [None]
        assert app.store.records(SafetyEvent) == []
        assert any("reassuring" in n.message for n in app._notifications)


async def test_care_screen_resolves_the_active_warning_with_r(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    app.store.add(SafetyEvent(at=MONDAY_1005.replace(hour=8), signs=("fever",)))
    async with app.run_test(size=(80, 24)) as pilot:
        care = await open_care(pilot, app)
        assert care.state is not None and care.state.warning is not None
        assert "Warning sign reported" in str(care.query_one("#care-warning", Static).render())
        await pilot.press("r")
        await settle(pilot, app)
        assert isinstance(app.screen, ResolveWarningScreen)
        await pilot.press("y")
        await settle(pilot, app)
        assert app.screen is care
        assert app.store.records(SafetyEvent)[0].resolved == MONDAY_1005
        assert care.state is not None and care.state.warning is None
        assert not care.query_one("#care-warning", Static).display
