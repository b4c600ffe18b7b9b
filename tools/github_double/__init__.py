"""A local double of GitHub's REST API (api.github.com) over a real git repository, for the tests
of the site's browser client and for trying the site by hand (see README, "The GitHub double").

    double = GitHubDouble(bare_repo).start()
    token = double.add_token("eng-sec", {"contents": "write", "pull_requests": "write"})
    ... requests to double.api ...
    assert double.violations == []
"""

from tools.github_double.auth import ApiError, Person, Token
from tools.github_double.server import GitHubDouble

__all__ = ["ApiError", "GitHubDouble", "Person", "Token"]
