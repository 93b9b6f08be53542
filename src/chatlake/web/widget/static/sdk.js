/* Chatlake website widget loader, served at /packs/js/sdk.js for Chatwoot's embed snippet:
   window.chatwootSDK.run({websiteToken, baseUrl}) adds a launcher bubble and the chat window (an iframe of
   <baseUrl>/widget), dispatches `chatwoot:ready`, and exposes window.$chatwoot.
   The visitor's session lives in this site's localStorage, so the conversation survives page loads even where the
   browser keeps the iframe's own storage from persisting. */
(function () {
  "use strict";
  if (window.chatwootSDK && window.chatwootSDK.__chatlake) return;

  function run(options) {
    if (window.$chatwoot && window.$chatwoot.hasLoaded !== undefined) return;
    var token = String((options && options.websiteToken) || "");
    var baseUrl = String((options && options.baseUrl) || "").replace(/\/+$/, "");
    if (!token || !baseUrl) throw new Error("chatwootSDK.run needs websiteToken and baseUrl");
    var settings = window.chatwootSettings || {};
    var origin = new URL(baseUrl, location.href).origin;
    var storageKey = "chatlake:" + token;
    var left = settings.position === "left";
    var queue = [];
    var frameReady = false;
    var color = "#1f93ff";

    function stored() {
      try { return JSON.parse(localStorage.getItem(storageKey) || "null"); } catch (e) { return null; }
    }
    function store(session) {
      try {
        if (session) localStorage.setItem(storageKey, JSON.stringify(session));
        else localStorage.removeItem(storageKey);
      } catch (e) { /* storage refused: the widget still works for this page */ }
    }

    var style = document.createElement("style");
    style.textContent =
      ".cl-bubble{position:fixed;bottom:20px;" + (left ? "left" : "right") + ":20px;width:60px;height:60px;" +
      "border-radius:50%;border:0;cursor:pointer;box-shadow:0 4px 16px rgba(0,0,0,.25);z-index:2147483000;" +
      "display:flex;align-items:center;justify-content:center;color:#fff;padding:0}" +
      ".cl-bubble:focus-visible{outline:3px solid #111;outline-offset:3px}" +
      ".cl-bubble svg{width:28px;height:28px;fill:currentColor}" +
      ".cl-badge{position:absolute;top:-4px;right:-4px;min-width:20px;height:20px;border-radius:10px;background:#d00;" +
      "color:#fff;font:bold 12px/20px sans-serif;text-align:center;padding:0 5px;box-sizing:border-box}" +
      ".cl-frame{position:fixed;bottom:92px;" + (left ? "left" : "right") + ":20px;width:380px;height:600px;" +
      "max-width:calc(100vw - 40px);max-height:calc(100vh - 112px);border:0;border-radius:12px;" +
      "box-shadow:0 8px 32px rgba(0,0,0,.25);z-index:2147483000;background:#fff}" +
      ".cl-hidden{display:none!important}";
    document.head.appendChild(style);

    var title = settings.launcherTitle || "Chat with us";
    var bubble = document.createElement("button");
    bubble.type = "button";
    bubble.className = "cl-bubble woot-widget-bubble" + (settings.hideMessageBubble ? " cl-hidden" : "");
    bubble.style.background = color;
    bubble.setAttribute("aria-label", title);
    bubble.setAttribute("aria-expanded", "false");
    bubble.setAttribute("aria-controls", "chatwoot_live_chat_widget");
    bubble.innerHTML =
      '<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M4 3h16a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2H8l-5 4V5a2 2 0 0 1 1-2z"/></svg>' +
      '<span class="cl-badge cl-hidden" aria-hidden="true"></span>';
    var badge = bubble.querySelector(".cl-badge");

    var frame = document.createElement("iframe");
    frame.id = "chatwoot_live_chat_widget";
    frame.className = "cl-frame cl-hidden";
    frame.title = "Chat window";
    frame.setAttribute("allow", "clipboard-write");
    var src = baseUrl + "/widget?website_token=" + encodeURIComponent(token);
    if (settings.locale) src += "&locale=" + encodeURIComponent(settings.locale);
    frame.src = src;

    function post(message) {
      if (frameReady) frame.contentWindow.postMessage(Object.assign({ chatlake: true }, message), origin);
      else queue.push(message);
    }

    function setOpen(open) {
      if (open === api.isOpen) return;
      api.isOpen = open;
      frame.classList.toggle("cl-hidden", !open);
      bubble.setAttribute("aria-expanded", String(open));
      if (open) badge.classList.add("cl-hidden");
      post({ event: "toggle", open: open });
      if (open) frame.focus();
      else if (!settings.hideMessageBubble) bubble.focus();
    }

    bubble.addEventListener("click", function () { setOpen(!api.isOpen); });

    window.addEventListener("message", function (e) {
      if (e.origin !== origin || e.source !== frame.contentWindow) return;
      var data = e.data;
      if (!data || data.chatlake !== true) return;
      if (data.event === "loaded") {
        frameReady = true;
        post({ event: "init", session: stored(), locale: settings.locale || null, open: api.isOpen });
        queue.splice(0).forEach(post);
        if (data.color) { color = data.color; bubble.style.background = color; }
        api.hasLoaded = true;
        window.dispatchEvent(new CustomEvent("chatwoot:ready"));
      } else if (data.event === "session") {
        store(data.session);
      } else if (data.event === "close") {
        setOpen(false);
      } else if (data.event === "unread" && !api.isOpen && data.count > 0) {
        badge.textContent = String(data.count);
        badge.classList.remove("cl-hidden");
      } else if (data.event === "error") {
        window.dispatchEvent(new CustomEvent("chatwoot:error", { detail: data.detail }));
      }
    });

    var api = {
      hasLoaded: false,
      isOpen: false,
      position: left ? "left" : "right",
      websiteToken: token,
      toggle: function (state) {
        setOpen(state === "open" ? true : state === "close" ? false : !api.isOpen);
      },
      toggleBubbleVisibility: function (visibility) {
        bubble.classList.toggle("cl-hidden", visibility === "hide");
      },
      setUser: function (identifier, user) {
        post({ event: "set-user", identifier: String(identifier), user: user || {} });
      },
      setCustomAttributes: function (attributes) {
        post({ event: "set-custom-attributes", attributes: attributes || {} });
      },
      deleteCustomAttribute: function (key) {
        post({ event: "delete-custom-attribute", key: String(key) });
      },
      setLabel: function (label) { post({ event: "set-label", label: String(label) }); },
      removeLabel: function (label) { post({ event: "remove-label", label: String(label) }); },
      setLocale: function (locale) { post({ event: "set-locale", locale: String(locale) }); },
      reset: function () {
        store(null);
        setOpen(false);
        post({ event: "reset" });
      },
    };
    window.$chatwoot = api;
    document.body.appendChild(frame);
    document.body.appendChild(bubble);
  }

  window.chatwootSDK = { run: run, __chatlake: true };
})();
