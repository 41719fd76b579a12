"""Render the invented articles into site-like HTML pages plus their gold JSON.

Run from this directory: ``python build.py``. It rewrites dev/ and heldout/.

Each template imitates the structure of a kind of news site (WordPress theme, big-newsroom
React app, regional CMS with heavy chrome, newsletter platform, AMP page, live blog, wire
service, magazine, Ghost blog, tabloid portal, public broadcaster, Drupal site). Dev pages
and held-out pages use disjoint templates, so the held-out score measures how the extractor
does on markup it was not tuned on. The pages are written to imitate real templates; they
are not copies of real pages, and all text is invented.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from html import escape
from pathlib import Path
from urllib.parse import urljoin

from lxml import html as lxml_html

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from articles import Article, Block, gold_lines, visible_blocks  # noqa: E402
from articles_dev import ARTICLES as DEV  # noqa: E402
from articles_heldout import ARTICLES as HELDOUT  # noqa: E402


@dataclass
class Page:
    html: str
    url: str
    image: str  # the absolute share image the page declares
    chrome: list[str]
    encoding: str = "utf-8"


def e(text: str) -> str:
    return escape(text, quote=False)


def a(text: str) -> str:
    return escape(text, quote=True)


def dt(article: Article) -> datetime:
    return datetime.fromisoformat(article.published)


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def links(labels: list[str], cls: str = "", href_prefix: str = "/") -> str:
    items = "".join(
        f'<li class="{cls}"><a href="{href_prefix}{slugify(label)}/">{e(label)}</a></li>'
        for label in labels
    )
    return items


def json_ld(data: object) -> str:
    return (
        '<script type="application/ld+json">'
        + json.dumps(data, ensure_ascii=False).replace("</", "<\\/")
        + "</script>"
    )


def first_text(article: Article) -> str:
    for block in article.blocks:
        if block[0] == "p":
            return str(block[1])[:155]
    return article.title


LOREM_CSS = (
    ":root{--wp--preset--color--black:#000;--wp--preset--color--white:#fff;"
    "--wp--preset--font-size--small:13px;--wp--preset--spacing--20:0.44rem}"
    "body{margin:0}.screen-reader-text{clip:rect(1px,1px,1px,1px);position:absolute}"
)


# ------------------------------------------------------------------------- D1 WordPress

WP_SITES = {
    "en": {
        "name": "The Harlow Bay Herald",
        "host": "https://www.harlowbayherald.com",
        "tagline": "News for the bay since 1887",
        "nav": [
            "Local News",
            "Harlow Bay",
            "Cove Road",
            "Gull Island",
            "Government",
            "Schools",
            "Transportation",
            "Community",
            "Business",
            "Sports",
            "High School Sports",
            "Outdoors",
            "Opinion",
            "Letters to the Editor",
            "Obituaries",
            "Weddings & Anniversaries",
            "Calendar",
            "Public Notices",
            "Classifieds",
            "Contact",
        ],
        "skip": "Skip to content",
        "posted": "Posted on",
        "by": "by",
        "share": "Share this:",
        "like": "Like this:",
        "loading": "Loading...",
        "related": "Related",
        "prev": "Previous post",
        "next": "Next post",
        "says": "says:",
        "reply": "Reply",
        "leave": "Leave a Reply",
        "notes": "Your email address will not be published.",
        "required": "Required fields are marked",
        "comment": "Comment",
        "save": "Save my name, email, and website in this browser for the next time I comment.",
        "post": "Post Comment",
        "thoughts": "thoughts on",
        "search": "Search for:",
        "recent": "Recent Posts",
        "archives": "Archives",
        "categories": "Categories",
        "ad": "ADVERTISEMENT",
        "footer": [
            "About Us",
            "Contact the Newsroom",
            "Advertise With Us",
            "Submit a Letter",
            "Submit an Obituary",
            "Public Notices",
            "Staff Directory",
            "Careers",
            "Corrections Policy",
            "Ethics Policy",
            "Privacy Policy",
            "Terms of Use",
            "Subscribe",
            "Manage Your Subscription",
            "Print Edition",
            "RSS Feeds",
        ],
        "powered": "Proudly powered by WordPress",
        "posted_in": "Posted in",
        "tagged": "Tagged",
        "months": [
            "October 2024",
            "September 2024",
            "August 2024",
            "July 2024",
            "June 2024",
            "May 2024",
            "April 2024",
            "March 2024",
            "February 2024",
            "January 2024",
        ],
        "headlines": [
            "Harbour master honoured at retirement dinner",
            "Spring clean-up days announced for all wards",
            "Volunteer fire company gets new tanker truck",
            "Seafood plant adds second shift",
            "Gull Island school wins state robotics prize",
            "Planning board delays vote on marina condos",
            "Bayfront trail closed for culvert repair",
        ],
    },
    "es": {
        "name": "El Eco de Valdeserra",
        "host": "https://www.ecodevaldeserra.es",
        "tagline": "Diario digital de la comarca",
        "nav": [
            "Ciudad",
            "Comarca",
            "Sucesos",
            "Economía",
            "Deportes",
            "Cultura",
            "Agenda",
            "Opinión",
            "Cartas al director",
            "Esquelas",
            "Tiempo",
            "Hemeroteca",
            "Contacto",
        ],
        "skip": "Saltar al contenido",
        "posted": "Publicado el",
        "by": "por",
        "share": "Compartir esto:",
        "like": "Me gusta esto:",
        "loading": "Cargando...",
        "related": "Relacionado",
        "prev": "Entrada anterior",
        "next": "Entrada siguiente",
        "says": "dice:",
        "reply": "Responder",
        "leave": "Deja una respuesta",
        "notes": "Tu dirección de correo electrónico no será publicada.",
        "required": "Los campos obligatorios están marcados con",
        "comment": "Comentario",
        "save": "Guarda mi nombre, correo electrónico y web en este navegador para la "
        "próxima vez que comente.",
        "post": "Publicar el comentario",
        "thoughts": "comentarios en",
        "search": "Buscar:",
        "recent": "Entradas recientes",
        "archives": "Archivos",
        "categories": "Categorías",
        "ad": "PUBLICIDAD",
        "footer": [
            "Quiénes somos",
            "Aviso legal",
            "Política de privacidad",
            "Política de cookies",
            "Publicidad",
            "Suscripciones",
            "Contacto",
            "Trabaja con nosotros",
        ],
        "powered": "Funciona gracias a WordPress",
        "posted_in": "Publicado en",
        "tagged": "Etiquetado",
        "months": ["julio 2024", "junio 2024", "mayo 2024", "abril 2024", "marzo 2024"],
        "headlines": [
            "Las fiestas de agosto tendrán un día sin ruido",
            "El puente de la carretera vieja cierra por obras",
            "Récord de visitantes en el museo del aceite",
            "La biblioteca amplía su horario en verano",
            "Vuelve el autobús nocturno los sábados",
        ],
    },
}


def wp_block(block: Block, image_host: str) -> str:
    kind = block[0]
    if kind == "p":
        return f"<p>{e(block[1])}</p>\n"
    if kind in {"h2", "h3"}:
        return f'<{kind} class="wp-block-heading">{e(block[1])}</{kind}>\n'
    if kind in {"ul", "ol"}:
        items = "".join(f"<li>{e(i)}</li>" for i in block[1])
        return f'<{kind} class="wp-block-list">{items}</{kind}>\n'
    if kind == "quote":
        return f'<blockquote class="wp-block-quote"><p>{e(block[1])}</p></blockquote>\n'
    raise ValueError(kind)


def render_wordpress(art: Article, index: int) -> Page:
    lang = art.lang[:2]
    s = WP_SITES[lang]
    when = dt(art)
    url = f"{s['host']}/{when:%Y/%m/%d}/{art.slug}/"
    image = urljoin(s["host"], art.image)
    modified = when.replace(hour=min(when.hour + 3, 23))
    author_slugs = [slugify(name) for name in art.authors]
    graph = {
        "@context": "https://schema.org",
        "@graph": [
            {
                "@type": "Article",
                "@id": f"{url}#article",
                "isPartOf": {"@id": url},
                "author": [
                    {"name": n, "@id": f"{s['host']}/#/schema/person/{sl}"}
                    for n, sl in zip(art.authors, author_slugs, strict=True)
                ],
                "headline": art.title,
                "datePublished": when.isoformat(),
                "dateModified": modified.isoformat(),
                "mainEntityOfPage": {"@id": url},
                "wordCount": sum(len(str(b[1]).split()) for b in art.blocks if b[0] == "p"),
                "publisher": {"@id": f"{s['host']}/#organization"},
                "image": {"@id": f"{url}#primaryimage"},
                "thumbnailUrl": image,
                "articleSection": [art.section],
                "inLanguage": art.lang,
            },
            {
                "@type": "WebPage",
                "@id": url,
                "url": url,
                "name": f"{art.title} - {s['name']}",
                "isPartOf": {"@id": f"{s['host']}/#website"},
                "datePublished": when.isoformat(),
                "inLanguage": art.lang,
            },
            {
                "@type": "ImageObject",
                "@id": f"{url}#primaryimage",
                "url": image,
                "contentUrl": image,
                "width": 1200,
                "height": 675,
            },
            {
                "@type": "BreadcrumbList",
                "itemListElement": [
                    {"@type": "ListItem", "position": 1, "name": "Home", "item": s["host"] + "/"},
                    {"@type": "ListItem", "position": 2, "name": art.title},
                ],
            },
            {
                "@type": "WebSite",
                "@id": f"{s['host']}/#website",
                "url": s["host"] + "/",
                "name": s["name"],
                "description": s["tagline"],
            },
            {
                "@type": "Organization",
                "@id": f"{s['host']}/#organization",
                "name": s["name"],
                "logo": {"@type": "ImageObject", "url": f"{s['host']}/wp-content/uploads/logo.png"},
            },
            *[
                {
                    "@type": "Person",
                    "@id": f"{s['host']}/#/schema/person/{sl}",
                    "name": n,
                    "url": f"{s['host']}/author/{sl}/",
                }
                for n, sl in zip(art.authors, author_slugs, strict=True)
            ],
        ],
    }
    nav = "".join(
        f'<li id="menu-item-{100 + i}" class="menu-item menu-item-type-taxonomy">'
        f'<a href="{s["host"]}/category/{slugify(label)}/">{e(label)}</a>'
        + (
            '<ul class="sub-menu">'
            + links(s["nav"][i + 1 : i + 4], "menu-item", f"{s['host']}/tag/")
            + "</ul>"
            if i % 5 == 0
            else ""
        )
        + "</li>"
        for i, label in enumerate(s["nav"])
    )
    body = ""
    blocks = visible_blocks(art)
    for i, block in enumerate(blocks):
        body += wp_block(block, s["host"])
        if i == 1:
            body += (
                f'<figure class="wp-block-image size-large"><img decoding="async" width="1024" '
                f'height="576" src="{a(image)}" alt="" class="wp-image-{4800 + index}" '
                f'srcset="{a(image)} 1024w, {a(image)}?w=300 300w" sizes="(max-width: 1024px) '
                f'100vw, 1024px"/><figcaption class="wp-element-caption">{e(art.caption)}'
                "</figcaption></figure>\n"
            )
        if i == 3:
            body += (
                '<div class="code-block code-block-3" style="margin: 8px 0; clear: both;">\n'
                f'<p style="text-align:center;font-size:10px">{s["ad"]}</p>\n'
                '<ins class="adsbygoogle" style="display:block" data-ad-client="ca-pub-0000" '
                'data-ad-slot="1234567890" data-ad-format="auto"></ins>\n'
                "<script>(adsbygoogle = window.adsbygoogle || []).push({});</script></div>\n"
            )
    related = s["headlines"][index % 3 : index % 3 + 3]
    share_items = "".join(
        f'<li class="share-{slugify(n)}"><a rel="nofollow noopener noreferrer" '
        f'class="share-{slugify(n)} sd-button share-icon" href="{url}?share={slugify(n)}" '
        f'target="_blank"><span>{n}</span></a></li>'
        for n in ["Facebook", "X", "Email", "Print"]
    )
    body += f"""<div class="sharedaddy sd-sharing-enabled"><div class="robots-nocontent sd-block sd-social sd-social-icon-text sd-sharing"><h3 class="sd-title">{s["share"]}</h3><div class="sd-content"><ul>{share_items}<li class="share-end"></li></ul></div></div></div>
<div class='sharedaddy sd-block sd-like jetpack-likes-widget-wrapper jetpack-likes-widget-unloaded' id='like-post-wrapper-1' data-src='https://widgets.wp.com/likes/#blog_id=1&amp;post_id={4800 + index}' data-name='like-post-frame'><h3 class="sd-title">{s["like"]}</h3><div class='likes-widget-placeholder post-likes-widget-placeholder' style='height: 55px;'><span class='button'><span>Like</span></span> <span class="loading">{s["loading"]}</span></div><span class='sd-text-color'></span><a class='sd-link-color'></a></div>
<div id='jp-relatedposts' class='jp-relatedposts' ><h3 class="jp-relatedposts-headline"><em>{s["related"]}</em></h3><div class="jp-relatedposts-items jp-relatedposts-items-visual">{"".join(f'<div class="jp-relatedposts-post jp-relatedposts-post{k}" data-post-id="{4700 + k}" data-post-format="false"><h4 class="jp-relatedposts-post-title"><a class="jp-relatedposts-post-a" href="{s["host"]}/2024/01/0{k + 1}/{slugify(h)}/" title="{a(h)}" rel="nofollow">{e(h)}</a></h4><p class="jp-relatedposts-post-date">{e(s["months"][k])}</p><p class="jp-relatedposts-post-context">In &quot;{e(art.section)}&quot;</p></div>' for k, h in enumerate(related))}</div></div>
"""
    comments_html = ""
    if art.comments:
        items = ""
        for k, (who, text) in enumerate(art.comments):
            items += (
                f'<li id="comment-{k + 1}" class="comment even thread-even depth-1">'
                f'<article id="div-comment-{k + 1}" class="comment-body"><footer class="comment-meta">'
                f'<div class="comment-author vcard"><img alt="" src="https://secure.gravatar.com/avatar/0?s=32" class="avatar avatar-32 photo" height="32" width="32"/>'
                f'<b class="fn">{e(who)}</b> <span class="says">{s["says"]}</span></div>'
                f'<div class="comment-metadata"><a href="{url}#comment-{k + 1}"><time datetime="{when.isoformat()}">'
                f"{when:%B %d, %Y} at 8:0{k} am</time></a></div></footer>"
                f'<div class="comment-content"><p>{e(text)}</p></div>'
                f'<div class="reply"><a rel="nofollow" class="comment-reply-link" href="#comment-{k + 1}">{s["reply"]}</a></div>'
                "</article></li>\n"
            )
        comments_html = (
            f'<h2 class="comments-title">{len(art.comments)} {s["thoughts"]} &ldquo;'
            f'<span>{e(art.title)}</span>&rdquo;</h2>\n<ol class="comment-list">{items}</ol>\n'
        )
    widgets_recent = links(s["headlines"][:5], "", f"{s['host']}/2024/")
    widgets_archive = links(s["months"], "", f"{s['host']}/")
    widgets_cats = links(s["nav"][:8], "cat-item", f"{s['host']}/category/")
    tags = ", ".join(
        f'<a href="{s["host"]}/tag/{slugify(w)}/" rel="tag">{e(w)}</a>'
        for w in art.title.lower().split()[:3]
    )
    page = f"""<!DOCTYPE html>
