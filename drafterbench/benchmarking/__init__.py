"""Benchmark harnesses: ``decoding`` runs the local backend's speculative methods against plain decoding and
transformers ``generate`` (``drafterbench bench``); ``report`` holds what it writes. Not imported by the
runtime: ``import drafterbench`` never loads torch through here.
"""
