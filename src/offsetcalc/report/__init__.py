"""Every rendering of a result or report: JSON / CSV / Markdown dictionaries (``result``,
``check_formats``) and the terminal (``terminal`` and the ``*_terminal`` modules, the only
places rich is imported).
"""
