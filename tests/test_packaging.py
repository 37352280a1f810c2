"""What each distribution installs: the bot's wheel carries the bot, the developer tools apart."""

from __future__ import annotations

import configparser
import zipfile
from pathlib import Path

from hatchling.builders.wheel import WheelBuilder

ROOT = Path(__file__).parent.parent


def built_wheel(project: Path, into: Path) -> zipfile.ZipFile:
    """The wheel pip would build from `project`, built in-process by the locked hatchling."""
    [path] = WheelBuilder(str(project)).build(directory=str(into), versions=["standard"])
    return zipfile.ZipFile(path)


def top_level(wheel: zipfile.ZipFile) -> set[str]:
    """What the wheel puts into site-packages: its top-level folders and files."""
    return {name.split("/")[0] for name in wheel.namelist()}


def entry_points(wheel: zipfile.ZipFile) -> dict[str, dict[str, str]]:
    """The wheel's entry points, by group."""
    [name] = [n for n in wheel.namelist() if n.endswith(".dist-info/entry_points.txt")]
    parser = configparser.ConfigParser(delimiters=("=",))
    parser.read_string(wheel.read(name).decode())
    return {group: dict(parser[group]) for group in parser.sections()}


def test_the_bots_wheel_carries_the_bot_and_its_listeners_alone(tmp_path: Path) -> None:
    with built_wheel(ROOT, tmp_path) as wheel:
        assert top_level(wheel) == {"bot", "handlers", "visningsbot-0.1.0.dist-info"}
        assert not [n for n in wheel.namelist() if "simulator" in n or "playground" in n]
        assert entry_points(wheel) == {"console_scripts": {"visningsbot": "bot.__main__:main"}}


def test_the_developer_tools_are_a_wheel_of_their_own_adding_two_commands(
    tmp_path: Path,
) -> None:
    with built_wheel(ROOT / "devtools", tmp_path) as wheel:
        assert top_level(wheel) == {"devtools", "visningsbot_devtools-0.1.0.dist-info"}
        names = wheel.namelist()
        assert "devtools/simulator/app.py" in names
        assert "devtools/playground/web/index.html" in names
        assert "devtools/pyproject.toml" not in names
        assert entry_points(wheel) == {
            "visningsbot.commands": {
                "playground": "devtools.commands:playground",
                "simulator": "devtools.commands:simulator",
            }
        }
