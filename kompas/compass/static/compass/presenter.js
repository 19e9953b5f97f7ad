// The presenter view (compass/training_present.html): the leader moves the room along from the
// keyboard of the laptop that drives the projector, a presentation clicker (PageDown, PageUp)
// or the buttons at the bottom of the screen. The control page lists the keys
// (training_views.PRESENTER_KEYS).
(() => {
  const KEYS = {
    ArrowRight: "next", PageDown: "next", n: "next",
    ArrowLeft: "previous", PageUp: "previous", p: "previous",
    r: "reveal", o: "own", l: "lecture", f: "fullscreen", e: "close",
  };
  const CONFIRM_MS = 5000;
  let endArmedUntil = 0;

  function notice(text) {
    const box = document.querySelector("[data-notice]");
    if (box) box.textContent = text;
  }

  function toggleFullscreen() {
    if (document.fullscreenElement) document.exitFullscreen();
    else if (document.documentElement.requestFullscreen) document.documentElement.requestFullscreen();
  }

  // Ending takes two presses (of E or of the button) within five seconds: a slip of the hand
  // must not end the session in front of the room.
  function confirmedEnd() {
    if (Date.now() < endArmedUntil) {
      endArmedUntil = 0;
      notice("");
      return true;
    }
    endArmedUntil = Date.now() + CONFIRM_MS;
    const box = document.querySelector("[data-notice]");
    notice(box ? box.dataset.endConfirm : "");
    setTimeout(() => { if (Date.now() >= endArmedUntil) notice(""); }, CONFIRM_MS + 50);
    return false;
  }

  // Steps go out one after the other, each from the controls as they are drawn then. While a
  // step is on its way the slide does not poll (and a poll already sent is dropped), so that an
  // answer to a poll can never arrive after the step and put the slide back. A plain form
  // submission would reload the page, and the browser would leave full screen.
  const pending = [];
  let steering = false;

  function sendNext() {
    const action = pending.shift();
    if (!action) return;
    const stage = document.getElementById("stage");
    const form = stage && stage.querySelector(".stage-controls");
    if (!form) { pending.length = 0; return; }
    htmx.trigger(stage, "htmx:abort");
    steering = true;
    htmx.ajax("POST", form.getAttribute("action"), {
      source: form, target: "#stage", swap: "outerHTML", values: { action },
    }).finally(() => { steering = false; sendNext(); });
  }

  document.addEventListener("htmx:beforeRequest", (event) => {
    if (steering && event.detail.elt.id === "stage") event.preventDefault();
  });

  // Only a part of this view is drawn into the slide: an answer that is something else (the
  // sign-in page, once the leader's session has run out) reloads the page instead, so that the
  // projector never shows a page inside the slide.
  document.addEventListener("htmx:beforeSwap", (event) => {
    if (!event.detail.shouldSwap || event.detail.target.id !== "stage") return;
    if (/^\s*<div id="stage"/.test(event.detail.serverResponse)) return;
    event.detail.shouldSwap = false;
    window.location.reload();
  });

  function steer(button) {
    const action = button.dataset.action;
    if (action === "fullscreen") { toggleFullscreen(); return; }
    if (button.disabled && !steering) return;
    if (action === "close" && !confirmedEnd()) return;
    pending.push(action);
    if (!steering) sendNext();
  }

  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey || event.repeat) return;
    const action = KEYS[event.key.length === 1 ? event.key.toLowerCase() : event.key];
    if (!action) return;
    const button = document.querySelector(`.stage-controls [data-action="${action}"]`);
    if (!button) return;
    event.preventDefault();
    steer(button);
  });

  document.addEventListener("click", (event) => {
    const button = event.target.closest && event.target.closest(".stage-controls [data-action]");
    if (!button) return;
    event.preventDefault();
    steer(button);
  });

  // Too long for the slide (a zone's own dilemma, many own options): step the type down until
  // it fits, after every redraw and before the browser paints it, by three steps at most (the
  // options stay above 33 px at 1920x1080). Past those the situation scrolls in a box of its
  // own, so that the options stay on the screen (the phones show the whole situation anyway).
  // The step is kept on <main>, which htmx never redraws.
  const FITS = ["fit-1", "fit-2", "fit-3"];
  function fit() {
    const stage = document.querySelector("main.stage");
    const main = stage && stage.querySelector(".stage-main");
    if (!main) return;
    const overflows = () => main.scrollHeight > main.clientHeight + 1;
    const stepDown = () => {
      stage.classList.remove(...FITS);
      for (const step of FITS) {
        if (!overflows()) break;
        stage.classList.remove(...FITS);
        stage.classList.add(step);
      }
    };
    stage.classList.remove("fit-clip");
    stepDown();
    const situation = main.querySelector(".stage-situation");
    if (situation && overflows()) {
      // The situation in its box; then the largest type that fits with it.
      stage.classList.add("fit-clip");
      situation.setAttribute("tabindex", "0");
      stepDown();
    } else if (situation) {
      situation.removeAttribute("tabindex");
    }
  }
  document.addEventListener("DOMContentLoaded", fit);
  document.addEventListener("htmx:afterSwap", fit);
  window.addEventListener("resize", fit);
})();
