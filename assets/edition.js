// tei-edition: progressive enhancement only. Every page is complete without this script.
(function () {
  'use strict';
  var root = document.documentElement;
  var KEY = 'tei-edition-view';

  // Reading/diplomatic switch: CSS already reacts to the radio buttons (:has); the script also sets
  // data-view (for browsers without :has) and remembers the reader's choice across pages.
  function show(view) {
    root.setAttribute('data-view', view);
    try { localStorage.setItem(KEY, view); } catch (e) { /* storage may be disabled */ }
  }
  var radios = document.querySelectorAll('input[name="view"]');
  var saved = null;
  try { saved = localStorage.getItem(KEY); } catch (e) { /* storage may be disabled */ }
  Array.prototype.forEach.call(radios, function (radio) {
    if (saved && radio.value === saved) radio.checked = true;
    radio.addEventListener('change', function () { if (radio.checked) show(radio.value); });
  });
  var checked = document.querySelector('input[name="view"]:checked');
  if (checked) root.setAttribute('data-view', checked.value);

  // "Cite this document": the address the reader actually has (file:// or a web server).
  Array.prototype.forEach.call(document.querySelectorAll('.cite-url'), function (span) {
    span.textContent = window.location.href.replace(/#.*$/, '');
  });
})();