<html lang="{art.lang}">
<head>
<meta charset="UTF-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="profile" href="https://gmpg.org/xfn/11">
<title>{e(art.title)} &#8211; {e(s["name"])}</title>
<meta name='robots' content='index, follow, max-image-preview:large, max-snippet:-1, max-video-preview:-1' />
<link rel="canonical" href="{url}" />
<meta property="og:locale" content="{art.lang.replace("-", "_")}" />
<meta property="og:type" content="article" />
<meta property="og:title" content="{a(art.title)} - {a(s["name"])}" />
<meta property="og:description" content="{a(art.dek or first_text(art))}" />
<meta property="og:url" content="{url}" />
<meta property="og:site_name" content="{a(s["name"])}" />
<meta property="article:published_time" content="{when.isoformat()}" />
<meta property="article:modified_time" content="{modified.isoformat()}" />
<meta property="og:image" content="{a(image)}" />
<meta property="og:image:width" content="1200" />
<meta property="og:image:height" content="675" />
<meta property="og:image:type" content="image/jpeg" />
<meta name="author" content="{a(art.authors[0])}" />
<meta name="twitter:card" content="summary_large_image" />
<meta name="twitter:label1" content="Written by" />
<meta name="twitter:data1" content="{a(art.authors[0])}" />
<meta name="twitter:label2" content="Est. reading time" />
<meta name="twitter:data2" content="3 minutes" />
<script type="application/ld+json" class="yoast-schema-graph">{json.dumps(graph, ensure_ascii=False)}</script>
<link rel='dns-prefetch' href='//stats.wp.com' />
<link rel="alternate" type="application/rss+xml" title="{a(s["name"])} &raquo; Feed" href="{s["host"]}/feed/" />
<link rel='stylesheet' id='wp-block-library-css' href='{s["host"]}/wp-includes/css/dist/block-library/style.min.css?ver=6.5.2' media='all' />
<style id='global-styles-inline-css'>{LOREM_CSS}</style>
<link rel='stylesheet' id='theme-style-css' href='{s["host"]}/wp-content/themes/bayside/style.css?ver=2.1' media='all' />
<script src="{s["host"]}/wp-includes/js/jquery/jquery.min.js?ver=3.7.1" id="jquery-core-js"></script>
<link rel="https://api.w.org/" href="{s["host"]}/wp-json/" />
<link rel="EditURI" type="application/rsd+xml" title="RSD" href="{s["host"]}/xmlrpc.php?rsd" />
<meta name="generator" content="WordPress 6.5.2" />
<link rel='shortlink' href='{s["host"]}/?p={4800 + index}' />
</head>
<body class="post-template-default single single-post postid-{4800 + index} single-format-standard wp-embed-responsive">
<div id="page" class="site">
<a class="skip-link screen-reader-text" href="#content">{s["skip"]}</a>
<header id="masthead" class="site-header">
<div class="site-branding">
<p class="site-title"><a href="{s["host"]}/" rel="home">{e(s["name"])}</a></p>
<p class="site-description">{e(s["tagline"])}</p>
</div>
<nav id="site-navigation" class="main-navigation">
<button class="menu-toggle" aria-controls="primary-menu" aria-expanded="false">Menu</button>
<div class="menu-primary-container"><ul id="primary-menu" class="menu">{nav}</ul></div>
</nav>
</header>
<div id="content" class="site-content">
<div id="primary" class="content-area">
<main id="main" class="site-main">
<article id="post-{4800 + index}" class="post-{4800 + index} post type-post status-publish format-standard has-post-thumbnail hentry category-{slugify(art.section)}">
<header class="entry-header">
<span class="cat-links"><a href="{s["host"]}/category/{slugify(art.section)}/" rel="category tag">{e(art.section)}</a></span>
<h1 class="entry-title">{e(art.title)}</h1>
<div class="entry-meta">
<span class="posted-on">{s["posted"]} <a href="{url}" rel="bookmark"><time class="entry-date published" datetime="{when.isoformat()}">{when:%B %d, %Y}</time><time class="updated" datetime="{modified.isoformat()}">{modified:%B %d, %Y}</time></a></span><span class="byline"> {s["by"]} {" &amp; ".join(f'<span class="author vcard"><a class="url fn n" href="{s["host"]}/author/{sl}/">{e(n)}</a></span>' for n, sl in zip(art.authors, author_slugs, strict=True))}</span>
</div>
</header>
<div class="post-thumbnail"><img width="1200" height="675" src="{a(image)}" class="attachment-post-thumbnail size-post-thumbnail wp-post-image" alt="" decoding="async" fetchpriority="high" /></div>
<div class="entry-content">
{body}</div>
<footer class="entry-footer"><span class="cat-links">{s["posted_in"]} <a href="{s["host"]}/category/{slugify(art.section)}/" rel="category tag">{e(art.section)}</a></span><span class="tags-links">{s["tagged"]} {tags}</span></footer>
</article>
<nav class="navigation post-navigation" aria-label="Posts">
<h2 class="screen-reader-text">Post navigation</h2>
<div class="nav-links"><div class="nav-previous"><a href="{s["host"]}/2024/01/01/{slugify(related[0])}/" rel="prev"><span class="meta-nav">{s["prev"]}</span> <span class="post-title">{e(s["headlines"][4])}</span></a></div><div class="nav-next"><a href="{s["host"]}/2024/01/02/x/" rel="next"><span class="meta-nav">{s["next"]}</span> <span class="post-title">{e(s["headlines"][-1])}</span></a></div></div>
</nav>
<div id="comments" class="comments-area">
{comments_html}<div id="respond" class="comment-respond">
<h3 id="reply-title" class="comment-reply-title">{s["leave"]} <small><a rel="nofollow" id="cancel-comment-reply-link" href="{url}#respond" style="display:none;">Cancel reply</a></small></h3>
<form action="{s["host"]}/wp-comments-post.php" method="post" id="commentform" class="comment-form" novalidate>
<p class="comment-notes"><span id="email-notes">{s["notes"]}</span> <span class="required-field-message">{s["required"]} <span class="required">*</span></span></p>
<p class="comment-form-comment"><label for="comment">{s["comment"]} <span class="required">*</span></label> <textarea id="comment" name="comment" cols="45" rows="8" maxlength="65525" required></textarea></p>
<p class="comment-form-author"><label for="author">Name <span class="required">*</span></label> <input id="author" name="author" type="text" value="" size="30" maxlength="245" autocomplete="name" required /></p>
<p class="comment-form-email"><label for="email">Email <span class="required">*</span></label> <input id="email" name="email" type="email" value="" size="30" maxlength="100" aria-describedby="email-notes" autocomplete="email" required /></p>
<p class="comment-form-cookies-consent"><input id="wp-comment-cookies-consent" name="wp-comment-cookies-consent" type="checkbox" value="yes" /> <label for="wp-comment-cookies-consent">{s["save"]}</label></p>
<p class="form-submit"><input name="submit" type="submit" id="submit" class="submit" value="{s["post"]}" /></p>
</form>
</div>
</div>
</main>
</div>
<aside id="secondary" class="widget-area">
<section id="search-2" class="widget widget_search"><form role="search" method="get" class="search-form" action="{s["host"]}/"><label><span class="screen-reader-text">{s["search"]}</span><input type="search" class="search-field" placeholder="Search &hellip;" value="" name="s" /></label><input type="submit" class="search-submit" value="Search" /></form></section>
<section id="recent-posts-2" class="widget widget_recent_entries"><h2 class="widget-title">{s["recent"]}</h2><nav aria-label="{s["recent"]}"><ul>{widgets_recent}</ul></nav></section>
<section id="archives-2" class="widget widget_archive"><h2 class="widget-title">{s["archives"]}</h2><nav aria-label="{s["archives"]}"><ul>{widgets_archive}</ul></nav></section>
<section id="categories-2" class="widget widget_categories"><h2 class="widget-title">{s["categories"]}</h2><nav aria-label="{s["categories"]}"><ul>{widgets_cats}</ul></nav></section>
</aside>
</div>
<footer id="colophon" class="site-footer">
<div class="footer-widgets"><div class="footer-widget-area"><section class="widget widget_nav_menu"><div class="menu-footer-container"><ul id="menu-footer" class="menu">{links(s["footer"], "menu-item", s["host"] + "/")}</ul></div></section></div></div>
<div class="site-info">&copy; 2024 {e(s["name"])}. <span class="sep"> | </span><a href="https://wordpress.org/">{s["powered"]}</a></div>
</footer>
</div>
<script src="{s["host"]}/wp-content/themes/bayside/js/navigation.js?ver=2.1" id="bayside-navigation-js"></script>
<script id="jetpack-stats-js-before">_stq = window._stq || [];_stq.push([ "view", {{"v":"ext","blog":"1","post":"{4800 + index}"}} ]);</script>
</body>
</html>
"""
    chrome = [
        s["skip"],
        s["share"],
        s["like"],
        s["leave"],
        s["notes"],
        s["required"],
        s["recent"],
        s["archives"],
        s["footer"][2],
        s["footer"][1],
        s["powered"],
        s["prev"],
        s["ad"],
        s["nav"][-3],
        *related,
    ]
    if len(blocks) <= 3:
        chrome.remove(s["ad"])
    return Page(page, url, image, chrome)


# ------------------------------------------------------------------------- D2 newsroom

NEWSROOM_NAV = [
    "Home",
    "UK",
    "World",
    "Business",
    "Politics",
    "Tech",
    "Science & Environment",
    "Health",
    "Education",
    "Culture",
    "Books",
    "Sport",
    "Football",
    "Cricket",
    "Weather",
    "Travel",
    "Money",
    "Opinion",
    "Obituaries",
    "Puzzles",
    "Podcasts",
    "Video",
    "In Pictures",
    "Newsletters",
]
NEWSROOM_SUB = ["Markets", "Companies", "Economy", "Work", "Personal Finance", "Property"]
NEWSROOM_FOOT = [
    "About us",
    "Work for us",
    "Help centre",
    "Complaints & corrections",
    "Terms & conditions",
    "Privacy notice",
    "Cookie settings",
    "Sitemap",
    "Accessibility",
    "Syndication",
]
NEWSROOM_TOP = [
    "Ministers promise decision on northern rail link by summer",
    "Flood warnings issued for three rivers",
    "Supermarket price war deepens as inflation eases",
    "Hospital waiting lists fall for fourth month",
    "Teachers to be balloted over pay offer",
]
NEWSROOM_MOST = [
    "Man rescued after 20 hours in cave",
    "What the new parking rules mean for you",
    "Village shop saved by crowdfunding",
    "Is it worth fixing an old boiler?",
    "Storm to bring snow to high ground",
    "Cafe owner wins award for best pasty",
    "Mystery of the missing church bell solved",
    "Bus fares capped at £2",
    "Pier reopens after five years",
    "Why your train is late, explained",
]


def render_newsroom(art: Article, index: int) -> Page:
    host = "https://www.dailymeridian.example"
    section_slug = slugify(art.section)
    url = f"{host}/news/{section_slug}/{art.slug}-{68000000 + index * 7919}"
    when = dt(art).astimezone(UTC)
    css = lambda n: f"css-{(index * 7 + n) % 997:03d}x{n}q"  # noqa: E731
    blocks_html = ""
    for i, block in enumerate(visible_blocks(art)):
        kind = block[0]
        if kind == "p":
            blocks_html += f'<div data-component="text-block" class="{css(1)}"><p class="{css(2)}">{e(block[1])}</p></div>\n'
        elif kind in {"h2", "h3"}:
            blocks_html += f'<div data-component="subheadline-block" class="{css(3)}"><h2 class="{css(4)}">{e(block[1])}</h2></div>\n'
        elif kind in {"ul", "ol"}:
            items = "".join(
                f'<li class="{css(5)}"><p class="{css(2)}">{e(i)}</p></li>' for i in block[1]
            )
            blocks_html += f'<div data-component="unordered-list-block" class="{css(6)}"><{kind} role="list">{items}</{kind}></div>\n'
        elif kind == "quote":
            blocks_html += f'<div data-component="text-block" class="{css(1)}"><blockquote class="{css(7)}"><p class="{css(2)}">\u201c{e(block[1])}\u201d</p></blockquote></div>\n'
        elif kind == "pull":
            blocks_html += f'<aside data-component="pull-quote-block" class="{css(8)}"><blockquote class="{css(9)}"><p>\u201c{e(block[1])}\u201d</p></blockquote></aside>\n'
        elif kind == "related":
            _, heading, titles = block
            lis = "".join(
                f'<li class="{css(10)}"><a href="{host}/news/{slugify(t)}-{6800 + k}" class="{css(11)}"><span>{e(t)}</span></a>'
                f'<span class="visually-hidden">Published</span><time class="{css(12)}">{k + 2} days ago</time></li>'
                for k, t in enumerate(titles)
            )
            blocks_html += f'<div data-component="links-block" class="{css(13)}"><section aria-labelledby="links-{i}"><h2 id="links-{i}" class="{css(14)}">{e(heading)}</h2><ul role="list">{lis}</ul></section></div>\n'
        elif kind == "table":
            rows = block[1]
            head = "".join(f'<th scope="col">{e(c)}</th>' for c in rows[0])
            body = "".join(
                "<tr>" + "".join(f"<td>{e(c)}</td>" for c in r) + "</tr>" for r in rows[1:]
            )
            blocks_html += f'<div data-component="table-block" class="{css(15)}"><div class="{css(16)}"><table class="{css(17)}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div></div>\n'
        else:
            raise ValueError(kind)
        if i == 3:
            blocks_html += (
                f'<div data-component="newsletter-promo" class="{css(18)}"><div class="{css(19)}">'
                f'<h3 class="{css(20)}">Get our morning briefing</h3><p class="{css(21)}">Sign up for the '
                "Meridian Morning email to get the day's top stories in your inbox before 7am.</p>"
                f'<a href="{host}/newsletters/morning" class="{css(22)}">Sign up</a></div></div>\n'
            )
    related_titles = [t for b in art.blocks if b[0] == "related" for t in b[2]]
    byline_names = " &amp; ".join(f'<span class="{css(23)}">{e(n)}</span>' for n in art.authors)
    ld = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "url": url,
        "headline": art.title,
        "description": art.dek or first_text(art),
        "datePublished": art.published,
        "dateModified": art.published,
        "author": [
            {"@type": "Person", "name": n, "url": f"{host}/journalists/{slugify(n)}"}
            for n in art.authors
        ],
        "publisher": {
            "@type": "NewsMediaOrganization",
            "name": "Daily Meridian",
            "logo": {"@type": "ImageObject", "url": f"{host}/static/logo-512.png"},
        },
        "image": [{"@type": "ImageObject", "url": art.image, "width": 1024, "height": 576}],
        "isAccessibleForFree": True,
        "mainEntityOfPage": url,
    }
    next_data = {
        "props": {
            "pageProps": {
                "page": {
                    "id": f"urn:meridian:article:{index}",
                    "headline": art.title,
                    "body": [{"type": b[0], "text": b[1]} for b in art.blocks if b[0] == "p"],
                },
                "nav": NEWSROOM_NAV,
            }
        },
        "page": "/news/[section]/[slug]",
        "buildId": "kx81Jd0aQp",
        "isFallback": False,
    }
    nav = "".join(
        f'<li class="{css(24)}"><a data-testid="nav-link" href="{host}/{slugify(n)}" class="{css(25)}">{e(n)}</a></li>'
        for n in NEWSROOM_NAV
    )
    sub = "".join(
        f'<li><a href="{host}/business/{slugify(n)}">{e(n)}</a></li>' for n in NEWSROOM_SUB
    )
    top = "".join(
        f'<li><a href="{host}/news/{slugify(t)}"><h3>{e(t)}</h3></a></li>' for t in NEWSROOM_TOP
    )
    most = "".join(
        f'<li><span class="{css(26)}">{k + 1}</span><a href="{host}/news/{slugify(t)}">{e(t)}</a></li>'
        for k, t in enumerate(NEWSROOM_MOST)
    )
    foot = "".join(f'<li><a href="{host}/help/{slugify(n)}">{e(n)}</a></li>' for n in NEWSROOM_FOOT)
    dek_html = f'<p data-testid="standfirst" class="{css(27)}">{e(art.dek)}</p>' if art.dek else ""
    page = f"""<!DOCTYPE html><html lang="{art.lang}" class="no-js"><head><meta charSet="utf-8"/><meta name="viewport" content="width=device-width, initial-scale=1"/><title>{e(art.title)} - Daily Meridian</title><meta name="description" content="{a(art.dek or first_text(art))}"/><meta property="og:title" content="{a(art.title)}"/><meta property="og:type" content="article"/><meta property="og:description" content="{a(art.dek or first_text(art))}"/><meta property="og:image" content="{a(art.image)}"/><meta property="og:image:alt" content="{a(art.caption)}"/><meta property="og:url" content="{url}"/><meta property="og:site_name" content="Daily Meridian"/><meta name="twitter:card" content="summary_large_image"/><meta name="twitter:site" content="@dailymeridian"/><meta name="twitter:title" content="{a(art.title)}"/><meta property="article:author" content="{host}/journalists/{slugify(art.authors[0])}"/><meta property="article:section" content="{a(art.section)}"/><link rel="canonical" href="{url}"/><link rel="preload" as="font" href="/fonts/meridian-serif.woff2" crossorigin="anonymous"/>{json_ld(ld)}<style data-emotion="css" data-s="">.{css(1)}{{margin:0 0 1rem}}.{css(2)}{{font-size:1.125rem;line-height:1.5}}.{css(4)}{{font-weight:700}}</style><link rel="stylesheet" href="/_next/static/css/8c1a5e6e.css" data-n-g=""/></head><body><div id="__next"><div id="consent-banner" role="dialog" aria-label="Cookie consent" class="{css(28)}"><div class="{css(29)}"><h2>We value your privacy</h2><p>We use cookies and similar technologies to improve your experience, measure audiences and show you personalised advertising. You can change your choices at any time in Cookie settings.</p><div><button type="button">Accept all</button><button type="button">Reject all</button><button type="button">Manage preferences</button></div></div></div><header data-testid="masthead" class="{css(30)}"><a href="#main-content" data-testid="skip-link" class="{css(31)}">Skip to content</a><div class="{css(32)}"><a href="{host}/" aria-label="Daily Meridian homepage"><svg viewBox="0 0 200 40" aria-hidden="true" focusable="false"><title>Daily Meridian</title><path d="M0 0h200v40H0z"></path></svg></a><a href="{host}/account" class="{css(33)}">Sign in</a></div><nav aria-label="Sections" data-testid="nav-primary" class="{css(34)}"><ul role="list" class="{css(35)}">{nav}</ul></nav><nav aria-label="{a(art.section)}" data-testid="nav-secondary" class="{css(36)}"><ul role="list">{sub}</ul></nav></header><main id="main-content" class="{css(37)}"><article class="{css(38)}"><header data-component="headline-block" class="{css(39)}"><h1 id="main-heading" class="{css(40)}" tabindex="-1">{e(art.title)}</h1></header>{dek_html}<div data-component="byline-block" class="{css(41)}"><div class="{css(42)}"><div data-testid="byline-new-contributors"><span>By {byline_names}</span><div class="{css(43)}">{e(art.section)} reporters</div></div><time datetime="{when:%Y-%m-%dT%H:%M:%S.000Z}">{when.day} {when:%B %Y}</time></div></div><div data-component="image-block" class="{css(44)}"><figure class="{css(45)}"><div class="{css(46)}"><img src="{a(art.image)}" srcSet="{a(art.image)}?w=240 240w, {a(art.image)}?w=800 800w" alt="{a(art.caption)}" loading="eager" class="{css(47)}"/></div><figcaption class="{css(48)}"><span class="visually-hidden">Image caption, </span>{e(art.caption)}</figcaption></figure></div>
{blocks_html}</article><section data-component="top-stories" aria-labelledby="top-stories-heading" class="{css(49)}"><h2 id="top-stories-heading">Top stories</h2><ul role="list">{top}</ul></section><section data-testid="most-read" class="{css(50)}"><h2>Most read</h2><ol role="list">{most}</ol></section></main><footer data-testid="footer" class="{css(51)}"><nav aria-label="Footer"><ul role="list">{foot}</ul></nav><p><small>&copy; Daily Meridian Group plc 2024. Registered in England No. 01234567. Meridian House, 1 Wharf Street, London.</small></p></footer></div><script id="__NEXT_DATA__" type="application/json">{json.dumps(next_data, ensure_ascii=False)}</script><script src="/_next/static/chunks/main-3f2a9c.js" defer=""></script><script src="/_next/static/chunks/pages/news-7d1e.js" defer=""></script></body></html>
"""
    chrome = [
        "We value your privacy",
        "We use cookies",
        "Accept all",
        "Skip to content",
        "Top stories",
        "Most read",
        "Sign up for the Meridian Morning",
        "Complaints & corrections",
        "Registered in England",
        "Puzzles",
        "Podcasts",
        NEWSROOM_MOST[3],
        *related_titles,
    ]
    return Page(page, url, art.image, chrome)


# ------------------------------------------------------------------------- D3 regional

REG_NAV = {
    "News": [
        "Local",
        "State",
        "Nation & World",
        "Crime & Courts",
        "Education",
        "Government",
        "Business",
        "Elections",
        "Weather",
    ],
    "Sports": ["High School", "College", "Outdoors", "Scores", "Photo Galleries"],
    "Opinion": ["Editorials", "Letters", "Columns", "Submit a Letter"],
    "Obituaries": ["Today's Obituaries", "Place an Obituary"],
    "Life": ["Food", "Faith", "Health", "Events Calendar", "Community Calendar"],
    "Classifieds": ["Jobs", "Real Estate", "Garage Sales", "Legals", "Place an Ad"],
    "Contests": [],
    "e-Edition": [],
    "Puzzles & Games": [],
}
REG_FOOT = {
    "Sections": ["News", "Sports", "Opinion", "Obituaries", "Life", "Classifieds", "e-Edition"],
    "Services": [
        "Subscribe",
        "Manage Subscription",
        "Place an Ad",
        "Submit an Obituary",
        "Submit News",
        "Contact Us",
        "Report a Delivery Problem",
        "Vacation Hold",
        "Pay My Bill",
        "Newsletters",
        "Text Alerts",
        "Archives",
    ],
    "Partners": [
        "Millbrook Shopper",
        "Alder Springs Weekly",
        "County Jobs Network",
        "Homes of Millbrook",
        "Autos Today",
    ],
}
REG_POPULAR = [
    "Deputies investigate break-ins at storage units",
    "New coffee shop opens in old bank building",
    "Route 9 bridge work to start in March",
    "Alder Springs wins regional title in overtime",
    "Obituary: Harold J. Benning, 88",
]


def render_regional(art: Article, index: int) -> Page:
    host = "https://www.millbrookcourier.example"
    uid = f"{index:02x}a1c3e2-9b7d-11ee-8f{index:02d}-{index * 1234567:012x}"
    url = f"{host}/news/{slugify(art.section)}/{art.slug}/article_{uid}.html"
    image = f"https://bloximages.example/millbrookcourier.example/content/tncms/assets/v3/editorial/{index:x}/3a/{art.slug}.jpg?resize=1200%2C800"
    when = dt(art)
    nav = ""
    for top, subs in REG_NAV.items():
        sub = (
            '<ul class="dropdown-menu">' + links(subs, "", f"{host}/{slugify(top)}/") + "</ul>"
            if subs
            else ""
        )
        nav += f'<li class="dropdown"><a href="{host}/{slugify(top)}/" class="dropdown-toggle">{e(top)}</a>{sub}</li>'
    body = ""
    blocks = visible_blocks(art)
    for i, block in enumerate(blocks):
        kind = block[0]
        if kind == "p":
            body += f"<p>{e(block[1])}</p>\n"
        elif kind in {"h2", "h3"}:
            body += f"<p><strong>{e(block[1])}</strong></p>\n"
        elif kind in {"ul", "ol"}:
            body += f"<{kind}>" + "".join(f"<li>{e(x)}</li>" for x in block[1]) + f"</{kind}>\n"
        elif kind == "quote":
            body += f"<blockquote><p>\u201c{e(block[1])}\u201d</p></blockquote>\n"
        elif kind == "table":
            rows = block[1]
            body += (
                '<table class="table table-striped table-condensed"><thead><tr>'
                + "".join(f"<th>{e(c)}</th>" for c in rows[0])
                + "</tr></thead><tbody>"
                + "".join(
                    "<tr>" + "".join(f"<td>{e(c)}</td>" for c in r) + "</tr>" for r in rows[1:]
                )
                + "</tbody></table>\n"
            )
        else:
            raise ValueError(kind)
        if i in {1, 4}:
            body += (
                f'<div class="tnt-ads-container"><div class="tnt-ads hidden-print" id="tncms-region-article_instory_{i}">'
                f'<span class="advertisement-label">Advertisement</span><div id="ad-slot-{i}" data-ad-unit="/1234/mcourier/article"></div></div></div>\n'
            )
        if i == 2:
            body += (
                '<div class="tncms-block newsletter-signup"><h4>Get local news delivered to your inbox!</h4>'
                '<p>Subscribe to our Daily Headlines newsletter.</p><form><input type="email" '
                'placeholder="Email" aria-label="Email"><button type="submit">Sign up!</button></form></div>\n'
            )
    paywall = ""
    if art.paywalled:
        paywall = (
            '<div class="subscriber-only encrypted-content" data-paywall="hard">'
            "<h3>Thank you for reading!</h3><p>Please log in, or sign up for a new account and "
            "purchase a subscription to continue reading.</p>"
            f'<a class="btn btn-primary" href="{host}/users/login/">Log In</a> '
            f'<a class="btn btn-default" href="{host}/users/signup/">Sign Up</a>'
            "<p>Get unlimited digital access for 99 cents the first month.</p></div>"
        )
    share = "".join(
        f'<li class="share-{slugify(n)}"><a class="tnt-share-{slugify(n)}" href="#"><span class="sr-only">{n}</span></a></li>'
        for n in ["Facebook", "Twitter", "WhatsApp", "SMS", "Email", "Print", "Save"]
    )
    popular = "".join(
        f'<li><a href="{host}/news/{slugify(t)}.html">{e(t)}</a></li>' for t in REG_POPULAR
    )
    foot = "".join(
        f'<div class="col-sm-4"><h5>{e(h)}</h5><ul class="list-unstyled">{links(items, "", host + "/")}</ul></div>'
        for h, items in REG_FOOT.items()
    )
    tags = "".join(
        f'<li><a href="{host}/search/?t=article&amp;k=%23{slugify(w)}" class="tnt-tag">{e(w)}</a></li>'
        for w in ["Millbrook County", art.section, "Local"]
    )
    dek = f'<h2 class="subhead">{e(art.dek)}</h2>' if art.dek else ""
    page = f"""<!DOCTYPE html>
