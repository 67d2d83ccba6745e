"""Widgets show what their screen hands them and post messages back; they hold no group state."""
