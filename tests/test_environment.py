"""environment.yml (Binder) and pyproject.toml (pip) must ask for the same packages."""

import re

from packaging.markers import Marker

from conftest import ROOT, pyproject


def _name(requirement):
    """'scikit-learn>=1.6' -> 'scikit-learn'; conda's '=' pins and pip's operators both end a name."""
    return re.split(r"[<>=!~ \[;]", requirement.strip(), maxsplit=1)[0].lower()


def _environment():
    """Parse our environment.yml: its top-level dependencies and its pip list (no YAML library)."""
    conda, pip, section = {}, [], None
    for line in (ROOT / "environment.yml").read_text().splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line.startswith(" "):
            section = line.split(":")[0]
            continue
        item = line.strip()
        if section == "dependencies" and item.startswith("- "):
            item = item[2:].strip()
            if item == "pip:":
                section = "pip"
            else:
                conda[_name(item)] = item
        elif section == "pip" and item.startswith("- "):
            pip.append(item[2:].strip())
    return conda, pip



def test_environment_has_the_same_packages_aspyproject():
    conda, _ = _environment()
    wanted = {_name(r) for r in pyproject()["project"]["dependencies"]}
    provided = set(conda) - {"python", "pip"}
    assert provided == wanted, f"only in environment.yml: {provided - wanted}; only in pyproject: {wanted - provided}"


def test_environment_minimum_versions_matchpyproject():
    conda, _ = _environment()
    python = {"python_version": conda["python"].split("=")[1]}  # a requirement with a marker counts where it applies
    for requirement in pyproject()["project"]["dependencies"]:
        requirement, _, marker = requirement.partition(";")
        if marker and not Marker(marker).evaluate(python):
            continue
        name = _name(requirement)
        assert conda[name].replace(" ", "") == requirement.replace(" ", ""), (
            f"{name}: environment.yml says {conda[name]!r}, pyproject.toml says {requirement!r}")


def test_environment_pins_python_and_installs_the_repo():
    conda, pip = _environment()
    assert re.fullmatch(r"python=3\.\d+", conda.get("python", "")), "pin Python, e.g. python=3.11"
    minimum = pyproject()["project"]["requires-python"]
    assert minimum == ">=3.10"
    assert int(conda["python"].split(".")[1]) >= 10
    assert "-e ." in pip, "the pip section must install the helpers package with '-e .'"
