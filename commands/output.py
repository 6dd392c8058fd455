"""Where a command's output goes: stdout, or `--output FILE` written atomically.

The file is written to a temporary file in the same folder and moved into place only when the
whole output is done, so that an interrupted run never leaves a partial file. An existing file
is never overwritten without `--force`; a device or pipe (`-o /dev/null`) is written to directly,
never replaced. Text (`open_output`), bytes (`open_binary_output`: a Word document) and a file
written by name (`output_path`: a PDF engine's) are kept to the same rules. The temporary file
is named `.FILE.score-tmp-XXXXXXXX`
(see `temporary_file`): Ctrl-C removes it; only a hard kill (SIGKILL, a power cut) can leave one
behind, which is then clearly score's and safe to delete, and never read by a later run.
"""

from __future__ import annotations

import errno
import os
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import IO, Any

from jixiao.engine.errors import InputError, Problem
from jixiao.engine.files import exists, is_folder, is_special
from jixiao.engine.words.message import Template, Words

OUTPUT = "--output"

IS_FOLDER = Template(
    "output.is_folder", "这是一个文件夹；请给出文件名", "is a folder; give a file name"
)
NAMES_FOLDER = Template(
    "output.names_folder",
    "以 {end} 结尾，表示的是文件夹；请给出文件名",
    "ends with {end}, which names a folder; give a file name",
)
EXISTS = Template(
    "output.exists",
    "文件已存在，不会覆盖；请换一个文件名，或加上 --force 覆盖它",
    "already exists; choose another name, or use --force to overwrite it",
)
PARENT_IS_FILE = Template(
    "output.parent_is_file", "{folder} 是文件，不是文件夹", "{folder} is a file, not a folder"
)
NO_FOLDER = Template("output.no_folder", "文件夹 {folder} 不存在", "no such folder: {folder}")
CANNOT_WRITE_IN = Template(
    "output.cannot_write_in",
    "无法在文件夹 {folder} 中写入：{why}",
    "cannot write in the folder {folder}: {why}",
)
CREATED_MEANWHILE = Template(
    "output.created_meanwhile",
    "写入期间该文件被其他程序创建；未写入任何内容",
    "was created by something else meanwhile; nothing written",
)
NO_PERMISSION = Template(
    "output.no_permission",
    "{reason}；请选择一个有写入权限的文件夹",
    "{reason}; choose a folder you can write to",
)
IS_AN_INPUT = Template(
    "output.is_an_input",
    "与本次要读取的文件 {input} 是同一个文件，不能用作输出文件（加 --force 也不会覆盖）；"
    "请换一个输出文件名",
    "is the input {input}: it cannot also be the output, even with --force; choose another name",
)
NAME_TOO_LONG = Template(
    "output.name_too_long",
    "文件名太长，系统不接受；请换一个短一些的名字",
    "the name is too long for the system; choose a shorter one",
)
NOTHING_WRITTEN = Template(
    "output.nothing_written", "{reason}；未写入任何内容", "{reason}; nothing was written"
)


def _refuse(path: str, field: str, message: Words) -> InputError:
    return InputError([Problem(path, field, message)])


def refuse_unwritable(path: str, force: bool, field: str = OUTPUT) -> None:
    """Refuse early (exit 2) what the final rename would refuse or fail at."""
    target = Path(path)  # "" is "."
    try:
        os.stat(target)
    except OSError as error:
        if error.errno == errno.ENAMETOOLONG:
            raise _refuse(path, field, NAME_TOO_LONG()) from None
    except ValueError:
        pass  # a NUL in the name: refused when the file is created
    if is_folder(target):
        raise _refuse(path, field, IS_FOLDER())
    if path.endswith(tuple(filter(None, (os.sep, os.altsep)))):
        raise _refuse(path, field, NAMES_FOLDER(end=path[-1]))
    if is_special(target):
        return
    if target.exists() and not force:
        raise _refuse(path, field, EXISTS())
    folder = target.parent
    if exists(folder) and not is_folder(folder):
        raise _refuse(path, field, PARENT_IS_FILE(folder=str(folder)))
    if not is_folder(folder):
        raise _refuse(path, field, NO_FOLDER(folder=str(folder)))


def refuse_overwriting(
    path: str | None, inputs: Iterable[str | os.PathLike[str]], field: str = OUTPUT
) -> None:
    """Refuse an output that is one of the inputs, even with --force: the export would replace
    the department's own file. Compared by real path, so that a link or ./x is caught too."""
    if path is None or is_special(path):
        return
    target = os.path.realpath(path)
    for given in inputs:
        if os.path.realpath(given) == target:
            raise _refuse(path, field, IS_AN_INPUT(input=str(given)))


TEMP_MARK = ".score-tmp-"
FULL = (errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO)  # the disk, not score, failed


