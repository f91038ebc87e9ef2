"""The README's settings table and .env.example list exactly the settings the code reads."""

import re
from pathlib import Path

from core.settings import describe_settings

ROOT = Path(__file__).resolve().parent.parent


def documented(text: str, pattern: str) -> set[str]:
    return set(re.findall(pattern, text, flags=re.MULTILINE))


def test_the_readme_table_lists_every_setting_and_no_other():
    readme = (ROOT / "README.md").read_text()
    in_table = documented(readme, r"^\| `(FINASSIST_[A-Z_]+)` \|")
    assert in_table == {name for name, _, _ in describe_settings()}


def test_env_example_lists_every_setting_and_no_other():
    example = (ROOT / ".env.example").read_text()
    listed = documented(example, r"^#? ?(FINASSIST_[A-Z_]+)=")
    assert listed == {name for name, _, _ in describe_settings()}


def test_the_readme_opens_with_the_two_quick_start_commands():
    readme = (ROOT / "README.md").read_text()
    first_block = readme.split("```")[1].splitlines()[1:]
    commands = [line.split("#")[0].strip() for line in first_block if line.strip()]
    assert commands == ["make run", "make test"]
    assert "make test" in (ROOT / ".ci" / "run").read_text()
