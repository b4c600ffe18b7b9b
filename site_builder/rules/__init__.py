"""One module per rule family; `site_builder.ruleset` lists them in running order."""
