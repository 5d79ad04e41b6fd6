"""Build the Chinese font the PDFs use first (`make fonts`): Noto Sans CJK TC cut down to the
characters of Big5's symbol and frequently-used blocks (5,900 characters with ASCII, 3.6 MB a weight against
the 19–20 MB collection it comes from).

WeasyPrint reads a whole font file into memory for every PDF that uses it, and an English PDF uses
the Chinese font too (economies' Chinese names): with the full collection, regular and bold, a PDF
took 80–90 MB more at its peak; with these, about 20 MB. A character outside the set is drawn
from the full Noto Sans CJK TC, the next family in print.css, so nothing goes missing.

Usage: scripts/pdf_fonts.py OUTPUT_DIR (run with the project's virtualenv: it needs fontTools).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

# Big5's symbols (A140–A3BF) and frequently used characters, level 1 (A440–C67E).
BIG5_RANGES = [(0xA140, 0xA3BF), (0xA440, 0xC67E)]
STYLES = ("Regular", "Bold")
FAMILY = "Noto Sans CJK TC"


def common_characters() -> str:
    found = {chr(code) for code in range(0x20, 0x7F)}
    for first, last in BIG5_RANGES:
        for code in range(first, last + 1):
            try:
                found.add(code.to_bytes(2, "big").decode("big5"))
            except UnicodeDecodeError:
                continue
    return "".join(sorted(found))


def system_font(style: str) -> tuple[Path, int]:
    """The file and face number of Noto Sans CJK TC in that style, as fontconfig finds it."""
    found = subprocess.run(
        ["fc-match", "--format=%{file}\t%{index}\t%{family}", f"{FAMILY}:style={style}"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    path, index, families = found.split("\t")
    if FAMILY not in families.split(","):
        raise SystemExit(f"{FAMILY} {style} is not installed (fonts-noto-cjk): fontconfig offered {families}")
    return Path(path), int(index)


def build(style: str, target: Path, characters: str) -> None:
    path, index = system_font(style)
    options = subset.Options()
    options.layout_features = ["*"]  # vertical forms, proportional punctuation: as the full font
    options.name_IDs = ["*"]
    font = TTFont(path, fontNumber=index, lazy=True)
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=characters)
    subsetter.subset(font)
    partial = target.with_suffix(".partial")
    font.save(partial)
    partial.replace(target)  # never a half-written font if the build stops


def main(output: Path) -> None:
    output.mkdir(parents=True, exist_ok=True)
    characters = common_characters()
    for style in STYLES:
        target = output / f"NotoSansTC-Common-{style}.otf"
        build(style, target, characters)
        print(f"{target}: {len(characters)} characters, {target.stat().st_size / 1e6:.1f} MB")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
