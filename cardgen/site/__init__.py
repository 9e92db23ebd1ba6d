"""The guide site: the whole guide as static web pages, one per locale and region.

``build_site(content, options)`` returns every file of the site as ``{relative path: bytes}``;
nothing is written here (the command writes with :mod:`cardgen.output`). Pages are laid out by
Jinja2 templates shipped as package data (``templates/``: a base template with blocks, one
template per page kind, and the stylesheet); fonts are WOFF2 subsets of the bundled Noto fonts.
"""

from cardgen.site.build import Site, SiteOptions, build_site

__all__ = ["Site", "SiteOptions", "build_site"]
