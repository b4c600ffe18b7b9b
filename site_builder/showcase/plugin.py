"""MkDocs adapter: the showcase pages as virtual files, project bodies sanitised, the search index
built after every build, `projects/` watched under `mkdocs serve`. An invalid project fails the
build with the validator's messages.

Under `mkdocs serve` the search index is built after the rebuilt pages are served, in a thread
(Indexer): an edit shows as soon as MkDocs has rebuilt the pages, and search catches up a few
seconds later. `mkdocs build` indexes before it returns, as a published site needs."""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel

from site_builder.core.diagnostics import errors
from site_builder.core.errors import SiteBuilderError
from site_builder.core.programme import ConfigError
from site_builder.core.safetext import safe_text
from site_builder.core.sanitize import clean_html
from site_builder.showcase.build import Showcase, build_date, generate
from site_builder.showcase.csp import site_policy
from site_builder.showcase.links import AddressError, Site, api_of, repository_of
from site_builder.showcase.media import MediaError
from site_builder.showcase.pages import PROJECT_DIR
from site_builder.showcase.search_index import SearchIndexError, build_index

log = logging.getLogger("mkdocs.plugins.showcase")


# What the build was doing when a failure of each kind stopped it (the message says the rest).
_CONTEXT = {
    ConfigError: "立项活动配置有误\uff0c网站不发布",
    MediaError: "项目图片无法处理\uff0c网站不发布",
    SearchIndexError: "搜索索引无法生成",
}


def failure(exc: SiteBuilderError) -> str:
    """A failure as the build reports it: what stopped, the code, the Chinese message."""
    for kind, context in _CONTEXT.items():
        if isinstance(exc, kind):
            return f"{context}\uff1a\n{exc.report()}"
    return exc.report()


class ShowcaseConfig(Config):
    root = c.Optional(c.Type(str))  # repository root; default: the folder of mkdocs.yml
    today = c.Optional(c.Type(str))  # fixed "today" (YYYY-MM-DD) for reproducible builds


class Indexer:
    """The search index of `mkdocs serve`'s site, built in a thread after each rebuild. One run at
    a time; a rebuild during a run asks for one more run after it (of the newest pages)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.wanted: Path | None = None
        self.thread: threading.Thread | None = None
        self.runs = 0  # finished runs, for the tests

    def request(self, site: Path) -> None:
        with self.lock:
            self.wanted = site
            if self.thread is None or not self.thread.is_alive():
                self.thread = threading.Thread(target=self._run, name="search-index", daemon=True)
                self.thread.start()

    def _run(self) -> None:
        while True:
            with self.lock:
                site, self.wanted = self.wanted, None
                if site is None:
                    return
            try:
                seconds = build_index(site)
                log.info(f"搜索索引已更新（{seconds:.1f} 秒）。")
            except SiteBuilderError as exc:  # the pages are served; say why search is stale
                log.error(failure(exc))
            except OSError as exc:  # the next rebuild cleaned the folder: it asks for a new run
                log.info(f"搜索索引将在下次重建后更新：{exc}")
            self.runs += 1

    def wait(self, timeout: float | None = None) -> None:
        thread = self.thread
        if thread is not None:
            thread.join(timeout)


class ShowcasePlugin(BasePlugin[ShowcaseConfig]):
    def __init__(self) -> None:
        self.root = Path()
        self.showcase = Showcase({}, [])
        self.project_pages: set[str] = set()
        self.serving = False
        self.indexer = Indexer()

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"

    def on_config(self, config):
        base = Path(config.config_file_path or ".").resolve().parent
        self.root = (base / self.config.root).resolve() if self.config.root else base
        # Every page's Content-Security-Policy (overrides/main.html puts it first in the head):
        # connections to the site and to GitHub's API address (extra.github_api) only.
        try:
            api = api_of((config.extra or {}).get("github_api"))
        except AddressError as exc:
            raise PluginError(failure(exc)) from None
        config.extra["content_security_policy"] = site_policy(api)
        return config

    def on_pre_build(self, *, config) -> None:
        # Before MkDocs cleans site/: a refused build leaves the last good site untouched.
        try:
            today = build_date(self.config.today)
            site = Site.of(config.site_url, config.use_directory_urls)
            extra = config.extra or {}
            repository = repository_of(extra.get("repository"))
            api = api_of(extra.get("github_api"))
            showcase = generate(self.root, today, site, repository, api)
        except SiteBuilderError as exc:
            raise PluginError(failure(exc)) from None
        for d in showcase.diagnostics:
            if d.severity == "warning":
                log.info(d.text())  # warnings never fail a strict build
        if showcase.refused:
            found = "\n".join(d.text() for d in errors(showcase.diagnostics))
            raise PluginError(f"项目文件未通过检查\uff0c网站不发布\uff1a\n{found}")
        self.showcase = showcase

    def on_files(self, files: Files, *, config) -> Files:
        self.project_pages = set()
        for src_uri, content in self.showcase.pages.items():
            if files.get_file_from_path(src_uri) is not None:
                raise PluginError(
                    f"docs 目录中的 {src_uri} 与自动生成的页面重名\uff0c请删除或改名。"
                )
            in_nav = Showcase.in_nav(src_uri)
            files.append(
                File.generated(
                    config,
                    src_uri,
                    content=content,
                    inclusion=InclusionLevel.INCLUDED if in_nav else InclusionLevel.NOT_IN_NAV,
                )
            )
            if Showcase.is_project(src_uri):
                self.project_pages.add(src_uri)
        for src_uri, source in self.showcase.media.items():
            if files.get_file_from_path(src_uri) is not None:
                raise PluginError(f"docs 目录中的 {src_uri} 与项目图片重名\uff0c请删除或改名\u3002")
            files.append(File.generated(config, src_uri, abs_src_path=str(source)))
        return files

    def on_page_content(self, html: str, *, page, config, files) -> str:
        # Second line of defence: project bodies were validated, and are sanitised again here.
        if page.file.src_uri in self.project_pages:
            return clean_html(html)
        return safe_text(html)  # no control or direction character on any page

    def on_post_page(self, output: str, *, page, config) -> str:
        # The whole page as the theme wrote it: a title in <title>, the navigation, the page's
        # description are not in the content above; none of them may carry such a character either.
        return safe_text(output)

    def on_post_build(self, *, config) -> None:
        # Runs for `mkdocs build` and for every `mkdocs serve` rebuild (into its temporary folder);
        # under `serve`, after the pages are served.
        if self.serving:
            self.indexer.request(Path(config.site_dir))
            return
        try:
            seconds = build_index(Path(config.site_dir))
        except SiteBuilderError as exc:
            raise PluginError(failure(exc)) from None
        log.info(f"搜索索引已生成\uff08{seconds:.1f} 秒\uff09\u3002")

    def on_serve(self, server, *, config, builder):
        for folder in (PROJECT_DIR, "data", "schema"):
            path = self.root / folder
            if path.exists():
                server.watch(str(path))
        return server
