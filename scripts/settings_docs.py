"""Rewrite the README's settings table and .env.example from core/settings.py.

Run after changing a setting: `.venv/bin/python scripts/settings_docs.py`.
tests/test_docs.py fails when they drift apart.
"""

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from core.settings import describe_settings  # noqa: E402

START, END = "<!-- settings:start -->", "<!-- settings:end -->"


def table() -> str:
    lines = ["| setting | default | what it does |", "|---|---|---|"]
    for name, default, description in describe_settings():
        shown = f"`{default}`" if default else ""
        lines.append(f"| `{name}` | {shown} | {description} |")
    return "\n".join(lines)


def env_example() -> str:
    lines = ["# FinAssist settings: copy to .env and uncomment what you change.", ""]
    for name, default, description in describe_settings():
        lines += [f"# {description}", f"# {name}={default}"]
    return "\n".join(lines) + "\n"


def main() -> None:
    readme = ROOT / "README.md"
    text = readme.read_text()
    block = f"{START}\n{table()}\n{END}"
    text = re.sub(re.escape(START) + ".*?" + re.escape(END), lambda _: block, text, flags=re.S)
    readme.write_text(text)
    (ROOT / ".env.example").write_text(env_example())


if __name__ == "__main__":
    main()
