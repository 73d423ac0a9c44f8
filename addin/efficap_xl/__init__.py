"""efficap_xl: efficap's Excel layer, thin xlwings user-defined functions over the core.

At recalculation time:

- :mod:`efficap_xl.spec` (with ``spec_model``, ``spec_facts``, ``spec_prices``) -- the
  one specification of every Excel function (name, arguments, help, result shape) and
  the helper that applies xlwings' decorators.
- :mod:`efficap_xl.cells` -- what one cell is (the only place that decides blank,
  number, text, bool, error or date); :mod:`efficap_xl.ranges`,
  :mod:`efficap_xl.readers`, :mod:`efficap_xl.scalars`, :mod:`efficap_xl.frames`,
  :mod:`efficap_xl.periods` -- cells to core inputs; :mod:`efficap_xl.outputs`,
  :mod:`efficap_xl.reports` -- core results to cells.
- :mod:`efficap_xl.cache` -- content-keyed caches of converted prices and catalogs.
- :mod:`efficap_xl.udfs` -- the functions themselves; point xlwings'
  ``UDF Modules`` at ``efficap_xl.udfs``.
- :mod:`efficap_xl.versions` -- whether the installed add-in matches this Python.

Beside it: the ribbon (:mod:`efficap_xl.buttons`, :mod:`efficap_xl.actions`,
:mod:`efficap_xl.books`, :mod:`efficap_xl.price_sheet`), the commands plugged into
``efficap`` (:mod:`efficap_xl.commands`, :mod:`efficap_xl.doctor`), and build-time code
(:mod:`efficap_xl.build`: templates, the formula builder, the .xlam), which the
functions never import.

Installed as ``efficap_xl`` beside the core package ``efficap``.
"""

from efficap import __version__

__all__ = ["__version__"]
