# Varnish in front of the site (nginx of deploy/nginx, or gunicorn): keeps the public pages
# Django marks "public, s-maxage=N" (stories/page_cache.py) and forgets them when the site
# purges them (wagtail.contrib.frontend_cache, HTTP backend: WAGTAILFRONTENDCACHE_VARNISH_URL).
#
#   varnishd -a :80 -f /etc/varnish/centenaire.vcl -s malloc,256m
#
# Edit the backend's address below to where nginx (or gunicorn) listens.
vcl 4.1;

backend default {
    .host = "127.0.0.1";
    .port = "8000";
}

# Who may purge: the web nodes. Add their addresses when they run on other machines.
acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    if (req.method == "PURGE") {
        if (!client.ip ~ purgers) {
            return (synth(405, "Purging is not allowed from this address"));
        }
        # One path with all its query strings: a list's filters and pages go with it.
        ban("obj.http.x-cache-host == " + req.http.host +
            " && obj.http.x-cache-path == " + regsub(req.url, "\?.*$", ""));
        return (synth(200, "Purged"));
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    if (req.url ~ "^/(admin|django-admin)/") {
        return (pass);
    }
    # Only a session (a login, a page password) or a pending message makes a page personal;
    # other cookies (csrftoken of an earlier form) change nothing Django would answer.
    if (req.http.Cookie && req.http.Cookie !~ "(^|;\s*)(sessionid|messages)=") {
        unset req.http.Cookie;
    }
    if (req.http.Authorization || req.http.Cookie) {
        return (pass);
    }
    return (hash);
}

sub vcl_backend_response {
    # What a purge matches (lurker-friendly bans: only object headers).
    set beresp.http.x-cache-host = bereq.http.host;
    set beresp.http.x-cache-path = regsub(bereq.url, "\?.*$", "");
    # Varnish's built-in rules follow: Set-Cookie, private, no-store and no-cache are not kept.
}

sub vcl_deliver {
    unset resp.http.x-cache-host;
    unset resp.http.x-cache-path;
    if (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } else {
        set resp.http.X-Cache = "MISS";
    }
}
