"""The PDF, made by xhtml2pdf from the report page (pure Python on ReportLab: pip alone
installs it, with no system library to find)."""

from __future__ import annotations

import io
import logging

from tracker.domain.errors import UnusableFile


def html_to_pdf(html: str) -> bytes:
    """A PDF of the page (charts given as SVG images).

    Raises:
        UnusableFile: the PDF maker reported an error (nothing is written).
    """
    from xhtml2pdf import pisa

    # xhtml2pdf logs every CSS property it does not know to the root logger; they are ours,
    # and known, so they stay out of the user's terminal.
    logging.getLogger("xhtml2pdf").setLevel(logging.ERROR)
    out = io.BytesIO()
    status = pisa.CreatePDF(html, dest=out, encoding="utf-8")
    if status.err:
        raise UnusableFile(f"The PDF could not be made ({status.err} error(s) in xhtml2pdf)")
    return out.getvalue()
