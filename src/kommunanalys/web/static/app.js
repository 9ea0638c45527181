// Progressive enhancement only: every form works without JavaScript (each has its button).
// A select or checkbox marked data-autosubmit submits its form when changed — by the pointer at
// once; by the keyboard (arrow keys step through a closed select, firing "change" at each step)
// only when the choice is confirmed: Enter, or leaving the field. So stepping from 2019 to 2025
// with the arrow keys loads one page, not six.
(() => {
  const keyed = new WeakSet();
  const submit = (field) => {
    if (field.form) field.form.requestSubmit();
  };
  const autosubmit = (target) =>
    (target instanceof HTMLSelectElement || target instanceof HTMLInputElement) &&
    target.hasAttribute("data-autosubmit");
  document.addEventListener("keydown", (event) => {
    const target = event.target;
    if (!autosubmit(target)) return;
    if (event.key === "Enter" && keyed.has(target)) {
      event.preventDefault();
      keyed.delete(target);
      submit(target);
    } else if (event.key !== "Tab" && event.key !== "Enter" && event.key !== "Escape") {
      keyed.add(target);
    }
  });
  document.addEventListener("pointerdown", (event) => {
    if (autosubmit(event.target)) keyed.delete(event.target);
  });
  document.addEventListener("change", (event) => {
    const target = event.target;
    if (!autosubmit(target)) return;
    if (keyed.has(target)) {
      target.dataset.pending = "1"; // confirmed by Enter or on leaving the field
      return;
    }
    submit(target);
  });
  document.addEventListener("focusout", (event) => {
    const target = event.target;
    if (autosubmit(target) && target.dataset.pending) {
      delete target.dataset.pending;
      keyed.delete(target);
      submit(target);
    }
  });
})();

// == the main menu on phones: folded behind a "Meny" button ==
// Without JavaScript (or on a wide screen) every link is shown; on a narrow screen the list is
// folded and the button (aria-expanded, aria-controls) opens and closes it.
(() => {
  const toggle = document.querySelector("header.site .menu-toggle");
  const nav = toggle?.closest("nav");
  if (!toggle || !nav) return;
  const narrow = window.matchMedia("(max-width: 40rem)");
  const show = (open) => {
    nav.classList.toggle("folded", !open);
    toggle.setAttribute("aria-expanded", String(open));
  };
  const fit = () => {
    toggle.hidden = !narrow.matches;
    show(!narrow.matches);
  };
  toggle.addEventListener("click", () => show(nav.classList.contains("folded")));
  narrow.addEventListener("change", fit);
  fit();
})();
// == end main menu ==

// == the main menu's groups: each a disclosure button that opens its list ==
// Without JavaScript the buttons stay hidden and every group's list is shown. Here each button is
// shown and its list folded; Enter or Space (the button's own keys) opens and closes it, opening
// one closes the others, Escape closes the open one and returns focus to its button, and a click
// or focus outside the menu closes it.
(() => {
  const toggles = [...document.querySelectorAll("#huvudmeny .group-toggle")];
  if (!toggles.length) return;
  const show = (toggle, open) => toggle.setAttribute("aria-expanded", String(open));
  const closeAll = (except) => toggles.forEach((t) => t !== except && show(t, false));
  toggles.forEach((toggle) => {
    toggle.hidden = false;
    show(toggle, false);
    toggle.addEventListener("click", () => {
      const open = toggle.getAttribute("aria-expanded") !== "true";
      closeAll(toggle);
      show(toggle, open);
    });
  });
  const menu = document.getElementById("huvudmeny");
  menu.addEventListener("keydown", (event) => {
    if (event.key !== "Escape") return;
    const group = event.target.closest?.(".menu-group");
    const toggle = group?.querySelector(".group-toggle");
    if (toggle && toggle.getAttribute("aria-expanded") === "true") {
      event.preventDefault();
      show(toggle, false);
      toggle.focus();
    }
  });
  document.addEventListener("click", (event) => {
    if (!menu.contains(event.target)) closeAll(null);
  });
  document.addEventListener("focusin", (event) => {
    const group = event.target.closest?.(".menu-group");
    closeAll(group?.querySelector(".group-toggle") ?? null);
  });
})();
// == end main menu's groups ==

// == charts and maps: the focused or hovered area's value in a live region (/karta) ==
// The map works without this (each area is a link with its value as its name and tooltip);
// here the name is also written beside the map, and the focused area is redrawn on top so
// that its highlighted border is not hidden under its neighbours.
(() => {
  const output = document.getElementById("map-focus");
  const map = document.querySelector("svg.chart-map");
  if (!output || !map) return;
  const svgNs = "http://www.w3.org/2000/svg";
  const overlay = document.createElementNS(svgNs, "g");
  overlay.setAttribute("class", "map-highlight");
  overlay.setAttribute("aria-hidden", "true");
  map.querySelector("g.areas")?.after(overlay);
  const show = (mark) => {
    const label = mark.getAttribute("aria-label");
    if (label) output.textContent = label;
    overlay.replaceChildren();
    const shape = mark.querySelector("path");
    if (shape) {
      const copy = shape.cloneNode(false);
      copy.setAttribute("fill", "none");
      copy.setAttribute("stroke", "#1b1f24");
      copy.setAttribute("stroke-width", "3");
      overlay.append(copy);
    }
  };
  map.addEventListener("focusin", (event) => {
    const mark = event.target.closest?.(".mark");
    if (mark) show(mark);
  });
  map.addEventListener("mouseover", (event) => {
    const mark = event.target.closest?.(".mark");
    if (mark) show(mark);
  });
})();
// == end charts and maps ==
