"""The micro-routine library (data) and its lookup.

painpal's second idea is that small practices at the day's transition points
beat one big fix (see the project's clinical notes). This module holds those
practices as plain data — each with the moments it fits, the pain range it
suits, timed steps in plain words, a stop rule and the guideline or paper it
comes from — and answers "which routines fit this moment?" for the coach, the
CLI and the TUI. It is pure: no I/O, no clock, no Textual. The person's own
routines are stored by the store as the dicts :func:`routine_to_dict` makes.

Nothing here diagnoses, and nothing names a medicine or a dose: medication is
recorded by name only, "as advised by your clinician".
"""

from __future__ import annotations

import dataclasses
import re
import types
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from painpal.domain.records import RELIEF_KINDS, SHORT_TEXT_MAX, ValidationError, check_int, clean_text

TRANSITION_KINDS = ("wake", "work-start", "break", "work-end", "move", "unwind", "sleep")
"""Points on the day's timeline (shared with ``plan.py``); "move" is a rest day's activity point."""
CONTEXTS = ("seated", "flare", "any")
"""Moments that are not timeline points: after the longest seated stretch, during a flare, any time."""
FITS = TRANSITION_KINDS + CONTEXTS
"""Every word a routine's ``fits`` may use."""

FLARE_PAIN = 7
"""Pain at or above this (0-10) counts as a flare: only gentle routines are offered."""

STEPS_MAX = 30
"""Most steps a routine may have: a micro-routine, not a workout plan."""
STEP_SECONDS_MIN = 5
STEP_SECONDS_MAX = 30 * 60
CUE_MAX = 300
"""Longest step cue: one or two plain sentences."""
LONG_TEXT_MAX = 300
"""Longest summary, stop rule or source line."""

DEFAULT_STOP_RULE = (
    "Stop if pain spreads down a leg, or rises sharply; rest in a comfortable position and note it in a check-in."
)
"""The stop rule every routine carries at least; custom routines get it when they name none."""
CUSTOM_SOURCE = "your own routine"
"""The ``source`` of every routine the person wrote or edited."""

_ID_RE = re.compile(r"[^\W_]+(?:-[^\W_]+)*")
"""Slug ids: lowercase letters (any script) and digits, joined by single hyphens."""
ID_MAX = 64


@dataclass(frozen=True)
class Step:
    """One timed step of a routine: what to do, in plain words, and for how long."""

    cue: str
    seconds: int

    def __post_init__(self) -> None:
        cue = clean_text(self.cue, "step", CUE_MAX)
        if cue is None:
            raise ValidationError("Each step needs a few words saying what to do.")
        object.__setattr__(self, "cue", cue)
        object.__setattr__(
            self, "seconds", check_int(self.seconds, "step time in seconds", STEP_SECONDS_MIN, STEP_SECONDS_MAX)
        )


@dataclass(frozen=True)
class Routine:
    """A micro-routine: when it fits, what it asks, when to stop and where it comes from.

    ``exercise`` marks physical movement, which painpal stops suggesting while
    a warning sign is active; ``gentle`` marks routines suitable during a
    flare (pain >= :data:`FLARE_PAIN`). Validation runs on construction, so a
    built-in with a typo fails at import and a bad custom routine fails with
    a plain sentence.
    """

    id: str
    name: str
    kind: str
    fits: tuple[str, ...]
    pain_min: int
    pain_max: int
    steps: tuple[Step, ...]
    stop_rule: str
    source: str
    summary: str
    exercise: bool
    gentle: bool
    builtin: bool = True
    hidden: bool = False

    def __post_init__(self) -> None:
        def put(name: str, value: Any) -> None:
            object.__setattr__(self, name, value)

        if not isinstance(self.id, str) or len(self.id) > ID_MAX or not _ID_RE.fullmatch(self.id):
            raise ValidationError(
                f"A routine id is lowercase letters and digits joined by hyphens, e.g. my-stretch; got {self.id!r}."
            )
        if self.id != self.id.lower():
            raise ValidationError(f"A routine id must be lowercase; got {self.id!r}.")
        name = clean_text(self.name, "routine name", SHORT_TEXT_MAX)
        if name is None:
            raise ValidationError("A routine needs a name.")
        put("name", name)
        if self.kind not in RELIEF_KINDS:
            raise ValidationError(f"A routine is soothing or strategic, not {self.kind!r}.")
        fits = tuple(self.fits) if isinstance(self.fits, (list, tuple)) else None
        if not fits:
            raise ValidationError(f"The routine {name!r} must fit at least one moment of the day.")
        for word in fits:
            if word not in FITS:
                raise ValidationError(f"The routine {name!r} fits {word!r}, which is not one of {', '.join(FITS)}.")
        put("fits", tuple(dict.fromkeys(fits)))
        low = check_int(self.pain_min, "lowest pain the routine suits", 0, 10)
        high = check_int(self.pain_max, "highest pain the routine suits", 0, 10)
        if low > high:
            raise ValidationError(f"The routine {name!r} suits pain from {low} to {high}: the range is upside down.")
        put("pain_min", low)
        put("pain_max", high)
        steps = tuple(self.steps) if isinstance(self.steps, (list, tuple)) else ()
        if not 1 <= len(steps) <= STEPS_MAX:
            raise ValidationError(f"A routine has 1 to {STEPS_MAX} steps; {name!r} has {len(steps)}.")
        if not all(isinstance(s, Step) for s in steps):
            raise ValidationError(f"The steps of {name!r} are not valid.")
        put("steps", steps)
        for field_name, what in (("stop_rule", "stop rule"), ("source", "source"), ("summary", "summary")):
            text = clean_text(getattr(self, field_name), what, LONG_TEXT_MAX)
            if text is None:
                raise ValidationError(f"The routine {name!r} needs a {what}.")
            put(field_name, text)
        for flag in ("exercise", "gentle", "builtin", "hidden"):
            if not isinstance(getattr(self, flag), bool):
                raise ValidationError(f"The routine's {flag} flag must be true or false.")

    @property
    def total_seconds(self) -> int:
        """How long the whole routine takes, in seconds."""
        return sum(step.seconds for step in self.steps)

    @property
    def minutes(self) -> int:
        """Total time rounded to whole minutes for display (never 0: "1 min" reads better than "0 min")."""
        return max(1, int(self.total_seconds / 60 + 0.5))

    def suits_pain(self, pain: int | None) -> bool:
        """Whether ``pain`` (0-10, or unknown) lies in the range this routine suits."""
        return pain is None or self.pain_min <= pain <= self.pain_max


