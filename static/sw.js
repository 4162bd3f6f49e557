// Placeholder service worker; replaced by the offline outbox work.
self.addEventListener("fetch", function () {});
