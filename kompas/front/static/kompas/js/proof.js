/* Kompas: the follow-up form's proof of work (kompas/reporting/followup.py).
 *
 * While many wrong receipts are tried, the server asks for a number n such that SHA-256 of
 * "<nonce>:<n>" starts with <bits> zero bits (the form's data-proof-nonce and data-proof-bits).
 * On submit this script finds n, a slice at a time so that the page stays responsive, puts it in
 * the hidden "proof" field and sends the form. Without a request for work it does nothing.
 */
(function () {
  "use strict";

  var K = new Int32Array([
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2
  ]);
  var H = new Int32Array([
    0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19
  ]);
  var W = new Int32Array(64);
  var block = new Uint8Array(64);

  function ror(x, n) {
    return (x >>> n) | (x << (32 - n));
  }

  // The first 32 bits of SHA-256 of block[0 .. length), for a message of at most 55 bytes.
  function firstWord(length) {
    var t, i;
    block[length] = 0x80;
    for (i = length + 1; i < 60; i++) block[i] = 0;
    var bits = length * 8;
    block[60] = bits >>> 24; block[61] = (bits >>> 16) & 255;
    block[62] = (bits >>> 8) & 255; block[63] = bits & 255;
    for (t = 0; t < 16; t++) {
      i = t * 4;
      W[t] = (block[i] << 24) | (block[i + 1] << 16) | (block[i + 2] << 8) | block[i + 3];
    }
    for (t = 16; t < 64; t++) {
      var w15 = W[t - 15], w2 = W[t - 2];
      var s0 = ror(w15, 7) ^ ror(w15, 18) ^ (w15 >>> 3);
      var s1 = ror(w2, 17) ^ ror(w2, 19) ^ (w2 >>> 10);
      W[t] = (W[t - 16] + s0 + W[t - 7] + s1) | 0;
    }
    var a = H[0], b = H[1], c = H[2], d = H[3], e = H[4], f = H[5], g = H[6], h = H[7];
    for (t = 0; t < 64; t++) {
      var t1 = (h + (ror(e, 6) ^ ror(e, 11) ^ ror(e, 25)) + ((e & f) ^ (~e & g)) + K[t] + W[t]) | 0;
      var t2 = ((ror(a, 2) ^ ror(a, 13) ^ ror(a, 22)) + ((a & b) ^ (a & c) ^ (b & c))) | 0;
      h = g; g = f; f = e; e = (d + t1) | 0;
      d = c; c = b; b = a; a = (t1 + t2) | 0;
    }
    return (H[0] + a) >>> 0;
  }

  // Tries n = from .. from + count - 1; the n that does the work, or -1.
  function search(nonce, bits, from, count) {
    var start = nonce.length + 1, i, n;
    for (i = 0; i < nonce.length; i++) block[i] = nonce.charCodeAt(i) & 255;
    block[nonce.length] = 58; // ":"
    for (n = from; n < from + count; n++) {
      var digits = String(n);
      for (i = 0; i < digits.length; i++) block[start + i] = digits.charCodeAt(i);
      if (firstWord(start + digits.length) >>> (32 - bits) === 0) return n;
    }
    return -1;
  }

  function prove(form) {
    var nonce = form.dataset.proofNonce || "";
    var bits = parseInt(form.dataset.proofBits || "0", 10);
    var proof = form.elements.namedItem("proof");
    if (!(bits > 0 && bits < 32) || !proof || proof.value || nonce.length > 40) return false;
    var button = form.querySelector("button[type=submit]");
    var status = form.querySelector(".proof-status");
    if (button) button.disabled = true;
    if (status) status.hidden = false;
    form.setAttribute("aria-busy", "true");
    var from = 0, slice = 50000;
    (function next() {
      var found = search(nonce, bits, from, slice);
      if (found < 0) {
        from += slice;
        setTimeout(next, 0);
        return;
      }
      proof.value = String(found);
      form.submit();
    })();
    return true;
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form instanceof HTMLFormElement && form.dataset.proofBits && prove(form)) {
      event.preventDefault();
    }
  });
})();
