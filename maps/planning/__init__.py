"""The planning map: its data (lean files per programme), its canvas layer and view, and the
details a click asks for."""
