"""The audit's vocabulary: disclosure levels, access types and lenses, in the order tables use.

The schemas state the same lists as enums (a test holds the two together), so
code that counts, orders or names them never spells them out itself.
"""

# Disclosure levels, most complete first: tables, counts and rubrics list them in this order.
LEVELS = ("full", "partial", "none")
# How an initiative's model weights are available.
ACCESS_TYPES = ("proprietary", "open-weight")
# The two lenses of the survey, in the order the paper discusses them.
LENSES = ("value-setting", "data-centric")
