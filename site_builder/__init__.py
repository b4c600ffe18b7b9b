"""The party-branch project programme: strict loading, rules, checks and the showcase."""
