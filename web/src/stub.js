// tact stub: inline it in <head> before the tag so that calls made before
// tact.js loads are queued and answered (IAB CMP API stubs for __tcfapi and
// __gpp, with their locator iframes for calls from nested frames).
(function (w, d) {
  function frame(name) {
    if (w.frames[name]) return;
    if (!d.body) return setTimeout(function () { frame(name); }, 5);
    var f = d.createElement('iframe');
    f.style.display = 'none';
    f.name = name;
    f.title = name;
    d.body.appendChild(f);
  }
  function proxy(call, ret, api) {
    w.addEventListener('message', function (e) {
      var msg = e.data, c;
      try { if (typeof msg === 'string') msg = JSON.parse(msg); } catch (x) { return; }
      c = msg && msg[call];
      if (!c || !e.source) return;
      var reply = function (value, ok) {
        var r = {};
        r[ret] = { returnValue: value, success: ok, callId: c.callId };
        e.source.postMessage(typeof e.data === 'string' ? JSON.stringify(r) : r, '*');
      };
      if (api === '__gpp') w.__gpp(c.command, reply, c.parameter, c.version);
      else w.__tcfapi(c.command, c.version, reply, c.parameter);
    });
  }
  if (typeof w.__tcfapi !== 'function') {
    var q = [];
    w.__tcfapi = function () {
      var a = [].slice.call(arguments);
      if (!a.length) return q;
      if (a[0] === 'ping') a[2]({ gdprApplies: undefined, cmpLoaded: false, cmpStatus: 'stub', apiVersion: '2.2' }, true);
      else q.push(a);
    };
    w.__tcfapi.tactStub = 1;
    frame('__tcfapiLocator');
    proxy('__tcfapiCall', '__tcfapiReturn', '__tcfapi');
  }
  if (typeof w.__gpp !== 'function') {
    var gq = [], ev = [], id = 1000;
    w.__gpp = function (cmd, cb, param, ver) {
      if (!arguments.length || cmd === 'queue') return gq;
      if (cmd === 'events') return ev;
      var ping = { gppVersion: '1.1', cmpStatus: 'stub', cmpDisplayStatus: 'hidden', signalStatus: 'not ready',
        supportedAPIs: ['2:tcfeuv2', '7:usnat'], cmpId: 0, sectionList: [], applicableSections: [], gppString: '', parsedSections: {} };
      if (cmd === 'ping') return cb(ping, true);
      if (cmd === 'addEventListener') {
        ev.push({ id: ++id, callback: cb, parameter: param });
        return cb({ eventName: 'listenerRegistered', listenerId: id, data: true, pingData: ping }, true);
      }
      gq.push([].slice.call(arguments));
    };
    frame('__gppLocator');
    proxy('__gppCall', '__gppReturn', '__gpp');
  }
})(window, document);
