"""One module per rule family; `site_builder.rules.ruleset` lists them in running order."""
