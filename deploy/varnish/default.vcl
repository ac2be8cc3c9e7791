# Varnish in front of the portal's app nodes (issue 15; docs/scaling.md).
#
# Caches anonymous GET/HEAD responses the app marks public; passes everything else: other
# methods, requests with a session, CSRF or messages cookie or an Authorization header, the
# admin (and so previews), and any response that is private, no-store or sets a cookie.
# The app purges exact URLs on publish (wagtail.contrib.frontend_cache HTTPBackend, PURGE), or
# everything under a path with a trailing "*" (a ban).
#
# The two backends are the docker-compose app containers; tests/scale replaces only their
# host and port lines to point at gunicorns on loopback.

vcl 4.1;

import directors;

probe app_health {
    .url = "/healthz";
    .interval = 2s;
    .timeout = 2s;
    .window = 3;
    .threshold = 2;
    .initial = 2;
}

backend app_a {
    .host = "web";
    .port = "8000";
    .host_header = "localhost";
    .connect_timeout = 2s;
    .first_byte_timeout = 30s;
    .between_bytes_timeout = 10s;
    .probe = app_health;
}

backend app_b {
    .host = "web-b";
    .port = "8000";
    .host_header = "localhost";
    .connect_timeout = 2s;
    .first_byte_timeout = 30s;
    .between_bytes_timeout = 10s;
    .probe = app_health;
}

# Who may send PURGE: this host and the private networks the app containers live on.
acl purgers {
    "localhost";
    "127.0.0.1";
    "::1";
    "10.0.0.0"/8;
    "172.16.0.0"/12;
    "192.168.0.0"/16;
}

sub vcl_init {
    new app = directors.round_robin();
    app.add_backend(app_a);
    app.add_backend(app_b);
}

sub vcl_recv {
    set req.backend_hint = app.backend();

    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(405, "PURGE not allowed from this address."));
        }
        # "PURGE /*" (everything, or a whole subtree such as /news/*): a ban on the stored
        # objects' own host and path, which the ban lurker applies in the background.
        if (req.url ~ "\*$") {
            ban("obj.http.X-Host == " + regsub(req.http.host, ":[0-9]+$", "")
                + " && obj.http.X-Url ~ ^" + regsub(req.url, "\*$", ""));
            return (synth(200, "Banned"));
        }
        return (purge);
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    if (req.http.Authorization) {
        return (pass);
    }
    # The admin (including page previews), Django's admin and document downloads (their
    # privacy follows the collection, and public ones redirect to expiring URLs) are never cached.
    if (req.url ~ "^/(admin|django-admin|documents)(/|$)") {
        return (pass);
    }
    # Signed in, mid-form or holding a flash message: the response may be personal.
    if (req.http.Cookie ~ "(^|;\s*)(sessionid|csrftoken|messages)=") {
        return (pass);
    }
    # Anything else in Cookie (analytics and the like) does not change the page.
    unset req.http.Cookie;
    return (hash);
}

sub vcl_hash {
    hash_data(req.url);
    # One object per host, whatever port the client used to reach us.
    hash_data(regsub(req.http.host, ":[0-9]+$", ""));
    return (lookup);
}

sub vcl_backend_response {
    # Kept on the object for bans (see PURGE above); removed before delivery.
    set beresp.http.X-Url = bereq.url;
    set beresp.http.X-Host = regsub(bereq.http.host, ":[0-9]+$", "");
    # Never store a response that sets a cookie or is not shared: remember not to ask.
    if (beresp.http.Set-Cookie
        || beresp.http.Cache-Control ~ "(private|no-store|no-cache)"
        || beresp.http.Surrogate-Control ~ "no-store"
        || !beresp.http.Cache-Control) {
        set beresp.uncacheable = true;
        set beresp.ttl = 120s;
        return (deliver);
    }
    # Only pages the app marks public are stored; errors other than 404 are not.
    if (beresp.status >= 500 || (beresp.status >= 400 && beresp.status != 404)) {
        set beresp.uncacheable = true;
        set beresp.ttl = 10s;
        return (deliver);
    }
    # Serve a stale copy for a while if every app node is down or slow (not after a purge:
    # a purge removes the object and its grace copy).
    set beresp.grace = 1h;
    return (deliver);
}

sub vcl_deliver {
    unset resp.http.X-Url;
    unset resp.http.X-Host;
    if (obj.uncacheable) {
        set resp.http.X-Cache = "PASS";
    } elsif (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } else {
        set resp.http.X-Cache = "MISS";
    }
    return (deliver);
}

sub vcl_synth {
    if (req.method == "PURGE") {
        set resp.http.Content-Type = "text/plain; charset=utf-8";
    }
    return (deliver);
}
