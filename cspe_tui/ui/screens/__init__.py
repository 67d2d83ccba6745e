"""One screen per module; each screen owns its state and hands views down to its widgets."""
