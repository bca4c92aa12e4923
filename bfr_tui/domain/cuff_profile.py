"""The lifter's own cuffs: what kind each is, how wide, and how a wrap goes on (R12, R16)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from bfr_tui.domain.limits import CUFF_NAME, CUFF_WIDTH_CM, WRAP_MARK, check_text
from bfr_tui.domain.units import format_number


class CuffKind(StrEnum):
    """How a cuff is tightened, which decides how it is checked before a block."""

    ELASTIC_WRAP = "elastic_wrap"
    PNEUMATIC = "pneumatic"
    """Inflated by hand and read on a gauge."""
    AUTOMATIC = "automatic"
    """A device that inflates itself and measures the occlusion pressure on its own."""

    @property
    def takes_pressure(self) -> bool:
        """True when the cuff is set in mmHg, so % of LOP applies (R14); a wrap is
        set by feel and its stretch mark instead (R2, R16)."""
        return self is not CuffKind.ELASTIC_WRAP


CUFF_KIND_LABELS: dict[CuffKind, str] = {
    CuffKind.ELASTIC_WRAP: "Elastic wrap",
    CuffKind.PNEUMATIC: "Pneumatic cuff with a gauge",
    CuffKind.AUTOMATIC: "Automatic device",
}


class CuffError(ValueError):
    """A cuff the app will not record, with the lifter's words for why."""


@dataclass(frozen=True, slots=True)
class CuffProfile:
    """One of the lifter's cuffs, as the cuff check offers it and a block records it.

    ``wrap_mark`` is the stretch mark or overlap that puts a wrap on the same way each
    time (R16); it is empty for cuffs set by pressure.
    """

    name: str
    kind: CuffKind
    width_cm: float
    wrap_mark: str = ""

    def describe(self) -> str:
        """``Blue wrap: elastic wrap, 7.5 cm, mark: 3rd stripe``."""
        kind = CUFF_KIND_LABELS[self.kind].lower()
        text = f"{self.name}: {kind}, {format_number(self.width_cm, 1)} cm"
        return f"{text}, mark: {self.wrap_mark}" if self.wrap_mark else text

    def kind_and_width(self) -> str:
        """``an elastic wrap, 7.5 cm wide``: what makes two cuffs of one name differ."""
        kind = CUFF_KIND_LABELS[self.kind].lower()
        article = "an" if kind[0] in "aeiou" else "a"
        return f"{article} {kind}, {format_number(self.width_cm, 1)} cm wide"


def cuff_profile(
    *, name: str, kind: CuffKind | str, width_cm: float, wrap_mark: str = ""
) -> CuffProfile:
    """Build a cuff from what the lifter typed, refusing what cannot be right.

    Names and marks are cleaned as every typed line is (``limits.check_text``).
    """
    cuff_kind = CuffKind(kind)
    named = check_text(name, CUFF_NAME)
    if not named.ok:
        raise CuffError(named.message)
    if not CUFF_WIDTH_CM.contains(width_cm):
        raise CuffError(CUFF_WIDTH_CM.out_of_range(width_cm))
    mark = check_text(wrap_mark, WRAP_MARK)
    if not mark.ok:
        raise CuffError(mark.message)
    if mark.value and cuff_kind.takes_pressure:
        # A mark next to a pressure would suggest the cuff is set by stretch: it is not.
        raise CuffError(
            "A stretch mark is for elastic wraps; this cuff is set by its pressure."
        )
    return CuffProfile(
        name=named.value, kind=cuff_kind, width_cm=float(width_cm), wrap_mark=mark.value
    )


def same_cuff(a: CuffProfile | None, b: CuffProfile | None) -> bool:
    """True when two pressures or LOPs were taken on one cuff and so may be compared.

    Width changes the pressure needed (R12), and two cuffs of one width still differ in
    bladder and fit, so only one cuff compares with itself. A cuff whose kind or width
    was edited counts as another cuff: its old readings no longer apply. Names compare
    without regard to case, as the lifter reads them.
    """
    if a is None or b is None:
        return False
    return (a.name.casefold(), a.kind, a.width_cm) == (b.name.casefold(), b.kind, b.width_cm)
