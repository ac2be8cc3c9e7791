"""URL configuration. Django's own admin is deliberately not installed or routed."""

from django.conf import settings
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls

from identity import views as identity_views
from portal import views
from sitewide import views as sitewide_views

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path(".well-known/security.txt", identity_views.security_txt, name="security_txt"),
    path("csp-report/", identity_views.csp_report, name="csp_report"),
    path("print.css", sitewide_views.print_stylesheet, name="print_stylesheet"),
    path("webauthn/", include("django_otp_webauthn.urls", namespace="otp_webauthn")),
    path("admin/logout/", identity_views.logout),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include("keydocs.urls")),
    path("search/", include("sitesearch.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("", include(wagtail_urls))]

handler500 = "portal.views.server_error"
