"""Evaluation matrices, cycles and assessments (built in the evaluation issue)."""
