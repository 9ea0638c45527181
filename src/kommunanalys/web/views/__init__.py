"""View models and presenters: what a page, its JSON twin, chart or export shows, built from
the query layer without HTTP."""
