// Our host page for Elsa Studio 3.8.2's custom elements. Studio ships no app shell: this file maps our URLs to its
// elements and wires their callbacks to our URLs.
//   /studio/                          definition list   <elsa-workflow-definition-list>
//   /studio/definitions/{id}          editor            <elsa-workflow-definition-editor definition-id>
//   /studio/instances                 instance list     <elsa-workflow-instance-list>
//   /studio/instances/{id}            instance viewer   <elsa-workflow-instance-viewer instance-id>
// Studio's own paths (workflows/definitions/{id}/edit, workflows/instances/{id}/view), which its components may
// navigate to, land on the same pages.
(function () {
  "use strict";
  var base = "/studio/";
  var endpoint = location.origin + "/elsa/api";

  function route(pathname) {
    var rest = pathname.indexOf(base) === 0 ? pathname.slice(base.length) : "";
    var parts;
    try {
      parts = rest.split("/").filter(Boolean).map(decodeURIComponent);
    } catch (malformed) {
      return { page: "unknown", path: pathname };
    }
    if (parts[0] === "workflows") parts = parts.slice(1);
    if (parts.length === 0 || (parts[0] === "definitions" && parts.length === 1)) return { page: "definitions" };
    if (parts[0] === "definitions") return { page: "editor", id: parts[1] };
    if (parts[0] === "instances" && parts.length === 1) return { page: "instances" };
    if (parts[0] === "instances") return { page: "viewer", id: parts[1] };
    return { page: "unknown", path: pathname };
  }

  function go(path) { location.assign(path); }
  function editor(definitionId) { go(base + "definitions/" + encodeURIComponent(definitionId)); }
  function viewer(instanceId) { go(base + "instances/" + encodeURIComponent(instanceId)); }

  // Callbacks are JS properties of the element and must be set once Blazor has defined it; set earlier, they are lost.
  function mount(tag, attributes, callbacks) {
    var root = document.getElementById("vetting-studio");
    var element = document.createElement(tag);
    element.setAttribute("remote-endpoint", endpoint);
    Object.keys(attributes).forEach(function (name) { element.setAttribute(name, attributes[name]); });
    root.appendChild(element);
    customElements.whenDefined(tag).then(function () {
      Object.keys(callbacks).forEach(function (name) { element[name] = callbacks[name]; });
      var loading = document.getElementById("vetting-loading");
      if (loading) loading.remove();
    });
  }

  function show() {
    var current = route(location.pathname);
    document.querySelectorAll(".vetting-bar nav a").forEach(function (link) {
      var active = link.getAttribute("data-route") === (current.page === "editor" ? "definitions" : current.page === "viewer" ? "instances" : current.page);
      if (active) link.setAttribute("aria-current", "page"); else link.removeAttribute("aria-current");
    });
    switch (current.page) {
      case "definitions":
        document.title = "Workflows · Vetting";
        mount("elsa-workflow-definition-list", {}, { editWorkflowDefinition: editor });
        break;
      case "editor":
        document.title = "Workflow " + current.id + " · Vetting";
        mount("elsa-workflow-definition-editor", { "definition-id": current.id }, { workflowDefinitionExecuted: viewer });
        break;
      case "instances":
        document.title = "Workflow instances · Vetting";
        mount("elsa-workflow-instance-list", {}, { viewWorkflowInstance: viewer });
        break;
      case "viewer":
        document.title = "Instance " + current.id + " · Vetting";
        mount("elsa-workflow-instance-viewer", { "instance-id": current.id }, { editWorkflowDefinition: editor });
        break;
      default:
        var note = document.getElementById("vetting-loading");
        note.className = "vetting-note error";
        note.textContent = "Nothing in the designer lives at " + current.path + ". Open the workflow list instead.";
    }
  }

  function showMode() {
    fetch("/api/v1/designer", { headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (designer) {
        if (!designer || designer.mode !== "readonly") return;
        var badge = document.getElementById("vetting-mode");
        badge.textContent = "Read-only: designer.mode is readonly, so nothing can be published here";
        badge.hidden = false;
      })
      .catch(function () { /* the bar is a convenience; Studio reports its own connection errors */ });
  }

  document.addEventListener("DOMContentLoaded", function () { show(); showMode(); });
})();
