"""cardgen: print-ready know-your-rights cards and signs from translated content.

The public API lives in :mod:`cardgen.build`; this module stays import-light so that
``cardgen --help`` starts fast.
"""

__version__ = "0.1.0"
