// The demo portal: a Bitrix24 look-alike shell and the PARENT side of the B24Frame protocol
// (shared/research/bitrix24-protocol.md §6). Plain browser JavaScript, served as is.
//
// Frame protocol, parent side:
//  - each app frame is an <iframe name="DOMAIN|PROTOCOL|APP_SID"> whose src is the handler URL plus
//    ?DOMAIN=…&PROTOCOL=…&LANG=…&APP_SID=…;
//  - the frame posts "command:JSON:callbackKey:APP_SID" (empty parts dropped; JSON may itself contain ':');
//  - the parent answers "callbackKey:JSON" to that frame, at the frame's origin.

const cfg = JSON.parse(document.getElementById('cfg').textContent);
const widgetOrigin = new URL(cfg.widgetUrl).origin;

const TEXT = {
  ru: {
    viewAs: 'Смотреть как',
    rep: 'Менеджер',
    manager: 'Руководитель',
    admin: 'Администратор',
    feed: 'Новости',
    tasks: 'Задачи и проекты',
    chat: 'Мессенджер',
    crm: 'CRM',
    kvota: 'Квота',
    deals: 'Сделки',
    title: 'Название',
    stage: 'Стадия',
    amount: 'Сумма',
    owner: 'Ответственный',
    closeDate: 'Дата завершения',
    general: 'Общие',
    history: 'История',
    win: 'Выиграть сделку (демо)',
    won: 'Сделка выиграна',
    close: 'Закрыть',
    protocol: 'Протокол Bitrix24 ↔ приложение (postMessage)',
    demo:
      '<b>Это демо.</b> Страница изображает портал Битрикс24 (эмулятор) и встраивает приложение <b>Квота</b> точно так же, как настоящий Битрикс24: ' +
      '<b>вкладка «Квота» в карточке сделки</b> показывает, что сделка даст продавцу, а <b>пункт «Квота» в левом меню</b> — план, премию и рейтинг команды. ' +
      'Переключайтесь между ролями вверху справа; кнопка «Выиграть сделку» в карточке двигает рейтинг в реальном времени.',
    noDeals: 'Сделок нет.',
  },
  en: {
    viewAs: 'View as',
    rep: 'Sales rep',
    manager: 'Manager',
    admin: 'Admin',
    feed: 'Feed',
    tasks: 'Tasks and projects',
    chat: 'Messenger',
    crm: 'CRM',
    kvota: 'Kvota',
    deals: 'Deals',
    title: 'Title',
    stage: 'Stage',
    amount: 'Amount',
    owner: 'Responsible',
    closeDate: 'Close date',
    general: 'General',
    history: 'History',
    win: 'Win this deal (demo)',
    won: 'Deal won',
    close: 'Close',
    protocol: 'Bitrix24 ↔ app protocol (postMessage)',
    demo:
      '<b>This is a demo.</b> The page plays a Bitrix24 portal (an emulator) and embeds the <b>Kvota</b> app exactly as Bitrix24 does: ' +
      'the <b>“Kvota” tab of a deal card</b> shows what the deal means for the rep, and <b>“Kvota” in the left menu</b> shows plan, pay and the team leaderboard. ' +
      'Switch roles at the top right; “Win this deal” in a deal card moves the leaderboard live.',
    noDeals: 'No deals.',
  },
};

const state = { lang: cfg.lang, as: 'rep', route: { kind: 'deals' }, deals: [] };
const frames = new Map(); // APP_SID → { iframe, placement, options, userId }
const protocolLog = [];
window.__host = { frames, protocolLog, cfg };

const esc = (s) =>
  String(s ?? '').replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c],
  );
const t = (k) => TEXT[state.lang][k] ?? k;
const persona = () => cfg.personas[state.as] ?? cfg.personas.rep;
const money = (amount, currency) =>
  new Intl.NumberFormat(state.lang === 'ru' ? 'ru-RU' : 'en-US', {
    style: 'currency',
    currency,
    currencyDisplay: 'narrowSymbol',
    maximumFractionDigits: 0,
  }).format(amount); // a decimal STRING: formatted exactly

