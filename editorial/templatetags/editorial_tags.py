from django import template
from django.conf import settings
from wagtail.admin.templatetags.wagtailuserbar import wagtailuserbar

register = template.Library()


@register.simple_tag(takes_context=True)
def staff_userbar(context, position="bottom-right"):
    """Wagtail's userbar (with its accessibility checker) for visitors who carry a session.

    Anonymous visitors have no session cookie; skipping the tag for them means their request never
    touches the session, so the response does not vary on cookies and stays cacheable.
    """
    request = context.get("request")
    if request is None or settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return ""
    return wagtailuserbar(context, position)
