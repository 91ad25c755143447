"""Static files with content hashes in their URLs, long cache lifetimes and precompressed variants.

`url_for("static", filename=…)` (and the `asset_url` template global) add `?v=<hash>`, the first 12 hex
digits of the file's SHA-256. A request that carries the current hash is answered with
`Cache-Control: public, max-age=31536000, immutable`; without it (or with an outdated one) the file is
served with `no-cache` and an ETag, so browsers revalidate. `If-None-Match` gives 304.

Text assets (CSS, JS, SVG, JSON, …) are served brotli- or gzip-compressed according to `Accept-Encoding`
(`Vary: Accept-Encoding`, with Content-Encoding and the compressed Content-Length). The compressed variants
are files in `<instance>/assets/`, named by content hash: `flask assets build` (run by `make run`) writes
them all ahead of time with the strongest settings (brotli 11: 14 s for the plotly bundle on a busy core);
a variant that is missing (a clean clone, a changed file, the test suite) is built at its first request
with fast settings (brotli 5, gzip 6: ~0.1 s; 10 % larger) and written atomically, so several processes
may race harmlessly; the next `flask assets build` replaces it.
"""
from __future__ import annotations

import gzip
import hashlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

import brotli
from flask import Flask, abort, current_app, request, send_file
from werkzeug.security import safe_join

HASH_LENGTH = 12
CACHE_SECONDS = 365 * 24 * 3600
IMMUTABLE = f"public, max-age={CACHE_SECONDS}, immutable"
REVALIDATE = "public, no-cache"
# Only these are worth compressing; images like PNG are compressed already.
COMPRESSIBLE_SUFFIXES = frozenset({".css", ".js", ".svg", ".json", ".txt", ".html", ".map", ".xml", ".ico"})
MIN_COMPRESS_BYTES = 256
# Preferred first: brotli is ~15–20 % smaller than gzip on our JS/CSS.
ENCODINGS = (("br", ".br"), ("gzip", ".gz"))


@dataclass(frozen=True)
class _Fingerprint:
    mtime_ns: int
    size: int
    digest: str


_fingerprints: dict[str, _Fingerprint] = {}


def static_root(app: Flask | None = None) -> Path:
    """The directory of the static files (`app/static`)."""
    return Path((app or current_app).static_folder)


def compressed_root(app: Flask | None = None) -> Path:
    """Where the compressed variants live (`<instance>/assets`)."""
    return Path((app or current_app).instance_path) / "assets"


def file_hash(path: Path) -> str:
    """The short content hash of `path`, recomputed only when its size or modification time changes."""
    stat = path.stat()
    key = str(path)
    known = _fingerprints.get(key)
    if known is not None and known.mtime_ns == stat.st_mtime_ns and known.size == stat.st_size:
        return known.digest
    digest = hashlib.sha256(path.read_bytes()).hexdigest()[:HASH_LENGTH]
    _fingerprints[key] = _Fingerprint(stat.st_mtime_ns, stat.st_size, digest)
    return digest


def _resolve(filename: str) -> Path | None:
    joined = safe_join(str(static_root()), filename)
    if joined is None:
        return None
    path = Path(joined)
    try:
        return path if path.is_file() else None
    except OSError:  # e.g. a name longer than the file system allows: simply not a file
        return None


def asset_version(filename: str) -> str | None:
    """The content hash for a static file, or None if there is no such file."""
    path = _resolve(filename)
    return file_hash(path) if path else None


def add_version(endpoint: str, values: dict) -> None:
    """`url_defaults` callback: every `url_for("static", filename=…)` carries the file's hash as `v`."""
    if endpoint == "static" and "v" not in values and values.get("filename"):
        version = asset_version(values["filename"])
        if version:
            values["v"] = version


def asset_url(filename: str) -> str:
    """Template helper: the hashed URL of a static file."""
    from flask import url_for

    return url_for("static", filename=filename)


def is_compressible(path: Path) -> bool:
    return path.suffix.lower() in COMPRESSIBLE_SUFFIXES