// ---------- routing: #/deals, #/deal/ID, #/app ; ?as=rep|manager|admin&lang=ru|en ----------

function parseHash() {
  const [path, query = ''] = location.hash.replace(/^#/, '').split('?');
  const q = new URLSearchParams(query);
  if (q.get('as') && cfg.personas[q.get('as')]) state.as = q.get('as');
  if (q.get('lang') === 'ru' || q.get('lang') === 'en') state.lang = q.get('lang');
  const m = /^\/deal\/(\d+)/.exec(path);
  if (m) return { kind: 'deal', id: Number(m[1]), tab: q.get('tab') ?? 'kvota' };
  if (path.startsWith('/app')) {
    const options = {};
    for (const [k, v] of q) if (k !== 'as' && k !== 'lang') options[k] = v;
    return { kind: 'app', options };
  }
  return { kind: 'deals' };
}

function go(path, extra = {}) {
  const q = new URLSearchParams({ as: state.as, lang: state.lang, ...extra });
  location.hash = `${path}?${q}`;
}

// ---------- the parent side of the frame protocol ----------

function newSid() {
  const a = new Uint8Array(16);
  crypto.getRandomValues(a);
  return [...a].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** Frames the app like Bitrix24: iframe name "DOMAIN|PROTOCOL|APP_SID", handler URL with the same in its query. */
function appFrame(page, placement, options) {
  const sid = newSid();
  const iframe = document.createElement('iframe');
  const protocol = location.protocol === 'https:' ? 1 : 0;
  iframe.name = `${location.host}|${protocol}|${sid}`;
  iframe.className = 'h-frame';
  iframe.title = `${t('kvota')}: ${placement}`;
  iframe.dataset.placement = placement;
  iframe.dataset.sid = sid;
  iframe.dataset.resizes = '0';
  const src = new URL(page, cfg.widgetUrl);
  src.searchParams.set('DOMAIN', location.host);
  src.searchParams.set('PROTOCOL', String(protocol));
  src.searchParams.set('LANG', state.lang);
  src.searchParams.set('APP_SID', sid);
  iframe.src = src.href;
  frames.set(sid, { iframe, placement, options, userId: persona().id });
  return iframe;
}

async function issueAuth(userId) {
  const r = await fetch('./host/api/auth', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ userId }),
  });
  return r.json();
}

function parseCommand(data) {
  const i = data.indexOf(':');
  if (i < 0) return null;
  const command = data.slice(0, i);
  const parts = data.slice(i + 1).split(':');
  if (parts.length < 2) return null;
  const sid = parts.pop();
  const key = parts.pop();
  const raw = parts.join(':');
  let params = {};
  if (raw) {
    try {
      params = JSON.parse(raw);
    } catch {
      params = raw;
    }
  }
  return { command, params, key, sid };
}

function reply(frame, key, payload) {
  frame.iframe.contentWindow?.postMessage(`${key}:${JSON.stringify(payload ?? {})}`, widgetOrigin);
}

function logProtocol(entry) {
  protocolLog.push(entry);
  const ol = document.querySelector('.h-proto ol');
  if (ol) {
    const li = document.createElement('li');
    li.textContent = `${entry.dir === 'in' ? '→' : '←'} ${entry.text}`;
    ol.append(li);
    ol.scrollTop = ol.scrollHeight;
  }
}

