"""Build-time code of the Excel layer: files efficap writes, never run while Excel recalculates.

- :mod:`efficap_xl.build.templates` -- the template workbooks (Figures 1-3), their
  formulas named and ordered by the spec (:mod:`efficap_xl.build.formula`), their cached
  values computed by the UDFs themselves.
- :mod:`efficap_xl.build.xlam` -- the add-in file ``efficap.xlam`` and its installation;
  :mod:`efficap_xl.build.settings` (what its settings sheet records),
  :mod:`efficap_xl.build.ribbon` (the ribbon XML and callbacks, from
  :mod:`efficap_xl.buttons`), :mod:`efficap_xl.build.vba_project` (the VBA modules),
  :mod:`efficap_xl.build.ovba` and :mod:`efficap_xl.build.cfb` (the VBA project's file
  formats).

The recalculation side (:mod:`efficap_xl.udfs` and what it imports) never imports this
package; this package may import it.
"""
