"""The rules a resumed run obeys before it uses anything its header's configuration says.

A run log may come from elsewhere (a colleague's folder, a download), so its header is data to check, not
instructions: every field is typed and bounded (:class:`~drafterbench.run_settings.RunConfig`, checked when
the log is read: a malformed one is a clear error naming the field), and nothing in it may send the user's
credentials anywhere or write outside the run (see :func:`check_resume_target` and :func:`resume_options`).
"""

from __future__ import annotations

from dataclasses import replace

from drafterbench.run_settings import RunConfig, RunOptions
from drafterbench.runlog import RunLog, RunLogError


def check_tiny_weights(log: RunLog, config: RunConfig) -> None:
    """Refuse to continue a drafterbench-tiny run with other weights than it started with (a retrained model
    under ``$DRAFTERBENCH_TINY_DIR``, or the shipped one when the run used a retrained one)."""
    if config.tiny_weights is None:
        return
    from drafterbench.tiny.weights import WEIGHTS_ENV, weights_identity

    try:
        here = weights_identity()
    except ValueError as exc:
        raise RunLogError(str(exc)) from None
    if here["target_sha256"] != config.tiny_weights.target_sha256:
        raise RunLogError(f"{log.path} was run with the drafterbench-tiny weights from "
                          f"{config.tiny_weights.source!r}, but {WEIGHTS_ENV} now gives other weights "
                          f"({here['source']!r}); point {WEIGHTS_ENV} at the run's weights to continue it")


def stored_config(log: RunLog) -> RunConfig:
    """The header's configuration, for ``drafterbench run --resume``: a :class:`RunLogError` when the run was
    started from Python (its agent was the caller's object; the CLI cannot rebuild it).

    The header was validated field by field when the log was read (see :class:`RunConfig`).
    """
    if not log.header.config.from_cli:
        raise RunLogError(f"{log.path} was run from Python (evaluate()); continue it there with "
                          "evaluate(..., resume=True) or retry_errors=True")
    return log.header.config


def stored_options(log: RunLog, workers: int) -> RunOptions:
    """The run options of any log (a CLI run or an ``evaluate()`` run), for re-grading it: the header's
    ``work_dir`` is dropped, ``workers`` (when not 0) replaces the stored count."""
    return resume_options(log.header.config, workers)


def check_resume_target(log: RunLog, config: RunConfig, base_url: str | None, model: str | None = None,
                        draft_model: str | None = None) -> None:
    """Refuse to resume against a server, or with local model files, the user did not name on this command line.

    A resumed run sends the user's API key (``OPENAI_API_KEY``, a provider's key) with every request; the
    header's ``base_url`` was written by whoever wrote the log, so the user must repeat it (``--base-url``)
    for it to be used. A header without one means the provider's default endpoint, which a ``--base-url``
    on this command line may not replace silently either. Likewise a local (``hf/``) model is loaded from the
    files the header names only when ``--model`` (and ``--draft-model``) repeat them.
    """
    if config.backend is None:
        raise RunLogError(f"{log.path} names no backend settings; start a new run")
    check_tiny_weights(log, config)
    stored = config.backend.base_url
    if config.model == "reference" or config.model.startswith("hf/"):
        if base_url is not None:
            raise RunLogError("--base-url does not apply to this run's model")
        if config.model.startswith("hf/"):
            wanted = [("--model", config.model, model), ("--draft-model", config.backend.draft_model, draft_model)]
            for option, named, given in wanted:
                if named is not None and given != named:
                    raise RunLogError(f"{log.path} loads the local model {named!r}: to load it, repeat "
                                      f"{option} {named}")
        return
    if stored is None and base_url is None:
        return
    if stored is None:
        raise RunLogError(f"{log.path} was run against the provider's default endpoint, not {base_url!r}; "
                          "start a new run to use another server")
    if base_url is None:
        raise RunLogError(f"{log.path} was run against {stored!r}: to send requests (and your API key) there "
                          f"again, repeat --base-url {stored}")
    if base_url.rstrip("/") != stored.rstrip("/"):
        raise RunLogError(f"{log.path} was run against {stored!r}, not {base_url!r}; start a new run to use "
                          "another server")


def resume_options(config: RunConfig, workers: int) -> RunOptions:
    """The stored run options for a resume: the header's ``work_dir`` is never obeyed (a temporary folder
    is used), ``workers`` (when not 0) replaces the stored count."""
    return replace(config.options, work_dir=None, workers=workers or config.options.workers)