def temporary_file(path: str | os.PathLike[str], field: str) -> tuple[int, str]:
    """Create `.NAME.score-tmp-XXXXXXXX` beside `path`; a folder we cannot write is exit 2."""
    folder = os.path.dirname(os.path.abspath(path))
    import tempfile  # only when writing: slow to import, and `score` starts often

    try:
        return tempfile.mkstemp(prefix=f".{os.path.basename(path)}{TEMP_MARK}", dir=folder)
    except OSError as error:
        problem = CANNOT_WRITE_IN(folder=folder, why=write_failure(error))
        raise _refuse(str(path), field, problem) from None


def write_failure(error: OSError) -> Words:
    """Why the system refused to write, and what to do. The reason is the system's own words
    (the operating system's language, usually English)."""
    reason = (error.strerror or type(error).__name__).lower()
    if isinstance(error, PermissionError):
        return NO_PERMISSION(reason=reason)
    return NOTHING_WRITTEN(reason=reason)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _publish(temp: str, path: str, force: bool, field: str) -> None:
    if force:
        os.replace(temp, path)
        return
    try:
        os.link(temp, path)  # fails if the file appeared meanwhile: never overwrite by accident
    except FileExistsError:
        raise _refuse(path, field, CREATED_MEANWHILE()) from None
    except OSError:  # a file system without hard links
        if os.path.exists(path):
            raise _refuse(path, field, EXISTS()) from None
        os.replace(temp, path)
        return
    os.unlink(temp)


@contextmanager
def open_output(path: str | None, force: bool = False, field: str = OUTPUT) -> Iterator[IO[str]]:
    """Yield a text stream: stdout, or a temporary file published to `path` on success.
    `field` names where the path was given (`--output`, or "" for a command's own FILE)."""
    if path is None:
        yield sys.stdout
        return
    with _opened(path, force, field, binary=False) as stream:
        yield stream


@contextmanager
def open_binary_output(path: str, force: bool = False, field: str = OUTPUT) -> Iterator[IO[bytes]]:
    """Yield a binary stream (a Word document, a PDF) with the same guarantees as
    `open_output`: refused early, written to a temporary file, published only when complete."""
    with _opened(path, force, field, binary=True) as stream:
        yield stream


@contextmanager
def output_path(path: str, force: bool = False, field: str = OUTPUT) -> Iterator[Path]:
    """Yield the path a writer that writes by name (a PDF engine) is to write: a temporary file
    beside `path`, published to `path` only when the writer is done, with the guarantees of
    `open_output`; a device or pipe is written to directly."""
    refuse_unwritable(path, force, field)
    if is_special(path):
        yield Path(path)
        return
    handle, temp = temporary_file(path, field)
    try:
        os.fchmod(handle, 0o666 & ~_umask())
        os.close(handle)
        try:
            yield Path(temp)
        except OSError as error:
            if error.errno not in FULL:
                raise
            raise _refuse(path, field, write_failure(error)) from None
        try:
            with open(temp, "rb+") as written:
                os.fsync(written.fileno())
        except OSError as error:
            raise _refuse(path, field, write_failure(error)) from None
        _publish(temp, path, force, field)
    except BaseException:
        with suppress(FileNotFoundError):
            os.unlink(temp)
        raise


@contextmanager
def _opened(path: str, force: bool, field: str, binary: bool) -> Iterator[IO[Any]]:
    refuse_unwritable(path, force, field)
    if is_special(path):  # a device or pipe cannot be replaced atomically: it is written to
        try:
            with _open_device(path, binary) as device:
                yield device
        except OSError as error:  # /dev/full, a pipe whose reader went away
            if error.errno not in (*FULL, errno.EPIPE):
                raise
            raise _refuse(path, field, write_failure(error)) from None
        return
    handle, temp = temporary_file(path, field)
    stream: IO[Any]
    if binary:
        stream = os.fdopen(handle, "wb")
    else:
        stream = os.fdopen(handle, "w", encoding="utf-8", newline="")
    try:
        os.fchmod(handle, 0o666 & ~_umask())
        try:
            yield stream
        except OSError as error:
            if error.errno not in FULL:
                raise
            raise _refuse(path, field, write_failure(error)) from None
        try:
            stream.flush()
            os.fsync(stream.fileno())
            stream.close()
        except OSError as error:  # a full disk, a network folder gone
            raise _refuse(path, field, write_failure(error)) from None
        _publish(temp, path, force, field)
    except BaseException:
        _discard(stream)
        with suppress(FileNotFoundError):
            os.unlink(temp)
        raise


def _open_device(path: str, binary: bool) -> IO[Any]:
    if binary:
        return open(path, "wb")
    return open(path, "w", encoding="utf-8", newline="")


def _discard(stream: IO[Any]) -> None:
    """Close a stream whose file is being thrown away: what is still buffered is dropped with
    it, so that closing cannot fail again (a full disk) and hide why the output failed."""
    with suppress(OSError, ValueError):
        stream.close()
    if not stream.closed:  # close() failed while flushing: the descriptor is still open
        with suppress(OSError):
            os.close(stream.fileno())