window.addEventListener('message', async (event) => {
  if (event.origin !== widgetOrigin || typeof event.data !== 'string') return;
  const frame = [...frames.values()].find((f) => f.iframe.contentWindow === event.source);
  if (!frame) return;
  const msg = parseCommand(event.data);
  if (!msg || msg.sid !== frame.iframe.dataset.sid) return; // not this frame's APP_SID: ignore, like the portal
  logProtocol({
    dir: 'in',
    command: msg.command,
    params: msg.params,
    text: event.data.replace(/"AUTH_ID":"[^"]+"/, '"AUTH_ID":"…"'),
  });
  const answer = (payload) => {
    reply(frame, msg.key, payload);
    logProtocol({
      dir: 'out',
      command: msg.command,
      text: `${msg.key}:${msg.command === 'getInitData' || msg.command === 'refreshAuth' ? '{…}' : JSON.stringify(payload ?? {})}`,
    });
  };
  switch (msg.command) {
    case 'getInitData': {
      const auth = await issueAuth(frame.userId);
      answer({
        DOMAIN: location.host, // the portal's own origin, as in Bitrix24 (equal to cfg.domain when served right)
        PROTOCOL: '0',
        PATH: frame.placement === 'LEFT_MENU' ? '/marketplace/app/kvota/' : '/crm/deal/details/',
        LANG: state.lang,
        AUTH_ID: auth.AUTH_ID,
        AUTH_EXPIRES: String(auth.AUTH_EXPIRES),
        REFRESH_ID: auth.REFRESH_ID,
        MEMBER_ID: cfg.memberId,
        IS_ADMIN: auth.IS_ADMIN,
        APP_OPTIONS: {},
        USER_OPTIONS: {},
        PLACEMENT: frame.placement,
        PLACEMENT_OPTIONS: frame.options,
        INSTALL: false,
        FIRST_RUN: false,
      });
      break;
    }
    case 'refreshAuth': {
      const auth = await issueAuth(frame.userId);
      answer({ AUTH_ID: auth.AUTH_ID, REFRESH_ID: auth.REFRESH_ID, AUTH_EXPIRES: String(auth.AUTH_EXPIRES) });
      break;
    }
    case 'resizeWindow': {
      const h = Number(msg.params?.height);
      if (Number.isFinite(h) && h > 0) {
        frame.iframe.style.height = `${Math.ceil(h)}px`;
        frame.iframe.dataset.resizes = String(Number(frame.iframe.dataset.resizes) + 1);
      }
      answer({});
      break;
    }
    case 'openPath': {
      const m = /\/crm\/deal\/details\/(\d+)\//.exec(String(msg.params?.path ?? ''));
      answer(m ? { result: 'close' } : { result: 'error', errorCode: 'PATH_NOT_SUPPORTED' });
      if (m) go(`/deal/${m[1]}`);
      break;
    }
    case 'openApplication':
      answer({});
      go('/app', typeof msg.params === 'object' ? msg.params : {});
      break;
    case 'closeApplication':
      answer({});
      go('/deals');
      break;
    case 'setTitle':
      answer({});
      break;
    case 'setInstall':
    case 'setInstallFinish':
    case 'setScroll':
    case 'reloadWindow':
      answer({});
      break;
    default:
      answer({ result: 'error', errorCode: 'METHOD_NOT_SUPPORTED' });
  }
});

// ---------- the shell ----------

async function loadDeals() {
  const r = await fetch(`./host/api/deals?user=${persona().id}`);
  state.deals = (await r.json()).deals;
}

function header() {
  const roles = ['rep', 'manager', 'admin']
    .map(
      (r) =>
        `<button type="button" data-as="${r}" aria-pressed="${state.as === r}" title="${esc(cfg.personas[r]?.name)}">${esc(t(r))}: ${esc(cfg.personas[r]?.name.split(' ')[0])}</button>`,
    )
    .join('');
  const langs = ['ru', 'en']
    .map((l) => `<button type="button" data-lang="${l}" aria-pressed="${state.lang === l}">${l.toUpperCase()}</button>`)
    .join('');
  return `<header class="h-header">
    <span class="h-logo">Битрикс<b>24</b></span><span class="h-company">${esc(cfg.company)}</span>
    <span class="h-spacer"></span>
    <span class="h-switch" role="group" aria-label="${esc(t('viewAs'))}"><span>${esc(t('viewAs'))}</span>${roles}</span>
    <span class="h-switch" role="group" aria-label="Language">${langs}</span>
  </header>`;
}

