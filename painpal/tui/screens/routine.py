"""The routine player: one step at a time, a countdown, and a pain rating before and after.

painpal learns what helps *this* person from the pain before and after each
routine (see the project's clinical notes), so both ratings are one key and
both can be skipped with Enter: a rating must never be the reason a routine
is not done. The countdown is driven by :meth:`RoutinePlayerScreen.advance`,
which a 1 s interval calls only while the player is open, on top and not
paused; tests call ``advance()`` directly instead of waiting. Every instant
recorded comes from the app's clock.

A step counts as *done* when its countdown runs out, or when the person
finishes the routine with Enter during it ("I am done"); a skipped step does
not count. The run records what was done: how many steps, and the seconds
their countdowns ran, which is what the review and the report count as
minutes of relief. A run that reaches its end with no step done is
"skipped", not "done", and the closing line does not praise it. Esc during
the steps stops at once and records the run as "abandoned" without asking
anything; Esc at the opening pain question means "I did not mean to start"
and records nothing.

When the pain before comes from a recent check-in the question is not asked,
so the steps say where the rating came from; a digit pressed during the
steps rates the pain before (no key is swallowed). The rating after is the
person's latest pain: Today stores it as a check-in as well
(:mod:`painpal.services.routine_runs`).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Literal

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.events import ScreenResume, ScreenSuspend
from textual.timer import Timer
from textual.widgets import Digits, ProgressBar, Static

from painpal.domain.records import RoutineRun
from painpal.routines import Routine
from painpal.tui.markup import escape

from ..widgets.footer import LeanFooter
from ..widgets.pain_scale import SCALE_KEYS, TEN_KEY, ScaleKey
from .base import PainPalModal, action_of

if TYPE_CHECKING:
    from datetime import datetime


TICK_S = 1.0
"""The countdown shows seconds, so it ticks each second — but only while the player is visible and running."""

Phase = Literal["before", "steps", "after"]


def clock_text(seconds: float) -> str:
    """``mm:ss`` of the seconds left, rounded up so a step never shows 00:00 while it still runs."""
    whole = max(0, math.ceil(seconds - 1e-9))
    return f"{whole // 60:02d}:{whole % 60:02d}"


class RoutinePlayerScreen(PainPalModal[RoutineRun | None], palette="Routine"):
    """Plays a routine step by step; dismisses with the :class:`RoutineRun` to save, or ``None`` if never started."""

    DEFAULT_CSS = """
    RoutinePlayerScreen {
        align: center middle;
    }
    RoutinePlayerScreen #player {
        width: 100%;
        max-width: 84;
        height: auto;
        max-height: 100%;
        border: round $accent;
        border-title-style: bold;
        border-subtitle-color: $text-muted;
        background: $surface;
        padding: 0 2;
    }
    RoutinePlayerScreen #player-head {
        color: $text-muted;
        height: 1;
    }
    RoutinePlayerScreen #player-cue {
        text-style: bold;
        color: $text;
        height: auto;
        padding: 1 0 0 0;
    }
    RoutinePlayerScreen.-steps #player-cue {
        min-height: 4;  /* most cues fit: the dialog keeps its height from step to step */
    }
    RoutinePlayerScreen #player-scale {
        height: 1;
        margin: 1 0 0 0;
    }
    RoutinePlayerScreen #player-clock {
        height: 3;
        margin: 1 0 0 0;
    }
    RoutinePlayerScreen #player-countdown {
        width: auto;
        color: $text-accent;
    }
    RoutinePlayerScreen.-paused #player-countdown {
        color: $text-muted;
    }
    RoutinePlayerScreen #player-progress {
        width: 1fr;
        height: 1;
        margin: 1 0 0 3;
    }
    RoutinePlayerScreen #player-progress Bar {
        width: 1fr;
    }
    RoutinePlayerScreen #player-before {
        color: $text-muted;
        height: 1;
        margin: 1 0 0 0;
    }
    RoutinePlayerScreen #player-next {
        height: auto;
        margin: 1 0 0 0;
    }
    RoutinePlayerScreen #player-stop {
        color: $text-muted;
        height: auto;
        margin: 1 0 0 0;
    }
    RoutinePlayerScreen #player-keys {
        height: 1;
        margin: 1 0 0 0;
        color: $text-muted;
    }
    """

    BINDINGS = [
        Binding("space", "pause", "Pause/resume", id="routine-pause", tooltip="Pause or resume the countdown"),
        Binding("n,right", "skip_step", "Skip", id="routine-skip", tooltip="Next step (this one is not counted)"),
        Binding("b,left", "back", "Back", id="routine-back", tooltip="Go back to the previous step"),
        Binding("enter", "finish", "Done", id="routine-done", tooltip="Finish now, then rate your pain"),
        Binding("enter", "skip_rating", "Skip", id="routine-skip-rating", tooltip="Leave the rating blank"),
        Binding("escape", "abandon", "Stop", id="routine-abandon", tooltip="Stop here; recorded as abandoned"),
        Binding("escape", "cancel", "Cancel", id="routine-cancel", tooltip="Close without starting; nothing is saved"),
        Binding("escape", "skip_rating", "Skip", show=False, id="routine-after-escape", tooltip="Leave it blank"),
        *[
            Binding(key, f"rate({n})", "Pain 0-9 x=10", show=n == 0, key_display="0-9 x", id=f"routine-pain-{n}")
            for n, key in enumerate(SCALE_KEYS)
        ],
    ]

    def __init__(
        self,
        routine: Routine,
        pain_before: int | None = None,
        context: str | None = None,
        pain_before_at: datetime | None = None,
    ) -> None:
        """``pain_before`` given skips the opening question; ``pain_before_at`` is the check-in it came from."""
        super().__init__()
        self.routine = routine
        self.pain_before = pain_before
        self.pain_before_at = pain_before_at
        """When the check-in that gave ``pain_before`` was made (``None``: rated here, or not at all)."""
        self.pain_after: int | None = None
        self.context = context
        self.phase: Phase = "before" if pain_before is None else "steps"
        self.index = 0
        """The step on screen (0-based)."""
        self.remaining = float(routine.steps[0].seconds)
        """Seconds left in the current step."""
        self.paused = False
        """Paused by the person (space). Being covered by another screen pauses the timer, not this flag."""
        self.done_steps: set[int] = set()
        self.spent = [0.0] * len(routine.steps)
        """Seconds each step's countdown has run (back and again add up: the step was done twice)."""
        self.outcome = "done"
        self.started: datetime | None = None
        self.ended: datetime | None = None
        self._timer: Timer | None = None

    # ------------------------------------------------------------------ layout

    def compose(self) -> ComposeResult:
        with Vertical(id="player"):
            yield Static(id="player-head")
            yield Static(id="player-cue")
            with Horizontal(id="player-scale"):
                for intensity in range(11):
                    yield ScaleKey(intensity, "rate")
            with Horizontal(id="player-clock"):
                yield Digits("00:00", id="player-countdown")
                # A total from the start: a ProgressBar without one animates at 15 fps (idle CPU).
                yield ProgressBar(
                    total=self.routine.steps[0].seconds, show_eta=False, show_percentage=False, id="player-progress"
                )
            yield Static(id="player-before")
            yield Static(id="player-next")
            yield Static(id="player-stop")
            yield Static(id="player-keys")
        yield LeanFooter()

    def on_mount(self) -> None:
        player = self.query_one("#player")
        player.border_title = escape(self.routine.name)
        player.border_subtitle = f"{self.routine.kind} · {self.routine.minutes} min"
        self.query_one("#player-stop", Static).update(f"Stop rule: {escape(self.routine.stop_rule)}")
        if self.phase == "steps":
            self._start_steps()
        else:
            self.show()

    def on_unmount(self) -> None:
        self._stop_timer()

    def on_screen_suspend(self, _: ScreenSuspend) -> None:
        """Covered by help or the palette: the countdown waits, so nobody misses a step."""
        self._stop_timer()

    def on_screen_resume(self, _: ScreenResume) -> None:
        self._sync_timer()

    # ---------------------------------------------------------------- the clock

    def advance(self, seconds: float) -> None:
        """Run the countdown on by ``seconds``: steps that run out count as done and the next one starts.

        The 1 s interval calls this; tests call it directly. Does nothing unless
        the steps are playing and not paused. Running past the last step ends
        the routine and rings the bell (once, softly: the terminal bell).
        """
        if self.phase != "steps" or self.paused or seconds <= 0:
            return
        steps = self.routine.steps
        left = seconds
        while left >= self.remaining:
            left -= self.remaining
            self.spent[self.index] += self.remaining
            self.remaining = 0.0
            self.done_steps.add(self.index)
            if self.index + 1 >= len(steps):
                self._end_steps(ring=True)
                return
            self.index += 1
            self.remaining = float(steps[self.index].seconds)
        self.remaining -= left
        self.spent[self.index] += left
        self.show()

    def _tick(self) -> None:
        """The 1 s interval. A tick can still come after the player closed (its widgets gone): it stops the timer."""
        if not self.is_live:
            self._stop_timer()
            return
        self.advance(TICK_S)

    def _start_steps(self) -> None:
        self.phase = "steps"
        self.started = self.painpal.clock.now()
        self.index = 0
        self.remaining = float(self.routine.steps[0].seconds)
        self._sync_timer()
        self.refresh_bindings()
        self.show()

    def _sync_timer(self) -> None:
        """Tick only while the steps play, unpaused, on top. A fresh interval on resume gives a full first second
        (a resumed Textual timer would fire at once to catch up)."""
        if self.phase == "steps" and not self.paused and self.is_current:
            if self._timer is None:
                self._timer = self.set_interval(TICK_S, self._tick, name="routine-countdown")
        else:
            self._stop_timer()

    def _stop_timer(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None

    def _end_steps(self, *, ring: bool = False) -> None:
        """The steps are over (or the person said done): stop the clock and ask for the pain after."""
        self._stop_timer()
        self.ended = self.painpal.clock.now()
        self.phase = "after"
        self.paused = False
        self.remove_class("-paused")
        if ring and self.painpal.ring_bell:
            self.app.bell()
        self.refresh_bindings()
        self.show()

    # ------------------------------------------------------------------ render

    def show(self) -> None:
        """Render the current phase; cheap, and only called when something changed."""
        steps = self.routine.steps
        head = self.query_one("#player-head", Static)
        cue = self.query_one("#player-cue", Static)
        nxt = self.query_one("#player-next", Static)
        keys = self.query_one("#player-keys", Static)
        for phase in ("before", "steps", "after"):
            self.set_class(self.phase == phase, f"-{phase}")
        self.query_one("#player-clock").display = self.phase == "steps"
        self.query_one("#player-scale").display = self.phase != "steps"
        self.query_one("#player-stop").display = self.phase != "after"
        self.query_one("#player-before").display = self.phase == "steps"
        if self.phase == "before":
            head.update(f"{len(steps)} steps · about {self.routine.minutes} min")
            cue.update(f"Pain before you start?  [dim]0-9, {TEN_KEY}=10 · Enter to skip[/]")
            nxt.update(f"{escape(self.routine.summary)}\n[b]First:[/] {escape(steps[0].cue)}")
            keys.update("[@click=screen.skip_rating]Enter skip the rating[/]   [@click=screen.cancel]Esc close[/]")
            return
        if self.phase == "after":
            done = len(self.done_steps)
            if done:
                head.update(f"{done} of {len(steps)} steps done. Well done for taking the time.")
            else:
                head.update(f"No step done (0 of {len(steps)}): kept as skipped. That's fine; it is not judged.")
            cue.update(f"Pain now?  [dim]0-9, {TEN_KEY}=10 · Enter to skip[/]")
            nxt.update("[dim]Your rating is how painpal learns what helps you.[/]")
            keys.update("[@click=screen.skip_rating]Enter skip the rating[/]")
            return
        step = steps[self.index]
        left = self.remaining + sum(s.seconds for s in steps[self.index + 1 :])
        state = "  [b $text-warning]PAUSED[/] — space to resume" if self.paused else ""
        head.update(f"Step {self.index + 1} of {len(steps)} · {clock_text(left)} left in all{state}")
        cue.update(escape(step.cue))
        self.query_one("#player-before", Static).update(self._before_text())
        self.query_one(Digits).update(clock_text(self.remaining))
        self.query_one(ProgressBar).update(total=step.seconds, progress=step.seconds - self.remaining)
        if self.index + 1 < len(steps):
            following = steps[self.index + 1]
            nxt.update(f"[b]Next:[/] {escape(following.cue)} [dim]({clock_text(following.seconds)})[/]")
        else:
            nxt.update("[b]Next:[/] that's the last step — then one key to rate your pain.")
        pause = "resume" if self.paused else "pause"
        keys.update(
            f"[@click=screen.pause]space {pause}[/]   [@click=screen.back]b back[/]   "
            f"[@click=screen.skip_step]n skip[/]   [@click=screen.finish]Enter done[/]   "
            f"[@click=screen.abandon]Esc stop[/]"
        )

    def _before_text(self) -> str:
        """Where the pain before came from, so a question not asked is never a silent one."""
        change = f"0-9, {TEN_KEY}=10 to change it" if self.pain_before is not None else f"0-9, {TEN_KEY}=10 to rate it"
        if self.pain_before is None:
            said = "Pain before: not rated"
        elif self.pain_before_at is not None:
            said = f"Pain before: [b]{self.pain_before}[/] from your check-in at {self.pain_before_at:%H:%M}"
        else:
            said = f"Pain before: [b]{self.pain_before}[/]"
        return f"{said} · [dim]{change}[/]"

    # ---------------------------------------------------------------- actions

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Each key means one thing per phase; the footer shows only what works now."""
        if action in ("pause", "skip_step", "back", "finish", "abandon"):
            return self.phase == "steps"
        if action == "rate":
            return True  # during the steps a digit rates the pain before: a key pressed then is never lost
        if action == "skip_rating":
            return self.phase in ("before", "after")
        if action == "cancel":
            return self.phase == "before"
        return True

    def action_pause(self) -> None:
        """Space: pause or resume. A paused player has no timer at all: nothing wakes up while it waits."""
        if self.phase != "steps":
            return
        self.paused = not self.paused
        self.set_class(self.paused, "-paused")
        self._sync_timer()
        self.show()

    def action_skip_step(self) -> None:
        """Next step now; the skipped step is not counted as done. Skipping the last one ends the routine."""
        if self.phase != "steps":
            return
        if self.index + 1 >= len(self.routine.steps):
            self._end_steps()
            return
        self.index += 1
        self.remaining = float(self.routine.steps[self.index].seconds)
        self.show()

    def action_back(self) -> None:
        """The previous step, from its start (on the first step: start it again)."""
        if self.phase != "steps":
            return
        self.index = max(0, self.index - 1)
        self.remaining = float(self.routine.steps[self.index].seconds)
        self.show()

    def action_finish(self) -> None:
        """Enter: "I am done" — the current step counts, and the pain-after question follows."""
        if self.phase != "steps":
            return
        self.done_steps.add(self.index)
        self._end_steps()

    def action_abandon(self) -> None:
        """Esc during the steps: stop at once and ask nothing; the run is kept as abandoned."""
        if self.phase != "steps":
            return
        self._stop_timer()
        self.ended = self.painpal.clock.now()
        self.outcome = "abandoned"
        self.dismiss(self._run())

    def action_cancel(self) -> None:
        """Esc before the first step: the player was opened by mistake, so nothing is recorded."""
        if self.phase == "before":
            self.dismiss(None)

    def action_rate(self, intensity: int) -> None:
        """One key rates the pain: before, it starts the steps; during them, it is the pain before; after, it saves.

        During the steps the pain before may have come from a check-in the
        person did not see reused, or they typed their rating a moment after
        the player opened: either way the digit is what they meant now.
        """
        if self.phase == "before":
            self.pain_before = intensity
            self._start_steps()
        elif self.phase == "steps":
            self.pain_before = intensity
            self.pain_before_at = None
            self.show()
        elif self.phase == "after":
            self.pain_after = intensity
            self.dismiss(self._run())

    def action_skip_rating(self) -> None:
        """Enter at a pain question: no rating, carry on."""
        if self.phase == "before":
            self._start_steps()
        elif self.phase == "after":
            self.dismiss(self._run())

    def _run(self) -> RoutineRun:
        """What happened: the steps done and the seconds they took; a finished run with none done is skipped."""
        now = self.painpal.clock.now()
        outcome = self.outcome if self.outcome == "abandoned" or self.done_steps else "skipped"
        return RoutineRun(
            at=self.started or now,
            routine=self.routine.id,
            outcome=outcome,
            ended=self.ended or now,
            steps_done=len(self.done_steps),
            steps_total=len(self.routine.steps),
            pain_before=self.pain_before,
            pain_after=self.pain_after,
            transition=self.context,
            seconds=round(sum(self.spent[i] for i in self.done_steps), 1),
        )

    def palette_text(self, binding: Binding) -> tuple[str, str] | None:
        """One entry per pain number (the footer shows them as one range); during the steps they are the pain before."""
        name, arguments = action_of(binding)
        if name == "rate" and self.phase == "steps":
            return f"Pain before {arguments[0]}", f"Your pain before you started was {arguments[0]}"
        if name == "rate":
            return f"Pain {arguments[0]}", f"Rate your pain {arguments[0]}"
        return super().palette_text(binding)