<html lang="en" xmlns:og="http://opengraphprotocol.org/schema/">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>{e(art.title)} | {e(art.section)} | millbrookcourier.example</title>
<meta name="description" content="{a(art.dek or first_text(art))}">
<meta property="og:type" content="article">
<meta property="og:title" content="{a(art.title)}">
<meta property="og:url" content="{url}">
<meta property="og:image" content="{a(image)}">
<meta property="og:site_name" content="The Millbrook Courier">
<meta name="twitter:card" content="summary_large_image">
<link rel="canonical" href="{url}">
<link rel="amphtml" href="{url}?mode=amp">
<link rel="stylesheet" href="https://bloxcms.example/millbrookcourier.example/shared-content/art/tncms/templates/libraries/flex/components/bootstrap/resources/styles/bootstrap.min.css">
<script>window.__tnt = {{"pageType":"asset","assetType":"article","section":"{slugify(art.section)}","subscription":{{"required":{str(art.paywalled).lower()}}}}};</script>
<script async src="https://securepubads.g.doubleclick.net/tag/js/gpt.js"></script>
<script>var googletag = googletag || {{}}; googletag.cmd = googletag.cmd || [];</script>
</head>
<body class="fixed-scrolling tnt-section-news tnt-asset-type-article">
<div id="site-top-nav-container"><div class="top-bar container"><span class="weather-now">Weather: 71&deg; Partly cloudy</span> <a href="{host}/eedition/">e-Edition</a> | <a href="{host}/subscribe/">Subscribe</a> | <a href="{host}/users/login/">Log In</a> | <a href="{host}/obituaries/">Obituaries</a> | <a href="{host}/classifieds/">Classifieds</a></div></div>
<div class="breaking-news-ticker" role="marquee"><strong>BREAKING:</strong> Route 9 closed near Alder Springs after crash</div>
<div id="site-navbar-container"><nav class="navbar navbar-default" id="main-navigation"><div class="container"><a class="navbar-brand" href="{host}/"><img src="{host}/content/tncms/site/logo.svg" alt="The Millbrook Courier"></a><ul class="nav navbar-nav">{nav}</ul></div></nav></div>
<div class="container main-container">
<ol class="breadcrumb"><li><a href="{host}/">Home</a></li><li><a href="{host}/news/">News</a></li><li><a href="{host}/news/{slugify(art.section)}/">{e(art.section)}</a></li></ol>
<div class="row">
<div class="col-md-8 main-content">
<article class="asset-content" itemscope itemtype="http://schema.org/NewsArticle">
<header class="asset-header">
<h1 class="headline" itemprop="headline"><span class="tnt-headline">{e(art.title)}</span></h1>
{dek}
<ul class="list-inline asset-date-byline">
<li><span itemprop="author" itemscope itemtype="http://schema.org/Person"><a href="{host}/users/profile/{slugify(art.authors[0])}" rel="author">By <span itemprop="name">{e(art.authors[0])}</span></a> Staff Writer</span></li>
<li><time class="tnt-date asset-date text-muted" datetime="{when.isoformat()}">{when:%b %d, %Y}</time></li>
</ul>
<div class="share-container"><ul class="list-inline">{share}</ul></div>
</header>
<div class="a2hs-prompt" id="add-to-homescreen"><p><strong>Get the Courier app experience:</strong> tap the Share button in your browser, then choose <b>Add to Home Screen</b>.</p><button type="button" class="close" aria-label="Close">&times;</button></div>
<figure class="photo"><img src="{a(image)}" class="img-responsive" alt="{a(art.caption)}"><figcaption class="caption-text"><p>{e(art.caption)}</p></figcaption></figure>
<div class="asset-body">
<div id="article-body" class="subscriber-premium" itemprop="articleBody">
{body}</div>
{paywall}
</div>
<div class="asset-tags"><h4>Tags</h4><ul class="list-inline">{tags}</ul></div>
<div id="comments-container" class="join-conversation">
<h3 class="block-title">Join the conversation</h3>
<p>Comments are the sole responsibility of the person posting them. Keep it clean: please avoid obscene, vulgar or hateful language. Don't threaten. Be truthful. Be nice.</p>
<button type="button" class="btn btn-primary">Post a comment as Guest</button>
</div>
</article>
</div>
<div class="col-md-4 sidebar">
<section class="most-popular"><h3>Most Popular</h3><ol>{popular}</ol></section>
<section class="latest-eedition"><h3>Latest e-Edition</h3><p>Read today's paper as it appears in print.</p></section>
<section class="weather-widget"><h3>Weather</h3><p>Tonight: Clear. Low 54.</p></section>
<div class="tnt-ads"><span class="advertisement-label">Advertisement</span></div>
</div>
</div>
</div>
<footer class="site-footer"><div class="container"><div class="row">{foot}</div>
<p class="copyright">&copy; Copyright 2024 The Millbrook Courier, 114 W. Main St., Millbrook | <a href="{host}/terms/">Terms of Use</a> | <a href="{host}/privacy/">Privacy Policy</a> | Powered by BLOX Content Management System</p></div></footer>
<script src="https://bloxcms.example/millbrookcourier.example/shared-content/art/tncms/scripts/app.min.js"></script>
</body>
</html>
"""
    chrome = [
        "e-Edition",
        "Route 9 closed near Alder Springs",
        "Add to Home Screen",
        "Get the Courier app experience",
        "Join the conversation",
        "Keep it clean",
        "Post a comment as Guest",
        "Get local news delivered to your inbox",
        "Daily Headlines newsletter",
        "Most Popular",
        "Read today's paper",
        "Report a Delivery Problem",
        "Vacation Hold",
        "Powered by BLOX",
        "Garage Sales",
        REG_POPULAR[1],
    ]
    if art.paywalled:
        chrome.append("Thank you for reading")
    return Page(page, url, image, chrome)


# ------------------------------------------------------------------------- D4 newsletter


def render_substack(art: Article, index: int) -> Page:
    pub = "The Midweek Ledger"
    host = "https://themidweekledger.substack.example"
    url = f"{host}/p/{art.slug}"
    when = dt(art)
    author = art.authors[0]
    body = ""
    blocks = visible_blocks(art)
    for i, block in enumerate(blocks):
        kind = block[0]
        if kind == "p":
            body += f"<p>{e(block[1])}</p>"
        elif kind in {"h2", "h3"}:
            body += (
                f'<h3 class="header-anchor-post">{e(block[1])}<div class="pencraft pc-display-flex '
                'pc-alignItems-center pc-position-absolute header-anchor-parent"><div class="'
                'header-anchor-widget offset-top"><button aria-label="Link" class="pencraft '
                'pc-reset header-anchor"></button></div></div></h3>'
            )
        elif kind in {"ul", "ol"}:
            body += (
                f"<{kind}>" + "".join(f"<li><p>{e(x)}</p></li>" for x in block[1]) + f"</{kind}>"
            )
        elif kind in {"quote", "blockquote"}:
            body += f"<blockquote><p>{e(block[1])}</p></blockquote>"
        elif kind == "blockquote_list":
            body += "<blockquote>" + "".join(f"<p>{e(x)}</p>" for x in block[1]) + "</blockquote>"
        else:
            raise ValueError(kind)
        if i == 2:
            body += (
                '<div class="subscription-widget-wrap-editor" data-attrs="{&quot;url&quot;:&quot;'
                f'{host}/subscribe?&quot;,&quot;text&quot;:&quot;Subscribe&quot;}}" '
                'data-component-name="SubscribeWidgetToDOM"><div class="subscription-widget '
                'show-subscribe"><div class="preamble"><p class="cta-caption">Thanks for reading '
                f"{pub}! Subscribe for free to receive new posts and support my work.</p></div>"
                '<form class="subscription-widget-subscribe"><input type="email" class="email-input" '
                'name="email" placeholder="Type your email…" tabindex="-1"><input type="submit" '
                'class="button primary" value="Subscribe"><div class="fake-input-wrapper"><div '
                'class="fake-input"></div><div class="fake-button"></div></div></form></div></div>'
            )
        if i == len(blocks) - 2:
            body += (
                '<p class="button-wrapper" data-attrs="{&quot;url&quot;:&quot;'
                f"{url}?utm_source=substack&amp;utm_medium=email&amp;utm_content=share&amp;action=share"
                '&quot;,&quot;text&quot;:&quot;Share&quot;}" data-component-name="ButtonCreateButton">'
                f'<a class="button primary" href="{url}?utm_source=substack&amp;utm_medium=email&amp;'
                'utm_content=share&amp;action=share"><span>Share</span></a></p>'
            )
    paywall = ""
    if art.paywalled:
        paywall = (
            '<div class="paywall"><div class="paywall-content"><h2 class="paywall-title">Keep '
            f'reading with a 7-day free trial</h2><p class="paywall-description">Subscribe to {pub} '
            "to keep reading this post and get 7 days of free access to the full post archives.</p>"
            '<a class="button primary" href="#">Start trial</a><p class="paywall-login">Already '
            'a paid subscriber? <a href="#">Sign in</a></p></div></div>'
        )
    ld = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "url": url,
        "mainEntityOfPage": url,
        "headline": art.title,
        "description": art.dek,
        "image": [{"@type": "ImageObject", "url": art.image}],
        "datePublished": when.isoformat(),
        "dateModified": when.isoformat(),
        "isAccessibleForFree": not art.paywalled,
        "author": [
            {
                "@type": "Person",
                "name": author,
                "url": f"https://substack.example/@{slugify(author)}",
                "description": "Writes about local news and the people who make it.",
                "identifier": f"user:{1000 + index}",
            }
        ],
        "publisher": {"@type": "Organization", "name": pub, "url": host},
    }
    preloads = json.dumps(json.dumps({"post": {"title": art.title, "body_html": body[:800]}}))
    page = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="norton-safeweb-site-verification" content="x"><meta name="viewport" content="width=device-width, initial-scale=1, maximum-scale=1, user-scalable=0, viewport-fit=cover">
<title>{e(art.title)} - by {e(author)} - {pub}</title>
<meta name="description" content="{a(art.dek)}">
<meta property="og:type" content="article"><meta property="og:title" content="{a(art.title)}"><meta property="og:description" content="{a(art.dek)}"><meta property="og:image" content="{a(art.image)}"><meta property="og:url" content="{url}"><meta name="author" content="{a(author)}"><meta name="twitter:card" content="summary_large_image"><meta name="twitter:title" content="{a(art.title)}">
<link rel="canonical" href="{url}"><link rel="alternate" type="application/rss+xml" href="{host}/feed" title="{pub}">
{json_ld(ld)}
<link rel="preconnect" href="https://substackcdn.example"><link rel="stylesheet" href="https://substackcdn.example/bundle/theme/main.css">
<script>window._preloads = JSON.parse({preloads})</script>
</head>
<body class="pc-root"><div id="entry"><div id="main" class="main typography use-theme-bg">
<div class="main-menu-content"><div class="topbar-content"><a class="navbar-logo-container" href="{host}/"><img class="navbar-logo" alt="{pub}" src="https://substackcdn.example/image/fetch/w_80/logo.png"></a><div class="navbar-title"><h1 class="navbar-title-link"><a href="{host}/">{pub}</a></h1></div><div class="navbar-buttons"><a class="button primary" href="{host}/subscribe">Subscribe</a><a class="button" href="{host}/account/login">Sign in</a></div></div></div>
<div class="container"><div class="single-post-container"><div class="single-post"><article class="typography newsletter-post post">
<div class="post-header"><h1 class="post-title published title-X77sOw" dir="auto">{e(art.title)}</h1><h3 class="subtitle" dir="auto">{e(art.dek)}</h3>
<div class="pencraft pc-display-flex post-meta"><div class="profile-hover-card-target"><a href="https://substack.example/@{slugify(author)}" class="pencraft pc-reset">{e(author)}</a></div><div class="pencraft pc-reset color-pub-secondary-text meta-EgzBVA">{when:%b %d, %Y}</div></div>
<div class="post-ufi"><a class="post-ufi-button like-button" role="button"><div class="label">{140 + index}</div></a><a class="post-ufi-button comment-button" href="{url}/comments"><div class="label">{20 + index}</div></a><a class="post-ufi-button share-button" role="button"><div class="label">Share</div></a></div>
</div>
<div class="available-content"><div dir="auto" class="body markup">{body}</div></div>
{paywall}
<div class="post-footer"><div class="post-ufi style-compressed"><a class="post-ufi-button" role="button">Share</a><a class="post-ufi-button" href="{url}/comments">Leave a comment</a></div></div>
</article>
<div class="visibility-check"></div>
<div class="post-footer-embed"><div class="comments-section"><h3 class="comments-heading">Discussion about this post</h3><div class="comment-input-wrap"><textarea placeholder="Write a comment..."></textarea></div></div>
<div class="portable-archive"><h3>Ready for more?</h3><form class="subscribe-form"><input type="email" placeholder="Type your email…"><button>Subscribe</button></form></div></div>
</div></div></div>
<div class="footer-wrap publication-footer"><div class="footer"><div class="footer-copyright">&copy; 2024 {e(author)}</div><div class="footer-terms"><a href="https://substack.example/privacy">Privacy</a> &#8729; <a href="https://substack.example/tos">Terms</a> &#8729; <a href="https://substack.example/ccpa">Collection notice</a></div><a class="footer-substack-cta" href="https://substack.example/signup">Start writing</a><a class="footer-app" href="https://substack.example/app">Get the app</a><div class="footer-slogan">Substack is the home for great culture</div></div></div>
</div></div>
<script src="https://substackcdn.example/bundle/static/js/main.b1a2c3.js" charset="utf-8"></script>
</body></html>
"""
    chrome = [
        "Subscribe for free to receive new posts",
        f"Thanks for reading {pub}",
        "Leave a comment",
        "Discussion about this post",
        "Ready for more?",
        "Start writing",
        "Get the app",
        "Collection notice",
        "home for great culture",
    ]
    if art.paywalled:
        chrome.append("Keep reading with a 7-day free trial")
    return Page(page, url, art.image, chrome)