function menu() {
  const cur = state.route.kind;
  const item = (href, label, current, cls = '') =>
    `<li><a href="${href}" class="${cls}" ${current ? 'aria-current="page"' : ''}>${esc(label)}</a></li>`;
  const q = `?as=${state.as}&lang=${state.lang}`;
  return `<nav aria-label="Menu"><ul class="h-menu">
    ${item('#', t('feed'), false, 'h-off')}
    ${item('#', t('tasks'), false, 'h-off')}
    ${item('#', t('chat'), false, 'h-off')}
    ${item(`#/deals${q}`, `${t('crm')} · ${t('deals')}`, cur === 'deals' || cur === 'deal')}
    ${item(`#/app${q}`, t('kvota'), cur === 'app', 'h-app')}
  </ul></nav>`;
}

function dealsTable() {
  if (!state.deals.length) return `<p>${esc(t('noDeals'))}</p>`;
  const rows = state.deals
    .map(
      (d) => `<tr data-deal="${d.id}">
        <td><a href="#/deal/${d.id}?as=${state.as}&lang=${state.lang}">${esc(d.title)}</a></td>
        <td><span class="h-stage" style="--stage:${esc(d.stageColor ?? '#2fc6f6')}">${esc(d.stage)}</span></td>
        <td class="h-num">${esc(money(d.amount, d.currency))}</td>
        <td>${esc(d.owner)}</td>
        <td>${esc(d.closeDate)}</td>
      </tr>`,
    )
    .join('');
  return `<table class="h-table" data-testid="deal-list"><thead><tr>
      <th>${esc(t('title'))}</th><th>${esc(t('stage'))}</th><th class="h-num">${esc(t('amount'))}</th><th>${esc(t('owner'))}</th><th>${esc(t('closeDate'))}</th>
    </tr></thead><tbody>${rows}</tbody></table>`;
}

/** The Kvota server frames the widget only for its installed portal's origin (CSP frame-ancestors). */
function originWarning() {
  if (cfg.domain === location.host) return '';
  return `<p class="h-demo" role="alert">This page is served at <b>${esc(location.host)}</b>, but the portal's domain is <b>${esc(cfg.domain)}</b>.
    Serve the host page at the portal's origin (mount hostPageApp() on the emulator), or the Kvota server will refuse to be framed.</p>`;
}

function protocolPanel() {
  return `<details class="h-proto"><summary>${esc(t('protocol'))}</summary><ol>${protocolLog
    .map((e) => `<li>${e.dir === 'in' ? '→' : '←'} ${esc(e.text)}</li>`)
    .join('')}</ol></details>`;
}

async function render() {
  state.route = parseHash();
  document.documentElement.lang = state.lang;
  await loadDeals();
  for (const [sid, f] of frames) if (!f.iframe.isConnected) frames.delete(sid);
  const shell = document.getElementById('shell');
  const work =
    state.route.kind === 'app'
      ? `<h1 class="h-title">${esc(t('kvota'))}</h1><div class="h-box" id="app-slot"></div>`
      : `<h1 class="h-title">${esc(t('deals'))}</h1>${dealsTable()}`;
  shell.innerHTML = `${header()}<div class="h-body">${menu()}<main class="h-work">
      <p class="h-demo">${t('demo')}</p>${originWarning()}${work}${protocolPanel()}</main></div>`;
  if (state.route.kind === 'app') {
    document
      .getElementById('app-slot')
      .append(appFrame('app.html', 'LEFT_MENU', { URI: '/marketplace/app/kvota/', ...state.route.options }));
  }
  if (state.route.kind === 'deal') renderDealCard(state.route.id, state.route.tab);
}

