// Material for MkDocs 9.8.1's inline content script (partials/javascripts/content.html), moved to
// a file for the site's Content-Security-Policy: open the content tab the address points to.
var target = document.getElementById(location.hash.slice(1));
target && target.name && (target.checked = target.name.startsWith("__tabbed_"));
