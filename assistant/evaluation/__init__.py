"""Evaluation: the scored question set, metrics as pure functions, the harness and its report."""
