"""Documented limits on what cardgen accepts, checked before any work starts.

Every input file (content, regions, glossary, order, organisation profile, sheet file) and
every number that multiplies work has a ceiling, so that no file or option can make cardgen
run without bound. Each limit is far above what real print runs need; an input over one gets
a clear error naming the file or option and the limit (see README, "Limits").
"""

from __future__ import annotations

MAX_FILE_BYTES = 2_000_000  # one input file; the largest shipped content file is under 60 KB
MAX_NODES = 50_000  # values (mappings, lists, scalars) in one YAML or TOML file
MAX_DEPTH = 32  # nesting of mappings and lists in one file
MAX_COPIES = 10_000  # cards per build (--copies) or per batch item (quantity)
MAX_CELLS = 200  # cards on one sheet (columns x rows of a sheet file)
MAX_LOGO_PIXELS = 25_000_000  # an organisation logo (about 5,000 x 5,000 pixels)
MAX_LOGO_BYTES = 20_000_000  # an organisation logo file
MAX_BATCH_JOBS = 5_000  # locales x items of one order
MAX_SHEET_MM = 2_000  # any length in a sheet file (page sides, margins, gaps): 2 m, past any printer
MAX_SHEET_NAME = 64  # characters of a sheet file's name, which becomes part of file names
MAX_BACK_OFFSET_MM = 20  # either part of --back-offset; misregistration is a few millimetres
MAX_BLEED_MM = 20  # --bleed (and an order's bleed); print shops ask for 2 to 5 mm
