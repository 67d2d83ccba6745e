"""What a screen shows, without Textual: frozen views built from the domain's state and a Context.

A Context (context.py) carries what every view needs from the data folder (the school's
settings and its tijdzone), read once by whoever builds the views (the app, a browser
front end, a test); no view reaches for a running app or the store. Imports point to the
domain only.
"""
