// tact banner: one tag, no framework.
//   <script src="https://TACT/sdk/tact.js" data-property="shop" data-key="pk_..." async></script>
// Loads the property's config, asks only what is due (first visit, expiry,
// refusal interval passed, new notice items), records choices for the
// browser's own pseudonymous subject, and carries them into the page: the
// IAB __tcfapi and __gpp APIs (strings made by the server), Google Consent
// Mode v2, blocked scripts and iframes, and cookie clean-up on withdrawal.
(function (w, d) {
  'use strict';
  if (w.tact && w.tact.version) return;
  var me = d.currentScript || d.querySelector('script[data-property][data-key]');
  if (!me) return;
  var base = new URL(me.src, location.href).origin;
  var attr = function (n) { return me.getAttribute('data-' + n); };
  var property = attr('property'), pkey = attr('key');
  var nav = navigator, gpc = nav.globalPrivacyControl === true;
  var DAY = 864e5;

  // ---- texts -------------------------------------------------------------
  var T = {
    en: {
      title: 'Your choices about your data',
      intro: 'We would like to use some of your data. For each use we say what we do and what you get in return. Nothing is on until you say yes, the site works either way, and you can change your mind at any time.',
      renew: 'Something changed since your last visit. We only ask about what is new:',
      asked: 'We ask about:',
      accept: 'Accept all', reject: 'Reject all', choose: 'Choose',
      save: 'Save my choices', close: 'Close without choosing', back: 'Back',
      prefs: 'Choose what we may do', link: 'Privacy choices',
      gpc: 'Your browser asked us not to sell or share your data (Global Privacy Control). We have respected that: sharing and sale stay off unless you switch them on here yourself.',
      does: 'What we do', gets: 'What you get', basis: 'Legal basis', party: 'Whose data', kept: 'Kept for',
      consent: 'Your consent', legitimate_interest: 'Our legitimate interest (you can object)',
      contract: 'Needed for what you asked us to do', legal_obligation: 'Required by law',
      first: 'Collected by us (first party)', second: 'Shared with a partner under contract (second party)',
      third: 'From or to other companies (third party)',
      always: 'Always on', object: 'I object', vendors: 'Companies involved', policy: 'privacy policy',
      li: 'legitimate interest', days: ' days', months: ' months', years: ' years', saved: 'Your choices are saved.',
      error: 'Your choices could not be saved. Please try again.', lang: 'English', langName: 'Language',
      cesWithdraw: 'How easy was it to withdraw your consent?', cesBanner: 'How easy was it to make your choices?',
      cesOther: 'How easy was it?', cesHard: 'very difficult', cesEasy: 'very easy',
      cesComment: 'What could we have made easier? (optional, kept for 6 months; please leave out personal details)',
      cesSend: 'Send', cesLater: 'Not now', cesThanks: 'Thank you for your answer.',
      cesPick: 'Please choose a number from 1 to 7.', cesError: 'Your answer could not be sent. Please try again.'
    },
    fr: {
      title: 'Vos choix sur vos données',
      intro: 'Nous aimerions utiliser certaines de vos données. Pour chaque usage, nous disons ce que nous faisons et ce que vous y gagnez. Rien n\u2019est activé sans votre accord, le site fonctionne dans tous les cas et vous pouvez changer d\u2019avis à tout moment.',
      renew: 'Des choses ont changé depuis votre dernière visite. Nous ne demandons que ce qui est nouveau :',
      asked: 'Nous vous demandons :',
      accept: 'Tout accepter', reject: 'Tout refuser', choose: 'Choisir',
      save: 'Enregistrer mes choix', close: 'Fermer sans choisir', back: 'Retour',
      prefs: 'Choisissez ce que nous pouvons faire', link: 'Vos choix de confidentialité',
      gpc: 'Votre navigateur nous a demandé de ne pas vendre ni partager vos données (Global Privacy Control). Nous l\u2019avons respecté : le partage et la vente restent désactivés, sauf si vous les activez vous-même ici.',
      does: 'Ce que nous faisons', gets: 'Ce que vous y gagnez', basis: 'Base légale', party: 'Origine des données',
      kept: 'Conservées', consent: 'Votre consentement',
      legitimate_interest: 'Notre intérêt légitime (vous pouvez vous y opposer)',
      contract: 'Nécessaire à ce que vous nous avez demandé', legal_obligation: 'Imposé par la loi',
      first: 'Collectées par nous (première partie)', second: 'Partagées avec un partenaire sous contrat (deuxième partie)',
      third: 'Venant d\u2019autres entreprises ou transmises à elles (tierce partie)',
      always: 'Toujours actif', object: 'Je m\u2019oppose', vendors: 'Entreprises concernées',
      policy: 'politique de confidentialité', li: 'intérêt légitime', days: ' jours', months: ' mois', years: ' ans',
      saved: 'Vos choix sont enregistrés.', error: 'Vos choix n\u2019ont pas pu être enregistrés. Veuillez réessayer.',
      lang: 'Français', langName: 'Langue',
      cesWithdraw: 'Était-ce facile de retirer votre consentement ?', cesBanner: 'Était-ce facile de faire vos choix ?',
      cesOther: 'Était-ce facile ?', cesHard: 'très difficile', cesEasy: 'très facile',
      cesComment: 'Qu\u2019aurions-nous pu rendre plus simple ? (facultatif, conservé 6 mois ; merci de ne pas y mettre d\u2019informations personnelles)',
      cesSend: 'Envoyer', cesLater: 'Pas maintenant', cesThanks: 'Merci pour votre réponse.',
      cesPick: 'Choisissez un chiffre de 1 à 7.', cesError: 'Votre réponse n\u2019a pas pu être envoyée. Veuillez réessayer.'
    }
  };

  // ---- state -------------------------------------------------------------
  // tc, gpp: the strings; tcd: the TCData fields of tc with id maps as id
  // lists; gs, gl: the GPP parsedSections and sectionList (all from the server).
  var cfg = null, lang = 'en', tc = null, gpp = null, tcd = null, gs = {}, gl = [];
  var on = {};       // purpose key -> true when granted (consent) or not objected (legitimate interest)
  var von = {};      // purpose|vendor -> false when the person switched the vendor off
  var touched = {};  // purpose key -> the person set it themselves (explicit, outranks GPC)
  var ui = null, prefs = null, link = null, lastFocus = null;
  // This showing's effort: when it began and how many clicks it has taken.
  var effort = null;

  function cookie(name) {
    var m = d.cookie.match(new RegExp('(?:^|; )' + name.replace(/[.$?*|{}()[\]\\/+^]/g, '\\$&') + '=([^;]*)'));
    return m ? decodeURIComponent(m[1]) : null;
  }
  function setCookie(name, value, days) {
    d.cookie = name + '=' + encodeURIComponent(value) + '; Max-Age=' + Math.round(days * 86400) +
      '; Path=/; SameSite=Lax' + (location.protocol === 'https:' ? '; Secure' : '');
  }
  var subject = cookie('tact_sid');
  if (!/^sub_[A-Za-z0-9_-]{16,64}$/.test(subject || '')) subject = null;
  function newSubject() {
    var b = new Uint8Array(16), s = 'sub_', a = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
    crypto.getRandomValues(b);
    for (var i = 0; i < b.length; i++) s += a[b[i] % 62] + a[(b[i] >> 3) % 62];
    return s;
  }

  function t(k) { return (T[lang] || T.en)[k]; }
  function txt(map) { return map ? map[lang] || map.en || map[Object.keys(map)[0]] || '' : ''; }
  function purposes() { return cfg ? cfg.purposes : []; }
  function purpose(k) { return purposes().filter(function (p) { return p.key === k; })[0]; }
  function choosable(p) { return p.legal_basis === 'consent' || p.legal_basis === 'legitimate_interest'; }
  function vendor(id) { return cfg.vendors.filter(function (v) { return v.id === id; })[0]; }
  function consentVendor(v, key) { return v.purposes.some(function (k) { return key === k || key.indexOf(k + '.') === 0; }); }
  function gpcLocked(p) { return gpc && p.sale_or_sharing && !touched[p.key] && p.rule !== 'explicit_after_gpc'; }
  function granted(k) {
    var p = purpose(k);
    if (!p) return false;
    if (p.legal_basis === 'legitimate_interest') return p.state !== 'denied' && p.state !== 'withdrawn';
    return p.legal_basis !== 'consent' || p.state === 'granted';
  }

  // ---- Google Consent Mode v2 --------------------------------------------
  w.dataLayer = w.dataLayer || [];
  function gtag() { w.dataLayer.push(arguments); }
  function modeState() {
    var g = function (re) {
      return purposes().some(function (p) { return re.test(p.key) && granted(p.key); }) ? 'granted' : 'denied';
    };
    var ads = g(/^ads(\.|$)/);
    return {
      ad_storage: ads, ad_user_data: ads, ad_personalization: g(/^ads\.personali[sz]/) === 'granted' ? 'granted' : ads,
      analytics_storage: g(/^analytics(\.|$)/), functionality_storage: g(/^functional/),
      personalization_storage: g(/^personali[sz]ation/), security_storage: 'granted'
    };
  }
  gtag('consent', 'default', {
    ad_storage: 'denied', ad_user_data: 'denied', ad_personalization: 'denied', analytics_storage: 'denied',
    functionality_storage: 'denied', personalization_storage: 'denied', security_storage: 'granted',
    wait_for_update: 500
  });

  // ---- __tcfapi (IAB TCF v2.2 CMP API) -----------------------------------
  // A fresh copy of v; with ids, each array (an id list) becomes an id map.
  function copy(v, ids) {
    var o = {}, k, m;
    if (Array.isArray(v)) {
      if (!ids) return v.map(function (x) { return copy(x); });
      for (k = 1, m = Math.max.apply(0, v.concat(0)); k <= m; k++) o[k] = false;
      v.forEach(function (x) { o[x] = true; });
      return o;
    }
    if (!v || typeof v != 'object') return v;
    for (k in v) o[k] = copy(v[k], ids);
    return o;
  }
  var tcfStatus = 'tcloaded', tcfL = {}, tcfN = 0, shown = false, E = [];
  function tcfCfg() { return cfg && cfg.tcf || {}; }
  function tcData(id) {
    var c = tcfCfg(), r = { gdprApplies: cfg ? cfg.gdpr_applies : undefined, tcfPolicyVersion: c.policy_version,
      cmpId: c.cmp_id, cmpVersion: c.cmp_version };
    if (r.gdprApplies === false) return r;
    var d = copy(tcd || { isServiceSpecific: true, useNonStandardTexts: false, publisherCC: 'AA', purposeOneTreatment: false,
      outOfBand: { allowedVendors: E, disclosedVendors: E }, purpose: { consents: E, legitimateInterests: E },
      vendor: { consents: E, legitimateInterests: E }, specialFeatureOptins: E,
      publisher: { consents: E, legitimateInterests: E, customPurpose: { consents: E, legitimateInterests: E }, restrictions: {} }
    }, 1);
    for (var k in d) r[k] = d[k];
    r.tcString = tc || '';
    r.listenerId = id;
    r.eventStatus = tcfStatus;
    r.cmpStatus = 'loaded';
    return r;
  }
  function tcfPing() {
    var c = tcfCfg();
    return { gdprApplies: cfg ? cfg.gdpr_applies : undefined, cmpLoaded: true, cmpStatus: cfg ? 'loaded' : 'stub',
      displayStatus: shown ? 'visible' : 'hidden', apiVersion: '2.2', cmpVersion: c.cmp_version, cmpId: c.cmp_id,
      gvlVersion: c.gvl_version, tcfPolicyVersion: c.policy_version };
  }
  var tcfQueue = [];
  function tcfapi(cmd, ver, cb, param) {
    if (typeof cb !== 'function') return;
    if (ver !== 0 && ver !== null && ver !== undefined && ver !== 2) return cb(null, false);
    if (cmd === 'ping') return cb(tcfPing(), true);
    if (!cfg) return tcfQueue.push([cmd, ver, cb, param]);
    if (cmd === 'addEventListener') { tcfL[++tcfN] = cb; return cb(tcData(tcfN), true); }
    if (cmd === 'removeEventListener') { var ok = !!tcfL[param]; delete tcfL[param]; return cb(ok); }
    if (cmd === 'getTCData') return cb(tcData(), true);  // deprecated in v2.2; kept for older scripts
    cb(null, false);
  }
  function tcfEvent(status) {
    tcfStatus = status;
    for (var id in tcfL) tcfL[id](tcData(+id), true);
  }

  // ---- __gpp (IAB GPP CMP API 1.1) ---------------------------------------
  var gppL = {}, gppN = 1000, signal = 'not ready';
  function own(o, k) { return !!o && {}.hasOwnProperty.call(o, k); }
  // A section as the page gets it (dates as Date), or null.
  function section(name) {
    var s = own(gs, name) ? copy(gs[name]) : null;
    for (var k in s) if (k === 'Created' || k === 'LastUpdated') s[k] = new Date(s[k] * 100);
    return s;
  }
  function gppPing() {
    var parsed = {};
    for (var n in gs) parsed[n] = section(n);
    return { gppVersion: '1.1', cmpStatus: cfg ? 'loaded' : 'stub', cmpDisplayStatus: shown ? 'visible' : 'hidden',
      signalStatus: signal, supportedAPIs: ['2:tcfeuv2', '7:usnat'], cmpId: tcfCfg().cmp_id || 1, sectionList: gl.slice(),
      applicableSections: !cfg ? [] : cfg.gdpr_applies ? [2] : own(gs, 'usnat') ? [7] : [-1], gppString: gpp || '',
      parsedSections: parsed };
  }
  function gppapi(cmd, cb, param) {
    if (typeof cb !== 'function') return;
    if (cmd === 'ping') return cb(gppPing(), true);
    if (cmd === 'addEventListener') {
      gppL[++gppN] = cb;
      return cb({ eventName: 'listenerRegistered', listenerId: gppN, data: true, pingData: gppPing() }, true);
    }
    if (cmd === 'removeEventListener') {
      var ok = !!gppL[param];
      delete gppL[param];
      return cb({ eventName: 'listenerRemoved', listenerId: param, data: ok, pingData: gppPing() }, true);
    }
    if (cmd === 'hasSection') return cb(cfg ? own(gs, param) : null, true);
    if (cmd === 'getSection') return cb(cfg ? section(param) : null, true);
    if (cmd === 'getField') {
      var f = ('' + param).split('.'), s = cfg && section(f[0]);
      return cb(own(s, f[1]) ? s[f[1]] : null, true);
    }
    cb(null, false);
  }
  function gppEvent(name, data) {
    if (name === 'signalStatus') signal = data;
    for (var id in gppL) gppL[id]({ eventName: name, listenerId: +id, data: data, pingData: gppPing() }, true);
  }

  // Replace stubs, keep their queues and listeners, answer nested frames.
  var oldTcf = w.__tcfapi, oldGpp = w.__gpp;
  var queuedTcf = typeof oldTcf === 'function' ? oldTcf() || [] : [];
  var queuedGpp = typeof oldGpp === 'function' ? oldGpp('queue') || [] : [];
  var stubEvents = typeof oldGpp === 'function' ? oldGpp('events') || [] : [];
  stubEvents.forEach(function (e) { gppL[e.id] = e.callback; gppN = Math.max(gppN, e.id); });
  w.__tcfapi = tcfapi;
  w.__gpp = gppapi;
  if (typeof oldTcf !== 'function' || typeof oldGpp !== 'function') {
    w.addEventListener('message', function (e) {
      var m = e.data, c, tcf;
      try { if (typeof m === 'string') m = JSON.parse(m); } catch (x) { return; }
      if (!m || !e.source) return;
      tcf = m.__tcfapiCall && typeof oldTcf !== 'function';
      c = tcf ? m.__tcfapiCall : typeof oldGpp !== 'function' && m.__gppCall;
      if (!c) return;
      var reply = function (v, ok) {
        var r = {};
        r[tcf ? '__tcfapiReturn' : '__gppReturn'] = { returnValue: v, success: ok, callId: c.callId };
        e.source.postMessage(typeof e.data === 'string' ? JSON.stringify(r) : r, '*');
      };
      if (tcf) tcfapi(c.command, c.version, reply, c.parameter);
      else gppapi(c.command, reply, c.parameter);
    });
  }
  queuedTcf.forEach(function (a) { tcfapi(a[0], a[1], a[2], a[3]); });

  // ---- scripts, iframes and cookies --------------------------------------
  function allowed(el) {
    return el.getAttribute('data-tact-purpose').split(/[\s,]+/).every(function (k) { return !k || granted(k); });
  }
  function unblock() {
    [].forEach.call(d.querySelectorAll('script[type="text/plain"][data-tact-purpose],iframe[data-tact-purpose][data-src]'),
      function (el) {
        if (!allowed(el)) return;
        if (el.tagName === 'IFRAME') {
          el.src = el.getAttribute('data-src');
          el.removeAttribute('data-src');
          return;
        }
        var s = d.createElement('script');
        [].forEach.call(el.attributes, function (a) { if (a.name !== 'type') s.setAttribute(a.name, a.value); });
        s.type = el.getAttribute('data-type') || 'text/javascript';
        if (!el.src) s.text = el.text;
        el.parentNode.replaceChild(s, el);
      });
  }
  // Expires a cookie on every path prefix of this page and every parent domain.
  function erase(name) {
    var host = location.hostname.split('.'), paths = ['/'], segs = location.pathname.split('/'), p = '';
    for (var i = 1; i < segs.length; i++) {
      if (!segs[i]) continue;
      p += '/' + segs[i];
      paths.push(p, p + '/');
    }
    var domains = [''];
    for (var j = 0; j < host.length - 1 || j === 0; j++) domains.push('; domain=' + host.slice(j).join('.'));
    domains.forEach(function (dom) {
      paths.forEach(function (path) {
        d.cookie = name + '=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=' + path + dom;
      });
    });
  }
  function clean() {
    purposes().forEach(function (p) {
      if (granted(p.key)) return;
      (p.cookies || []).forEach(function (name) {
        d.cookie.split('; ').forEach(function (c) {
          var n = c.split('=')[0];
          if (n === name || (name.slice(-1) === '*' && n.indexOf(name.slice(0, -1)) === 0)) erase(n);
        });
      });
    });
  }
  function apply() {
    gtag('consent', 'update', modeState());
    clean();
    unblock();
  }

  // ---- DOM helpers -------------------------------------------------------
  function el(tag, props, kids) {
    var e = d.createElement(tag);
    for (var k in props || {}) {
      if (k === 'text') e.textContent = props[k];
      else if (k === 'click') e.addEventListener('click', props[k]);
      else e.setAttribute(k, props[k]);
    }
    (kids || []).forEach(function (c) { if (c) e.appendChild(c); });
    return e;
  }
  function button(label, click, cls) {
    return el('button', { type: 'button', 'class': cls || 'tact-btn', text: label, click: click });
  }
  function toggle(checked, label, change, disabled) {
    var b = el('button', { type: 'button', role: 'switch', 'class': 'tact-switch', 'aria-checked': '' + !!checked,
      'aria-label': label });
    if (disabled) b.setAttribute('aria-disabled', 'true');
    b.addEventListener('click', function () {
      if (b.getAttribute('aria-disabled')) return;
      var v = b.getAttribute('aria-checked') !== 'true';
      b.setAttribute('aria-checked', '' + v);
      change(v);
    });
    return b;
  }
  function focusables(root) {
    return [].filter.call(root.querySelectorAll('button,a[href],summary,select,[tabindex]:not([tabindex="-1"])'),
      function (e) { return e.offsetParent !== null || e === d.activeElement; });
  }
  function trap(root, onEscape) {
    root.addEventListener('keydown', function (e) {
      if (e.key === 'Escape') { e.preventDefault(); onEscape(); return; }
      if (e.key !== 'Tab') return;
      var f = focusables(root), first = f[0], last = f[f.length - 1];
      if (e.shiftKey && (d.activeElement === first || !root.contains(d.activeElement))) { e.preventDefault(); last.focus(); }
      else if (!e.shiftKey && d.activeElement === last) { e.preventDefault(); first.focus(); }
    });
  }
  function langSwitch() {
    var langs = (cfg.property.languages || []).filter(function (l) { return T[l]; });
    if (langs.length < 2) return null;
    var next = langs[(langs.indexOf(lang) + 1) % langs.length];
    var b = button(T[next].lang, function () { lang = next; render(!!prefs); }, 'tact-lang');
    b.setAttribute('lang', next);
    b.setAttribute('aria-label', T[next].langName + ': ' + T[next].lang);
    return b;
  }
  function duration(days) {
    if (days >= 730 && days % 365 < 31) return Math.round(days / 365) + t('years');
    if (days >= 60) return Math.round(days / 30.4) + t('months');
    return days + t('days');
  }

  // ---- first layer -------------------------------------------------------
  function asked() {
    var keys = cfg.ask.purposes.slice();
    cfg.ask.vendors.forEach(function (id) {
      var v = vendor(id);
      (v ? v.purposes.concat(v.legitimate_interest_purposes) : []).forEach(function (k) {
        purposes().forEach(function (p) {
          if ((p.key === k || p.key.indexOf(k + '.') === 0) && choosable(p) && keys.indexOf(p.key) < 0) keys.push(p.key);
        });
      });
    });
    return keys;
  }
  function returning() { return purposes().some(function (p) { return p.state; }); }
  function banner() {
    var keys = asked();
    var list = el('ul', { 'class': 'tact-asked' }, keys.map(function (k) {
      return el('li', { 'data-purpose': k, text: txt(purpose(k).title) });
    }));
    return el('div', { 'class': 'tact-banner', role: 'dialog', 'aria-labelledby': 'tact-title',
      'aria-describedby': 'tact-intro', lang: lang }, [
      el('div', { 'class': 'tact-head' }, [el('h2', { id: 'tact-title', tabindex: '-1', text: t('title') }), langSwitch()]),
      el('p', { id: 'tact-intro', text: t('intro') }),
      el('p', { 'class': 'tact-small', text: returning() ? t('renew') : t('asked') }),
      list,
      gpc ? el('p', { 'class': 'tact-gpc', role: 'note', text: t('gpc') }) : null,
      el('div', { 'class': 'tact-btns' }, [
        button(t('accept'), function () { save('all', keys); }),
        button(t('reject'), function () { save('none', keys); }),
        button(t('choose'), function () { render(true); })
      ]),
      button(t('close'), hide, 'tact-close')
    ]);
  }

  // ---- preference center -------------------------------------------------
  function row(p) {
    var id = 'tact-p-' + p.key.replace(/\W/g, '-'), kids = [], basis = p.legal_basis, sw = null;
    if (basis === 'consent') {
      sw = toggle(on[p.key], txt(p.title), function (v) {
        on[p.key] = v;
        touched[p.key] = true;
        render(true, p.key);
      });
    } else if (basis === 'legitimate_interest') {
      sw = toggle(!on[p.key], t('object') + ': ' + txt(p.title), function (v) {
        on[p.key] = !v;
        touched[p.key] = true;
      });
    }
    var head = el('div', { 'class': 'tact-row-head' }, [
      el('h3', { id: id, text: txt(p.title) }),
      sw ? el('span', { 'class': 'tact-sw' }, [basis === 'legitimate_interest' ? el('span', { text: t('object') }) : null, sw])
        : el('span', { 'class': 'tact-always', text: t('always') })
    ]);
    kids.push(head);
    if (gpc && p.sale_or_sharing && !on[p.key]) kids.push(el('p', { 'class': 'tact-gpc', text: t('gpc') }));
    var dl = el('dl', {}, [
      el('dt', { text: t('does') }), el('dd', { text: txt(p.description) }),
      el('dt', { text: t('gets') }), el('dd', { text: txt(p.benefit) }),
      el('dt', { text: t('basis') }), el('dd', { text: t(basis) }),
      el('dt', { text: t('party') }), el('dd', { text: t(p.party) }),
      el('dt', { text: t('kept') }), el('dd', { text: duration(p.retention_days) })
    ]);
    kids.push(dl);
    if (p.vendors.length) {
      kids.push(el('details', {}, [el('summary', { text: t('vendors') + ' (' + p.vendors.length + ')' }),
        el('ul', {}, p.vendors.map(function (vid) {
          var v = vendor(vid), vk = p.key + '|' + vid, byConsent = consentVendor(v, p.key);
          return el('li', { 'data-vendor': vid }, [
            el('span', {}, [el('span', { text: v.name + ' \u00b7 ' + t(v.party) + (byConsent ? '' : ' \u00b7 ' + t('li')) + ' \u00b7 ' }),
              v.policy_url ? el('a', { href: v.policy_url, target: '_blank', rel: 'noopener', text: t('policy') }) : null]),
            byConsent && basis === 'consent' ? toggle(on[p.key] && von[vk] !== false, v.name + ' \u2013 ' + txt(p.title),
              function (x) { von[vk] = x; touched[p.key] = true; }, !on[p.key]) : null
          ]);
        }))]));
    }
    return el('section', { 'class': 'tact-row', 'data-purpose': p.key, 'aria-labelledby': id }, kids);
  }
  function center() {
    return el('div', { 'class': 'tact-prefs', role: 'dialog', 'aria-modal': 'true', 'aria-labelledby': 'tact-ptitle',
      lang: lang }, [
      el('div', { 'class': 'tact-head' }, [el('h2', { id: 'tact-ptitle', tabindex: '-1', text: t('prefs') }), langSwitch()]),
      gpc ? el('p', { 'class': 'tact-gpc', role: 'note', text: t('gpc') }) : null,
      el('div', { 'class': 'tact-rows' }, purposes().map(row)),
      el('div', { 'class': 'tact-btns' }, [
        button(t('accept'), function () { save('all'); }),
        button(t('reject'), function () { save('none'); }),
        button(t('save'), function () { save('custom'); })
      ]),
      button(ui ? t('back') : t('close'), function () { ui ? render(false) : hide(); }, 'tact-close')
    ]);
  }

  // ---- showing and hiding ------------------------------------------------
  var root = null;
  function mount() {
    if (!root) {
      root = el('div', { id: 'tact-root' });
      root.addEventListener('click', function (e) {
        if (effort && e.target.closest && e.target.closest('button,summary,a')) effort.n++;
      });
      d.body.appendChild(root);
    }
    return root;
  }
  function setShown(v) {
    if (v === shown) return;
    shown = v;
    // GPP: signalStatus is the first and the last event of a chain.
    if (v && signal === 'ready') gppEvent('signalStatus', 'not ready');
    gppEvent('cmpDisplayStatus', v ? 'visible' : 'hidden');
    if (v) tcfEvent('cmpuishown');
  }
  // Draws the first layer (asPrefs false) or the preference center; `focusKey`
  // keeps focus on a purpose's switch when the center redraws.
  function render(asPrefs, focusKey) {
    var r = mount(), scroll = prefs ? prefs.querySelector('.tact-rows').scrollTop : 0;
    if (!shown) {
      lastFocus = d.activeElement;
      effort = effort || { start: Date.now(), n: 0 };
    }
    r.textContent = '';
    if (link) link.hidden = true;
    if (asPrefs) {
      prefs = center();
      r.appendChild(el('div', { 'class': 'tact-backdrop' }, [prefs]));
      trap(prefs, function () { ui ? render(false) : hide(); });
      prefs.querySelector('.tact-rows').scrollTop = scroll;
      var f = focusKey && prefs.querySelector('[data-purpose="' + focusKey + '"] .tact-switch');
      (f || prefs.querySelector('h2')).focus();
    } else {
      prefs = null;
      ui = banner();
      r.appendChild(ui);
      trap(ui, hide);
      ui.querySelector('h2').focus();
    }
    setShown(true);
  }
  // `saved`: the person made a choice; save() then sends the events in order.
  function hide(saved) {
    if (root) root.textContent = '';
    effort = null;
    ui = prefs = null;
    setShown(false);
    if (saved === true) return afterHide();
    if (tcfStatus === 'cmpuishown' && tc && subject) tcfEvent('tcloaded');  // a stored choice stands
    if (signal !== 'ready') gppEvent('signalStatus', 'ready');
    afterHide();
  }
  function afterHide() {
    showLink();
    if (lastFocus && lastFocus.focus && d.contains(lastFocus)) lastFocus.focus();
  }
  function showLink() {
    if (attr('link') === 'none' || !cfg) return;
    if (!link) {
      link = button(t('link'), openByClick, 'tact-link');
      link.id = 'tact-link';
      d.body.appendChild(link);
    }
    link.textContent = t('link');
    link.hidden = false;
  }

  // The person opened the preference center: that click is part of the effort.
  function openByClick() {
    if (!cfg) return;
    effort = { start: Date.now(), n: 1 };
    render(true);
  }

  // ---- recording ---------------------------------------------------------
  function api(path, body) {
    var url = base + '/v1/p/' + encodeURIComponent(property) + path, opt = { mode: 'cors', credentials: 'omit' };
    if (body) {
      opt.method = 'POST';
      opt.headers = { 'Content-Type': 'application/json', Authorization: 'Bearer ' + pkey };
      opt.body = JSON.stringify(body);
    }
    return fetch(url, opt).then(function (r) {
      return r.json().then(function (j) { if (!r.ok) throw j; return j; });
    });
  }
  // mode: 'all', 'none' or 'custom'; `keys`: the purposes the first layer asked about.
  function save(mode, keys) {
    var choices = [], scope = keys || purposes().filter(choosable).map(function (p) { return p.key; });
    var fresh = false, took = false;  // a consent given anew; one taken back
    scope.forEach(function (k) {
      var p = purpose(k), v = mode === 'all' ? true : mode === 'none' ? false : on[k], ex = mode === 'custom' && !!touched[k];
      var was = p.state === 'granted';
      var state = v ? 'granted' : p.legal_basis === 'consent' && was ? 'withdrawn' : 'denied';
      choices.push({ purpose: k, state: state, explicit: ex });
      if (p.legal_basis !== 'consent') return;
      fresh = fresh || (v && !was);
      took = took || state === 'withdrawn';
      p.vendors.forEach(function (vid) {
        var vv = vendor(vid);
        if (!consentVendor(vv, k)) return;
        var g = v && (mode !== 'custom' || von[k + '|' + vid] !== false);
        choices.push({ purpose: k, vendor: vid, state: g ? 'granted' : was ? 'withdrawn' : 'denied', explicit: ex });
      });
    });
    // Taking consent back (and giving none anew) is a withdrawal, whichever button did it.
    var kind = took && !fresh ? 'withdraw' : mode === 'all' ? 'accept_all' : mode === 'none' ? 'reject_all' : 'custom';
    var spent = effort;
    var sid = subject || newSubject();
    return api('/consents', { subject: sid, notice_version: cfg.notice_version, gpc: gpc, choices: choices })
      .then(function (res) {
        subject = sid;
        setCookie('tact_sid', sid, cfg.policy.consent_lifetime_days);
        res.choices.forEach(function (c) {
          var p = purpose(c.purpose);
          if (!p) return;
          if (c.vendor) {
            cfg.vendors.forEach(function (v) { if (v.id === c.vendor) v.choices[c.purpose] = c.state; });
            return;
          }
          p.state = c.state;
          p.rule = c.rule;
          p.since = res.time;
        });
        sync();
        var changed = strings(res);
        if (spent) {
          api('/feedback/effort', { touchpoint: 'banner', choice: kind, interactions: Math.min(spent.n, 1000),
            seconds: Math.min(Math.round((Date.now() - spent.start) / 100) / 10, 3600) }).catch(function () {});
        }
        hide(true);
        tcfEvent('useractioncomplete');
        changed.forEach(function (n) { gppEvent('sectionChange', n); });
        gppEvent('signalStatus', 'ready');
        apply();
        dispatch('tact:change');
        if (kind === 'withdraw') dispatch('tact:withdraw');
      }, function () {
        var box = (prefs || ui);
        if (box && !box.querySelector('.tact-err')) box.appendChild(el('p', { 'class': 'tact-err', role: 'alert', text: t('error') }));
      });
  }
  // Takes the server's strings and their decoded forms; returns the names of
  // the GPP sections that changed. The cookie waits for a choice.
  function strings(res) {
    var old = gs, changed = [];
    if (res.tc_string) {
      tc = res.tc_string;
      tcd = res.tc_data;
      if (subject) setCookie('euconsent-v2', tc, cfg.policy.consent_lifetime_days);
    }
    if (res.gpp_string) {
      gpp = res.gpp_string;
      gs = res.gpp_sections || {};
      gl = res.gpp_section_list || [];
    }
    for (var n in gs) if (JSON.stringify(gs[n]) !== JSON.stringify(old[n])) changed.push(n);
    return changed;
  }
  function dispatch(name) {
    try { w.dispatchEvent(new CustomEvent(name, { detail: w.tact.choices() })); } catch (x) { /* old browsers */ }
  }
  // The switches follow the recorded state (GPC refusals included).
  function sync() {
    purposes().forEach(function (p) {
      on[p.key] = p.legal_basis === 'legitimate_interest' ? p.state !== 'denied' && p.state !== 'withdrawn'
        : p.state === 'granted';
      if (gpcLocked(p)) on[p.key] = false;
      p.vendors.forEach(function (vid) {
        var s = vendor(vid).choices[p.key];
        if (s) von[p.key + '|' + vid] = s === 'granted';
      });
    });
  }

  // ---- start -------------------------------------------------------------
  function pickLang() {
    var want = [attr('lang'), d.documentElement.lang, nav.language].concat(nav.languages || []);
    for (var i = 0; i < want.length; i++) {
      var l = (want[i] || '').slice(0, 2).toLowerCase();
      if (T[l] && cfg.languages.indexOf(l) >= 0) return l;
    }
    return cfg.languages.filter(function (l) { return T[l]; })[0] || 'en';
  }
  function start(c) {
    cfg = c;
    lang = pickLang();
    strings(c);
    sync();
    apply();
    gppEvent('cmpStatus', 'loaded');
    var q = tcfQueue;
    tcfQueue = [];
    if (c.show) {
      tcfStatus = 'cmpuishown';
      render(false);
    } else {
      gppEvent('signalStatus', 'ready');
      showLink();
    }
    q.forEach(function (a) { tcfapi(a[0], a[1], a[2], a[3]); });
    queuedGpp.forEach(function (a) { gppapi(a[0], a[1], a[2], a[3]); });
    dispatch('tact:ready');
  }

  // ---- customer effort score ----------------------------------------------
  // tact.ces('consent.withdraw'[, {target, question}]): asks "how easy was
  // it?" on the standard 1-7 scale, with an optional comment, and sends the
  // answer without any subject. Resolves with the score, or null when the
  // person says "Not now" (or presses Escape).
  var cesN = 0;
  function ces(touchpoint, opts) {
    opts = opts || {};
    if (!/^[a-z0-9_]+(\.[a-z0-9_]+)*$/.test(touchpoint || '') || touchpoint.length > 64) {
      return Promise.reject(new Error('tact.ces: the touchpoint must be a dotted lower-case key'));
    }
    if (!cfg) {
      var dl = (attr('lang') || d.documentElement.lang || '').slice(0, 2).toLowerCase();
      if (T[dl]) lang = dl;
    }
    return new Promise(function (done) {
      var id = 'tact-ces-' + (++cesN), q = t(touchpoint === 'consent.withdraw' ? 'cesWithdraw' : touchpoint === 'banner' ? 'cesBanner' : 'cesOther');
      var scale = [1, 2, 3, 4, 5, 6, 7].map(function (i) {
        var end = i === 1 ? t('cesHard') : i === 7 ? t('cesEasy') : '';
        return el('label', {}, [el('input', { type: 'radio', name: id, value: i }), el('span', { text: '' + i }),
          end ? el('span', { 'class': 'tact-sr', text: ' (' + end + ')' }) : null]);
      });
      var note = el('p', { 'class': 'tact-ces-note', role: 'alert' });
      var form = el('form', { 'class': 'tact-ces', lang: lang, novalidate: '' }, [
        el('fieldset', {}, [el('legend', { text: opts.question || q }), el('div', { 'class': 'tact-scale' }, scale),
          el('p', { 'class': 'tact-ends', 'aria-hidden': 'true' }, [el('span', { text: '1 = ' + t('cesHard') }),
            el('span', { text: '7 = ' + t('cesEasy') })])]),
        el('label', { 'for': id + '-c', text: t('cesComment') }),
        el('textarea', { id: id + '-c', rows: '2', maxlength: '2000' }),
        note,
        el('div', { 'class': 'tact-ces-btns' }, [el('button', { type: 'submit', 'class': 'tact-btn', text: t('cesSend') }),
          button(t('cesLater'), function () { finish(null); }, 'tact-close')])
      ]);
      var target = opts.target && (typeof opts.target === 'string' ? d.querySelector(opts.target) : opts.target);
      var box = target ? form : el('div', { 'class': 'tact-ces-float', role: 'region', 'aria-label': opts.question || q }, [form]);
      var before = d.activeElement;
      function remove() {
        var inside = box.contains(d.activeElement);
        if (box.parentNode) box.parentNode.removeChild(box);
        if (inside && before && before.focus && d.contains(before)) before.focus();
      }
      function finish(score) {
        remove();
        done(score);
      }
      form.addEventListener('keydown', function (e) { if (e.key === 'Escape') { e.preventDefault(); finish(null); } });
      form.addEventListener('submit', function (e) {
        e.preventDefault();
        var c = form.querySelector('input:checked'), text = form.querySelector('textarea').value.trim().slice(0, 2000);
        if (!c) { note.textContent = t('cesPick'); form.querySelector('input').focus(); return; }
        var body = { touchpoint: touchpoint, score: +c.value };
        if (text) body.comment = text;
        api('/feedback/ces', body).then(function () {
          form.textContent = '';
          form.appendChild(el('p', { 'class': 'tact-ces-thanks', role: 'status', tabindex: '-1', text: t('cesThanks') }));
          form.firstChild.focus();
          done(body.score);
          setTimeout(remove, 4000);
        }, function () { note.textContent = t('cesError'); });
      });
      (target || d.body).appendChild(box);
      form.querySelector('input').focus();
    });
  }

  w.tact = {
    version: '1',
    ces: ces,
    show: function () { if (cfg) render(true); },
    granted: granted,
    choices: function () {
      var o = {};
      purposes().forEach(function (p) { o[p.key] = p.state || null; });
      return o;
    }
  };
  d.addEventListener('click', function (e) {
    if (e.target.closest && e.target.closest('[data-tact-open]')) { e.preventDefault(); openByClick(); }
  });

  var css = d.createElement('link');
  var styled = new Promise(function (ok) { css.onload = css.onerror = ok; });
  css.rel = 'stylesheet';
  css.href = base + '/sdk/tact.css';
  d.head.appendChild(css);
  var q = '/config?key=' + encodeURIComponent(pkey) + (subject ? '&subject=' + subject : '') + (gpc ? '&gpc=1' : '');
  Promise.all([api(q), styled]).then(function (r) {
    if (d.body) start(r[0]);
    else d.addEventListener('DOMContentLoaded', function () { start(r[0]); });
  }, function (e) { if (w.console) console.warn('tact: cannot load the consent config', e); });
})(window, document);
