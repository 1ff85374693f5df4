// Drag-and-drop import: files dropped on the box are put into the file
// picker and the form is sent, as if picked. Without this script the
// picker and the button work alone.
(function () {
  var drop = document.getElementById('drop');
  var input = document.getElementById('bundles');
  var form = document.getElementById('import');
  if (!drop || !input || !form) return;
  ['dragenter', 'dragover'].forEach(function (ev) {
    drop.addEventListener(ev, function (e) { e.preventDefault(); drop.classList.add('over'); });
  });
  ['dragleave', 'drop'].forEach(function (ev) {
    drop.addEventListener(ev, function (e) { e.preventDefault(); drop.classList.remove('over'); });
  });
  drop.addEventListener('drop', function (e) {
    if (!e.dataTransfer || !e.dataTransfer.files.length) return;
    input.files = e.dataTransfer.files;
    form.submit();
  });
  input.addEventListener('change', function () {
    if (input.files.length) form.submit();
  });
})();
