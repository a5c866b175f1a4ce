"""The run viewer: a run log as a static HTML report (``drafterbench view``), and two runs compared.

:func:`drafterbench.view.build.build_view` writes the report of one run; :mod:`drafterbench.view.compare`
the comparison of two. Pages are plain files with their CSS and scripts inline and the drawings as PNGs
beside them: they open from ``file://`` with no network.
"""
