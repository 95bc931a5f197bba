"""The audit's vocabulary: disclosure levels, access types and lenses, in the order tables use.

The schemas state the same lists as enums (a test holds the two together), so
code that counts, orders or names them never spells them out itself.
"""

# Disclosure levels, most complete first: tables, counts and rubrics list them in this order.
LEVELS = ("full", "partial", "none")
# The release column of an overall code in the data release: it pools every release of an initiative.
ALL_RELEASES = "all"
# From the first to the latest coded release, an aspect gained disclosure, lost it, or kept its level.
CHANGES = ("lost", "gained", "same")


def completeness(level: str) -> int:
    """How complete a disclosure level is: full 2, partial 1, none 0."""
    return len(LEVELS) - 1 - LEVELS.index(level)


# How an initiative's model weights are available.
ACCESS_TYPES = ("proprietary", "open-weight")
# The two lenses of the survey, in the order the paper discusses them.
LENSES = ("value-setting", "data-centric")
