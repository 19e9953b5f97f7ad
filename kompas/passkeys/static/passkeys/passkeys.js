/* Kompas: passkeys that open a handler's key (kompas/passkeys).
 *
 * A form with data-passkey="register" makes a passkey (navigator.credentials.create) and then asks
 * it for its PRF output for the salt the server chose (navigator.credentials.get); a form with
 * data-passkey="unlock" asks one of the person's passkeys for its PRF output. The answers (and the
 * PRF output, which never leaves this page but to our own server) go in the form's hidden fields
 * and the form is sent; the server verifies everything. Messages come from the form's data-msg-*
 * attributes, translated by the server.
 */
(function () {
  "use strict";

  function toBytes(text) {
    var b64 = text.replace(/-/g, "+").replace(/_/g, "/");
    while (b64.length % 4) b64 += "=";
    var raw = atob(b64);
    var bytes = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
    return bytes;
  }

  function toText(buffer) {
    if (!buffer) return null;
    var bytes = new Uint8Array(buffer);
    var raw = "";
    for (var i = 0; i < bytes.length; i++) raw += String.fromCharCode(bytes[i]);
    return btoa(raw).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  function descriptors(list) {
    return (list || []).map(function (item) {
      return { type: item.type, id: toBytes(item.id) };
    });
  }

  function creationOptions(options) {
    var copy = Object.assign({}, options);
    copy.challenge = toBytes(options.challenge);
    copy.user = Object.assign({}, options.user, { id: toBytes(options.user.id) });
    copy.user.displayName = copy.user.displayName || copy.user.name;
    copy.excludeCredentials = descriptors(options.excludeCredentials);
    return copy;
  }

  function requestOptions(options) {
    var copy = Object.assign({}, options);
    copy.challenge = toBytes(options.challenge);
    copy.allowCredentials = descriptors(options.allowCredentials);
    return copy;
  }

  // The credential as the server reads it (WebAuthn's JSON form), without any extension output.
  function asJSON(credential) {
    var response = credential.response;
    var data = { clientDataJSON: toText(response.clientDataJSON) };
    if (response.attestationObject) {
      data.attestationObject = toText(response.attestationObject);
    } else {
      data.authenticatorData = toText(response.authenticatorData);
      data.signature = toText(response.signature);
      data.userHandle = toText(response.userHandle);
    }
    return JSON.stringify({
      id: credential.id,
      rawId: toText(credential.rawId),
      type: credential.type,
      response: data,
      clientExtensionResults: {}
    });
  }

  function prfOutput(credential) {
    var results = credential.getClientExtensionResults().prf;
    return results && results.results && results.results.first
      ? toText(results.results.first)
      : null;
  }

  function register(form, options) {
    return navigator.credentials
      .create({ publicKey: creationOptions(options.create) })
      .then(function (created) {
        var prf = created.getClientExtensionResults().prf;
        if (!prf || prf.enabled === false) throw new Error("no-prf");
        var request = requestOptions(options.get);
        request.allowCredentials = [{ type: "public-key", id: created.rawId }];
        request.extensions = { prf: { eval: { first: toBytes(options.prfSalt) } } };
        return navigator.credentials.get({ publicKey: request }).then(function (asserted) {
          var output = prfOutput(asserted);
          if (!output) throw new Error("no-prf");
          form.elements.created.value = asJSON(created);
          form.elements.asserted.value = asJSON(asserted);
          form.elements.prf.value = output;
        });
      });
  }

  function unlock(form, options) {
    var request = requestOptions(options.get);
    var byCredential = {};
    Object.keys(options.prfSalts).forEach(function (id) {
      byCredential[id] = { first: toBytes(options.prfSalts[id]) };
    });
    request.extensions = { prf: { evalByCredential: byCredential } };
    return navigator.credentials.get({ publicKey: request }).then(function (asserted) {
      var output = prfOutput(asserted);
      if (!output) throw new Error("no-prf");
      form.elements.asserted.value = asJSON(asserted);
      form.elements.prf.value = output;
    });
  }

  function setUp(form) {
    var status = form.querySelector(".passkey-status");
    var button = form.querySelector(".passkey-start");
    var say = function (name) {
      status.textContent = form.getAttribute("data-msg-" + name) || "";
    };
    if (!window.PublicKeyCredential || !navigator.credentials) {
      say("unsupported");
      button.disabled = true;
      return;
    }
    button.addEventListener("click", function () {
      var options = JSON.parse(form.getAttribute("data-options"));
      var ceremony = form.getAttribute("data-passkey") === "register" ? register : unlock;
      button.disabled = true;
      say("working");
      ceremony(form, options)
        .then(function () {
          form.submit();
        })
        .catch(function (error) {
          button.disabled = false;
          say(error && error.message === "no-prf" ? "no-prf" : "cancelled");
        });
    });
  }

  document.querySelectorAll("form.passkey-form").forEach(setUp);
})();
