"""Help: the keys, and the BFR rules in short."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Markdown

from bfr_tui.domain.cuff import COMFORT_HIGH, COMFORT_LOW, REFUSE_FROM, TARGET_TIGHTNESS
from bfr_tui.domain.limits import LOP_PRESCRIPTION_PERCENT
from bfr_tui.domain.load import BAND_HIGH_FRACTION, BAND_LOW_FRACTION
from bfr_tui.domain.occlusion import AMBER_AFTER_S, RED_AFTER_S, SESSION_WARNING_AFTER_S
from bfr_tui.domain.pressure_prescription import DEFAULT_REMEASURE_DAYS
from bfr_tui.domain.progression import MIN_RECOVERY
from bfr_tui.domain.protocol import CLASSIC
from bfr_tui.domain.screening import RECONFIRM_AFTER
from bfr_tui.domain.set_rating import DISCOMFORT_STOP_ABOVE
from bfr_tui.domain.symptoms import RED_FLAGS, SymptomKind, symptom_label
from bfr_tui.domain.tempo import CLASSIC_TEMPO
from bfr_tui.domain.units import format_number


def help_markdown() -> str:
    """The help text, built from the same numbers the app enforces."""
    low_lop, high_lop = (format_number(bound, 1) for bound in
                         (LOP_PRESCRIPTION_PERCENT.low, LOP_PRESCRIPTION_PERCENT.high))
    red = ", ".join(symptom_label(k).lower() for k in SymptomKind if k in RED_FLAGS)
    low, high = round(BAND_LOW_FRACTION * 100), round(BAND_HIGH_FRACTION * 100)
    return f"""\
# Keys

