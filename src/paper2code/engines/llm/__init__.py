"""The LLM engine: model providers grounded in the parsed paper, gated by the verifier."""
