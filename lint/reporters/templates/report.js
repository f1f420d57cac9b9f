(function () {
  "use strict";
  var marks = Array.prototype.slice.call(document.querySelectorAll("mark[id]"));
  var filtered = Array.prototype.slice.call(document.querySelectorAll("[data-cat][data-sev]"));
  var position = document.getElementById("position");
  var current = -1;

  function checked(name) {
    var out = {};
    document.querySelectorAll('input[name="' + name + '"]').forEach(function (box) {
      if (box.checked) { out[box.value] = true; }
    });
    return out;
  }

  function shown() {
    return marks.filter(function (m) { return !m.classList.contains("off"); });
  }

  function status() {
    var list = shown();
    var at = list.indexOf(marks[current]);
    position.textContent = at >= 0
      ? "Finding " + (at + 1) + " of " + list.length
      : list.length + (list.length === 1 ? " finding" : " findings") + " shown";
  }

  function applyFilters() {
    var cats = checked("category"), sevs = checked("severity");
    filtered.forEach(function (el) {
      el.classList.toggle("off", !(cats[el.dataset.cat] && sevs[el.dataset.sev]));
    });
    status();
  }

  function select(index) {
    var previous = document.querySelector(".note.current");
    if (previous) { previous.classList.remove("current"); }
    current = index;
    var mark = marks[index];
    var note = document.getElementById("n" + mark.dataset.n);
    if (note) { note.classList.add("current"); }
    status();
  }

  function go(step) {
    if (!marks.length) { return; }
    var i = current;
    for (var tries = 0; tries < marks.length; tries++) {
      i = i + step;
      if (i >= marks.length) { i = 0; }
      if (i < 0) { i = marks.length - 1; }
      if (!marks[i].classList.contains("off")) {
        marks[i].focus({ preventScroll: true });
        marks[i].scrollIntoView({ block: "center" });
        select(i);
        return;
      }
    }
  }

  document.addEventListener("change", function (event) {
    if (event.target.name === "category" || event.target.name === "severity") { applyFilters(); }
  });
  document.addEventListener("focusin", function (event) {
    var i = marks.indexOf(event.target);
    if (i >= 0 && i !== current) { select(i); }
  });
  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) { return; }
    var tag = event.target.tagName;
    if (tag === "INPUT" && event.target.type !== "checkbox" || tag === "TEXTAREA" || tag === "SELECT") { return; }
    var key = event.key;
    if (key === "j" || key === "n") { go(1); event.preventDefault(); }
    else if (key === "k" || key === "p") { go(-1); event.preventDefault(); }
  });
  document.getElementById("next").addEventListener("click", function () { go(1); });
  document.getElementById("prev").addEventListener("click", function () { go(-1); });
  // A note's "Why" is its rule's entry in the rule notes, copied in (as nodes, never as markup)
  // the first time it is opened.
  document.addEventListener("toggle", function (event) {
    var details = event.target;
    if (!details.open || !details.dataset || !details.dataset.rule || details.dataset.filled) { return; }
    var source = document.getElementById(details.dataset.rule);
    var body = source && source.querySelector(".why-body");
    if (body) { details.appendChild(body.cloneNode(true)); details.dataset.filled = "1"; }
  }, true);
  status();
})();