# ------------------------------------------------------------------------- D5 AMP

AMP_SITES = {
    "fr": {
        "name": "Le Courrier du Sud",
        "host": "https://www.lecourrierdusud.example",
        "cookies": "Nous utilisons des cookies pour mesurer l'audience et personnaliser les "
        "publicités. En poursuivant votre navigation, vous acceptez leur utilisation.",
        "accept": "J'accepte",
        "reject": "Je refuse",
        "more": "En savoir plus",
        "nav": [
            "Accueil",
            "Actualités",
            "Transports",
            "Économie",
            "Sports",
            "Culture",
            "Faits divers",
            "Météo",
            "Nécrologie",
            "Annonces légales",
            "Jeux",
            "Newsletters",
            "Nous contacter",
        ],
        "menu": "Menu",
        "subscribe": "S'abonner",
        "by": "Par",
        "share": "Partager",
        "ad": "Publicité",
        "also": "À lire aussi",
        "also_titles": [
            "Les tarifs des transports augmentent au 1er avril",
            "La foire aux vins revient en octobre",
            "Un nouveau parking relais à l'entrée nord",
        ],
        "a2hs": "Ajoutez Le Courrier du Sud à votre écran d'accueil : touchez Partager, "
        "puis « Sur l'écran d'accueil ».",
        "a2hs_phrase": "votre écran d'accueil",
        "most": "Les plus lus",
        "most_titles": [
            "Incendie dans un entrepôt de la zone nord",
            "Les résultats du bac dans l'académie",
            "Un restaurant étoilé ouvre au centre-ville",
        ],
        "footer": [
            "Mentions légales",
            "Politique de confidentialité",
            "Gestion des cookies",
            "Contact",
            "Publicité",
            "Plan du site",
        ],
        "full": "Voir la version complète",
        "date": lambda d: f"Le {d:%d/%m/%Y} à {d:%H}h{d:%M}",
    },
    "en": {
        "name": "West Coast Chronicle",
        "host": "https://www.westcoastchronicle.example",
        "cookies": "We and our partners use cookies to measure our audience and personalise "
        "ads. By continuing to browse you accept their use.",
        "accept": "I agree",
        "reject": "I decline",
        "more": "Learn more",
        "nav": [
            "Home",
            "News",
            "Politics",
            "Business",
            "Sport",
            "Rugby",
            "What's On",
            "Weather",
            "Family Notices",
            "Jobs",
            "Newsletters",
            "Contact us",
        ],
        "menu": "Menu",
        "subscribe": "Subscribe",
        "by": "By",
        "share": "Share",
        "ad": "Advertisement",
        "also": "Read next",
        "also_titles": [
            "Lifeboat crew called out twice in one night",
            "Beach car park charges to rise in summer",
            "Campsite plan approved despite objections",
        ],
        "a2hs": "Add the West Coast Chronicle to your home screen: tap Share, then "
        "Add to Home Screen.",
        "a2hs_phrase": "Add to Home Screen",
        "most": "Most read",
        "most_titles": [
            "Harbour festival line-up announced",
            "Council tax to rise by 4.99 per cent",
            "New bakery draws queues on opening day",
        ],
        "footer": [
            "Privacy notice",
            "Terms and conditions",
            "Cookie settings",
            "Contact us",
            "Advertise",
            "Sitemap",
        ],
        "full": "View full version",
        "date": lambda d: f"{d:%H:%M}, {d.day} {d:%B %Y}",
    },
}


def render_amp(art: Article, index: int) -> Page:
    s = AMP_SITES[art.lang[:2]]
    host = s["host"]
    canonical = f"{host}/{slugify(art.section)}/{art.slug}.html"
    url = f"{host}/amp/{slugify(art.section)}/{art.slug}"
    image = urljoin(host, art.image)
    when = dt(art)
    body = ""
    for i, block in enumerate(visible_blocks(art)):
        kind = block[0]
        if kind == "p":
            body += f"<p>{e(block[1])}</p>\n"
        elif kind in {"h2", "h3"}:
            body += f"<h2>{e(block[1])}</h2>\n"
        elif kind in {"ul", "ol"}:
            body += f"<{kind}>" + "".join(f"<li>{e(x)}</li>" for x in block[1]) + f"</{kind}>\n"
        elif kind == "quote":
            body += f"<blockquote><p>« {e(block[1])} »</p></blockquote>\n"
        else:
            raise ValueError(kind)
        if i == 1:
            body += (
                '<amp-ad width="300" height="250" type="doubleclick" data-slot="/1234/'
                f'{slugify(s["name"])}/article" layout="fixed"><div fallback>{s["ad"]}</div></amp-ad>\n'
            )
        if i == 2:
            t = s["also_titles"][index % 3]
            body += (
                f'<aside class="read-also"><span class="read-also-label">{s["also"]}</span> '
                f'<a href="{host}/{slugify(t)}.html">{e(t)}</a></aside>\n'
            )
    ld = {
        "@context": "http://schema.org",
        "@type": "NewsArticle",
        "headline": art.title,
        "datePublished": when.isoformat(),
        "dateModified": when.isoformat(),
        "author": {"@type": "Person", "name": art.authors[0]},
        "image": {"@type": "ImageObject", "url": image, "width": 1200, "height": 675},
        "publisher": {
            "@type": "Organization",
            "name": s["name"],
            "logo": {"@type": "ImageObject", "url": f"{host}/logo.png"},
        },
        "mainEntityOfPage": canonical,
    }
    nav = links(s["nav"], "", host + "/")
    most = links(s["most_titles"], "", host + "/")
    dek = f'<p class="chapo">{e(art.dek)}</p>' if art.dek else ""
    share = "".join(
        f'<amp-social-share type="{t}" width="32" height="32" aria-label="{t}"></amp-social-share>'
        for t in ["facebook", "twitter", "whatsapp", "email"]
    )
    page = f"""<!doctype html>
<html ⚡ lang="{art.lang[:2]}">
<head>
<meta charset="utf-8">
<script async src="https://cdn.ampproject.org/v0.js"></script>
<script async custom-element="amp-sidebar" src="https://cdn.ampproject.org/v0/amp-sidebar-0.1.js"></script>
<script async custom-element="amp-consent" src="https://cdn.ampproject.org/v0/amp-consent-0.1.js"></script>
<script async custom-element="amp-social-share" src="https://cdn.ampproject.org/v0/amp-social-share-0.1.js"></script>
<script async custom-element="amp-ad" src="https://cdn.ampproject.org/v0/amp-ad-0.1.js"></script>
<script async custom-element="amp-analytics" src="https://cdn.ampproject.org/v0/amp-analytics-0.1.js"></script>
<title>{e(art.title)}</title>
<link rel="canonical" href="{canonical}">
<meta name="viewport" content="width=device-width,minimum-scale=1,initial-scale=1">
<meta property="og:title" content="{a(art.title)}">
<meta property="og:image" content="{a(art.image)}">
<meta property="og:locale" content="{art.lang.replace("-", "_")}">
{json_ld(ld)}
<style amp-boilerplate>body{{-webkit-animation:-amp-start 8s steps(1,end) 0s 1 normal both;animation:-amp-start 8s steps(1,end) 0s 1 normal both}}@keyframes -amp-start{{from{{visibility:hidden}}to{{visibility:visible}}}}</style><noscript><style amp-boilerplate>body{{-webkit-animation:none;animation:none}}</style></noscript>
<style amp-custom>.header{{display:flex;padding:8px}}.chapo{{font-weight:600}}.read-also{{border-left:3px solid #c00;padding-left:8px}}</style>
</head>
<body>
<amp-consent id="consent" layout="nodisplay"><script type="application/json">{{"consentInstanceId":"cmp","consentRequired":true,"promptUI":"consent-ui"}}</script><div class="consent-ui" id="consent-ui"><p>{e(s["cookies"])}</p><button on="tap:consent.accept">{e(s["accept"])}</button><button on="tap:consent.reject">{e(s["reject"])}</button><a href="{host}/confidentialite">{e(s["more"])}</a></div></amp-consent>
<amp-sidebar id="sidebar" layout="nodisplay" side="left"><nav><ul>{nav}</ul></nav></amp-sidebar>
<header class="header"><button on="tap:sidebar.toggle" class="burger">{s["menu"]}</button><a href="{host}/"><amp-img src="{host}/logo.svg" width="180" height="40" alt="{a(s["name"])}"></amp-img></a><a class="abo" href="{host}/abonnement">{e(s["subscribe"])}</a></header>
<main>
<article>
<p class="kicker">{e(art.section)}</p>
<h1>{e(art.title)}</h1>
{dek}
<div class="byline">{s["by"]} <span class="author">{e(art.authors[0])}</span> · <time datetime="{when.isoformat()}">{s["date"](when)}</time></div>
<div class="share">{share}<span>{e(s["share"])}</span></div>
<figure><amp-img src="{a(art.image)}" width="1200" height="675" layout="responsive" alt="{a(art.caption)}"></amp-img><figcaption>{e(art.caption)} <span class="credit">Photo {e(s["name"])}</span></figcaption></figure>
<div class="article-body">
{body}</div>
<div class="a2hs-hint">{e(s["a2hs"])}</div>
</article>
<section class="more"><h2>{e(s["most"])}</h2><ul>{most}</ul></section>
</main>
<footer><ul>{links(s["footer"], "", host + "/")}</ul><p>&copy; {e(s["name"])} 2024</p><a href="{canonical}">{e(s["full"])}</a></footer>
<amp-analytics type="googleanalytics"><script type="application/json">{{"vars":{{"account":"UA-0000-1"}},"triggers":{{"trackPageview":{{"on":"visible","request":"pageview"}}}}}}</script></amp-analytics>
</body>
</html>
"""
    chrome = [
        s["cookies"][:30],
        s["accept"],
        s["nav"][8],
        s["nav"][9],
        s["subscribe"],
        s["also"],
        s["also_titles"][index % 3],
        s["a2hs_phrase"],
        s["most"],
        s["most_titles"][0],
        s["footer"][1],
        s["full"],
    ]
    return Page(page, url, image, chrome)


# ------------------------------------------------------------------------- D6 live blog

LIVE_SITES = {
    "en": {
        "name": "Northern Post",
        "host": "https://www.northernpost.example",
        "nav": [
            "News",
            "Sport",
            "Football",
            "Business",
            "Politics",
            "Weather",
            "Travel",
            "Traffic",
            "What's On",
            "Food & Drink",
            "Property",
            "Jobs",
            "Motors",
            "Announcements",
            "Puzzles",
            "eEdition",
            "Newsletters",
            "Advertise",
        ],
        "signin": "Sign in",
        "register": "Register",
        "updated": "Updated",
        "by": "By",
        "key": "Key events",
        "share": "Share",
        "copy": "Copy link",
        "more": "Load more updates",
        "older": "Older posts",
        "promo": "Get breaking news alerts from the Northern Post on your phone.",
        "install": "Install the Northern Post app for live notifications",
        "install_btns": ("Install", "Not now"),
        "footer": [
            "Northern Post Media Ltd",
            "Contact us",
            "Complaints",
            "Cookie settings",
            "Terms and conditions",
            "Privacy notice",
            "Syndication and licensing",
            "Work for us",
        ],
    },
    "de": {
        "name": "Steinfurter Rundschau",
        "host": "https://www.steinfurter-rundschau.example",
        "nav": [
            "Lokales",
            "Politik",
            "Wirtschaft",
            "Sport",
            "Kultur",
            "Blaulicht",
            "Wetter",
            "Verkehr",
            "Veranstaltungen",
            "Traueranzeigen",
            "E-Paper",
            "Abo",
            "Newsletter",
        ],
        "signin": "Anmelden",
        "register": "Registrieren",
        "updated": "Aktualisiert",
        "by": "Von",
        "key": "Wichtige Ereignisse",
        "share": "Teilen",
        "copy": "Link kopieren",
        "more": "Weitere Beiträge laden",
        "older": "Ältere Beiträge",
        "promo": "Eilmeldungen der Rundschau direkt aufs Handy: jetzt Push-Nachrichten aktivieren.",
        "install": "Installieren Sie die Rundschau-App für Live-Benachrichtigungen",
        "install_btns": ("Installieren", "Später"),
        "footer": [
            "Impressum",
            "Datenschutz",
            "Cookie-Einstellungen",
            "AGB",
            "Kontakt",
            "Mediadaten",
            "Karriere",
        ],
    },
}


def render_liveblog(art: Article, index: int) -> Page:
    s = LIVE_SITES[art.lang[:2]]
    host = s["host"]
    url = f"{host}/live/{art.slug}"
    when = dt(art)

    def stamp(hhmm: str) -> datetime:
        h, m = (int(x) for x in hhmm.split(":"))
        return when.replace(hour=h, minute=m, second=0)

    entries = ""
    updates = []
    keys = ""
    posts = visible_blocks(art)
    for k, (_, hhmm, heading, paras) in enumerate(posts):
        at = stamp(hhmm)
        body = "".join(f"<p>{e(p)}</p>" for p in paras)
        entries += (
            f'<article class="lb-post" id="post-{k + 1}" data-post-id="{9000 + index * 10 + k}">'
            f'<header class="lb-post-meta"><time class="lb-post-time" datetime="{at.isoformat()}">{hhmm}</time>'
            f'<span class="lb-post-author">{e(art.authors[k % len(art.authors)])}</span></header>'
            f'<h2 class="lb-post-title">{e(heading)}</h2><div class="lb-post-body">{body}</div>'
            f'<footer class="lb-post-share"><button type="button">{e(s["share"])}</button>'
            f'<button type="button">{e(s["copy"])}</button></footer></article>\n'
        )
        if k == 1:
            entries += (
                f'<div class="lb-promo" data-component="alert-promo"><p>{e(s["promo"])}</p></div>\n'
            )
        keys += f'<li><a href="#post-{k + 1}"><time>{hhmm}</time> {e(heading)}</a></li>'
        updates.append(
            {
                "@type": "BlogPosting",
                "headline": heading,
                "datePublished": at.isoformat(),
                "articleBody": " ".join(paras),
            }
        )
    last = stamp(posts[0][1])
    ld = {
        "@context": "https://schema.org",
        "@type": "LiveBlogPosting",
        "url": url,
        "headline": art.title,
        "description": art.dek or art.title,
        "coverageStartTime": when.isoformat(),
        "coverageEndTime": last.isoformat(),
        "datePublished": when.isoformat(),
        "dateModified": last.isoformat(),
        "author": [{"@type": "Person", "name": n} for n in art.authors],
        "image": art.image,
        "liveBlogUpdate": updates,
        "publisher": {"@type": "Organization", "name": s["name"]},
    }
    dek = f'<p class="lb-standfirst">{e(art.dek)}</p>' if art.dek else ""
    page = f"""<!DOCTYPE html>
<html lang="{art.lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{e(art.title)} | {e(s["name"])}</title>
<meta property="og:title" content="{a(art.title)}"><meta property="og:image" content="{a(art.image)}"><meta property="og:type" content="article"><meta property="og:url" content="{url}">
<meta name="robots" content="max-image-preview:large">
<link rel="canonical" href="{url}">
{json_ld(ld)}
<link rel="stylesheet" href="{host}/assets/live.8d2f.css">
<script>window.liveConfig={{"pollInterval":30000,"blogId":"{art.slug}"}};</script>
</head><body class="live-page">
<header class="np-header"><a class="np-logo" href="{host}/">{e(s["name"])}</a><nav class="np-nav" role="navigation"><ul>{links(s["nav"], "np-nav-item", host + "/")}</ul></nav><div class="np-account"><a href="{host}/login">{e(s["signin"])}</a><a href="{host}/register">{e(s["register"])}</a></div></header>
<div class="live-banner"><span class="live-badge">LIVE</span> {e(s["updated"])} <time datetime="{last.isoformat()}">{posts[0][1]}</time></div>
<main><div class="lb-layout">
<header class="lb-header"><h1 class="lb-title">{e(art.title)}</h1>{dek}<div class="lb-byline">{s["by"]} {", ".join(f'<a href="{host}/authors/{slugify(n)}">{e(n)}</a>' for n in art.authors)}</div></header>
<figure class="lb-hero"><img src="{a(art.image)}" alt="{a(art.caption)}"><figcaption>{e(art.caption)}</figcaption></figure>
<aside class="lb-key-events"><h2>{e(s["key"])}</h2><ul>{keys}</ul></aside>
<div class="lb-feed" data-live-feed="true">
{entries}</div>
<div class="lb-pagination"><a href="{url}?page=2">{e(s["more"])}</a> <a href="{url}?page=2">{e(s["older"])}</a></div>
</div></main>
<div class="a2hs-banner" role="dialog" aria-label="App"><p>{e(s["install"])}</p><button type="button">{e(s["install_btns"][0])}</button><button type="button">{e(s["install_btns"][1])}</button></div>
<footer class="np-footer"><ul>{links(s["footer"], "", host + "/")}</ul><p>&copy; 2024 {e(s["name"])}</p></footer>
<script src="{host}/assets/live.8d2f.js" defer></script>
</body></html>
"""
    chrome = [
        s["nav"][7],
        s["nav"][9],
        s["key"],
        s["copy"],
        s["more"],
        s["promo"][:40],
        s["install"],
        s["footer"][1],
        s["footer"][2],
        s["register"],
    ]
    return Page(page, url, art.image, chrome)


