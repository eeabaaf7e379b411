// A signed-in visitor's header links on a phone: folded behind a "Menu" button (the stylesheet
// does the folding once this script marks the page). Without the script they stay in the
// header and scroll sideways.
(() => {
  const button = document.querySelector(".menu-toggle");
  const links = document.getElementById("account-links");
  if (!button || !links) return;
  document.documentElement.classList.add("has-menu");
  button.hidden = false;

  const show = (open) => {
    button.setAttribute("aria-expanded", String(open));
    links.classList.toggle("open", open);
  };
  button.addEventListener("click", () => show(button.getAttribute("aria-expanded") !== "true"));
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && links.classList.contains("open")) {
      show(false);
      button.focus();
    }
  });
  document.addEventListener("click", (event) => {
    if (links.classList.contains("open") && !links.contains(event.target) && event.target !== button) {
      show(false);
    }
  });
})();