def _steps(*pairs: tuple[int, str]) -> tuple[Step, ...]:
    """Built-in steps written as (seconds, cue): the time first reads well in the table below."""
    return tuple(Step(cue, seconds) for seconds, cue in pairs)


_STOP_MOVE = DEFAULT_STOP_RULE + " Move only within a range that feels easy; mild stretch is fine, sharp pain is not."
_STOP_WALK = (
    "Stop if pain spreads down a leg, or rises sharply; slow down and head back if your legs feel weak or numb. "
    "Aim for the time, not for a distance."
)
_STOP_HEAT = (
    "Stop if pain spreads down a leg, or rises sharply. Never put heat straight on bare skin or sleep on it; "
    "check your skin every few minutes and stop if it turns blotchy or feels too hot."
)
_STOP_CALM = (
    "Stop if you feel dizzy or light-headed and breathe normally. If pain spreads down a leg or rises sharply, "
    "note it in a check-in."
)

_ACP = "American College of Physicians 2017 (Qaseem et al., Ann Intern Med 2017;166:514-530)"
_NICE = "NICE NG59"
_PACING = "Murphy & Kratz, Pain 2014 (activity pacing)"

BUILTINS: tuple[Routine, ...] = (
    Routine(
        id="morning-mobility",
        name="Morning mobility",
        kind="strategic",
        fits=("wake",),
        pain_min=0,
        pain_max=6,
        steps=_steps(
            (15, "Before you reach for your phone: lie on your back, knees bent, feet flat. Take two slow breaths."),
            (40, "Pelvic tilts: gently flatten your lower back into the bed, then let it arch a little. Slow, easy."),
            (40, "Knee rocks: hug your knees towards your chest and rock gently side to side, or just hold."),
            (40, "Gentle rotations: knees together, let them sway slowly to one side, then the other."),
            (40, "Cat-cow: on hands and knees (the bed is fine), round your back up, then let it dip. Breathe."),
            (15, "Roll onto your side and push up with your arms to sit. Stand up when you are ready."),
        ),
        stop_rule=_STOP_MOVE,
        source=f"{_NICE} (exercise, stay active); {_ACP}",
        summary="Three minutes of easy movement before the phone eases morning stiffness and starts the day moving.",
        exercise=True,
        gentle=False,
    ),
    Routine(
        id="standing-reset",
        name="Standing reset",
        kind="strategic",
        fits=("seated", "break"),
        pain_min=0,
        pain_max=8,
        steps=_steps(
            (15, "Stand up: feet hip-width apart, weight even on both feet."),
            (25, "Hip hinge: hands on your hips, bend a little at the hips with a long back, then stand tall. Repeat."),
            (25, "Calf raises: hold the desk, rise slowly onto your toes, lower slowly."),
            (20, "Shoulder rolls: roll your shoulders up, back and down, slowly."),
            (35, "Take a few easy steps: to the window, the kettle, down the hall and back."),
        ),
        stop_rule=_STOP_MOVE,
        source=f"{_NICE} (stay active); {_PACING} (change position on a timer)",
        summary="Two minutes on your feet breaks a long seated stretch before stiffness builds.",
        exercise=True,
        gentle=True,
    ),
    Routine(
        id="walk-10",
        name="10-minute walk",
        kind="strategic",
        fits=("break", "move", "work-end"),
        pain_min=0,
        pain_max=6,
        steps=_steps(
            (60, "Start slowly: relaxed shoulders, easy steps, let your arms swing."),
            (480, "Walk at a comfortable pace, one where you could still talk. Indoors or out, either counts."),
            (60, "Slow down for the last minute and notice how your back feels."),
        ),
        stop_rule=_STOP_WALK,
        source=f"{_NICE} (exercise, stay active); {_ACP}; {_PACING}",
        summary="A short walk is the simplest graded activity and often eases sitting-related pain.",
        exercise=True,
        gentle=False,
    ),
    Routine(
        id="hip-flexor-thoracic",
        name="Hips and upper back after sitting",
        kind="strategic",
        fits=("work-end", "seated", "break"),
        pain_min=0,
        pain_max=6,
        steps=_steps(
            (40, "Hip flexor, left: step your left foot back into a short lunge, tuck your pelvis in. Hold."),
            (40, "Hip flexor, right: the same with the right foot back. Hold a chair for balance."),
            (30, "Sit tall on a chair, arms crossed on your chest. Turn your upper body slowly to the left and back."),
            (30, "Now turn slowly to the right and back. Keep your hips facing forward."),
            (30, "Hands behind your head, lean your upper back gently over the chair back, then sit up. Repeat."),
            (20, "Stand, reach both arms up, and take one slow breath out as you lower them."),
        ),
        stop_rule=_STOP_MOVE,
        source=f"{_NICE} (exercise); {_ACP} (exercise for chronic low back pain)",
        summary="Sitting shortens the hip flexors and stiffens the upper back; this opens both.",
        exercise=True,
        gentle=False,
    ),
    Routine(
        id="deep-stabilisers",
        name="Deep stabilisers",
        kind="strategic",
        fits=("move", "work-end"),
        pain_min=0,
        pain_max=5,
        steps=_steps(
            (20, "On a mat or carpet, lie on your back, knees bent. Breathe out and draw your belly in a little."),
            (60, "Glute bridge: press through your heels, lift your hips until body and thighs line up, lower slowly."),
            (20, "Rest and breathe."),
            (60, "Dead bug: arms up, knees over hips. Slowly lower one heel to the floor and back, then the other."),
            (20, "Roll to your side and come onto hands and knees."),
            (60, "Bird-dog: reach one arm forward and the opposite leg back, keep your back level, return. Alternate."),
            (20, "Sit back towards your heels and rest."),
        ),
        stop_rule=_STOP_MOVE + " Quality over count: stop a set when you can no longer keep your back still.",
        source=f"{_NICE} (exercise); {_ACP} (motor control exercise)",
        summary="Bird-dog, dead bug and bridge build the deep trunk and hip muscles that support the spine.",
        exercise=True,
        gentle=False,
    ),
    Routine(
        id="calm-breathing",
        name="Calm breathing",
        kind="soothing",
        fits=("any", "work-start", "unwind", "flare"),
        pain_min=0,
        pain_max=10,
        steps=_steps(
            (20, "Sit or lie comfortably. One hand on your chest, one on your belly."),
            (60, "Breathe in through your nose for about 4, letting your belly rise; your chest stays quiet."),
            (60, "Now make the out-breath longer: in for 4, out slowly for about 6, as if through a straw."),
            (40, "Keep going at your own pace. Let your shoulders and jaw soften on each out-breath."),
            (10, "Let your breathing return to normal. Notice one thing that feels a little easier."),
        ),
        stop_rule=_STOP_CALM,
        source=f"{_ACP} (mindfulness-based stress reduction, relaxation); {_NICE} (psychological approaches)",
        summary="A slow, longer out-breath calms the nervous system that turns up the volume of pain.",
        exercise=False,
        gentle=True,
    ),
    Routine(
        id="progressive-relaxation",
        name="Progressive relaxation",
        kind="soothing",
        fits=("sleep", "unwind", "flare"),
        pain_min=0,
        pain_max=10,
        steps=_steps(
            (30, "Lie or sit comfortably and let your breathing slow."),
            (45, "Feet and calves: tighten them gently for a few seconds, then let go. Notice the difference."),
            (45, "Thighs and buttocks: tighten gently, hold, and release."),
            (45, "Hands and arms: make soft fists, hold, and release."),
            (45, "Shoulders: lift them towards your ears, hold, and let them drop."),
            (45, "Face and jaw: scrunch gently, hold, and release."),
            (45, "Skip any part that hurts to tense; just notice it and breathe out."),
            (60, "Rest and feel your whole body heavy and supported."),
        ),
        stop_rule=_STOP_CALM + " Tense only gently; never tense the back itself hard.",
        source=f"{_ACP} (progressive relaxation for chronic low back pain)",
        summary="Tensing and releasing each muscle group lowers arousal and helps sleep.",
        exercise=False,
        gentle=True,
    ),
    Routine(
        id="heat-then-mobility",
        name="Heat, then gentle mobility",
        kind="soothing",
        fits=("wake", "flare", "work-end"),
        pain_min=2,
        pain_max=9,
        steps=_steps(
            (
                600,
                "Warm a heat pack or hot-water bottle as its instructions say, wrap it in a cloth, "
                "and rest with it on your lower back.",
            ),
            (40, "Put the heat aside. Lie on your back, knees bent: gentle pelvic tilts, small and slow."),
            (40, "Knees together, let them sway a little to one side, then the other."),
            (40, "Hug one knee gently towards your chest, then the other."),
            (20, "Roll to your side and push up with your arms to sit."),
        ),
        stop_rule=_STOP_HEAT,
        source=f"{_ACP} (superficial heat, moderate evidence); {_NICE} (stay active)",
        summary="Heat eases pain now and makes the gentle movement after it easier: soothing that enables strategic.",
        exercise=True,
        gentle=True,
    ),
    Routine(
        id="flare-day",
        name="Flare-day routine",
        kind="soothing",
        fits=("flare",),
        pain_min=5,
        pain_max=10,
        steps=_steps(
            (
                120,
                "Find a position of ease: on your back with pillows under your knees, "
                "or on your side with a pillow between them.",
            ),
            (90, "Calm breathing: in through your nose, and a slow, longer breath out. Let your back be heavy."),
            (30, "Ankle pumps: point and flex your feet slowly."),
            (30, "Tiny pelvic tilts: the smallest movement you can make without pain, slow and easy."),
            (40, "Let your knees sway a little from side to side, only as far as is comfortable."),
            (30, "Roll onto your side with knees bent, and push up with your arms to sit."),
            (40, "If you can, stand and take a few slow steps. Little and often beats lying still all day."),
        ),
        stop_rule=DEFAULT_STOP_RULE + " On a flare day, smaller is fine: any easy movement counts.",
        source=f"{_NICE} (stay active, self-management); {_ACP} (stay active, acute pain)",
        summary="Flares settle faster when you keep moving a little and calm the alarm rather than rest all day.",
        exercise=True,
        gentle=True,
    ),
    Routine(
        id="wind-down",
        name="Spine-friendly wind-down",
        kind="soothing",
        fits=("unwind",),
        pain_min=0,
        pain_max=9,
        steps=_steps(
            (30, "Dim the lights and put screens away. Lie on your back on the bed, knees bent."),
            (45, "Hug one knee gently towards your chest, then the other. Then both, and rock a little."),
            (45, "Knees together, let them sway slowly side to side."),
            (45, "Child's pose: kneel, sit back towards your heels, arms forward. Skip it if it pinches."),
            (60, "Lie on your back again, pillow under your knees. Slow breaths, longer out than in."),
        ),
        stop_rule=_STOP_MOVE,
        source=f"{_ACP} (exercise, relaxation); {_NICE} (self-management)",
        summary="Easing the back and the nervous system before bed protects sleep, which turns down pain.",
        exercise=True,
        gentle=True,
    ),
    Routine(
        id="desk-setup",
        name="Desk set-up and movement timer",
        kind="strategic",
        fits=("work-start",),
        pain_min=0,
        pain_max=10,
        steps=_steps(
            (15, "Feet flat on the floor or a footrest; knees about level with your hips."),
            (20, "Sit back in the chair so it supports your lower back; a small cushion there can help."),
            (20, "Screen an arm's length away, top edge near eye level. Laptop? Raise it, use a separate keyboard."),
            (15, "Keyboard and mouse close, elbows by your sides, shoulders relaxed."),
            (15, "Start the sitting timer: plan to stand or move at least every 30 to 60 minutes."),
            (15, "Pick this block's first break now, and what you will do in it."),
        ),
        stop_rule=DEFAULT_STOP_RULE + " Adjust your set-up at any point that feels uncomfortable.",
        source=f"{_PACING} (break long tasks up, change position on a timer); HSE display screen equipment guidance",
        summary="A set-up that supports you and a timer that reminds you to move make the work day easier on the back.",
        exercise=False,
        gentle=True,
    ),
    Routine(
        id="sit-stand-pacing",
        name="Sit-stand pacing",
        kind="strategic",
        fits=("seated", "work-start", "break"),
        pain_min=0,
        pain_max=8,
        steps=_steps(
            (20, "Move your work to a standing surface: a raised desk, a counter, a shelf at elbow height."),
            (30, "Stand with weight on both feet, knees soft. Shift your weight gently from side to side."),
            (15, "Set a timer: stand for about 15 minutes, then sit for about 20. Adjust to what your back allows."),
            (15, "When the timer rings, change position before pain tells you to."),
        ),
        stop_rule=DEFAULT_STOP_RULE,
        source=f"{_PACING} (time-based quotas, alternate positions)",
        summary="Changing position by the clock, not by the pain, keeps any one posture from building up pain.",
        exercise=False,
        gentle=True,
    ),
    Routine(
        id="walk-gentle-5",
        name="Gentle 5-minute walk",
        kind="strategic",
        fits=("move", "break", "work-end", "flare"),
        pain_min=0,
        pain_max=8,
        steps=_steps(
            (60, "Start very slowly, short steps, arms relaxed. Indoors is fine."),
            (180, "Walk at an easy pace. Stop and stand for a moment whenever you want."),
            (60, "Slow down and finish where you can sit or lie down comfortably."),
        ),
        stop_rule=_STOP_WALK,
        source=f"{_NICE} (stay active); {_ACP}; {_PACING} (start from a quota you can manage on a bad day)",
        summary="On a harder day a short, slow walk keeps you moving without booming into a bust.",
        exercise=True,
        gentle=True,
    ),
    Routine(
        id="warm-shower-stretch",
        name="Warm shower and easy stretch",
        kind="soothing",
        fits=("wake", "unwind"),
        pain_min=0,
        pain_max=8,
        steps=_steps(
            (180, "Let warm (not hot) water run over your lower back. Stand with feet apart and knees soft."),
            (30, "Slow shoulder rolls, backwards and forwards."),
            (30, "Hands on your hips, make small, slow circles with your pelvis."),
            (30, "Slide one hand down the side of your leg a little, come back up, then the other side."),
            (30, "Step out carefully, dry off, and notice how your back feels."),
        ),
        stop_rule=_STOP_MOVE + " Keep a hand on something steady and skip the stretches if you feel unsteady.",
        source=f"{_ACP} (superficial heat); {_NICE} (stay active)",
        summary="Warmth loosens the back so a few easy movements feel possible.",
        exercise=True,
        gentle=True,
    ),
    Routine(
        id="side-lying-rotation",
        name="Side-lying rotation",
        kind="strategic",
        fits=("wake", "unwind", "work-end"),
        pain_min=0,
        pain_max=8,
        steps=_steps(
            (15, "Lie on your left side, knees bent in front of you, a pillow under your head, arms out in front."),
            (45, "Open book: lift your top arm and let it arc over to the other side, following it with your eyes."),
            (15, "Roll over onto your right side."),
            (45, "Open book on this side: slow, only as far as is easy, breathe out as you open."),
            (20, "Lie on your back, knees bent, and rest for a few breaths."),
        ),
        stop_rule=_STOP_MOVE,
        source=f"{_NICE} (exercise); {_ACP} (exercise for chronic low back pain)",
        summary="Gentle rotation lying down keeps the upper back moving without loading the lower back.",
        exercise=True,
        gentle=True,
    ),
    Routine(
        id="tai-chi-style-weight-shift",
        name="Tai chi-style weight shift",
        kind="strategic",
        fits=("move", "break"),
        pain_min=0,
        pain_max=7,
        steps=_steps(
            (20, "Stand with feet a little wider than hips, knees soft, arms loose. Breathe slowly."),
            (60, "Shift your weight slowly to the left foot, then to the right, like water in a bowl."),
            (60, "Step one foot forward; rock your weight slowly forward and back. Then switch feet."),
            (60, "Add the arms: as you shift, let your hands float up to chest height and sink down again."),
            (20, "Come back to centre and stand still for a few breaths."),
        ),
        stop_rule=_STOP_MOVE + " Stand near a wall or chair in case you need it for balance.",
        source=f"{_ACP} (tai chi for chronic low back pain)",
        summary="Slow weight shifts train balance and calm movement, the heart of tai chi.",
        exercise=True,
        gentle=True,
    ),
    Routine(
        id="mindful-body-scan",
        name="Mindful body scan",
        kind="soothing",
        fits=("unwind", "sleep", "flare", "work-end"),
        pain_min=0,
        pain_max=10,
        steps=_steps(
            (30, "Lie or sit comfortably and close your eyes if you like. Notice your breathing without changing it."),
            (60, "Bring your attention to your feet and legs. Notice what is there: warmth, pressure, tingling."),
            (60, "Move your attention to your hips and back. If there is pain, notice its edges; breathe around it."),
            (60, "Now your belly, chest, shoulders and arms. Let each part soften as you breathe out."),
            (60, "Your neck, face and head. Then the whole body at once, breathing."),
            (30, "Open your eyes and take a moment before you move."),
        ),
        stop_rule=_STOP_CALM,
        source=f"{_ACP} (mindfulness-based stress reduction)",
        summary="Noticing the body without fighting it lowers the stress that amplifies pain.",
        exercise=False,
        gentle=True,
    ),
    Routine(
        id="glute-activation",
        name="Glute activation",
        kind="strategic",
        fits=("move", "break", "work-end"),
        pain_min=0,
        pain_max=5,
        steps=_steps(
            (45, "Clamshells, left: lie on your right side, knees bent, and slowly open your top knee, then close."),
            (45, "Clamshells, right: turn over and repeat with the other leg."),
            (60, "Glute bridge: on your back, knees bent, squeeze your buttocks and lift your hips, lower slowly."),
            (45, "Standing, hold a chair: move one straight leg out to the side and back, slowly. Then the other."),
            (20, "Stand tall and take a few easy steps."),
        ),
        stop_rule=_STOP_MOVE,
        source=f"{_NICE} (exercise); {_ACP} (exercise for chronic low back pain)",
        summary="Strong hip muscles share the load that otherwise falls on the lower back.",
        exercise=True,
        gentle=False,
    ),
    Routine(
        id="graded-activity-check",
        name="Set today's activity quota",
        kind="strategic",
        fits=("move", "work-end", "work-start"),
        pain_min=0,
        pain_max=10,
        steps=_steps(
            (30, "Pick one activity: walking, gardening, time at the desk. How many minutes does a good day allow?"),
            (30, "And a bad day? Your starting quota is about halfway between the two: 20 and 5 minutes give 12."),
            (30, "Today, stop at the quota even if you feel fine, and rest before pain makes you."),
            (30, "If the last week went well, raise the quota a little (a minute or two). If not, keep it."),
        ),
        stop_rule=DEFAULT_STOP_RULE + " Keep to the quota on good days too: stopping early is the skill.",
        source=f"{_PACING}; operant graded activity",
        summary="Working to time, not to pain, breaks the boom-and-bust cycle and builds capacity steadily.",
        # Not movement itself, but it plans more of it: held back while a warning sign is active.
        exercise=True,
        gentle=True,
    ),
    Routine(
        id="sleep-position-setup",
        name="Comfortable sleep position",
        kind="soothing",
        fits=("sleep",),
        pain_min=0,
        pain_max=10,
        steps=_steps(
            (30, "On your side: knees slightly bent, a pillow between your knees so your top leg rests level."),
            (30, "Or on your back: a pillow under your knees to ease your lower back."),
            (15, "To turn over, bend your knees and roll your body as one, rather than twisting."),
            (90, "Settle, and breathe slowly with a longer out-breath until you feel heavy."),
        ),
        stop_rule=_STOP_CALM,
        source=f"NHS self-care advice for back pain; {_NICE} (self-management)",
        summary="A supported position protects sleep, and better sleep turns down pain.",
        exercise=False,
        gentle=True,
    ),
)
"""painpal's built-in micro-routines, each traced to a guideline or paper in its ``source``."""

