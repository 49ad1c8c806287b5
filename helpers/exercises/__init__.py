"""Check functions for the exercises: one module per notebook, the shared machinery in `core`.

A notebook imports its checks from its own module, for example
`from helpers.exercises.delta_rules import check_backward`.
"""

from .core import Case, CheckResult, check_function, check_number, difference, feedback, is_correct

__all__ = ["Case", "CheckResult", "check_function", "check_number", "difference", "feedback", "is_correct"]
