"""Work on site (现场): photos before, during and after each work, progress reported from a
phone, acceptance (竣工验收), defects and the warranty (质保期) that follows.

Modules: ``images`` (checking photos and making their copies: pure), ``locate`` (the nearest
building to a GPS fix), ``photos`` (storing, listing, serving, publishing and deleting photos),
``imports`` (bulk import from a zip or a folder), ``field`` (the field report: quantity, note and
photos in one save), ``acceptance`` (acceptance records, defects, warranties ending),
``warranty`` (legal minimums and end dates: pure), ``public`` (what residents see); what
people do is one function each in ``actions``, what the pages read is in ``reads``.
"""