| Where | Key | Does |
|---|---|---|
| Exercises | `enter` | start a block (cuff check first) |
| | `/` | filter the list (`check`: exercises an import guessed) |
| | `a` / `e` | add / edit an exercise (saving clears its `· check` mark) |
| | `m` | record a 1RM (tested, or estimated from a rep-max set) |
| | `h` / `x` | history / export CSV |
| | `c` | your cuffs and limb occlusion pressures (LOP) |
| | `p` | progress: the exercise's 1RM and BFR band over time, blocks and cuff time per week |
| | `t` | plans: your session templates and weekly plan |
| | `d` | start the first template your weekly plan has due today |
| Plans | `enter` / `s` | start the highlighted template, block by block |
| | `a` / `e` / `r` | add / edit / archive a template (archiving takes it off the plan) |
| | `w` | the weekly plan: each template on weekdays or a number of times a week |
| New or edited template | `u` / `d` / `x` | in the block list: move a block up / down, remove it |
| | `enter` | in the block fields: add the block |
| | `ctrl+s` | save the template |
| Progress | `/` | pick another exercise |
| | `w` | switch between the 1RM chart and the weekly table |
| | `escape` | back to the exercises |
| Cuff check | `ctrl+l` | record an LOP for this limb, cuff and position |
| | `ctrl+s` | cuffs on: start the block |
| Cuffs and LOP | `a` / `e` / `r` | add / edit / put away a cuff |
| | `l` / `i` | record an LOP / how often to re-measure it |
| Live block | | with a tempo the count follows the beat on its own; the keys correct it |
| | `space` | one rep more |
| | `backspace` | take one rep back |
| | digits, then `enter` | type the rep count (the beat counts on from it) |
| | `enter` | finish the set (saved before it says logged) |
| | `b` | beat bell: the terminal bell on each beat, on or off |
| | digits, then `enter` (rest) | rate the set: effort, then cuff discomfort, 0-10 each (`7 3`) |
| | `enter` (rest) | skip the rating; discomfort above {DISCOMFORT_STOP_ABOVE}/10 ends the block |
| | `s` | skip the rest, start the next set |
| | `enter` / `g` | past {RED_AFTER_S // 60} min of cuff time: release the cuff / go on (recorded) |
| | `+` | 15 s more rest |
| | `f` | flag a symptom (also during rest) |
| | `c` | cuff off: end the block early |
| | `escape` | leave the block (logged sets are kept) |
| Block summary | `enter` | done: back to the exercises, or in a template's session back to it |
| Session of a template | `enter` | cuff off between blocks: on to the next block's cuff check |
| | `escape` | end the session before its last block (it asks first) |
| Lifters (a log of several) | type, `enter` | who is training: filter, open (a new name: add) |
| | `ctrl+o` | coach overview: every lifter's week, red flags, screening, rest |
| Coach overview | `enter` / `/` / `s` | open that lifter / filter / sort |
| Everywhere | `?` | this help |
| | `ctrl+p` | palette: start a block, progress, plans, history, export, theme, switch lifter |
| | `q` / `ctrl+q` | quit |

# BFR in short

- **Arms and legs only.** Arm cuff high on the upper arm, just under the shoulder; leg cuff
  high on the thigh by the hip crease. Never on a joint, never mid-limb.
- **About {TARGET_TIGHTNESS}/10 tight.** You still feel a pulse below the cuff and the skin
  keeps its colour. {COMFORT_LOW}-{COMFORT_HIGH} is fine; {REFUSE_FROM} or more and the block
  will not start. If you could not sit five minutes like that, it is too tight.
- **Light load: {low}-{high} % of 1RM**, rounded to your load step. The app shows the band and
  warns outside it.
- **Classic protocol: {CLASSIC.reps_text}** reps with about {CLASSIC.rest_s} s rest, cuff on for
  the whole block, then off.
- **Same cuff, same pressure.** A pneumatic cuff is set at {low_lop}-{high_lop} % of your
  limb occlusion pressure (LOP), measured per limb and side with that cuff, in the position
  you train in; re-measure it every {DEFAULT_REMEASURE_DAYS} days or so. A wrap goes on at
  its own stretch mark every time: felt tightness alone drifts from day to day.
- **Rate each set:** effort and cuff discomfort, 0-10. Discomfort above
  {DISCOMFORT_STOP_ABOVE}/10: release the cuff. Tingling: less pressure next time.
- **Tempo:** about {CLASSIC_TEMPO.describe()}; the live panel keeps the beat.
- **Not for heavy compound lifts.** Squats, presses and deadlifts stay cuff-free.
- **Short cuff time.** The occlusion clock turns amber at {AMBER_AFTER_S // 60} min and red
  at {RED_AFTER_S // 60} min: release it. Past {RED_AFTER_S // 60} min no set starts without
  asking first. {SESSION_WARNING_AFTER_S // 60} min in one session is too much.
- **Red flags end the block at once:** {red}. Release the cuff. Dizziness: stop and sit down.
- **Missed targets?** The load is too heavy or the cuff too tight; the summary says which.
- **Progress:** when the last set beats its target, add one load step (inside the band).
  Leave about {MIN_RECOVERY.total_seconds() / 3600:.0f} h before the same limb gets a cuff again.
- **Screening:** see a medical professional first if you have a clotting disorder, vascular
  disease, uncontrolled high blood pressure or recent surgery (also pregnancy, diabetes, kidney
  or heart disease). The app asks again every {RECONFIRM_AFTER.days} days. It gives no medical
  advice beyond this.
"""


class HelpScreen(Screen[None]):
    """Keys and rules, one keypress from anywhere."""

    CSS_PATH = "help.tcss"
    BINDINGS = [
        Binding("escape,q,question_mark", "app.pop_screen", "Back", id="help-back"),
    ]

    def on_mount(self) -> None:
        self.title = "Help"
        self.sub_title = "keys and the BFR rules"
        # The text is longer than a screen: the arrows, page keys, home and end scroll it.
        self.query_one("#help-scroll", VerticalScroll).focus()

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="help-scroll"):
            yield Markdown(help_markdown(), id="help-text")
        yield Footer()
