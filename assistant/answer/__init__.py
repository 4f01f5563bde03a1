"""Answers: extractive, cited, in the asker's script, with eligibility findings and abstention."""
