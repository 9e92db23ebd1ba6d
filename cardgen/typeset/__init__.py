"""Typesetting: fonts and font stacks, inline markup, line breaking and fitting text to boxes."""