# ------------------------------------------------------------------------- H1 wire

WIRE_NAV = [
    "World",
    "U.S.",
    "Politics",
    "Sports",
    "Entertainment",
    "Business",
    "Science",
    "Fact Check",
    "Oddities",
    "Be Well",
    "Newsletters",
    "Photography",
    "Video",
    "Climate",
    "Health",
    "Personal Finance",
    "Wire Investigations",
    "Tech",
    "Lifestyle",
    "Religion",
    "Press Releases",
    "My Account",
]
WIRE_TRENDING = [
    "Storm knocks out power to 200,000 along Gulf coast",
    "Central bank holds rates steady, signals cuts next year",
    "Space agency delays moon lander test",
    "Retail sales rise for third straight month",
    "Museum heist suspects arrested in port city",
]
WIRE_RELATED = [
    "Shipping firms seek emergency aid as rivers run low",
    "What a dry autumn would mean for food prices",
    "Farmers turn to rail as barges sit idle",
    "Regulators weigh new rules for water-hungry industries",
    "How hand recounts work, and why they rarely change results",
]
WIRE_FOOT = [
    "Wire News Home",
    "About",
    "Contact Us",
    "Accessibility Statement",
    "Terms of Use",
    "Privacy Policy",
    "Cookie Settings",
    "Do Not Sell or Share My Personal Information",
    "Limit Use and Disclosure of Sensitive Personal Information",
    "CA Notice of Collection",
    "More From Wire",
    "Wire Stylebook",
    "Wire Images",
    "Wire Books",
    "Careers",
    "Advertise with us",
]


def render_wire(art: Article, index: int) -> Page:
    host = "https://wirenews.example"
    url = f"{host}/article/{art.slug}-{index * 2654435761 % (16**12):012x}"
    when = dt(art).astimezone(UTC)
    millis = int(when.timestamp() * 1000)
    body = ""
    for i, block in enumerate(visible_blocks(art)):
        if block[0] != "p":
            raise ValueError(block[0])
        body += f"<p>{e(block[1])}</p>\n"
        if i == 1:
            t = WIRE_RELATED[index % len(WIRE_RELATED)]
            body += (
                '<div class="Enhancement" data-align-center><div class="Enhancement-item">'
                '<div class="PagePromo" data-gtm-region="Related"><div class="PagePromo-content">'
                f'<bsp-custom-headline custom-headline="div"><div class="PagePromo-title"><a class="Link" href="{host}/article/{slugify(t)}">'
                f'<span class="PagePromoContentIcons-text">{e(t)}</span></a></div></bsp-custom-headline></div></div></div></div>\n'
            )
        if i == 2:
            body += '<bsp-ad class="Advertisement" data-slot="article-in-body"><div class="Advertisement-label">ADVERTISEMENT</div><div class="Advertisement-slot"></div></bsp-ad>\n'
    names = [n.upper() for n in art.authors]
    surname = art.authors[0].split()[-1]
    bio = f"{surname} covers {art.section.lower()} for Wire News."
    ld = {
        "@context": "http://schema.org",
        "@type": "NewsArticle",
        "headline": art.title,
        "datePublished": when.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "dateModified": when.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "author": [{"@type": "Person", "name": n} for n in art.authors],
        "image": [art.image],
        "mainEntityOfPage": url,
        "publisher": {"@type": "Organization", "name": "Wire News"},
    }
    related = WIRE_RELATED[(index + 1) % 5 :] + WIRE_RELATED[: (index + 1) % 5]
    page = f"""<!DOCTYPE html>
<html class="Page" lang="en"><head><meta charset="UTF-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{e(art.title)} | Wire News</title>
<meta name="description" content="{a(first_text(art))}">
<meta property="og:title" content="{a(art.title)}"><meta property="og:image" content="{a(art.image)}"><meta property="og:type" content="article"><meta property="og:url" content="{url}"><meta property="og:site_name" content="Wire News">
<meta name="gtm-dataLayer" content='{{"authors":"{", ".join(art.authors)}","section":"{art.section}"}}'>
<link rel="canonical" href="{url}">
{json_ld(ld)}
<link rel="stylesheet" href="{host}/resource/00000186-a0b1/styleguide/All.min.css">
</head>
<body class="Page-body">
<bsp-header class="Page-header"><div class="Page-header-bar"><a class="Page-header-logo" href="{host}/" aria-label="home page">Wire News</a>
<nav class="Page-header-navigation"><ul class="Navigation-items">{links(WIRE_NAV, "Navigation-items-item", host + "/hub/")}</ul></nav></div>
<div class="TrendingModule"><span class="TrendingModule-title">Trending News</span><ul>{links(WIRE_TRENDING, "", host + "/article/")}</ul></div>
</bsp-header>
<main class="Page-main">
<div class="Page-lead"><h1 class="Page-headline">{e(art.title)}</h1></div>
<div class="Page-byline"><div class="Page-authors">By {" and ".join(f'<a class="Link" href="{host}/author/{slugify(n)}">{e(n)}</a>' for n in names)}</div><bsp-timestamp data-timestamp="{millis}"><span>Updated {when:%-I:%M %p} UTC, {when:%B %-d, %Y}</span></bsp-timestamp></div>
<div class="Page-actions"><bsp-share-links><div class="ActionBar-items">{"".join(f'<div class="ActionBar-item"><button type="button" class="ActionLink">{n}</button></div>' for n in ["Share", "Copy", "Link copied", "Email", "Facebook", "X", "LinkedIn", "Bluesky", "Flipboard", "Pinterest", "Reddit", "Print"])}</div></bsp-share-links></div>
<div class="Page-lead-media"><figure class="Figure"><picture><img loading="lazy" class="Image" alt="{a(art.caption)}" src="{a(art.image)}"></picture><div class="Figure-caption"><div class="CarouselSlide-infoDescription"><p>{e(art.caption)}</p></div></div></figure></div>
<div class="RichTextStoryBody RichTextBody">
{body}</div>
<div class="Page-below">
<div class="Page-authors-bio"><div class="Page-authors-bio-name">{e(names[0])}</div><p>{e(bio)}</p><a href="https://x.example/{slugify(art.authors[0])}">twitter</a> <a href="mailto:{slugify(art.authors[0])}@wirenews.example">mailto</a></div>
<div class="Page-copyright">Copyright 2024 Wire News. All Rights Reserved. This material may not be published, broadcast, rewritten or redistributed without permission.</div>
<div class="PageList-items"><h2 class="PageList-header-title">Related Stories</h2><ul>{links(related[:3], "PageList-items-item", host + "/article/")}</ul></div>
</div>
</main>
<footer class="Page-footer"><div class="Page-footer-navigation"><ul>{links(WIRE_FOOT, "", host + "/")}</ul></div><div class="Page-footer-disclaimer">Copyright 2024 Wire News. All rights reserved.</div></footer>
<div id="onetrust-consent-sdk"><div id="onetrust-banner-sdk" class="otFlat" role="region" aria-label="Cookie banner"><div id="onetrust-policy"><p id="onetrust-policy-text">We use cookies to personalize content and ads, to provide social media features and to analyze our traffic. <a href="{host}/privacy-policy">Cookie Policy</a></p></div><div id="onetrust-button-group"><button id="onetrust-pc-btn-handler">Cookie Settings</button><button id="onetrust-accept-btn-handler">Accept All Cookies</button></div></div></div>
<script src="{host}/resource/00000186-a0b1/styleguide/All.min.js" async></script>
</body></html>
"""
    chrome = [
        "Trending News",
        WIRE_TRENDING[0],
        "Link copied",
        "Flipboard",
        "ADVERTISEMENT",
        "This material may not be published",
        "Accessibility Statement",
        "Do Not Sell or Share",
        "Wire Stylebook",
        "Accept All Cookies",
        "Related Stories",
        bio,
        WIRE_RELATED[index % len(WIRE_RELATED)],
        *related[:3],
    ]
    return Page(page, url, art.image, chrome)


# ------------------------------------------------------------------------- H2 magazine

MAG_RECIRC = [
    "The ferryman's daughter",
    "Forty winters on the ice road",
    "The town that saved its cinema",
    "A year of mending things",
    "The bakers who start at midnight",
]


def render_magazine(art: Article, index: int) -> Page:
    host = "https://www.longreadquarterly.example"
    cdn = "https://cdn.longreadquarterly.example"
    when = dt(art)
    url = f"{host}/{slugify(art.section)}/{when:%Y/%m}/{art.slug}"
    if art.image.startswith("/"):
        og_image = f"//cdn.longreadquarterly.example{art.image}"
        image = cdn + art.image
    else:
        og_image = image = art.image
    body = ""
    blocks = visible_blocks(art)
    first_p = True
    for i, block in enumerate(blocks):
        kind = block[0]
        if kind == "p":
            text = block[1]
            if first_p:
                body += f'<p class="has-dropcap"><span class="dropcap">{e(text[0])}</span>{e(text[1:])}</p>\n'
                first_p = False
            else:
                body += f"<p>{e(text)}</p>\n"
        elif kind in {"h2", "h3"}:
            body += f'<hr class="section-break"><h2 class="section-head">{e(block[1])}</h2>\n'
        elif kind in {"ul", "ol"}:
            body += f"<{kind}>" + "".join(f"<li>{e(x)}</li>" for x in block[1]) + f"</{kind}>\n"
        elif kind == "quote":
            body += f"<blockquote><p>{e(block[1])}</p></blockquote>\n"
        elif kind == "pull":
            body += f'<aside class="pullquote" role="presentation"><blockquote><p>{e(block[1])}</p></blockquote></aside>\n'
        else:
            raise ValueError(kind)
        if i == 2:
            body += (
                f'<figure class="inline-image"><img src="{cdn}/2024/inline-{index}.jpg" alt="" loading="lazy">'
                f"<figcaption>{e(art.caption)} <cite>Photograph for the Quarterly</cite></figcaption></figure>\n"
            )
    paywall = ""
    if art.paywalled:
        paywall = (
            '<div class="paywall-inline" data-paywall="metered"><div class="paywall-gradient"></div>'
            "<h3>You've read all your free stories this month.</h3><p>Subscribe for unlimited "
            "access to the Quarterly, including our archive of 3,000 stories.</p>"
            f'<a class="btn" href="{host}/subscribe">See subscription options</a>'
            f'<p>Already a subscriber? <a href="{host}/login">Log in</a></p></div>'
        )
    parsely = {
        "title": art.title,
        "link": url,
        "type": "post",
        "author": art.authors[0],
        "post_id": f"lrq-{index}",
        "pub_date": when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "section": art.section,
        "tags": ["longform", slugify(art.section)],
    }
    recirc = "".join(
        f'<article class="card"><a href="{host}/features/{slugify(t)}"><img src="{cdn}/cards/{slugify(t)}.jpg" alt="">'
        f"<h3>{e(t)}</h3><p>A long look at a small place.</p></a></article>"
        for t in MAG_RECIRC[index % 2 : index % 2 + 4]
    )
    author = art.authors[0]
    page = f"""<!DOCTYPE html>
<html lang="{art.lang}" prefix="og: http://ogp.me/ns#"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>{e(art.title)} | The Longread Quarterly</title>
<meta name="description" content="{a(art.dek)}">
<meta property="og:title" content="{a(art.title)}"><meta property="og:description" content="{a(art.dek)}"><meta property="og:image" content="{a(og_image)}"><meta property="og:type" content="article"><meta property="og:url" content="{url}">
<meta property="article:published_time" content="{when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")}">
<meta property="article:section" content="{a(art.section)}">
<meta name="author" content="{a(author)}">
<meta name="byl" content="By {a(author)}">
<meta name="parsely-page" content='{json.dumps(parsely).replace("'", "&#39;")}'>
<link rel="canonical" href="{url}">
<link rel="stylesheet" href="{cdn}/assets/story.5c1d.css">
</head>
<body class="article-page">
<div class="newsletter-modal" role="dialog" aria-modal="true" aria-labelledby="nl-title"><h2 id="nl-title">Stories worth your time, every Sunday</h2><p>Join 80,000 readers who get our weekend reading list.</p><form><input type="email" placeholder="Your email address"><button type="submit">Sign me up</button></form><button class="close" type="button">No thanks</button></div>
<header class="site-header"><div class="inner"><a class="logo" href="{host}/">The Longread Quarterly</a><nav class="site-nav" aria-label="Main"><ul>{links(["Features", "Essays", "Fiction", "Photography", "The Archive", "Podcast", "Events", "Shop", "About"], "", host + "/")}</ul></nav><a class="subscribe-btn" href="{host}/subscribe">Subscribe from $4.99</a></div></header>
<div class="reading-progress" aria-hidden="true"></div>
<main>
<article class="story">
<div class="story-hero"><figure class="hero-figure"><img src="{a(image)}" alt=""><figcaption><span class="caption">{e(art.caption)}</span></figcaption></figure></div>
<header class="story-header"><p class="rubric"><a href="{host}/{slugify(art.section)}">{e(art.section)}</a></p><h1 class="story-title">{e(art.title)}</h1><p class="story-dek">{e(art.dek)}</p>
<p class="story-byline">By <a rel="author" class="byline-link" href="{host}/contributors/{slugify(author)}">{e(author)}</a><span class="sep"> | </span><span class="photographs">Photographs by Ilse Brun</span></p>
<p class="story-date"><time datetime="{when:%Y-%m-%d}">{when:%B %-d, %Y}</time></p><p class="reading-time">12 min read</p></header>
<div class="story-body"><section class="story-section">
{body}</section>
{paywall}</div>
<footer class="story-footer"><div class="author-bio"><img class="author-photo" src="{cdn}/people/{slugify(author)}.jpg" alt=""><p><strong>{e(author)}</strong> is a staff writer at the Quarterly. Their next book will be published next year.</p></div>
<div class="story-share"><span>Share this story</span><a href="#">Email</a><a href="#">Facebook</a><a href="#">Copy link</a></div>
<div class="story-tags"><a href="{host}/tag/longform">Longform</a><a href="{host}/tag/{slugify(art.section)}">{e(art.section)}</a></div>
</footer>
</article>
<section class="recirc" aria-label="More from the Quarterly"><h2>You might also like</h2><div class="recirc-grid">{recirc}</div></section>
</main>
<footer class="site-footer"><p class="footer-logo">The Longread Quarterly</p><ul>{links(["About", "Masthead", "Submissions", "Careers", "Contact", "Advertise", "Privacy", "Terms", "Accessibility", "RSS"], "", host + "/")}</ul><p>&copy; 2024 Longread Media Inc.</p><ul class="social">{links(["Instagram", "Facebook", "Threads"], "", "https://social.example/")}</ul></footer>
<script src="{cdn}/assets/story.5c1d.js" defer></script>
</body></html>
"""
    chrome = [
        "Stories worth your time",
        "Join 80,000 readers",
        "No thanks",
        "Subscribe from $4.99",
        "12 min read",
        "is a staff writer at the Quarterly",
        "Share this story",
        "You might also like",
        MAG_RECIRC[index % 2 + 1],
        "Masthead",
        "Longread Media Inc.",
    ]
    if art.paywalled:
        chrome += ["You've read all your free stories", "See subscription options"]
    return Page(page, url, image, chrome)


# ------------------------------------------------------------------------- H3 Ghost

