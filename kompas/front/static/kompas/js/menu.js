/* The main menu. Without JavaScript every group opens as a <details> and a phone shows the whole
   menu; with it, a phone gets a menu button (the class on <html> is set before the page is drawn,
   so the menu does not flash open), Escape closes what is open and gives the focus back, and a
   click elsewhere or the focus leaving a group closes it. Loaded in the <head>, not deferred. */
(function () {
  "use strict";
  document.documentElement.classList.add("js-menu");

  function setUp() {
    var menu = document.getElementById("main-menu");
    if (!menu) return;
    var button = document.querySelector(".menu-button[aria-controls='main-menu']");
    var groups = Array.prototype.slice.call(menu.querySelectorAll("details.nav-group"));

    function closeGroups(except) {
      groups.forEach(function (group) {
        if (group !== except) group.open = false;
      });
    }

    function setMenu(open) {
      if (!button) return;
      button.setAttribute("aria-expanded", open ? "true" : "false");
      menu.classList.toggle("open", open);
    }

    if (button) {
      button.addEventListener("click", function () {
        setMenu(button.getAttribute("aria-expanded") !== "true");
      });
    }
    groups.forEach(function (group) {
      // One group open at a time (also where <details name> is not known).
      group.addEventListener("toggle", function () {
        if (group.open) closeGroups(group);
      });
    });
    document.addEventListener("keydown", function (event) {
      if (event.key !== "Escape") return;
      var open = groups.filter(function (group) { return group.open; })[0];
      if (open) {
        open.open = false;
        open.querySelector("summary").focus();
      } else if (button && button.getAttribute("aria-expanded") === "true") {
        setMenu(false);
        button.focus();
      }
    });
    document.addEventListener("click", function (event) {
      if (!menu.contains(event.target)) closeGroups(null);
    });
    menu.addEventListener("focusout", function (event) {
      var group = event.target.closest ? event.target.closest("details.nav-group") : null;
      // Only when the focus moves on to something else (Tab): a click is left to the click handler.
      var next = event.relatedTarget;
      if (group && next && !group.contains(next) && !menu.classList.contains("open")) {
        group.open = false; // a dropdown; the phone's list stays as it is
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