_DEFAULTS: Mapping[str, str] = types.MappingProxyType(
    {
        "wake": "morning-mobility",
        "work-start": "desk-setup",
        "break": "walk-10",
        "work-end": "hip-flexor-thoracic",
        "move": "walk-10",
        "unwind": "wind-down",
        "sleep": "progressive-relaxation",
        "seated": "standing-reset",
        "flare": "flare-day",
        "any": "calm-breathing",
    }
)


def _check_kind(kind: str) -> None:
    if kind not in FITS:
        raise ValueError(f"Unknown transition kind {kind!r}; expected one of {', '.join(FITS)}.")


def default_for(kind: str) -> str:
    """The id of the routine painpal offers first at a transition of ``kind``.

    A fixed, predictable choice per moment, so the timeline can show it before
    the coach knows anything about this person. Unknown kinds raise ``ValueError``.
    """
    _check_kind(kind)
    return _DEFAULTS[kind]


def library(custom: Iterable[Routine] = (), hidden: Iterable[str] = ()) -> list[Routine]:
    """Every routine: the built-ins in their order, then the person's own.

    A custom routine with a built-in's id replaces it in place (that is how an
    edited built-in is kept). Ids in ``hidden`` are flagged ``hidden=True``
    rather than dropped, so past runs of a hidden routine still have a name.
    """
    by_id: dict[str, Routine] = {r.id: r for r in BUILTINS}
    for routine in custom:
        by_id[routine.id] = routine  # dicts keep first-insertion order, so a replaced built-in keeps its place
    hide = set(hidden)
    return [dataclasses.replace(r, hidden=True) if r.id in hide and not r.hidden else r for r in by_id.values()]