GHOST_SITES = {
    "en": {
        "name": "Street Notes",
        "host": "https://streetnotes.example",
        "nav": ["Home", "Streets", "Housing", "Data", "About", "Archive", "Tips"],
        "signin": "Sign in",
        "subscribe": "Subscribe",
        "min": "min read",
        "signup_h": "Sign up for Street Notes",
        "signup_p": "Independent reporting on how our city moves, lives and builds. Free in "
        "your inbox every Friday.",
        "email": "Your email",
        "sent": "Email sent! Check your inbox to complete your signup.",
        "nospam": "No spam. Unsubscribe anytime.",
        "join": "Join the conversation",
        "member": "Become a member of Street Notes to start commenting.",
        "signup_now": "Sign up now",
        "already": "Already a member?",
        "cards": [
            "Why the bus lane on 5th Street keeps getting blocked",
            "The parking study nobody read",
            "Counting pedestrians with a clicker",
        ],
        "card_ex": "A short look at what the numbers say.",
        "footer": ["Sign up", "Privacy", "Contact", "Support our work"],
        "powered": "Powered by Ghost",
        "bookmark_desc": "A look at what the city promised before construction began.",
    },
    "es": {
        "name": "Notas de Calle",
        "host": "https://notasdecalle.example",
        "nav": ["Inicio", "Vivienda", "Movilidad", "Datos", "Quiénes somos", "Archivo"],
        "signin": "Iniciar sesión",
        "subscribe": "Suscríbete",
        "min": "min de lectura",
        "signup_h": "Suscríbete a Notas de Calle",
        "signup_p": "Periodismo independiente sobre cómo vivimos en la ciudad. Gratis cada "
        "viernes en tu correo.",
        "email": "Tu correo",
        "sent": "¡Correo enviado! Revisa tu bandeja de entrada.",
        "nospam": "Sin spam. Cancela cuando quieras.",
        "join": "Únete a la conversación",
        "member": "Hazte miembro de Notas de Calle para comentar.",
        "signup_now": "Regístrate ahora",
        "already": "¿Ya eres miembro?",
        "cards": [
            "Los pisos turísticos del casco viejo, calle a calle",
            "Qué pasó con el carril bici prometido",
            "Cuánto cuesta aparcar en el centro",
        ],
        "card_ex": "Los datos, explicados.",
        "footer": ["Suscríbete", "Privacidad", "Contacto", "Apoya nuestro trabajo"],
        "powered": "Funciona con Ghost",
        "bookmark_desc": "Requisitos, plazos y cuantías de la ayuda, explicados paso a paso.",
    },
}


def render_ghost(art: Article, index: int) -> Page:
    s = GHOST_SITES[art.lang[:2]]
    host = s["host"]
    url = f"{host}/{art.slug}/"
    when = dt(art).astimezone(UTC)
    body = ""
    bookmark_titles = []
    for i, block in enumerate(visible_blocks(art)):
        kind = block[0]
        if kind == "p":
            body += f"<p>{e(block[1])}</p>"
        elif kind in {"h2", "h3"}:
            body += f'<h2 id="{slugify(block[1])}">{e(block[1])}</h2>'
        elif kind in {"ul", "ol"}:
            body += f"<{kind}>" + "".join(f"<li>{e(x)}</li>" for x in block[1]) + f"</{kind}>"
        elif kind == "bookmark":
            _, title, _publisher = block
            bookmark_titles.append(title)
            body += (
                f'<figure class="kg-card kg-bookmark-card"><a class="kg-bookmark-container" href="{host}/{slugify(title)}/">'
                f'<div class="kg-bookmark-content"><div class="kg-bookmark-title">{e(title)}</div>'
                f'<div class="kg-bookmark-description">{e(s["bookmark_desc"])}</div>'
                f'<div class="kg-bookmark-metadata"><img class="kg-bookmark-icon" src="{host}/favicon.png" alt="">'
                f'<span class="kg-bookmark-author">{e(s["name"])}</span><span class="kg-bookmark-publisher">{e(art.authors[0])}</span></div></div>'
                f'<div class="kg-bookmark-thumbnail"><img src="{host}/content/images/thumb-{i}.jpg" alt=""></div></a></figure>'
            )
        elif kind == "callout":
            body += (
                '<div class="kg-card kg-callout-card kg-callout-card-grey"><div class="kg-callout-emoji">'
                f'&#128202;</div><div class="kg-callout-text">{e(block[1])}</div></div>'
            )
        elif kind == "table":
            rows = block[1]
            body += (
                '<div class="kg-card kg-html-card"><table><thead><tr>'
                + "".join(f"<th>{e(c)}</th>" for c in rows[0])
                + "</tr></thead><tbody>"
                + "".join(
                    "<tr>" + "".join(f"<td>{e(c)}</td>" for c in r) + "</tr>" for r in rows[1:]
                )
                + "</tbody></table></div>"
            )
        else:
            raise ValueError(kind)
        if i == 3:
            body += (
                '<div class="kg-card kg-signup-card kg-width-regular" data-lexical-signup-form style="background-color: #F0F0F0;">'
                '<div class="kg-signup-card-content"><div class="kg-signup-card-text">'
                f'<h2 class="kg-signup-card-heading" style="color: #000000;">{e(s["signup_h"])}</h2>'
                f'<p class="kg-signup-card-subheading" style="color: #000000;">{e(s["signup_p"])}</p>'
                '<form class="kg-signup-card-form" data-members-form="signup"><div class="kg-signup-card-fields">'
                f'<input class="kg-signup-card-input" id="email" data-members-email type="email" required placeholder="{a(s["email"])}">'
                f'<button class="kg-signup-card-button kg-style-accent" type="submit"><span class="kg-signup-card-button-default">{e(s["subscribe"])}</span></button></div>'
                f'<div class="kg-signup-card-success" style="color: #000000;">{e(s["sent"])}</div></form>'
                f'<p class="kg-signup-card-disclaimer" style="color: #000000;">{e(s["nospam"])}</p></div></div></div>'
            )
    authors_ld: object = (
        [{"@type": "Person", "name": n, "url": f"{host}/author/{slugify(n)}/"} for n in art.authors]
        if len(art.authors) > 1
        else {
            "@type": "Person",
            "name": art.authors[0],
            "url": f"{host}/author/{slugify(art.authors[0])}/",
            "sameAs": [],
        }
    )
    ld = {
        "@context": "https://schema.org",
        "@type": "Article",
        "publisher": {
            "@type": "Organization",
            "name": s["name"],
            "url": host + "/",
            "logo": {"@type": "ImageObject", "url": f"{host}/content/images/logo.png"},
        },
        "author": authors_ld,
        "headline": art.title,
        "url": url,
        "datePublished": when.strftime("%Y-%m-%dT%H:%M:%S.000Z"),
        "dateModified": when.strftime("%Y-%m-%dT%H:%M:%S.000Z"),
        "image": {"@type": "ImageObject", "url": art.image, "width": 2000, "height": 1333},
        "keywords": art.section,
        "description": art.dek or first_text(art),
        "mainEntityOfPage": url,
    }
    cards = "".join(
        f'<article class="post-card post"><a class="post-card-image-link" href="{host}/{slugify(t)}/"><img class="post-card-image" src="{host}/content/images/card-{k}.jpg" alt="" loading="lazy"></a>'
        f'<div class="post-card-content"><a class="post-card-content-link" href="{host}/{slugify(t)}/"><header class="post-card-header"><h2 class="post-card-title">{e(t)}</h2></header>'
        f'<div class="post-card-excerpt">{e(s["card_ex"])}</div></a><footer class="post-card-meta"><time class="post-card-meta-date">Apr {10 + k}, 2024</time> <span class="post-card-meta-length">{3 + k} {s["min"]}</span></footer></div></article>'
        for k, t in enumerate(s["cards"])
    )
    author_list = ", ".join(
        f'<a href="{host}/author/{slugify(n)}/">{e(n)}</a>' for n in art.authors
    )
    dek = f'<p class="article-excerpt">{e(art.dek)}</p>' if art.dek else ""
    page = f"""<!DOCTYPE html>
<html lang="{art.lang}">
<head>
    <meta charset="utf-8">
    <meta http-equiv="X-UA-Compatible" content="IE=edge">
    <title>{e(art.title)}</title>
    <meta name="HandheldFriendly" content="True">
    <meta name="viewport" content="width=device-width, initial-scale=1.0">
    <link rel="stylesheet" type="text/css" href="{host}/assets/built/screen.css?v=4c1a2b">
    <link rel="icon" href="{host}/content/images/size/w256h256/favicon.png" type="image/png">
    <link rel="canonical" href="{url}">
    <meta name="referrer" content="no-referrer-when-downgrade">
    <meta property="og:site_name" content="{a(s["name"])}">
    <meta property="og:type" content="article">
    <meta property="og:title" content="{a(art.title)}">
    <meta property="og:description" content="{a(art.dek or first_text(art))}">
    <meta property="og:url" content="{url}">
    <meta property="og:image" content="{a(art.image)}">
    <meta property="article:published_time" content="{when.strftime("%Y-%m-%dT%H:%M:%S.000Z")}">
    <meta property="article:modified_time" content="{when.strftime("%Y-%m-%dT%H:%M:%S.000Z")}">
    <meta property="article:tag" content="{a(art.section)}">
    <meta property="article:publisher" content="https://www.facebook.com/{slugify(s["name"])}">
    <meta name="twitter:card" content="summary_large_image">
    <meta name="twitter:label1" content="Written by">
    <meta name="twitter:data1" content="{a(", ".join(art.authors))}">
    <meta name="twitter:label2" content="Filed under">
    <meta name="twitter:data2" content="{a(art.section)}">
    {json_ld(ld)}
    <meta name="generator" content="Ghost 5.82">
    <link rel="alternate" type="application/rss+xml" title="{a(s["name"])}" href="{host}/rss/">
    <script defer src="https://cdn.jsdelivr.example/ghost/portal@~2.37/umd/portal.min.js" data-i18n="true" data-ghost="{host}/" data-key="0f1e2d3c4b5a" data-api="{host}/ghost/api/content/" crossorigin="anonymous"></script><style id="gh-members-styles">.gh-post-upgrade-cta-content{{border-radius:3px}}</style>
</head>
<body class="post-template tag-{slugify(art.section)} is-head-left-logo has-cover">
<div class="viewport">
    <header id="gh-head" class="gh-head outer">
        <div class="gh-head-inner inner">
            <div class="gh-head-brand"><a class="gh-head-logo no-image" href="{host}">{e(s["name"])}</a><button class="gh-search gh-icon-btn" aria-label="Search this site" data-ghost-search><svg xmlns="http://www.w3.org/2000/svg" fill="none" viewBox="0 0 24 24" stroke="currentColor" stroke-width="2" width="20" height="20"><path stroke-linecap="round" stroke-linejoin="round" d="M21 21l-6-6m2-5a7 7 0 11-14 0 7 7 0 0114 0z"></path></svg></button><button class="gh-burger"></button></div>
            <nav class="gh-head-menu"><ul class="nav">{"".join(f'<li class="nav-{slugify(n)}"><a href="{host}/{slugify(n)}/">{e(n)}</a></li>' for n in s["nav"])}</ul></nav>
            <div class="gh-head-actions"><a class="gh-head-link" href="#/portal/signin" data-portal="signin">{e(s["signin"])}</a><a class="gh-head-button" href="#/portal/signup" data-portal="signup">{e(s["subscribe"])}</a></div>
        </div>
    </header>
    <div class="site-content">
<main id="site-main" class="site-main">
<article class="article post tag-{slugify(art.section)} image-small">
    <header class="article-header gh-canvas">
        <div class="article-tag post-card-tags"><span class="post-card-primary-tag"><a href="{host}/tag/{slugify(art.section)}/">{e(art.section)}</a></span></div>
        <h1 class="article-title">{e(art.title)}</h1>
        {dek}
        <div class="article-byline">
        <section class="article-byline-content">
            <ul class="author-list">{"".join(f'<li class="author-list-item"><a href="{host}/author/{slugify(n)}/" class="author-avatar"><img class="author-profile-image" src="{host}/content/images/{slugify(n)}.jpg" alt="{a(n)}"></a></li>' for n in art.authors)}</ul>
            <div class="article-byline-meta">
                <h4 class="author-name">{author_list}</h4>
                <div class="byline-meta-content"><time class="byline-meta-date" datetime="{when:%Y-%m-%d}">{when:%b %-d, %Y}</time><span class="byline-reading-time"><span class="bull">&bull;</span> 4 {s["min"]}</span></div>
            </div>
        </section>
        </div>
        <figure class="article-image"><img srcset="{a(art.image)} 300w, {a(art.image)} 600w" sizes="(min-width: 1400px) 1400px, 92vw" src="{a(art.image)}" alt="{a(art.title)}"><figcaption>{e(art.caption)}</figcaption></figure>
    </header>
    <section class="gh-content gh-canvas">
        {body}
    </section>
</article>
<section class="article-comments gh-canvas"><div class="gh-comments"><h2>{e(s["join"])}</h2><p>{e(s["member"])}</p><a class="gh-btn" href="#/portal/signup" data-portal="signup">{e(s["signup_now"])}</a><p>{e(s["already"])} <a href="#/portal/signin" data-portal="signin">{e(s["signin"])}</a></p></div>
<script defer src="https://cdn.jsdelivr.example/ghost/comments-ui@~0.17/umd/comments-ui.min.js" data-ghost-comments="{host}/" data-api="{host}/ghost/api/content/" crossorigin="anonymous"></script></section>
</main>
<aside class="read-more-wrap outer"><div class="read-more inner">{cards}</div></aside>
    </div>
    <footer class="site-footer outer"><div class="inner"><section class="copyright"><a href="{host}">{e(s["name"])}</a> &copy; 2024</section><nav class="site-footer-nav"><ul class="nav">{links(s["footer"], "", host + "/")}</ul></nav><div class="gh-powered-by"><a href="https://ghost.org/" target="_blank" rel="noopener">{e(s["powered"])}</a></div></div></footer>
</div>
<div class="pswp" tabindex="-1" role="dialog" aria-hidden="true"><div class="pswp__bg"></div><div class="pswp__scroll-wrap"><div class="pswp__ui pswp__ui--hidden"><div class="pswp__top-bar"><div class="pswp__counter"></div><button class="pswp__button pswp__button--close" title="Close (Esc)"></button><button class="pswp__button pswp__button--share" title="Share"></button><button class="pswp__button pswp__button--fs" title="Toggle fullscreen"></button><button class="pswp__button pswp__button--zoom" title="Zoom in/out"></button></div></div></div></div>
<script src="{host}/assets/built/casper.js?v=4c1a2b"></script>
</body>
</html>
"""
    chrome = [
        s["signup_h"],
        s["nospam"],
        s["join"],
        s["member"],
        s["powered"],
        s["footer"][3],
        s["cards"][0],
        s["card_ex"],
        *bookmark_titles,
    ]
    return Page(page, url, art.image, chrome)


# ------------------------------------------------------------------------- H4 portal

PORTAL_NAV = [
    "Home",
    "News",
    "Royals",
    "U.S.",
    "Sport",
    "TV&Showbiz",
    "Australia",
    "Femail",
    "Health",
    "Science",
    "Money",
    "Travel",
    "Podcasts",
    "Shopping",
    "Puzzles",
    "Best Buys",
    "Discounts",
    "My Profile",
    "Logout",
]
PORTAL_SUB = [
    "Latest Headlines",
    "Royals",
    "King Charles",
    "Crime",
    "Politics",
    "Army",
    "Weather",
    "Good News",
]
PORTAL_MOST = [
    "Pensioner's garden gnome collection hits 2,000",
    "Motorway closed after lorry sheds load of melons",
    "Couple find 1950s car buried in back garden",
    "Village bans leaf blowers on Sundays",
    "Teen wins national spelling bee with 'syzygy'",
    "Seagull steals tourist's ice cream for third time",
    "Town hall clock finally fixed after 40 years",
    "Supermarket recalls mislabelled biscuits",
]
PORTAL_MISS = [
    "Soap star's secret wedding on a beach",
    "Reality TV couple announce split",
    "Singer's dog gets its own fashion line",
    "Chef reveals the one thing he won't eat",
    "Quiz champion's shock exit",
    "Inside the footballer's new mansion",
]
PORTAL_FOOT = [
    "Published by Buzz Newspapers Ltd",
    "Contact us",
    "How to complain",
    "Leadership Team",
    "Advertise with us",
    "Contributors",
    "Terms",
    "Do not sell or share my personal information",
    "About Buzz",
    "Privacy policy & cookies",
    "Syndication",
    "Sitemap",
    "Archive",
    "Video Archive",
    "Authors",
    "Topics Index",
    "Mobile Apps",
    "Screensaver",
    "RSS",
    "Text-based site",
    "Reader Prints",
    "Our Papers",
    "Top of page",
]
PORTAL_READMORE_PREFIX = "READ MORE:"


