/* Signature pad for the check-in page. ES5 only: old Android WebViews and
   iOS Safari run it. The drawing goes into the hidden "sig" field as the PNG
   in URL-safe base64 (nothing for the form encoding to escape); without this
   script the typed name is the signature. */
(function () {
  /* One-tap page of a caregiver who agreed before: the notice shows again
     when someone else (another relation) brings the child today. */
  var doc = document, ck = doc.getElementById('ck'), cb = doc.getElementById('consent');
  if (!ck || !cb || !doc.querySelectorAll) { return; }
  var rels = doc.querySelectorAll('input[name="rel"]'), i;
  function sync() {
    var r = doc.querySelector('input[name="rel"]:checked');
    var same = !r || r.value === ck.getAttribute('data-rel');
    cb.style.display = same ? 'none' : '';
    ck.style.display = same ? '' : 'none';
  }
  for (i = 0; i < rels.length; i++) { rels[i].onchange = sync; }
  sync();
})();
(function () {
  var doc = document;
  doc.documentElement.className += ' js';
  var c = doc.getElementById('sigc'), field = doc.getElementById('sig'), clr = doc.getElementById('clr');
  if (!c || !c.getContext || !field) { return; }
  var ctx = c.getContext('2d');
  if (!ctx || !c.toDataURL) { return; }
  var drawing = false, lastX = 0, lastY = 0;

  function setup() {
    var ratio = Math.min(window.devicePixelRatio || 1, 2);
    var w = c.offsetWidth || 320, h = c.offsetHeight || 150;
    c.width = Math.round(w * ratio);
    c.height = Math.round(h * ratio);
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.lineWidth = 2.5;
    ctx.lineCap = 'round';
    ctx.lineJoin = 'round';
    ctx.strokeStyle = '#111';
  }
  var prefix = 'data:image/png;base64,';
  function toField(url) {
    if (url.indexOf(prefix) !== 0) { return ''; }
    return url.slice(prefix.length).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  }
  function fromField(v) {
    var b = v.replace(/-/g, '+').replace(/_/g, '/');
    while (b.length % 4) { b += '='; }
    return prefix + b;
  }
  function restore() {
    if (!field.value) { return; }
    var img = new Image();
    img.onload = function () { ctx.drawImage(img, 0, 0, c.offsetWidth || 320, c.offsetHeight || 150); };
    img.src = fromField(field.value);
  }
  function pos(e) {
    var r = c.getBoundingClientRect();
    var p = e.touches && e.touches.length ? e.touches[0] : (e.changedTouches && e.changedTouches.length ? e.changedTouches[0] : e);
    return [p.clientX - r.left, p.clientY - r.top];
  }
  function start(e) {
    var p = pos(e);
    drawing = true;
    lastX = p[0]; lastY = p[1];
    ctx.beginPath();
    ctx.arc(lastX, lastY, 1, 0, 2 * Math.PI);
    ctx.fill();
    if (e.preventDefault) { e.preventDefault(); }
  }
  function move(e) {
    if (!drawing) { return; }
    var p = pos(e);
    ctx.beginPath();
    ctx.moveTo(lastX, lastY);
    ctx.lineTo(p[0], p[1]);
    ctx.stroke();
    lastX = p[0]; lastY = p[1];
    if (e.preventDefault) { e.preventDefault(); }
  }
  function end() {
    if (!drawing) { return; }
    drawing = false;
    try { field.value = toField(c.toDataURL('image/png')); } catch (err) { field.value = ''; }
  }
  setup();
  restore();
  c.addEventListener('touchstart', start, false);
  c.addEventListener('touchmove', move, false);
  c.addEventListener('touchend', end, false);
  c.addEventListener('touchcancel', end, false);
  c.addEventListener('mousedown', start, false);
  c.addEventListener('mousemove', move, false);
  doc.addEventListener('mouseup', end, false);
  if (clr) {
    clr.addEventListener('click', function () {
      ctx.save();
      ctx.setTransform(1, 0, 0, 1, 0, 0);
      ctx.clearRect(0, 0, c.width, c.height);
      ctx.restore();
      field.value = '';
    }, false);
  }
}());
