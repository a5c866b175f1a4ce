"""``render_pdf(spec)``: the light entry point to the generator in :mod:`drafterbench.drawings.sheet`.

Kept free of PyMuPDF so the package can import it eagerly: that way the package attribute ``render`` stays
the function (importing a submodule named ``render`` later would otherwise rebind it to the module).
"""

from __future__ import annotations

from drafterbench.drawings.spec import DrawingSpec


def render_pdf(spec: DrawingSpec) -> bytes:
    """The PDF bytes for ``spec`` (see :mod:`drafterbench.drawings.sheet`)."""
    from drafterbench.drawings.sheet import render_pdf as _render_pdf

    return _render_pdf(spec)
