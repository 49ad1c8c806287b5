"""Fixtures of the website test: the built site (once per session); the browser is tests/conftest.py's."""

import importlib.util
import pathlib

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts" / "website"


def load_build_site():
    """tools/build_site.py as a module (tools/ is not a package)."""
    spec = importlib.util.spec_from_file_location("build_site", ROOT / "tools" / "build_site.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def build_site():
    pytest.importorskip("myst_nb", reason="the site's packages: pip install -e '.[test]'")
    return load_build_site()


@pytest.fixture(scope="session")
def site(build_site, tmp_path_factory):
    """(folder of the built HTML, seconds the build took): the committed notebooks, warnings as errors."""
    out = tmp_path_factory.mktemp("site")
    seconds = build_site.build(out)
    return out / "html", seconds
