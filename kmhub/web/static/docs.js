// Starts Swagger UI on /docs from locally served files (no CDN, no inline script).
document.addEventListener("DOMContentLoaded", function () {
  "use strict";
  var node = document.getElementById("swagger-ui");
  if (!node || typeof window.SwaggerUIBundle !== "function") return;
  window.SwaggerUIBundle({
    url: node.getAttribute("data-openapi-url"),
    dom_id: "#swagger-ui",
    deepLinking: true,
  });
});