def render_portal(art: Article, index: int) -> Page:
    host = "https://www.thebuzzdaily.example"
    aid = 13000000 + index * 104729
    url = f"{host}/news/{slugify(art.section)}/article-{aid}/{art.slug}.html"
    when = dt(art)
    body = ""
    readmores = []
    for i, block in enumerate(visible_blocks(art)):
        kind = block[0]
        if kind == "p":
            body += f'<p class="mol-para-with-font">{e(block[1])}</p>\n'
        elif kind in {"ul", "ol"}:
            body += (
                '<ul class="mol-bullets-with-font">'
                + "".join(f'<li class="class-V2"><strong>{e(x)}</strong></li>' for x in block[1])
                + "</ul>\n"
            )
        elif kind == "readmore":
            readmores.append(block[1])
            body += (
                f'<p class="mol-para-with-font"><strong>{PORTAL_READMORE_PREFIX} </strong>'
                f'<a class="mol-link" rel="nofollow noreferrer" href="{host}/news/article-{aid + i}/{slugify(block[1])}.html">{e(block[1])}</a></p>\n'
            )
        elif kind == "table":
            rows = block[1]
            body += (
                '<div class="mol-table"><table class="mol-table-content"><tbody>'
                + "".join(
                    "<tr>" + "".join(f"<td><p>{e(c)}</p></td>" for c in r) + "</tr>" for r in rows
                )
                + "</tbody></table></div>\n"
            )
        else:
            raise ValueError(kind)
        if i == 0:
            body += (
                f'<div class="artSplitter mol-img-group"><div class="mol-img"><div class="image-wrap">'
                f'<img src="{a(art.image)}" height="634" width="962" alt="{a(art.caption)}" class="blkBorder img-share" /></div></div>'
                f'<p class="imageCaption">{e(art.caption)}</p></div>\n'
            )
        if i == 2:
            body += '<div class="ad adHolder mpu_puff_wrapper" data-ad-slot="mpu_factbox"><span class="adLabel">Advertisement</span></div>\n'
    dek = (
        f'<ul class="mol-bullets-with-font"><li class="class-V2"><strong>{e(art.dek)}</strong></li></ul>'
        if art.dek
        else ""
    )
    ld = {
        "@context": "http://schema.org",
        "@type": "NewsArticle",
        "headline": art.title,
        "description": art.dek or first_text(art),
        "datePublished": when.isoformat(),
        "dateModified": when.isoformat(),
        "author": {"@type": "Person", "name": art.authors[0]},
        "image": {"@type": "ImageObject", "url": art.image, "width": 634, "height": 423},
        "publisher": {"@type": "Organization", "name": "The Buzz Daily"},
        "mainEntityOfPage": url,
    }
    zone = when.strftime("%z")
    nice_zone = "BST" if zone == "+0100" else "GMT"
    footer = "".join(
        f'<li><a href="{host}/home/{slugify(n)}/index.html">{e(n)}</a></li>' for n in PORTAL_FOOT
    )
    years = "".join(
        f'<li><a href="{host}/home/sitemaparchive/year_{y}.html">{y}</a></li>'
        for y in range(1998, 2025)
    )
    page = f"""<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta http-equiv="content-type" content="text/html; charset=windows-1252">
<title>{e(art.title)} | Buzz Daily</title>
<meta name="description" content="{a(art.dek or first_text(art))}">
<meta property="og:title" content="{a(art.title)}">
<meta property="og:type" content="article">
<meta property="og:image" content="{a(art.image)}">
<meta property="og:url" content="{url}">
<meta name="author" content="{a(art.authors[0])} For Buzzdaily.example">
<meta property="article:published_time" content="{when.isoformat()}">
<meta property="article:section" content="{a(art.section.lower())}">
<link rel="canonical" href="{url}">
{json_ld(ld)}
<link rel="stylesheet" href="{host}/static/css/article.css?v=91">
<script>var PageCriteria = {{"articleId":{aid},"channel":"{slugify(art.section)}","subchannel":"","adKeywords":"{slugify(art.title)}"}};</script>
</head>
<body class="is-article">
<div id="cookie-notice" class="cookie-bar"><p>We use cookies to give you the best experience. By continuing to use the site you agree to our <a href="{host}/privacy">cookie policy</a>.</p><button type="button">Got it</button></div>
<div class="install-banner" id="pwa-install"><div class="install-banner-inner"><img src="{host}/icons/buzz-192.png" alt=""><div><strong>Get the Buzz on your phone</strong><p>Add to Home Screen for breaking news at a tap:</p><ol class="install-steps"><li>Tap the Share icon in your browser</li><li>Scroll down and choose Add to Home Screen</li><li>Tap Add in the top corner</li></ol></div><button class="install-dismiss" type="button">Maybe later</button></div></div>
<div class="page-banner"><a class="logo" href="{host}/">The Buzz Daily</a> <div class="weather">14&deg;C London</div></div>
<div id="nav-container"><ul class="nav-primary">{links(PORTAL_NAV, "", host + "/")}</ul><ul class="nav-secondary">{links(PORTAL_SUB, "", host + "/news/")}</ul></div>
<table width="100%" class="layout" cellpadding="0" cellspacing="0"><tr><td class="article-column" valign="top">
<div id="js-article-text" class="article-text wide heading-tag-switch">
<h2 class="headline">{e(art.title)}</h2>
{dek}
<div class="author-section byline-plain">By <a class="author" rel="nofollow" href="{host}/profile/{slugify(art.authors[0])}">{e(art.authors[0].upper())}</a></div>
<div class="byline-section"><span class="article-timestamp article-timestamp-published"><span class="article-timestamp-label">Published:</span> <time datetime="{when.strftime("%Y-%m-%dT%H:%M:%S%z")}">{when:%H:%M} {nice_zone}, {when.day} {when:%B %Y}</time></span></div>
<div class="social share-article"><ul><li class="facebook"><a href="#">Share</a></li><li class="share-count"><span class="count">{index + 1}.2k</span> shares</li></ul></div>
<div itemprop="articleBody">
{body}</div>
<div class="comments-prompt" id="reader-comments"><h3>Share or comment on this article:</h3><div class="comment-count">{30 + index} comments</div><p class="cta">Join the conversation</p><a class="btn" href="#comments">Post a comment</a><p>The comments below have not been moderated.</p><p>By posting your comment you agree to our house rules.</p></div>
</div>
</td><td class="sidebar" width="308" valign="top"><div class="puff"><h3>Most read News</h3><ul>{links(PORTAL_MOST, "", host + "/news/")}</ul></div><div class="puff"><h3>Don't miss</h3><ul>{links(PORTAL_MISS, "", host + "/tvshowbiz/")}</ul></div></td></tr></table>
<div class="footer"><ul class="footer-links">{footer}</ul><ul class="footer-archive">{years}</ul><p>Part of the Buzz, Weekend Buzz &amp; Metro Buzz Group &copy; Associated Buzz Ltd</p></div>
<script src="{host}/static/js/article.js?v=91"></script>
</body>
</html>
"""
    chrome = [
        "We use cookies to give you the best experience",
        "Got it",
        "Get the Buzz on your phone",
        "Add to Home Screen",
        "Maybe later",
        "Femail",
        "Best Buys",
        "Share or comment on this article",
        "Join the conversation",
        "have not been moderated",
        "house rules",
        "Most read News",
        "Don't miss",
        "How to complain",
        "Text-based site",
        PORTAL_MOST[1],
        PORTAL_MISS[0],
        *readmores,
    ]
    return Page(page, url, art.image, chrome, encoding="cp1252")


# ------------------------------------------------------------------------- H5 broadcaster

BROAD_SITES = {
    "en": {
        "name": "NBN News",
        "host": "https://www.nationalbroadcast.example",
        "skip": "Skip to content",
        "access": "Accessibility Help",
        "global": [
            "Home",
            "News",
            "Sport",
            "Weather",
            "Watch",
            "Sounds",
            "Bitesize",
            "Food",
            "More",
        ],
        "signin": "Sign in",
        "notify": "Notifications",
        "search": "Search NBN",
        "nav": [
            "Home",
            "UK",
            "World",
            "Business",
            "Politics",
            "Tech",
            "Science",
            "Health",
            "Family & Education",
            "Entertainment & Arts",
            "Stories",
            "In Pictures",
            "Reality Check",
            "Newsbeat",
            "Long Reads",
            "Wales",
            "Scotland",
            "Northern Ireland",
            "Local News",
        ],
        "caption": "Image caption, ",
        "key": "Key points",
        "app": "Get the NBN News app and switch on notifications so you never miss a story. "
        "On iPhone you can also add NBN News to your home screen.",
        "app_phrase": "add NBN News to your home screen",
        "topics": "Related topics",
        "more": "More on this story",
        "more_titles": [
            "Residents count the cost a month after the floods",
            "What the new council will do first",
            "How to check if your home is at risk",
        ],
        "share": "Share",
        "save": "Save",
        "top": "Top Stories",
        "features": "Features",
        "most": "Most Read",
        "most_titles": [
            "The mystery of the lost Roman road",
            "Why are so many school buildings crumbling?",
            "Ten things we learned this week",
        ],
        "footer": [
            "Terms of Use",
            "About the NBN",
            "Privacy Policy",
            "Cookies",
            "Accessibility Help",
            "Parental Guidance",
            "Contact the NBN",
            "Get Personalised Newsletters",
            "Why you can trust NBN News",
        ],
        "copyright": "Copyright 2024 NBN. The NBN is not responsible for the content of "
        "external sites. Read about our approach to external linking.",
        "role": "correspondent",
    },
    "de": {
        "name": "Rundfunk Mitte",
        "host": "https://www.rundfunkmitte.example",
        "skip": "Zum Inhalt springen",
        "access": "Barrierefreiheit",
        "global": ["Startseite", "Nachrichten", "Sport", "Wetter", "Mediathek", "Radio", "Verkehr"],
        "signin": "Anmelden",
        "notify": "Benachrichtigungen",
        "search": "Suche",
        "nav": [
            "Startseite",
            "Regional",
            "Deutschland",
            "Welt",
            "Wirtschaft",
            "Kultur",
            "Wissen",
            "Ratgeber",
            "Videos",
            "Podcasts",
        ],
        "caption": "Bildunterschrift: ",
        "key": "Das Wichtigste in Kürze",
        "app": "Die App von Rundfunk Mitte: Jetzt zum Startbildschirm hinzufügen und keine "
        "Eilmeldung verpassen.",
        "app_phrase": "zum Startbildschirm hinzufügen",
        "topics": "Mehr zum Thema",
        "more": "Weitere Nachrichten aus der Region",
        "more_titles": [
            "Pendler klagen über volle Busse",
            "Neue Brücke über die Wessel",
            "Fahrplanwechsel im Dezember: Das ändert sich",
        ],
        "share": "Teilen",
        "save": "Merken",
        "top": "Top-Themen",
        "features": "Hintergrund",
        "most": "Meistgelesen",
        "most_titles": [
            "Stau auf der A7 nach Unfall",
            "Wetter: Gewitter am Wochenende",
            "Stadtfest mit Besucherrekord",
        ],
        "footer": [
            "Impressum",
            "Datenschutzerklärung",
            "Barrierefreiheit",
            "Kontakt",
            "Hilfe",
            "Nutzungsbedingungen",
            "Jugendschutz",
        ],
        "copyright": "© Rundfunk Mitte 2024. Für die Inhalte externer Seiten sind wir nicht "
        "verantwortlich.",
        "role": "Redaktion Regional",
    },
}


def render_broadcaster(art: Article, index: int) -> Page:
    s = BROAD_SITES[art.lang[:2]]
    host = s["host"]
    url = f"{host}/news/{slugify(art.section)}-{68140000 + index * 31}"
    when = dt(art).astimezone(UTC)
    kinds = ["Paragraph", "Crosshead", "List", "Table"]

    def cls(n: int) -> str:
        return f"ssrcss-{(index * 13 + n) % 89:02d}{n}k-{kinds[n % 4]}"

    body = ""
    for i, block in enumerate(visible_blocks(art)):
        kind = block[0]
        if kind == "p":
            body += f'<p class="{cls(0)} e1jhz7w10">{e(block[1])}</p>\n'
        elif kind in {"h2", "h3"}:
            body += f'<h2 class="{cls(1)}">{e(block[1])}</h2>\n'
        elif kind in {"ul", "ol"}:
            body += (
                f'<ul class="{cls(2)}">' + "".join(f"<li>{e(x)}</li>" for x in block[1]) + "</ul>\n"
            )
        elif kind == "keypoints":
            body += (
                f'<div class="key-points" data-component="key-points"><h2>{e(s["key"])}</h2><ul>'
                + "".join(f"<li>{e(x)}</li>" for x in block[1])
                + "</ul></div>\n"
            )
        elif kind == "table":
            rows = block[1]
            body += (
                f'<div class="{cls(3)}-wrapper"><table class="results-table"><caption>{e(art.title.split(":")[0])}: seats won</caption><thead><tr>'
                + "".join(f'<th scope="col">{e(c)}</th>' for c in rows[0])
                + "</tr></thead><tbody>"
                + "".join(
                    "<tr>" + "".join(f"<td>{e(c)}</td>" for c in r) + "</tr>" for r in rows[1:]
                )
                + "</tbody></table></div>\n"
            )
        else:
            raise ValueError(kind)
        if i == 2:
            body += f'<div class="promo-app" data-component="app-promo"><p><b>{e(s["app"])}</b></p></div>\n'
    ld = {
        "@context": "http://schema.org",
        "@type": "ReportageNewsArticle",
        "url": url,
        "publisher": {
            "@type": "NewsMediaOrganization",
            "name": s["name"],
            "logo": {"@type": "ImageObject", "url": f"{host}/logo.png"},
        },
        "datePublished": when.strftime("%Y-%m-%dT%H:%M:%S.000Z"),
        "dateModified": when.replace(hour=min(when.hour + 4, 23)).strftime(
            "%Y-%m-%dT%H:%M:%S.000Z"
        ),
        "description": first_text(art),
        "headline": art.title,
        "image": {"@type": "ImageObject", "width": 1024, "height": 576, "url": art.image},
        "thumbnailUrl": art.image,
        "author": {
            "@type": "NewsMediaOrganization",
            "name": s["name"],
            "logo": {"@type": "ImageObject", "url": f"{host}/logo.png"},
        },
        "mainEntityOfPage": url,
    }
    names = "".join(
        f'<div class="byline-person"><span class="byline-name">{e(n)}</span><span class="byline-role">{e(s["name"])} {e(s["role"])}</span></div>'
        for n in art.authors
    )
    modified = when.replace(hour=min(when.hour + 4, 23))
    page = f"""<!DOCTYPE html><html lang="{art.lang}" class="no-js"><head><meta charSet="utf-8"/><meta name="viewport" content="width=device-width, initial-scale=1"/><title>{e(art.title)} - {e(s["name"])}</title><meta name="description" content="{a(first_text(art))}"/><meta property="og:title" content="{a(art.title)} - {a(s["name"])}"/><meta property="og:type" content="article"/><meta property="og:image" content="{a(art.image)}"/><meta property="og:locale" content="{art.lang.replace("-", "_")}"/><meta property="og:url" content="{url}"/><meta name="article:modified_time" content="{modified.strftime("%Y-%m-%dT%H:%M:%S.000Z")}"/><link rel="canonical" href="{url}"/>{json_ld(ld)}<link rel="stylesheet" href="{host}/news/static/main.0b9a.css"/></head><body>
<div class="nbn-global-nav"><a href="#main-content" class="skip">{e(s["skip"])}</a><a href="{host}/accessibility">{e(s["access"])}</a><nav aria-label="{a(s["name"])}"><ul>{links(s["global"], "", host + "/")}</ul></nav><a href="{host}/account">{e(s["signin"])}</a><a href="{host}/notifications">{e(s["notify"])}</a><a href="{host}/search">{e(s["search"])}</a></div>
<header class="nbn-news-header"><nav aria-label="News" class="nbn-news-nav"><ul>{links(s["nav"], "", host + "/news/")}</ul></nav></header>
<main id="main-content" data-testid="main-content"><article>
<header><h1 id="main-heading">{e(art.title)}</h1></header>
<div class="byline" data-testid="byline">{names}<div class="timestamp"><time datetime="{when.strftime("%Y-%m-%dT%H:%M:%S.000Z")}">{when.day} {when:%B %Y}</time></div></div>
<div data-component="image-block"><figure><img src="{a(art.image)}" alt="{a(art.caption)}" width="976" height="549"/><figcaption><span class="visually-hidden">{e(s["caption"])}</span>{e(art.caption)}</figcaption></figure></div>
<div class="article__body"><div class="story-body__inner" data-testid="story-body">
{body}</div></div>
<section data-component="topic-list" class="related-topics"><h2>{e(s["topics"])}</h2><ul>{links([art.section, "Transport" if art.lang.startswith("en") else "Verkehr"], "", host + "/news/topics/")}</ul></section>
<section class="more-on-this-story"><h2>{e(s["more"])}</h2><ul>{links(s["more_titles"], "", host + "/news/")}</ul></section>
<div class="share-tools"><button type="button">{e(s["share"])}</button><button type="button">{e(s["save"])}</button></div>
</article>
<section class="top-stories"><h2>{e(s["top"])}</h2><ul>{links(s["most_titles"][::-1], "", host + "/news/")}</ul></section>
<section class="features-list"><h2>{e(s["features"])}</h2><ul>{links(s["more_titles"][1:], "", host + "/news/")}</ul></section>
<section class="most-read"><h2>{e(s["most"])}</h2><ol>{links(s["most_titles"], "", host + "/news/")}</ol></section>
</main>
<footer class="nbn-footer"><ul>{links(s["footer"], "", host + "/")}</ul><p>{e(s["copyright"])}</p></footer>
<script src="{host}/news/static/main.0b9a.js" defer></script>
</body></html>
"""
    chrome = [
        s["skip"],
        s["access"],
        s["search"],
        s["nav"][-3],
        s["app_phrase"],
        s["topics"],
        s["more"],
        s["more_titles"][0],
        s["most"],
        s["most_titles"][1],
        s["footer"][1],
        s["copyright"][:30],
    ]
    return Page(page, url, art.image, chrome)


# ------------------------------------------------------------------------- H6 Drupal