def visible(custom: Iterable[Routine] = (), hidden: Iterable[str] = ()) -> list[Routine]:
    """The routines painpal may offer: :func:`library` without the hidden ones."""
    return [r for r in library(custom, hidden) if not r.hidden]


def get(routine_id: str, custom: Iterable[Routine] = (), hidden: Iterable[str] = ()) -> Routine | None:
    """The routine with ``routine_id`` (hidden ones included, for history), or ``None``."""
    for routine in library(custom, hidden):
        if routine.id == routine_id:
            return routine
    return None


def fitting(
    kind: str,
    pain: int | None,
    custom: Iterable[Routine] = (),
    *,
    flare: bool = False,
    warning: bool = False,
    hidden: Iterable[str] = (),
) -> list[Routine]:
    """The visible routines that fit a moment of ``kind`` at ``pain``, best fit first.

    Filters, in order of safety:

    - ``warning`` (an active warning sign): no exercise at all, only soothing
      non-movement routines, because painpal must not suggest exercise until a
      clinician has seen the person.
    - ``flare``, or ``pain`` >= :data:`FLARE_PAIN`: only gentle routines.
    - ``pain`` must lie in the routine's range (``None`` means unknown: no filter).
    - the routine fits ``kind`` or fits "any".

    Ranking: the moment's :func:`default_for` routine first, then routines
    naming ``kind`` itself before "any" ones, the person's own before built-ins,
    then those whose pain range is centred nearest ``pain``, then library order.
    """
    _check_kind(kind)
    if pain is not None:
        pain = check_int(pain, "pain", 0, 10)
    gentle_only = flare or (pain is not None and pain >= FLARE_PAIN)
    default = _DEFAULTS[kind]
    scored: list[tuple[tuple[int, int, int, float, int], Routine]] = []
    for index, routine in enumerate(visible(custom, hidden)):
        if warning and routine.exercise:
            continue
        if gentle_only and not routine.gentle:
            continue
        if not routine.suits_pain(pain):
            continue
        exact = kind in routine.fits
        if not exact and "any" not in routine.fits:
            continue
        centre = (routine.pain_min + routine.pain_max) / 2
        key = (
            0 if routine.id == default else 1,
            0 if exact else 1,
            0 if not routine.builtin else 1,
            abs(pain - centre) if pain is not None else 0.0,
            index,
        )
        scored.append((key, routine))
    scored.sort(key=lambda pair: pair[0])
    return [routine for _, routine in scored]


