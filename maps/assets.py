"""Copy the Leaflet files the maps need into the app's ``static/`` folder (served by Streamlit).

The maps must draw with no internet (a bureau intranet, our tests), so Leaflet is served by the
app itself rather than from a CDN. The files come from the ``xstatic-leaflet`` package (a pip
dependency, the same Leaflet 1.9.3 that folium uses) instead of being committed to the repository.

Streamlit serves ``<main script folder>/static/`` at ``/app/static/`` when
``server.enableStaticServing`` is on. The folder is the one next to the *main script*, not the
working directory: call ``install_static_assets(Path(__file__).parent / "static")`` from the
entrypoint.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import xstatic.pkg.leaflet as xstatic_leaflet

__all__ = [
    "LEAFLET_CSS_URL",
    "LEAFLET_DIR",
    "LEAFLET_JS_URL",
    "LEAFLET_VERSION",
    "install_static_assets",
    "leaflet_source_files",
]

#: Leaflet version shipped by the installed ``xstatic-leaflet`` package.
LEAFLET_VERSION: str = xstatic_leaflet.VERSION

#: Where the files go, relative to the static folder.
LEAFLET_DIR = Path("vendor") / "leaflet"

#: URLs at which Streamlit serves the copied files (``server.enableStaticServing = true``).
LEAFLET_JS_URL = "/app/static/vendor/leaflet/leaflet.js"
LEAFLET_CSS_URL = "/app/static/vendor/leaflet/leaflet.css"

# Only what a page loads: the minified script, its stylesheet and the images the stylesheet and
# the default marker icon refer to (relative URLs ``images/...``). Source maps and the ESM build
# are left out; they are never requested.
_TOP_LEVEL_FILES = ("leaflet.js", "leaflet.css")
_IMAGE_SUFFIXES = (".png", ".svg")


def leaflet_source_files() -> dict[Path, Path]:
    """List the Leaflet files to copy.

    Returns
    -------
    dict of pathlib.Path to pathlib.Path
        Relative destination path (below ``vendor/leaflet``) mapped to the absolute source path
        inside the installed ``xstatic-leaflet`` package.
    """
    base = Path(xstatic_leaflet.BASE_DIR)
    files = {Path(name): base / name for name in _TOP_LEVEL_FILES}
    images = base / "images"
    if images.is_dir():
        for image in sorted(images.iterdir()):
            if image.is_file() and image.suffix in _IMAGE_SUFFIXES:
                files[Path("images") / image.name] = image
    return files


def _is_current(src: Path, dst: Path) -> bool:
    """Tell whether ``dst`` is already a copy of ``src`` (same size and modification time)."""
    try:
        src_stat = src.stat()
        dst_stat = dst.stat()
    except FileNotFoundError:
        return False
    return src_stat.st_size == dst_stat.st_size and src_stat.st_mtime_ns == dst_stat.st_mtime_ns


def _atomic_copy(src: Path, dst: Path) -> None:
    """Copy ``src`` to ``dst`` through a temporary file so readers never see a partial file."""
    dst.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{dst.name}.", suffix=".tmp", dir=dst.parent)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as out, src.open("rb") as inp:
            shutil.copyfileobj(inp, out)
        # Keep the source's mtime: it is what makes the next call a cheap no-op.
        shutil.copystat(src, tmp)
        os.chmod(tmp, 0o644)
        os.replace(tmp, dst)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def install_static_assets(static_dir: Path) -> Path:
    """Copy Leaflet's script, stylesheet and images into ``static_dir / "vendor" / "leaflet"``.

    Idempotent and cheap when the files are already current (one ``stat`` per file, compared by
    size and modification time). Safe when several processes start at once: every file is
    written to a temporary file in the same folder and moved into place with ``os.replace``.

    Parameters
    ----------
    static_dir : pathlib.Path
        The app's static folder, i.e. the ``static`` folder next to the Streamlit *main script*
        (Streamlit serves it at ``/app/static/``). Created if missing.

    Returns
    -------
    pathlib.Path
        The folder holding ``leaflet.js``, ``leaflet.css`` and ``images/``.

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     target = install_static_assets(Path(tmp) / "static")
    ...     (target / "leaflet.js").is_file()
    True
    """
    target = Path(static_dir) / LEAFLET_DIR
    for relative, src in leaflet_source_files().items():
        dst = target / relative
        if not _is_current(src, dst):
            _atomic_copy(src, dst)
    return target
