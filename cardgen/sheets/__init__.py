"""Print production: sheet templates, imposition of cards on sheets, duplex, bleed and marks."""