# --- the person's own routines -------------------------------------------------------------------------------


def routine_to_dict(routine: Routine) -> dict[str, Any]:
    """A JSON-ready dict of ``routine``, as the store keeps custom routines."""
    return {
        "id": routine.id,
        "name": routine.name,
        "kind": routine.kind,
        "fits": list(routine.fits),
        "pain_min": routine.pain_min,
        "pain_max": routine.pain_max,
        "steps": [{"cue": s.cue, "seconds": s.seconds} for s in routine.steps],
        "stop_rule": routine.stop_rule,
        "source": routine.source,
        "summary": routine.summary,
        "exercise": routine.exercise,
        "gentle": routine.gentle,
        "builtin": routine.builtin,
        "hidden": routine.hidden,
    }


def _flag(data: Mapping[str, Any], name: str, default: bool) -> bool:
    value = data.get(name, default)
    if not isinstance(value, bool):
        raise ValidationError(f"The routine's {name} flag must be true or false, not {value!r}.")
    return value


def routine_from_dict(data: Mapping[str, Any]) -> Routine:
    """A custom routine from a stored or imported dict, validated.

    Whatever the dict claims, the result is ``builtin=False`` with source
    "your own routine": painpal vouches only for the content it ships.
    Missing optional fields take cautious defaults (fits "any", pain 0-10,
    counted as exercise, not flare-gentle, the standard stop rule). Unknown
    keys are ignored. Bad input raises :class:`ValidationError` with one sentence.
    """
    if not isinstance(data, Mapping):
        raise ValidationError("A routine must be an object with a name and steps.")
    raw_steps = data.get("steps")
    if not isinstance(raw_steps, (list, tuple)):
        raise ValidationError("A routine needs a list of steps.")
    steps: list[Step] = []
    for item in raw_steps:
        if isinstance(item, Mapping):
            cue: Any = item.get("cue")
            seconds: Any = item.get("seconds")
            steps.append(Step(cue, seconds))
        elif isinstance(item, (list, tuple)) and len(item) == 2:
            steps.append(Step(item[0], item[1]))
        else:
            raise ValidationError("Each step needs a cue and a number of seconds.")
    fits = data.get("fits", ("any",))
    if isinstance(fits, str):
        fits = (fits,)
    if not isinstance(fits, (list, tuple)):
        raise ValidationError("A routine's fits must be a list of moments of the day.")
    routine_id: Any = data.get("id")
    name: Any = data.get("name")
    try:
        return Routine(
            id=routine_id,
            name=name,
            kind=data.get("kind", "strategic"),
            fits=tuple(fits),
            pain_min=data.get("pain_min", 0),
            pain_max=data.get("pain_max", 10),
            steps=tuple(steps),
            stop_rule=data.get("stop_rule") or DEFAULT_STOP_RULE,
            source=CUSTOM_SOURCE,
            summary=data.get("summary") or "Your own routine.",
            exercise=_flag(data, "exercise", True),
            gentle=_flag(data, "gentle", False),
            builtin=False,
            hidden=_flag(data, "hidden", False),
        )
    except TypeError:
        raise ValidationError("A routine's fields are not valid.") from None


