"""tools/oldest_constraints.py: `make test-oldest` pins every dependency of pyproject.toml at its lower bound."""

import subprocess
import sys

import pytest

from conftest import ROOT, pyproject

sys.path.insert(0, str(ROOT / "tools"))
import oldest_constraints  # noqa: E402


@pytest.mark.parametrize("requirement, pin", [
    ("numpy>=2.2", "numpy==2.2"),
    ("scikit-learn >= 1.6.1", "scikit-learn==1.6.1"),
    ("pytest-xdist>=3.5,<4", "pytest-xdist==3.5"),
    ("nbval[extra]>=0.11", "nbval==0.11"),
    ("tomli>=2; python_version < '3.11'", "tomli==2; python_version < '3.11'"),
])
def test_a_lower_bound_becomes_a_pin(requirement, pin):
    assert oldest_constraints.minimum_pin(requirement) == pin


@pytest.mark.parametrize("requirement", ["numpy", "numpy<3", "numpy==2.2", "numpy>2.2", "numpy>=2.2,>=2.3"])
def test_a_dependency_without_one_lower_bound_is_refused(requirement):
    with pytest.raises(ValueError, match="lower bound"):
        oldest_constraints.minimum_pin(requirement)


def test_every_dependency_of_pyproject_is_pinned_once():
    data = pyproject()
    extras = data["project"]["optional-dependencies"]
    ours = [r for r in extras["test"] if r.startswith(data["project"]["name"] + "[")]
    assert ours == ["backprop-notebooks[site]", "backprop-notebooks[teach]"], "the test extra names our other extras"
    declared = [*data["build-system"]["requires"], *data["project"]["dependencies"],
                *[r for r in extras["test"] if r not in ours], *extras["site"], *extras["teach"]]
    pins = oldest_constraints.constraints(ROOT / "pyproject.toml")
    assert len(pins) == len(set(pins)) == len({oldest_constraints.minimum_pin(r) for r in declared})
    for requirement in declared:
        pin = oldest_constraints.minimum_pin(requirement)
        name, version = pin.split(";")[0].split("==")
        assert pin in pins and requirement.startswith(name) and f">={version}" in requirement.replace(" ", "")


def test_the_command_prints_the_constraints_file():
    out = subprocess.run([sys.executable, str(ROOT / "tools" / "oldest_constraints.py")], check=True,
                         capture_output=True, text=True).stdout.splitlines()
    assert out[0].startswith("#") and out[1:] == oldest_constraints.constraints(ROOT / "pyproject.toml")