function renderDealCard(id, tab) {
  const deal = state.deals.find((d) => d.id === id) ?? {
    id,
    title: `#${id}`,
    stage: '',
    amount: '0',
    currency: 'RUB',
    owner: '',
    semantic: 'P',
  };
  const slider = document.createElement('div');
  slider.className = 'h-slider';
  slider.innerHTML = `<button type="button" class="h-slider__close" aria-label="${esc(t('close'))}">✕</button>
    <div class="h-slider__panel" role="dialog" aria-modal="true" aria-label="${esc(deal.title)}">
      <div class="h-card-head">
        <h1 class="h-title" style="margin:0">${esc(deal.title)}</h1>
        <span class="h-stage" style="--stage:${esc(deal.stageColor ?? '#2fc6f6')}">${esc(deal.stage)}</span>
        <span class="h-spacer"></span>
        ${cfg.canWin && deal.semantic === 'P' ? `<button type="button" class="h-btn" data-win="${id}">${esc(t('win'))}</button>` : ''}
      </div>
      <div class="h-tabs" role="tablist">
        <button type="button" role="tab" data-tab="general" aria-selected="${tab === 'general'}">${esc(t('general'))}</button>
        <button type="button" role="tab" class="h-tab-app" data-tab="kvota" aria-selected="${tab === 'kvota'}">${esc(t('kvota'))}</button>
        <button type="button" role="tab" disabled>${esc(t('history'))}</button>
      </div>
      <div class="h-box" id="deal-slot"></div>
    </div>`;
  document.body.append(slider);
  const slot = slider.querySelector('#deal-slot');
  if (tab === 'general') {
    slot.innerHTML = `<dl class="h-fields">
      <dt>${esc(t('amount'))}</dt><dd>${esc(money(deal.amount, deal.currency))}</dd>
      <dt>${esc(t('stage'))}</dt><dd>${esc(deal.stage)}</dd>
      <dt>${esc(t('owner'))}</dt><dd>${esc(deal.owner)}</dd>
      <dt>${esc(t('closeDate'))}</dt><dd>${esc(deal.closeDate)}</dd></dl>`;
  } else {
    // CRM_DEAL_DETAIL_TAB: PLACEMENT_OPTIONS carries the deal ID, as Bitrix24 sends it
    slot.append(
      appFrame('deal-tab.html', 'CRM_DEAL_DETAIL_TAB', {
        ID: String(id),
        URI: `/crm/deal/details/${id}/?IFRAME=Y&IFRAME_TYPE=SIDE_SLIDER`,
      }),
    );
  }
  const close = () => {
    slider.remove();
    go('/deals');
  };
  slider.querySelector('.h-slider__close').addEventListener('click', close);
  slider.addEventListener('click', (e) => {
    if (e.target === slider) close();
  });
  slider.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') close();
  });
  for (const b of slider.querySelectorAll('[data-tab]')) {
    b.addEventListener('click', () => {
      slider.remove();
      go(`/deal/${id}`, { tab: b.dataset.tab });
    });
  }
  slider.querySelector('[data-win]')?.addEventListener('click', async (e) => {
    e.currentTarget.disabled = true;
    await fetch(`./host/api/deals/${id}/win`, { method: 'POST' });
    e.currentTarget.textContent = t('won');
  });
  slider.querySelector('.h-slider__close').focus();
}

document.addEventListener('click', (e) => {
  const btn = e.target.closest('[data-as],[data-lang]');
  if (btn) {
    if (btn.dataset.as) state.as = btn.dataset.as;
    if (btn.dataset.lang) state.lang = btn.dataset.lang;
    const path = location.hash.replace(/^#/, '').split('?')[0] || '/deals';
    const q = new URLSearchParams(location.hash.split('?')[1] ?? '');
    q.set('as', state.as);
    q.set('lang', state.lang);
    location.hash = `${path}?${q}`;
    return;
  }
  const row = e.target.closest('tr[data-deal]');
  if (row && !e.target.closest('a')) go(`/deal/${row.dataset.deal}`);
});

window.addEventListener('hashchange', () => {
  for (const s of document.querySelectorAll('.h-slider')) s.remove();
  void render();
});
void render();