_UNIT_SECONDS = {
    "s": 1,
    "sec": 1,
    "secs": 1,
    "second": 1,
    "seconds": 1,
    "m": 60,
    "min": 60,
    "mins": 60,
    "minute": 60,
    "minutes": 60,
}
_DURATION = r"(?:(?P<{p}mm>\d{{1,2}}):(?P<{p}ss>\d{{2}})|(?P<{p}n>\d+(?:[.,]\d+)?)\s*(?P<{p}unit>{units})?\.?)"
_UNITS = "|".join(sorted(_UNIT_SECONDS, key=len, reverse=True))
_LEADING = re.compile(r"^" + _DURATION.format(p="a", units=_UNITS) + r"(?![\w:])\s*[-:–—,]?\s*(?P<rest>.+)$", re.I)
_TRAILING = re.compile(
    r"^(?P<rest>.+?)\s*[-:–—,(]?\s*" + _DURATION.format(p="b", units=_UNITS) + r"\)?$",
    re.I,
)
_BULLET = re.compile(r"^(?:[-*•·]\s+|\d+[.)]\s+(?=\D))")


def _seconds(match: re.Match[str], prefix: str) -> tuple[int, bool]:
    """Seconds of a matched duration, and whether it was explicit (a unit or m:ss) rather than a bare number."""
    if match.group(f"{prefix}mm") is not None:
        return int(match.group(f"{prefix}mm")) * 60 + int(match.group(f"{prefix}ss")), True
    number = float(match.group(f"{prefix}n").replace(",", "."))
    unit = match.group(f"{prefix}unit")
    factor = _UNIT_SECONDS[unit.lower()] if unit else 1
    return round(number * factor), unit is not None


