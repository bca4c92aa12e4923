"""Write an SVG of every scene: ``python -m bfr_tui.showcase [--out screenshots]``.

Each scene runs on its own throwaway log, so the pictures match the snapshot tests.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from bfr_tui.showcase.scenes import SCENES, SNAPSHOT_SIZE, Scene, scene_app, steady_environment


def parse_size(text: str) -> tuple[int, int]:
    """``100x32`` -> (100, 32): columns, then rows."""
    try:
        columns, rows = (int(part) for part in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"size looks like 100x32, not {text!r}") from None
    if columns < 20 or rows < 10:
        raise argparse.ArgumentTypeError(f"{text} is too small to show a screen")
    return columns, rows


def take(scene: Scene, size: tuple[int, int]) -> str:
    """The SVG of one scene, run on a fresh log in a temporary folder."""
    from textual._doc import take_svg_screenshot

    with tempfile.TemporaryDirectory(prefix="bfr-scene-") as folder:
        path = Path(folder) / "log.db"
        scene.build_db(path)
        app = scene_app(path)
        try:
            with steady_environment():
                return take_svg_screenshot(
                    app=app, terminal_size=size, run_before=scene.run_before
                )
        finally:
            # Close the app's connections before the folder (and the file) goes.
            app.training_log.close()


def write_png(svg: str, path: Path) -> None:
    """Convert an SVG screenshot to a PNG, for looking at (PNGs are not committed)."""
    import cairosvg

    # cairosvg does not fall back from the web font "Fira Code" to a local monospace
    # font, and a proportional one breaks every column; name the generic family alone.
    svg = svg.replace("font-family: Fira Code, monospace;", "font-family: monospace;")
    cairosvg.svg2png(bytestring=svg.encode("utf-8"), write_to=str(path))


def main(argv: Sequence[str] | None = None) -> int:
    """Write ``<out>/<NN>-<name>.svg`` for each scene and list the files written."""
    parser = argparse.ArgumentParser(
        prog="python -m bfr_tui.showcase",
        description="Write an SVG screenshot of every scene of the app.",
    )
    parser.add_argument("--out", type=Path, default=Path("screenshots"),
                        help="folder for the SVGs (default: screenshots)")
    default_size = f"{SNAPSHOT_SIZE[0]}x{SNAPSHOT_SIZE[1]}"
    parser.add_argument("--size", type=parse_size, default=SNAPSHOT_SIZE, metavar="COLSxROWS",
                        help=f"terminal size (default: {default_size}, the snapshot size)")
    parser.add_argument("--only", action="append", metavar="NAME",
                        choices=[scene.name for scene in SCENES],
                        help="only this scene (repeat for more)")
    parser.add_argument("--png", type=Path, metavar="DIR",
                        help="also convert each SVG to a PNG in DIR (needs cairosvg)")
    args = parser.parse_args(argv)

    args.out.mkdir(parents=True, exist_ok=True)
    if args.png is not None:
        args.png.mkdir(parents=True, exist_ok=True)
    # Numbered by place in the full list, so --only rewrites the same file.
    for number, scene in enumerate(SCENES, start=1):
        if args.only and scene.name not in args.only:
            continue
        svg = take(scene, args.size)
        stem = f"{number:02d}-{scene.name}"
        svg_path = args.out / f"{stem}.svg"
        svg_path.write_text(svg, encoding="utf-8")
        print(svg_path)
        if args.png is not None:
            png_path = args.png / f"{stem}.png"
            write_png(svg, png_path)
            print(png_path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
