import pathlib

import pytest

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

ROOT = pathlib.Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


@pytest.fixture
def root():
    return ROOT


def pyproject():
    """pyproject.toml as a dict."""
    with open(ROOT / "pyproject.toml", "rb") as f:
        return tomllib.load(f)
