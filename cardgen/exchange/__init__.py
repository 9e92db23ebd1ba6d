"""Translation exchange: one catalogue of a locale's strings, written and read as PO or XLIFF.

``catalog`` holds the model (like Babel's ``messages.catalog``), ``po`` and ``xliff`` one
format each, ``importing`` validates a file and writes it back into the YAML (``yamlwrite``),
``review`` records approvals and ``proof`` makes the reviewers' PDF. ``room`` measures how much
text each printed field still takes, with the real layout.
"""