def variant_path(path: Path, digest: str, suffix: str, app: Flask | None = None) -> Path:
    """Where the `suffix` (.br/.gz) variant of `path` with content hash `digest` is stored."""
    relative = path.relative_to(static_root(app))
    return compressed_root(app) / relative.parent / f"{relative.stem}.{digest}{relative.suffix}{suffix}"


def _compress(data: bytes, suffix: str, best: bool) -> bytes:
    if suffix == ".br":
        return brotli.compress(data, mode=brotli.MODE_TEXT, quality=11 if best else 5)
    return gzip.compress(data, compresslevel=9 if best else 6, mtime=0)


def _marker(target: Path) -> Path:
    return target.with_name(target.name + ".best")


def build_variant(path: Path, digest: str, suffix: str, app: Flask | None = None, *, best: bool = False) -> Path:
    """Write the compressed variant of `path` (atomic rename) unless it exists – with `best`, unless it was
    built with the strongest settings already (a `.best` marker next to it); returns its path."""
    target = variant_path(path, digest, suffix, app)
    if target.exists() and (not best or _marker(target).exists()):
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    data = _compress(path.read_bytes(), suffix, best)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    if best:
        _marker(target).touch()
    return target


def build_all(app: Flask) -> list[Path]:
    """Compress every compressible static file (brotli and gzip); returns the variants written or found."""
    written = []
    for path in sorted(static_root(app).rglob("*")):
        if path.is_file() and is_compressible(path) and path.stat().st_size >= MIN_COMPRESS_BYTES:
            digest = file_hash(path)
            written.extend(build_variant(path, digest, suffix, app, best=True) for _, suffix in ENCODINGS)
    return written


def _chosen_encoding(path: Path) -> tuple[str, str] | None:
    if not is_compressible(path) or path.stat().st_size < MIN_COMPRESS_BYTES:
        return None
    accepted = request.accept_encodings
    best = None
    for encoding, suffix in ENCODINGS:
        quality = accepted[encoding]
        if quality > 0 and (best is None or quality > best[0]):
            best = (quality, encoding, suffix)
    return (best[1], best[2]) if best else None


def serve_static(filename: str):
    """The `static` endpoint: hashed, cached, precompressed (see module docstring)."""
    path = _resolve(filename)
    if path is None:
        abort(404)
    digest = file_hash(path)
    mimetype = None
    if path.suffix == ".js":
        mimetype = "text/javascript"
    chosen = _chosen_encoding(path)
    if chosen:
        encoding, suffix = chosen
        response = send_file(build_variant(path, digest, suffix), mimetype=mimetype or _guess(path),
                             etag=f"{digest}-{encoding}", conditional=True, max_age=None)
        response.headers["Content-Encoding"] = encoding
    else:
        response = send_file(path, mimetype=mimetype or _guess(path), etag=digest, conditional=True, max_age=None)
    if is_compressible(path):
        response.vary.add("Accept-Encoding")
    response.headers["Cache-Control"] = IMMUTABLE if request.args.get("v") == digest else REVALIDATE
    return response


def _guess(path: Path) -> str:
    import mimetypes

    return mimetypes.guess_type(path.name)[0] or "application/octet-stream"


def init_assets(app: Flask) -> None:
    """Replace Flask's static view by `serve_static` and hash every `url_for("static", …)`."""
    app.view_functions["static"] = serve_static
    app.url_defaults(add_version)
    app.jinja_env.globals["asset_url"] = asset_url


def _assets_cli():
    import click
    from flask.cli import AppGroup, with_appcontext

    group = AppGroup("assets", help="Static assets: precompressed variants.")

    @group.command("build")
    @with_appcontext
    def build_command():
        """Write the brotli and gzip variants of every static text file into <instance>/assets."""
        written = build_all(current_app)
        click.echo(f"{len(written)} compressed variants in {compressed_root()}")

    return group


assets_cli = _assets_cli()
