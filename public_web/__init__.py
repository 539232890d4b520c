"""The residents' plain pages: server-rendered HTML at ``/p/…`` beside the Streamlit app.

Served by the app's own server (``deploy/asgi.py``): the finder ``/p/``, a compound
``/p/<site key>``, its printable notice ``/p/<site key>/notice``, its feedback form
``/p/<site key>/feedback`` and a message's status ``/p/feedback/<reference>``; Chinese by
default, English at ``?lang=en``. No JavaScript is needed to read or to send, and no font is
fetched. The words and figures come from the same functions as the Streamlit compound page
(``planner.portal``, ``planner.fieldwork.reads``, ``planner.money``): one source for both
views. Like a page, this package calls named reads and actions and never opens the database.
"""
