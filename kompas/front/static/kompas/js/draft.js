/* Kompas: what a member types in a report, kept in this browser tab only, never on the server.
 *
 * A form with data-draft="<name>" is copied into sessionStorage (this tab's, for this site only)
 * as the member types: its text fields and choices, and the colleagues ticked in a picker with the
 * names shown. Never files, hidden fields (the receipt token, the CSRF token), passwords or a
 * picker's search box. data-draft-owner is a keyed tag of the person signed in: a draft is put
 * back for them only, and anyone else's is forgotten. When the form is shown unfilled again in the
 * same tab (data-draft-restore; after signing in again, say), the draft is put back and the form's
 * [data-draft-restored] message shown. A page with an element data-draft-clear="<name>" (the
 * receipt, the sign-in page after signing out) forgets the draft.
 *
 * This script sends nothing: nothing of a draft leaves the browser before the member sends the
 * form, and without the script the form works the same.
 */
(function () {
  "use strict";

  var PREFIX = "kompas.draft.";
  var KEPT = [
    "text", "email", "tel", "url", "number", "date", "textarea",
    "select-one", "select-multiple", "radio", "checkbox"
  ];

  function tabStorage() {
    try {
      var storage = window.sessionStorage;
      storage.getItem(PREFIX); // throws where the browser blocks storage
      return storage;
    } catch (e) {
      return null;
    }
  }

  function kept(element) {
    return !!element.name && !element.disabled && KEPT.indexOf(element.type) >= 0;
  }

  function has(object, name) {
    return Object.prototype.hasOwnProperty.call(object, name);
  }

  // The form as it stands: values by field name, the people ticked in pickers, and whether the
  // member wrote or picked anything at all.
  function read(form) {
    var values = {}, picked = {}, typed = false;
    Array.prototype.forEach.call(form.elements, function (element) {
      if (!kept(element)) return;
      var list = has(values, element.name) ? values[element.name] : (values[element.name] = []);
      if (element.type === "radio" || element.type === "checkbox") {
        if (!element.checked) return;
        list.push(element.value);
        var box = element.closest(".picker-choices");
        if (box && box.id) {
          var label = element.closest("label");
          var entry = has(picked, element.name) ? picked[element.name] :
            (picked[element.name] = { box: box.id, type: element.type, people: [] });
          entry.people.push([element.value, label ? label.textContent.trim() : element.value]);
          typed = true;
        }
      } else if (element.type.indexOf("select") === 0) {
        Array.prototype.forEach.call(element.options, function (option) {
          if (option.selected) list.push(option.value);
        });
      } else {
        list.push(element.value);
        if (element.value.trim()) typed = true;
      }
    });
    return { values: values, picked: picked, typed: typed };
  }

  // Puts a draft back: the picked people first (their boxes are filled by searching), then
  // every value. Text goes in as text, never as markup.
  function write(form, draft) {
    var picked = draft.picked || {};
    Object.keys(picked).forEach(function (name) {
      var entry = picked[name];
      var box = document.getElementById(entry.box);
      if (!box || !form.contains(box) || !Array.isArray(entry.people)) return;
      entry.people.forEach(function (person) {
        var there = Array.prototype.some.call(box.querySelectorAll("input"), function (input) {
          return input.name === name && input.value === String(person[0]);
        });
        if (there) return;
        var label = document.createElement("label");
        var input = document.createElement("input");
        label.className = "choice";
        input.type = entry.type === "radio" ? "radio" : "checkbox";
        input.name = name;
        input.value = String(person[0]);
        label.appendChild(input);
        label.appendChild(document.createTextNode(" " + String(person[1])));
        box.appendChild(label);
      });
    });
    var values = draft.values, seen = {};
    Array.prototype.forEach.call(form.elements, function (element) {
      if (!kept(element) || !has(values, element.name) || !Array.isArray(values[element.name])) {
        return;
      }
      var list = values[element.name].map(String);
      if (element.type === "radio" || element.type === "checkbox") {
        element.checked = list.indexOf(element.value) >= 0;
      } else if (element.type.indexOf("select") === 0) {
        Array.prototype.forEach.call(element.options, function (option) {
          option.selected = list.indexOf(option.value) >= 0;
        });
      } else {
        var at = has(seen, element.name) ? seen[element.name] : 0;
        seen[element.name] = at + 1;
        if (at < list.length) element.value = list[at];
      }
    });
  }

  function show(form, selector) {
    var element = form.querySelector(selector);
    if (element) element.hidden = false;
  }

  function keep(form, storage) {
    var key = PREFIX + form.dataset.draft;
    var owner = form.dataset.draftOwner || "";
    var draft = null;
    try {
      draft = JSON.parse(storage.getItem(key) || "null");
    } catch (e) {
      draft = null;
    }
    if (draft !== null && (typeof draft !== "object" || draft.owner !== owner || !draft.values)) {
      storage.removeItem(key); // someone else's, or unreadable
      draft = null;
    }
    if (draft !== null && form.hasAttribute("data-draft-restore")) {
      write(form, draft);
      show(form, "[data-draft-restored]");
    }
    show(form, "[data-draft-note]");

    function save() {
      var now = read(form);
      if (!now.typed) {
        storage.removeItem(key);
        return;
      }
      try {
        storage.setItem(key, JSON.stringify({ owner: owner, values: now.values, picked: now.picked }));
      } catch (e) {
        // The tab's storage is full: the form itself still works.
      }
    }
    form.addEventListener("input", save);
    form.addEventListener("change", save);
    form.addEventListener("submit", save);
  }

  var storage = tabStorage();
  if (storage === null) return;
  document.querySelectorAll("[data-draft-clear]").forEach(function (element) {
    storage.removeItem(PREFIX + element.getAttribute("data-draft-clear"));
  });
  document.querySelectorAll("form[data-draft]").forEach(function (form) {
    keep(form, storage);
  });
})();
