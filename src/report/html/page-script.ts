/**
 * The report's only script (inline). It reads the embedded JSON block, shows a tooltip for chart
 * points (built with textContent, never innerHTML) and highlights a trial's rows when its point is
 * clicked. Everything stays readable without it: SVG <title> elements carry the same text.
 */
export const PAGE_SCRIPT = `
(function () {
  'use strict';
  var dataEl = document.getElementById('report-data');
  var data = dataEl ? JSON.parse(dataEl.textContent || '{}') : {};
  var trials = {};
  (data.trials || []).forEach(function (t) { trials[t.number] = t; });
  var tip = document.getElementById('tooltip');
  function describe(el) {
    var title = el.querySelector('title');
    return title ? title.textContent : '';
  }
  document.querySelectorAll('svg.chart .point').forEach(function (el) {
    el.addEventListener('mousemove', function (ev) {
      tip.textContent = describe(el);
      tip.style.display = 'block';
      tip.style.left = Math.min(ev.clientX + 14, window.innerWidth - 430) + 'px';
      tip.style.top = (ev.clientY + 14) + 'px';
    });
    el.addEventListener('mouseleave', function () { tip.style.display = 'none'; });
    el.addEventListener('click', function () {
      var n = el.getAttribute('data-trial');
      if (n === null) return;
      document.querySelectorAll('.active, tr.highlight').forEach(function (x) { x.classList.remove('active'); x.classList.remove('highlight'); });
      document.querySelectorAll('[data-trial="' + n + '"]').forEach(function (x) { x.classList.add(x.tagName === 'TR' ? 'highlight' : 'active'); });
      var t = trials[n];
      var status = document.getElementById('selection');
      if (status && t) status.textContent = 'Selected #' + t.number + ' (' + t.proposer + '): ' + t.configText;
    });
  });
})();
`;
