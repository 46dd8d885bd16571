"""Trust in a build on disk: checksums in its manifest, checks before loading, and hold marks."""

from __future__ import annotations

import contextlib
import errno
import fcntl
import hashlib
import json
import os
from pathlib import Path
from typing import IO, Any

from kmhub.errors import DiskFullError, IndexCorruptError

MANIFEST = "manifest.json"
HOLD_FILE = ".hold"  # a searcher holds a shared lock on it; cleanup needs the exclusive one
FILES_KEY = "files"


def checksums(build_dir: Path) -> dict[str, dict[str, Any]]:
    """Size and SHA-256 of every file of a build except the manifest and dot files."""
    found: dict[str, dict[str, Any]] = {}
    for path in sorted(build_dir.rglob("*")):
        relative = path.relative_to(build_dir).as_posix()
        if not path.is_file() or relative == MANIFEST or path.name.startswith("."):
            continue
        found[relative] = {"size": path.stat().st_size, "sha256": _sha256(path)}
    return found


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _corrupt(build_dir: Path, thai: str, english: str) -> IndexCorruptError:
    return IndexCorruptError(
        f"ดัชนี {build_dir.name} เสียหาย: {thai} ให้รัน kmhub build ใหม่",
        f"index build {build_dir.name} is damaged: {english}; run kmhub build again",
    )


def read_checked_manifest(build_dir: Path) -> dict[str, Any]:
    """The manifest, after every file it lists has been found with its size and checksum.

    Run before anything is loaded: a truncated array that is memory-mapped kills the
    process with SIGBUS on first access, where this gives a message.
    """
    try:
        manifest = json.loads((build_dir / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise _corrupt(
            build_dir, f"อ่าน {MANIFEST} ไม่ได้", f"{MANIFEST} is unreadable ({exc})"
        ) from exc
    if not isinstance(manifest, dict):
        raise _corrupt(build_dir, f"{MANIFEST} ไม่ถูกต้อง", f"{MANIFEST} is not an object")
    for name, expected in (manifest.get(FILES_KEY) or {}).items():
        path = build_dir / name
        try:
            size = path.stat().st_size
        except OSError:
            raise _corrupt(build_dir, f"ไม่พบไฟล์ {name}", f"{name} is missing") from None
        if size != expected.get("size"):
            raise _corrupt(
                build_dir,
                f"ไฟล์ {name} มีขนาด {size:,} ไบต์ แทนที่จะเป็น {expected.get('size'):,}",
                f"{name} has {size:,} bytes instead of {expected.get('size'):,}",
            )
        if _sha256(path) != expected.get("sha256"):
            raise _corrupt(build_dir, f"ไฟล์ {name} ถูกแก้ไข", f"{name} does not match its checksum")
    return manifest


def newest_intact_build(builds_dir: Path, skip: str | None = None) -> Path | None:
    """The newest finished build that passes its checks (None when there is none)."""
    if not builds_dir.is_dir():
        return None
    for build in sorted(builds_dir.iterdir(), reverse=True):
        if build.name == skip or build.name.startswith(".") or not build.is_dir():
            continue
        try:
            read_checked_manifest(build)
        except IndexCorruptError:
            continue
        return build
    return None


def hold(build_dir: Path) -> IO[bytes] | None:
    """A shared lock on the build for as long as the returned file stays open."""
    try:
        handle = (build_dir / HOLD_FILE).open("ab")
    except OSError:
        return None  # a read-only index folder: nobody can remove the build either
    fcntl.flock(handle, fcntl.LOCK_SH)
    return handle


def is_held(build_dir: Path) -> bool:
    """True while some process (a server worker, a CLI search) holds this build."""
    path = build_dir / HOLD_FILE
    if not path.exists():
        return False
    with path.open("ab") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        fcntl.flock(handle, fcntl.LOCK_UN)
    return False


def disk_full(exc: BaseException, where: Path) -> DiskFullError | None:
    """A DiskFullError for an exception that means "no space left", else None."""
    text = str(exc).lower()
    if (
        (isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT))
        or "disk is full" in text
        or "no space left" in text
    ):
        free = ""
        with contextlib.suppress(OSError):
            stat = os.statvfs(where)
            free = f" ({stat.f_bavail * stat.f_frsize // 1_000_000:,} MB free)"
        return DiskFullError(
            f"ดิสก์เต็ม: เขียนดัชนีลง {where} ไม่ได้ ดัชนีเดิมยังใช้ได้ ให้เพิ่มพื้นที่แล้วรัน kmhub build ใหม่",
            f"disk full: the index could not be written to {where}{free}; the previous build"
            " is still in use; free some space and run kmhub build again",
        )
    return None
