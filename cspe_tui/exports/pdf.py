"""The filled-in beoordelingsmodel as PDF: the record of a group's scores.

Domain rule 5: the file must be complete and readable on its own (names, numbers,
all scores, totals, both examinators, dates, remarks), so every page carries the
exam's identity and the seal, and no text is ever cut off.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import datetime
from pathlib import Path

from cspe_tui.domain.group import GroupState

from .formatting import nfc, safe_filename, write_atomic
from .pdf_candidate import candidate_pages
from .pdf_context import PdfContext, build_context, new_document
from .pdf_overview import overview
from .pdf_photos import PhotoSource, photo_pages
from .pdffonts import FontBatch
from .school import SchoolInfo

Progress = Callable[[int, int], None]


def beoordelingsmodel_pdf_bytes(
    state: GroupState,
    school: SchoolInfo,
    progress: Progress | None = None,
    *,
    now: datetime | None = None,
    pdfa: bool = False,
    photos: PhotoSource | None = None,
) -> bytes:
    """The group overview followed by every candidate's filled-in beoordelingsmodel.

    progress(done, total) is called with total = candidates + 1 (the last step writes the file).
    pdfa: PDF/A-2b for the archive (every font embedded, the claim in the XMP metadata).
    With `photos`, a candidate's photos follow their scores.
    """
    ctx = build_context(state, school, now)
    total = len(state.candidates) + 1
    if progress:
        progress(0, total)
    doc = new_document(ctx, pdfa=pdfa)
    overview(doc, ctx)
    for done, cand in enumerate(state.candidates, start=1):
        candidate_pages(doc, ctx, cand.examennummer)
        if photos is not None:
            photo_pages(doc, ctx, cand.examennummer, photos)
        if progress:
            progress(done, total)
    data = bytes(doc.output())
    if progress:
        progress(total, total)
    return data


def write_beoordelingsmodel_pdf(
    state: GroupState,
    school: SchoolInfo,
    path: Path,
    progress: Progress | None = None,
    *,
    now: datetime | None = None,
    photos: PhotoSource | None = None,
) -> Path:
    return write_atomic(Path(path), beoordelingsmodel_pdf_bytes(state, school, progress, now=now, photos=photos))


def kandidaat_pdf_bytes(
    state: GroupState,
    school: SchoolInfo,
    examennummer: str,
    *,
    now: datetime | None = None,
    photos: PhotoSource | None = None,
) -> bytes:
    """One candidate's beoordelingsmodel alone, for the candidate's dossier."""
    return _kandidaat_bytes(build_context(state, school, now), examennummer, photos)


def _kandidaat_bytes(ctx: PdfContext, examennummer: str, photos: PhotoSource | None = None) -> bytes:
    doc = new_document(ctx)
    candidate_pages(doc, ctx, examennummer)
    if photos is not None:
        photo_pages(doc, ctx, examennummer, photos)
    return bytes(doc.output())


def _varying_text(state: GroupState) -> str:
    """Letters of what differs between the candidates' files, plus ASCII: the batch's fonts start with them."""
    texts = [chr(c) for c in range(0x20, 0x7F)] + [c.naam for c in state.candidates]
    for remark in state.remarks:
        texts += [remark.text, *(reply.text for reply in remark.replies)]
    return nfc("".join(texts))


def kandidaat_pdf_name(state: GroupState, examennummer: str) -> str:
    return safe_filename(f"{state.info.group_id}-{examennummer}") + ".pdf"


def write_kandidaat_pdfs(
    state: GroupState,
    school: SchoolInfo,
    folder: Path,
    progress: Progress | None = None,
    *,
    now: datetime | None = None,
    photos: PhotoSource | None = None,
) -> list[Path]:
    """One PDF per candidate in `folder` (named by group and examennummer); returns the paths.

    Each file is written (and fsynced) in a second thread while the next one is drawn: on a
    school server's disk the fsyncs alone take seconds. A failed write stops the export.
    """
    ctx = build_context(state, school, now)
    folder = Path(folder)
    total = len(state.candidates)
    if progress:
        progress(0, total)
    batch = FontBatch(reserve=_varying_text(state))
    paths: list[Path] = []
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="pdf-write") as writer:
        pending: Future[Path] | None = None
        for cand in state.candidates:
            doc = new_document(ctx, batch)
            candidate_pages(doc, ctx, cand.examennummer)
            if photos is not None:
                photo_pages(doc, ctx, cand.examennummer, photos)
            data = bytes(doc.output())
            if pending is not None:
                paths.append(pending.result())
                if progress:
                    progress(len(paths), total)
            pending = writer.submit(write_atomic, folder / kandidaat_pdf_name(state, cand.examennummer), data)
        if pending is not None:
            paths.append(pending.result())
            if progress:
                progress(len(paths), total)
    return paths
