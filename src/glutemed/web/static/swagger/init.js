/* glutemed: start the vendored Swagger UI on the app's own OpenAPI document. A file, not an
 * inline script, so the Content-Security-Policy can forbid inline scripts everywhere.
 * "Try it out" on a POST, PUT or DELETE first fetches the session's CSRF token. */
(function () {
  "use strict";
  function withCsrf(request) {
    if (request.method === "GET" || request.method === "HEAD") { return request; }
    return fetch("/api/v1/csrf", { credentials: "same-origin" })
      .then(function (answer) { return answer.json(); })
      .then(function (body) { request.headers["X-CSRF-Token"] = body.csrf_token; return request; });
  }
  window.addEventListener("DOMContentLoaded", function () {
    var root = document.getElementById("swagger-ui");
    window.ui = window.SwaggerUIBundle({
      url: root.dataset.openapi,
      dom_id: "#swagger-ui",
      deepLinking: true,
      validatorUrl: null,
      requestInterceptor: withCsrf,
      presets: [window.SwaggerUIBundle.presets.apis],
      layout: "BaseLayout"
    });
  });
})();
