"""The website widget: the loader script at /packs/js/sdk.js and the chat window at /widget."""
