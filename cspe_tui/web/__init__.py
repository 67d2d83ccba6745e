"""`cspe web`: the app in the browser, each examinator logged in as themselves.

The gateway (aiohttp, its own unprivileged system user) serves the page, checks the
login and runs one app process per browser tab, always as the logged-in Unix user,
through one fixed privilege: a sudoers line that lets it run the start helper
(`start_helper.py`) as a member of the examinators' group. The app speaks
textual-serve's protocol (Textual's web driver) over the process's pipes.
"""
