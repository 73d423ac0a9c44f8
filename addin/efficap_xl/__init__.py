"""efficap_xl: efficap's Excel layer, thin xlwings user-defined functions over the core.

- :mod:`efficap_xl.spec` -- the one specification of every Excel function
  (name, arguments, help) and the helper that applies xlwings' decorators.
- :mod:`efficap_xl.convert` -- cell-value conversion and validation (the only
  module that knows Excel cell shapes) and the shaping of results.
- :mod:`efficap_xl.cache` -- content-keyed caches of converted prices and catalogs.
- :mod:`efficap_xl.udfs` -- the functions themselves; point xlwings'
  ``UDF Modules`` at ``efficap_xl.udfs``.

Installed as ``efficap_xl`` beside the core package ``efficap``.
"""

from efficap import __version__

__all__ = ["__version__"]
