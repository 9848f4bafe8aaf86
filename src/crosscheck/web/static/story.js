// Citations on the story page: hovering, focusing or clicking one highlights the cited span in its article.
// Served from /static so that the Content-Security-Policy can forbid inline script.
(function () {
  "use strict";

  function clear() {
    var marked = document.querySelectorAll(".seg.hl");
    for (var i = 0; i < marked.length; i++) {
      marked[i].classList.remove("hl");
    }
  }

  function show(link, scroll) {
    var report = document.getElementById("article-" + link.getAttribute("data-article"));
    if (!report) {
      return;
    }
    var start = Number(link.getAttribute("data-s"));
    var end = Number(link.getAttribute("data-e"));
    clear();
    var first = null;
    var segs = report.querySelectorAll(".seg");
    for (var i = 0; i < segs.length; i++) {
      var s = Number(segs[i].getAttribute("data-s"));
      var e = Number(segs[i].getAttribute("data-e"));
      if (s >= start && e <= end) {
        segs[i].classList.add("hl");
        if (first === null) {
          first = segs[i];
        }
      }
    }
    report.classList.add("active");
    if (scroll && first !== null) {
      first.scrollIntoView({ block: "center" });
    }
  }

  function citationOf(event) {
    var target = event.target;
    return target && target.closest ? target.closest("a.cite") : null;
  }

  document.addEventListener("click", function (event) {
    var link = citationOf(event);
    if (!link) {
      return;
    }
    event.preventDefault();
    show(link, true);
    if (window.history && window.history.replaceState) {
      window.history.replaceState(null, "", link.getAttribute("href"));
    }
  });
  document.addEventListener("mouseover", function (event) {
    var link = citationOf(event);
    if (link) {
      show(link, false);
    }
  });
  document.addEventListener("focusin", function (event) {
    var link = citationOf(event);
    if (link) {
      show(link, false);
    }
  });
})();
