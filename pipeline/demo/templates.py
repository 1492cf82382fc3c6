"""HTML templates of the sample site, modelled on the meds.is reference page.

``string.Template`` placeholders (``$name``): the inline CSS and JavaScript hold braces but no
dollar signs. Absolute URLs carry :data:`BASE_URL` instead of a host; the server substitutes it.
"""

from __future__ import annotations

from string import Template

#: Stands for "http://127.0.0.1:<port>" in stored files; the server replaces it when serving.
BASE_URL = "@@BASE_URL@@"
SITE_NAME = "Meds Sample"

STYLE = """\
  :root { --brand: #0b6e4f; --ink: #1d2327; --muted: #6b7780; --bg: #f7faf9; }
  body { margin: 0; font-family: "Inter", system-ui, -apple-system, "Segoe UI", sans-serif; \
color: var(--ink); background: var(--bg); }
  .site-header { display: flex; align-items: center; justify-content: space-between; \
padding: 12px 24px; background: #fff; border-bottom: 1px solid #e3e8e6; }
  .site-header .logo img { height: 32px; }
  .main-nav ul { list-style: none; display: flex; gap: 20px; margin: 0; padding: 0; }
  .main-nav a { color: var(--ink); text-decoration: none; font-weight: 500; }
  .cookie-banner { position: fixed; bottom: 0; left: 0; right: 0; padding: 16px 24px; \
background: #1d2327; color: #fff; z-index: 1000; }
  .cookie-banner button { background: var(--brand); color: #fff; border: 0; padding: 8px 18px; \
border-radius: 4px; }
  .content { max-width: 820px; margin: 32px auto; padding: 0 20px; }
  .drug-header { background: #fff; border: 1px solid #e3e8e6; border-radius: 8px; \
padding: 16px 20px; margin-bottom: 24px; }
  .drug-header__label { font-size: 1.25rem; font-weight: 600; }
  .drug-tabs a { display: inline-block; margin-right: 12px; padding: 6px 12px; \
border-radius: 16px; background: #eef5f2; color: var(--brand); text-decoration: none; }
  .article h1 { font-size: 2.2rem; margin: 0 0 16px; }
  .article h2 { font-size: 1.5rem; margin-top: 32px; }
  .article h3 { font-size: 1.15rem; margin-top: 20px; }
  .related-list { columns: 2; padding-left: 18px; }
  .pagination a, .pagination span { margin-right: 8px; }
  .site-footer { margin-top: 48px; padding: 32px 24px; background: #1d2327; color: #c9d1cf; \
font-size: .9rem; }
  .site-footer a { color: #c9d1cf; }
  @media (max-width: 640px) { .related-list { columns: 1; } .main-nav { display: none; } }
"""

SCRIPT = """\
  function acceptCookies() {
    document.cookie = "cookie_consent=1; max-age=31536000; path=/; SameSite=Lax";
    var b = document.getElementById("cookie-banner");
    if (b) { b.parentNode.removeChild(b); }
  }
  if (document.cookie.indexOf("cookie_consent=1") !== -1) {
    var b = document.getElementById("cookie-banner");
    if (b) { b.style.display = "none"; }
  }
"""

#: The head up to and including ``<body>``: every page of the site starts with it.
HEAD = Template(
    """\
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>$title | $site</title>
<meta name="description" content="$description">
<meta name="robots" content="$robots">
<link rel="canonical" href="$base$path">
<meta property="og:type" content="$og_type">
<meta property="og:site_name" content="$site">
<meta property="og:locale" content="en_US">
<meta property="og:title" content="$title">
<meta property="og:url" content="$base$path">
<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/static/css/main.css">
<style>
$style</style>
<script>
  window.dataLayer = window.dataLayer || [];
  function gtag(){dataLayer.push(arguments);}
  gtag('js', new Date());
</script>
$jsonld</head>
<body class="$body_class">
<header class="site-header">
  <a class="logo" href="/en/"><img src="/static/img/logo.svg" alt="$site" width="120" \
height="32"></a>
  <nav class="main-nav" aria-label="Main">
    <ul>
      <li><a href="/en/">Home</a></li>
      <li><a href="/en/drugs/">Drugs A&ndash;Z</a></li>
      <li><a href="/en/conditions/">Conditions</a></li>
      <li><a href="/en/about-us">About</a></li>
    </ul>
  </nav>
  <form class="site-search" action="/en/search" method="get" role="search">
    <input type="search" name="q" placeholder="Search drugs or conditions" aria-label="Search">
    <button type="submit">Search</button>
  </form>
</header>
"""
)

COOKIE_BANNER = """
<div class="cookie-banner" id="cookie-banner" role="dialog" aria-live="polite">
  <p>We use cookies to improve your experience, analyse traffic and show relevant content. \
By clicking &ldquo;Accept&rdquo; you agree to our use of cookies. \
<a href="/en/about-us#cookies">Learn more</a></p>
  <button type="button" class="cookie-accept" onclick="acceptCookies()">Accept</button>
</div>
"""

#: Everything after the head: banner, main content, footer.
BODY = Template(
    """$banner
<main class="content" id="content">
$main</main>

<footer class="site-footer">
  <div class="footer-columns">
    <div class="footer-col">
      <p class="footer-title">$site</p>
      <ul>
        <li><a href="/en/about-us">About us</a></li>
      </ul>
    </div>
    <div class="footer-col">
      <p class="footer-title">Browse</p>
      <ul>
        <li><a href="/en/drugs/">Drugs A&ndash;Z</a></li>
        <li><a href="/en/conditions/">Conditions A&ndash;Z</a></li>
      </ul>
    </div>
  </div>
  <p class="footer-disclaimer">This is an offline sample site with generated text. It is not \
medical advice.</p>
  <p class="copyright">&copy; 2025 $site. Sample content.</p>
</footer>

<script>
$script</script>
<script src="/static/js/main.js" defer></script>
</body>
</html>
"""
)

BREADCRUMBS = Template(
    """\
  <nav class="breadcrumbs" aria-label="Breadcrumb">
    <a href="/en/">Home</a> &rsaquo; <a href="$parent_path">$parent</a> &rsaquo; \
<span>$here</span>
  </nav>
"""
)

DRUG_HEADER = Template(
    """
  <div class="drug-header">
    <div class="drug-header__label">$label</div>
    <div class="drug-tabs" role="tablist">
      <a role="tab" href="/en/drugs/$slug#active-ingredients">Active Ingredients</a>
      <a role="tab" href="/en/drugs/$slug#drug-classes">Drug Classes</a>
    </div>
  </div>
"""
)

LOGO_SVG = """\
<svg xmlns="http://www.w3.org/2000/svg" width="120" height="32" viewBox="0 0 120 32">
  <rect width="32" height="32" rx="6" fill="#0b6e4f"/>
  <path d="M10 16h12M16 10v12" stroke="#fff" stroke-width="4"/>
  <text x="40" y="22" font-family="sans-serif" font-size="14" fill="#1d2327">Meds Sample</text>
</svg>
"""

FAVICON_SVG = """\
<svg xmlns="http://www.w3.org/2000/svg" width="32" height="32" viewBox="0 0 32 32">
  <rect width="32" height="32" rx="6" fill="#0b6e4f"/>
  <path d="M10 16h12M16 10v12" stroke="#fff" stroke-width="4"/>
</svg>
"""
