"""The website channel's fields in inbox JSON, and the embed snippet a site pastes into its pages."""

from __future__ import annotations

from chatlake.attachment_urls import public_base_url
from chatlake.models import ChannelWebWidget
from chatlake.models.web_widget import REPLY_TIME_NAMES

# Chatwoot's snippet, unchanged but for the base URL and the token, so the sites that paste it work as they do.
SNIPPET = """<script>
  (function(d,t) {
    var BASE_URL="%(base_url)s";
    var g=d.createElement(t),s=d.getElementsByTagName(t)[0];
    g.src=BASE_URL+"/packs/js/sdk.js";
    g.defer = true;
    g.async = true;
    s.parentNode.insertBefore(g,s);
    g.onload=function(){
      window.chatwootSDK.run({
        websiteToken: '%(website_token)s',
        baseUrl: BASE_URL
      })
    }
  })(document,"script");
</script>"""


def embed_snippet(widget: ChannelWebWidget, base_url: str | None = None) -> str:
    return SNIPPET % {"base_url": base_url or public_base_url() or "", "website_token": widget.website_token}


def web_widget_fields(widget: ChannelWebWidget, *, with_secrets: bool) -> dict:
    body = {
        "website_url": widget.website_url,
        "website_token": widget.website_token,
        "web_widget_script": embed_snippet(widget),
        "widget_color": widget.widget_color,
        "welcome_title": widget.welcome_title,
        "welcome_tagline": widget.welcome_tagline,
        "reply_time": REPLY_TIME_NAMES.get(widget.reply_time, "in_a_few_minutes"),
        "pre_chat_form_enabled": widget.pre_chat_form_enabled,
        "pre_chat_form_options": widget.pre_chat_form_options or {},
        "hmac_mandatory": widget.hmac_mandatory,
    }
    if with_secrets:
        body["hmac_token"] = widget.hmac_token
    return body