def parse_step(line: str) -> Step:
    """One step from a line such as "30 Pelvic tilts", "Pelvic tilts 30s", "2 min walk" or "Walk 1:30".

    A time with a unit (s, sec, min, m:ss) wins over a bare number, and a bare
    number is read as seconds; so "10 cat-cows 60s" is 60 seconds of "10 cat-cows".
    """
    text = _BULLET.sub("", line.strip(), count=1).strip()
    candidates: list[tuple[int, int, str]] = []  # (preference, seconds, cue)
    trailing = _TRAILING.match(text)
    if trailing and trailing.group("rest").strip():
        seconds, explicit = _seconds(trailing, "b")
        candidates.append((0 if explicit else 3, seconds, trailing.group("rest")))
    leading = _LEADING.match(text)
    if leading and leading.group("rest").strip():
        seconds, explicit = _seconds(leading, "a")
        candidates.append((1 if explicit else 2, seconds, leading.group("rest")))
    if not candidates:
        raise ValidationError(f'The step "{text}" has no time; write it like "30 Pelvic tilts" or "Pelvic tilts 30s".')
    _, seconds, cue = min(candidates, key=lambda c: c[0])
    cue = re.sub(r"\s+for$", "", cue.strip(" -:–—,"), flags=re.I)  # "Walk for 2 minutes"
    if not cue:
        raise ValidationError(f'The step "{text}" needs a few words saying what to do.')
    try:
        return Step(cue, seconds)
    except ValidationError:
        if not STEP_SECONDS_MIN <= seconds <= STEP_SECONDS_MAX:
            raise ValidationError(
                f'The step "{cue}" lasts {seconds} seconds; a step lasts {STEP_SECONDS_MIN} to '
                f"{STEP_SECONDS_MAX} seconds (30 minutes)."
            ) from None
        raise