DRUPAL_SITES = {
    "fr": {
        "name": "L'Écho de Villebrune",
        "host": "https://www.echo-villebrune.example",
        "skip": "Aller au contenu principal",
        "cookie_h": "Nous respectons votre vie privée",
        "cookie_p": "Ce site utilise des cookies pour améliorer votre expérience.",
        "cookie_more": "En savoir plus",
        "agree": "Accepter",
        "decline": "Refuser",
        "slogan": "Le quotidien de la vallée depuis 1946",
        "nav_title": "Navigation principale",
        "nav": {
            "Vie locale": ["Villebrune", "Saint-Aubert", "Les Combes", "Val-Morin"],
            "Sports": ["Football", "Rugby", "Cyclisme"],
            "Culture": ["Agenda", "Cinéma"],
            "Économie": [],
            "Petites annonces": [],
            "Avis de décès": [],
            "Services": ["Pharmacies de garde", "Horaires des déchetteries"],
            "Nous contacter": [],
        },
        "crumb": "Fil d'Ariane",
        "home": "Accueil",
        "by": "Publié par",
        "on": "le",
        "tags": "Étiquettes",
        "comments": "Commentaires",
        "join": "Participez à la discussion",
        "login": "Connectez-vous ou créez un compte pour réagir à cet article.",
        "your": "Votre commentaire",
        "save": "Enregistrer",
        "also": "À lire aussi",
        "also_titles": [
            "Fête de la musique : le programme complet",
            "Le marché du samedi change de place",
            "Travaux rue des Tanneurs jusqu'en juillet",
            "Un nouveau médecin s'installe à Val-Morin",
        ],
        "nl": "Recevez l'essentiel de l'actualité locale chaque matin.",
        "nl_btn": "Je m'inscris",
        "footer_title": "Pied de page",
        "footer": [
            "Mentions légales",
            "Données personnelles",
            "Gestion des cookies",
            "Accessibilité : partiellement conforme",
            "Plan du site",
            "Publicité",
            "Nous contacter",
            "Recrutement",
            "Abonnements",
            "Archives",
            "Flux RSS",
        ],
        "rights": "Tous droits réservés",
        "date": lambda d: f"{d:%d/%m/%Y - %H:%M}",
    },
    "de": {
        "name": "Grenzland Kurier",
        "host": "https://www.grenzland-kurier.example",
        "skip": "Direkt zum Inhalt",
        "cookie_h": "Wir respektieren Ihre Privatsphäre",
        "cookie_p": "Diese Website verwendet Cookies, um Ihr Nutzungserlebnis zu verbessern.",
        "cookie_more": "Mehr erfahren",
        "agree": "Alle akzeptieren",
        "decline": "Ablehnen",
        "slogan": "Ihre Zeitung für das Wesseltal",
        "nav_title": "Hauptnavigation",
        "nav": {
            "Lokales": ["Altstadt", "Südliche Dörfer", "Nordkreis"],
            "Sport": ["Fußball", "Handball"],
            "Kultur": ["Veranstaltungen"],
            "Wirtschaft": [],
            "Kleinanzeigen": [],
            "Todesanzeigen": [],
            "Service": ["Notdienste", "Abfallkalender"],
            "Kontakt": [],
        },
        "crumb": "Sie sind hier",
        "home": "Startseite",
        "by": "Veröffentlicht von",
        "on": "am",
        "tags": "Schlagworte",
        "comments": "Kommentare",
        "join": "Diskutieren Sie mit",
        "login": "Melden Sie sich an oder registrieren Sie sich, um zu kommentieren.",
        "your": "Ihr Kommentar",
        "save": "Speichern",
        "also": "Das könnte Sie auch interessieren",
        "also_titles": [
            "Wochenmarkt zieht auf den Rathausplatz",
            "Freibad öffnet am ersten Mai",
            "Umleitung an der B 54 ab Montag",
            "Neue Kita im Nordkreis eingeweiht",
        ],
        "nl": "Die wichtigsten Nachrichten aus der Region jeden Morgen per E-Mail.",
        "nl_btn": "Anmelden",
        "footer_title": "Fußzeile",
        "footer": [
            "Impressum",
            "Datenschutz",
            "Cookie-Einstellungen",
            "Barrierefreiheit",
            "Mediadaten",
            "Abo-Service",
            "Kontakt",
            "Karriere",
            "Archiv",
            "RSS",
        ],
        "rights": "Alle Rechte vorbehalten",
        "date": lambda d: f"{d:%d.%m.%Y - %H:%M}",
    },
    "en": {
        "name": "Eastside Gazette",
        "host": "https://www.eastsidegazette.example",
        "skip": "Skip to main content",
        "cookie_h": "We respect your privacy",
        "cookie_p": "This site uses cookies to improve your experience.",
        "cookie_more": "More info",
        "agree": "Accept",
        "decline": "Decline",
        "slogan": "Neighbourhood news since 1972",
        "nav_title": "Main navigation",
        "nav": {
            "Neighbourhoods": ["Eastside", "Harbor Flats", "Old Mill", "Riverbend"],
            "Schools": [],
            "City Hall": [],
            "Arts": ["Events", "Music"],
            "Food": [],
            "Classifieds": [],
            "Obituaries": [],
            "Contact": [],
        },
        "crumb": "Breadcrumb",
        "home": "Home",
        "by": "Submitted by",
        "on": "on",
        "tags": "Tags",
        "comments": "Comments",
        "join": "Join the discussion",
        "login": "Log in or register to post comments.",
        "your": "Your comment",
        "save": "Save",
        "also": "You may also like",
        "also_titles": [
            "Block party returns to Mill Street",
            "Library adds Sunday hours",
            "Crosswalk approved at Fifth and Pine",
            "Farmers market opens May 4",
        ],
        "nl": "Get Eastside news in your inbox every Thursday.",
        "nl_btn": "Subscribe",
        "footer_title": "Footer",
        "footer": [
            "About the Gazette",
            "Advertise",
            "Privacy",
            "Terms",
            "Accessibility",
            "Contact",
            "Archives",
            "RSS",
        ],
        "rights": "All rights reserved",
        "date": lambda d: f"{d:%a, %m/%d/%Y - %H:%M}",
    },
}


def render_drupal(art: Article, index: int) -> Page:
    s = DRUPAL_SITES[art.lang[:2]]
    host = s["host"]
    when = dt(art)
    node = 4800 + index * 17
    url = f"{host}/{slugify(art.section)}/{when:%Y/%m/%d}/{art.slug}"
    og_path = art.image.replace("/files/", "/files/styles/og_image/public/") + "?itok=Ab3xQ9_z"
    image = urljoin(host, og_path)
    body = ""
    for block in visible_blocks(art):
        kind = block[0]
        if kind == "p":
            body += f"<p>{e(block[1])}</p>\n"
        elif kind in {"h2", "h3"}:
            body += f"<h2>{e(block[1])}</h2>\n"
        elif kind in {"ul", "ol"}:
            body += f"<{kind}>" + "".join(f"<li>{e(x)}</li>" for x in block[1]) + f"</{kind}>\n"
        else:
            raise ValueError(kind)
    nav = ""
    for top, subs in s["nav"].items():
        sub = (
            '<ul class="menu menu--level-2">'
            + links(subs, "menu__item", f"{host}/{slugify(top)}/")
            + "</ul>"
            if subs
            else ""
        )
        expanded = " menu__item--expanded" if subs else ""
        nav += f'<li class="menu__item{expanded}"><a href="{host}/{slugify(top)}" class="menu__link">{e(top)}</a>{sub}</li>'
    offset = when.strftime("%z")
    settings = {
        "path": {
            "baseUrl": "/",
            "pathPrefix": "",
            "currentPath": f"node/{node}",
            "currentPathIsAdmin": False,
            "isFront": False,
            "currentLanguage": art.lang[:2],
        },
        "eu_cookie_compliance": {"popup_enabled": True, "method": "opt_in"},
    }
    also = "".join(
        f'<li><div class="views-field views-field-title"><span class="field-content"><a href="{host}/{slugify(t)}" hreflang="{art.lang[:2]}">{e(t)}</a></span></div></li>'
        for t in s["also_titles"]
    )
    tags = "".join(
        f'<div class="field__item"><a href="{host}/taxonomy/term/{k + 10}" hreflang="{art.lang[:2]}">{e(t)}</a></div>'
        for k, t in enumerate([art.section, art.title.split()[1].strip(",:").capitalize()])
    )
    page = f"""<!DOCTYPE html>
<html lang="{art.lang}" dir="ltr" prefix="content: http://purl.org/rss/1.0/modules/content/  dc: http://purl.org/dc/terms/  foaf: http://xmlns.com/foaf/0.1/  og: http://ogp.me/ns#  rdfs: http://www.w3.org/2000/01/rdf-schema#  schema: http://schema.org/  sioc: http://rdfs.org/sioc/ns#  sioct: http://rdfs.org/sioc/types#  skos: http://www.w3.org/2004/02/skos/core#  xsd: http://www.w3.org/2001/XMLSchema# ">
  <head>
    <meta charset="utf-8" />
<meta name="description" content="{a(first_text(art))}" />
<link rel="canonical" href="{url}" />
<meta property="og:site_name" content="{a(s["name"])}" />
<meta property="og:type" content="article" />
<meta property="og:url" content="{url}" />
<meta property="og:title" content="{a(art.title)}" />
<meta property="og:image" content="{a(og_path)}" />
<meta property="article:published_time" content="{when.strftime("%Y-%m-%dT%H:%M:%S")}{offset}" />
<meta name="Generator" content="Drupal 10 (https://www.drupal.org)" />
<meta name="MobileOptimized" content="width" />
<meta name="HandheldFriendly" content="true" />
<meta name="viewport" content="width=device-width, initial-scale=1.0" />
<link rel="icon" href="/core/misc/favicon.ico" type="image/vnd.microsoft.icon" />
    <title>{e(art.title)} | {e(s["name"])}</title>
    <link rel="stylesheet" media="all" href="/sites/default/files/css/css_q1w2e3.css?delta=0&amp;language={art.lang[:2]}&amp;theme=regio&amp;include=eJxdj0EOwjAMBD-U" />
    <script type="application/json" data-drupal-selector="drupal-settings-json">{json.dumps(settings)}</script>
  </head>
  <body class="path-node page-node-type-article">
        <a href="#main-content" class="visually-hidden focusable skip-link">{e(s["skip"])}</a>
    <div id="sliding-popup" class="sliding-popup-bottom" role="alertdialog" aria-describedby="popup-text"><div class="eu-cookie-compliance-banner eu-cookie-compliance-banner-info eu-cookie-compliance-banner--opt-in"><div class="popup-content info eu-cookie-compliance-content"><div id="popup-text" class="eu-cookie-compliance-message" role="document"><h2>{e(s["cookie_h"])}</h2><p>{e(s["cookie_p"])}</p><button type="button" class="find-more-button eu-cookie-compliance-more-button">{e(s["cookie_more"])}</button></div><div id="popup-buttons" class="eu-cookie-compliance-buttons"><button type="button" class="agree-button eu-cookie-compliance-secondary-button">{e(s["agree"])}</button><button type="button" class="decline-button eu-cookie-compliance-default-button">{e(s["decline"])}</button></div></div></div></div>
      <div class="dialog-off-canvas-main-canvas" data-off-canvas-main-canvas>
    <div class="layout-container">
  <header role="banner" class="site-header">
    <div class="region region-header"><div id="block-regio-branding" class="block block-system block-system-branding-block"><a href="/" rel="home" class="site-logo"><img src="/themes/custom/regio/logo.svg" alt="{a(s["home"])}" /></a><div class="site-name"><a href="/" rel="home">{e(s["name"])}</a></div><div class="site-slogan">{e(s["slogan"])}</div></div></div>
    <div class="region region-primary-menu"><nav role="navigation" aria-labelledby="block-regio-main-menu-menu" id="block-regio-main-menu" class="block block-menu navigation menu--main"><h2 class="visually-hidden" id="block-regio-main-menu-menu">{e(s["nav_title"])}</h2><ul class="menu menu--level-1">{nav}</ul></nav></div>
  </header>
  <div class="region region-breadcrumb"><div id="block-regio-breadcrumbs" class="block block-system block-system-breadcrumb-block"><nav class="breadcrumb" role="navigation" aria-labelledby="system-breadcrumb"><h2 id="system-breadcrumb" class="visually-hidden">{e(s["crumb"])}</h2><ol><li><a href="/">{e(s["home"])}</a></li><li><a href="/{slugify(art.section)}">{e(art.section)}</a></li><li>{e(art.title)}</li></ol></nav></div></div>
  <div class="region region-highlighted"><div data-drupal-messages-fallback class="hidden"></div></div>
  <main role="main">
    <a id="main-content" tabindex="-1"></a>
    <div class="layout-content">
      <div class="region region-content">
<div id="block-regio-page-title" class="block block-core block-page-title-block"><h1 class="page-title"><span class="field field--name-title field--type-string field--label-hidden">{e(art.title)}</span></h1></div>
<div id="block-regio-content" class="block block-system block-system-main-block">
<article data-history-node-id="{node}" role="article" about="/{slugify(art.section)}/{when:%Y/%m/%d}/{art.slug}" class="node node--type-article node--promoted node--view-mode-full">
  <footer class="node__meta"><div class="node__submitted">{e(s["by"])} <span class="field field--name-uid field--type-entity-reference field--label-hidden"><span lang="" about="/user/{index + 3}" typeof="schema:Person" property="schema:name" datatype="">{e(art.authors[0])}</span></span> {e(s["on"])} <span class="field field--name-created field--type-created field--label-hidden"><time datetime="{when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")}" title="{when.isoformat()}" class="datetime">{s["date"](when)}</time></span></div></footer>
  <div class="node__content">
  <div class="field field--name-field-image field--type-image field--label-hidden field__item"><img loading="lazy" src="{a(art.image.replace("/files/", "/files/styles/large/public/"))}?itok=xyz" width="480" height="320" alt="{a(art.caption)}" typeof="foaf:Image" /><div class="field--name-field-image-caption">{e(art.caption)}</div></div>
  <div class="clearfix text-formatted field field--name-body field--type-text-with-summary field--label-hidden field__item">{body}</div>
  <div class="field field--name-field-tags field--type-entity-reference field--label-above"><div class="field__label">{e(s["tags"])}</div><div class="field__items">{tags}</div></div>
  <section class="field field--name-comment field--type-comment field--label-above comment-wrapper"><h2 class="title comment-wrapper__title">{e(s["comments"])}</h2><h2 class="title comment-form__title">{e(s["join"])}</h2><div class="comment-prompt"><p>{e(s["login"])}</p></div><form class="comment-comment-form comment-form" data-drupal-selector="comment-form" action="/comment/reply/node/{node}/comment" method="post" accept-charset="UTF-8"><div class="js-form-item form-item js-form-type-textarea form-type-textarea"><label for="edit-comment-body">{e(s["your"])}</label><textarea id="edit-comment-body" name="comment_body" rows="5" cols="60" class="form-textarea"></textarea></div><div data-drupal-selector="edit-actions" class="form-actions js-form-wrapper form-wrapper"><input data-drupal-selector="edit-submit" type="submit" id="edit-submit" name="op" value="{a(s["save"])}" class="button button--primary js-form-submit form-submit" /></div></form></section>
  </div>
</article>
</div>
      </div>
    </div>
    <aside class="layout-sidebar-first" role="complementary"><div class="region region-sidebar-first"><div class="views-element-container block block-views block-views-blockcontent-recent-block-1"><h2>{e(s["also"])}</h2><div><div class="item-list"><ul>{also}</ul></div></div></div><div class="block newsletter-block"><h2>Newsletter</h2><p>{e(s["nl"])}</p><form><input type="email" aria-label="E-mail"><input type="submit" value="{a(s["nl_btn"])}"></form></div></div></aside>
  </main>
  <footer role="contentinfo" class="site-footer"><div class="region region-footer"><nav role="navigation" aria-labelledby="block-regio-footer-menu" id="block-regio-footer" class="block block-menu navigation menu--footer"><h2 class="visually-hidden" id="block-regio-footer-menu">{e(s["footer_title"])}</h2><ul class="menu">{links(s["footer"], "menu__item", host + "/")}</ul></nav><div class="block block-copyright"><p>&copy; 2024 {e(s["name"])} &mdash; {e(s["rights"])}</p></div></div></footer>
</div>
  </div>
    <script src="/core/assets/vendor/jquery/jquery.min.js?v=3.7.1"></script>
<script src="/core/misc/drupal.js?v=10.2.5"></script>
  </body>
</html>
"""
    nav_keys = list(s["nav"])
    chrome = [
        s["skip"],
        s["cookie_h"],
        s["cookie_p"],
        nav_keys[5],
        s["join"],
        s["login"],
        s["also"],
        s["also_titles"][0],
        s["nl"],
        s["footer"][0],
        s["rights"],
        s["slogan"],
    ]
    return Page(page, url, image, chrome)


TEMPLATES: dict[str, Callable[[Article, int], Page]] = {
    "wordpress": render_wordpress,
    "newsroom": render_newsroom,
    "regional": render_regional,
    "substack": render_substack,
    "amp": render_amp,
    "liveblog": render_liveblog,
    "wire": render_wire,
    "magazine": render_magazine,
    "ghost": render_ghost,
    "portal": render_portal,
    "broadcaster": render_broadcaster,
    "drupal": render_drupal,
}


def normalise(text: str) -> str:
    return " ".join(text.lower().split())


def visible_text(document: str) -> str:
    tree = lxml_html.fromstring(document)
    for node in tree.xpath("//script|//style|//noscript"):
        node.drop_tree()
    return normalise(tree.text_content())


def build(articles: list[Article], out: Path) -> None:
    out.mkdir(exist_ok=True)
    for old in out.glob("*.*"):
        old.unlink()
    for index, art in enumerate(articles):
        page = TEMPLATES[art.template](art, index)
        gold_text = "\n".join(gold_lines(visible_blocks(art)))
        shown = visible_text(page.html)
        for phrase in page.chrome:
            if normalise(phrase) not in shown:
                raise SystemExit(f"{art.slug}: chrome phrase not on the page: {phrase!r}")
            if normalise(phrase) in normalise(gold_text):
                raise SystemExit(f"{art.slug}: chrome phrase inside the gold text: {phrase!r}")
        for line in gold_text.splitlines():
            # table rows are checked cell by cell: cells touch in the page's text content
            if normalise(line) not in shown and not all(
                w in shown for w in normalise(line).split()
            ):
                raise SystemExit(f"{art.slug}: gold line not on the page: {line!r}")
        gold = {
            "url": page.url,
            "template": art.template,
            "title": art.title,
            "author": ", ".join(art.authors),
            "published": dt(art).astimezone(UTC).isoformat(),
            "language": art.lang.split("-")[0].lower(),
            "image": page.image,
            "text": gold_text,
            "chrome": sorted(set(page.chrome)),
        }
        (out / f"{art.slug}.html").write_bytes(page.html.encode(page.encoding))
        (out / f"{art.slug}.json").write_text(
            json.dumps(gold, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )


def main() -> None:
    build(DEV, HERE / "dev")
    build(HELDOUT, HERE / "heldout")
    print(f"wrote {len(DEV)} dev and {len(HELDOUT)} held-out pages")


if __name__ == "__main__":
    main()
