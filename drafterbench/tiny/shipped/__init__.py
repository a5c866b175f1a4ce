"""The shipped drafterbench-tiny files (safetensors, token map, manifest); see ``drafterbench.tiny.weights``."""