def parse_steps(steps_text: str) -> tuple[Step, ...]:
    """Steps from text, one per line; blank lines and lines starting with "#" are skipped."""
    if not isinstance(steps_text, str):
        raise ValidationError("The steps must be text, one step per line.")
    lines = [line for line in steps_text.splitlines() if line.strip() and not line.strip().startswith("#")]
    if not lines:
        raise ValidationError('A routine needs at least one step, e.g. "30 Pelvic tilts".')
    if len(lines) > STEPS_MAX:
        raise ValidationError(f"A routine has at most {STEPS_MAX} steps; this one has {len(lines)}.")
    return tuple(parse_step(line) for line in lines)


def slug(name: str) -> str:
    """A routine id from a name: lowercase words joined by hyphens ("Evening Stretch!" -> "evening-stretch")."""
    words = re.findall(r"[^\W_]+", name.lower())
    text = "-".join(words)[:ID_MAX].strip("-")
    return text


def new_custom(
    name: str,
    kind: str,
    fits: Iterable[str],
    steps_text: str,
    *,
    pain_min: int = 0,
    pain_max: int = 10,
    summary: str | None = None,
    stop_rule: str | None = None,
    exercise: bool = True,
    gentle: bool = False,
    routine_id: str | None = None,
    taken: Iterable[str] = (),
) -> Routine:
    """A new routine of the person's own, its steps parsed from ``steps_text`` (see :func:`parse_steps`).

    The id is "my-" plus a slug of the name, so a new routine never silently
    replaces a built-in; pass ``routine_id`` to edit an existing one (a
    built-in's id overrides that built-in). ``taken`` ids are avoided by
    adding -2, -3, .... ``exercise`` defaults to True, the cautious choice:
    painpal then holds it back while a warning sign is active.
    """
    clean_name = clean_text(name, "routine name", SHORT_TEXT_MAX)
    if clean_name is None:
        raise ValidationError("A routine needs a name.")
    steps = parse_steps(steps_text)
    if isinstance(kind, str):
        kind = kind.strip().lower()
    fits_tuple = (fits,) if isinstance(fits, str) else tuple(fits)
    if routine_id is None:
        base = ("my-" + slug(clean_name))[:ID_MAX].strip("-")
        if base == "my":
            base = "my-routine"
        used = set(taken)
        routine_id, number = base, 2
        while routine_id in used:
            routine_id = f"{base[: ID_MAX - 4]}-{number}"
            number += 1
    return Routine(
        id=routine_id,
        name=clean_name,
        kind=kind,
        fits=fits_tuple,
        pain_min=pain_min,
        pain_max=pain_max,
        steps=steps,
        stop_rule=stop_rule or DEFAULT_STOP_RULE,
        source=CUSTOM_SOURCE,
        summary=summary or "Your own routine.",
        exercise=exercise,
        gentle=gentle,
        builtin=False,
    )
