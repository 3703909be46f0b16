// SPDX-License-Identifier: GPL-3.0-or-later
// Today: every kiosk with whether it is online, its visit's state, who is
// there and the time left, live from GET /api/v1/events (server-sent
// events: a whole board at first, then a new one at each change), without
// reloading. Officers act on prison kiosks' visits, coordinators on
// community kiosks': confirm presence, end the visit with a reason.
// Below the board, the families whose contact is due (contact-due.js).

import { api } from './api.js';
import {
  h, field, formError, clearErrors, showError, announce, pageHeading, scrollingTable,
} from './dom.js';
import { t, formatTime } from './i18n.js';
import { contactDuePanel } from './contact-due.js';

// The due list is read again on a new board at most this often (a board
// comes at every change; days left move slowly).
const DUE_REFRESH_MS = 60000;

const END_CATEGORIES = () => [
  ['', t('Choose why')],
  ['finished-early', t('Finished early (goodbye now)')],
  ['child-upset', t('Child upset (goodbye now)')],
  ['adult-unwell', t('Adult unwell (goodbye now)')],
  ['technical-problem', t('Technical problem (goodbye now)')],
  ['other', t('Other reason (goodbye now)')],
  ['safeguarding', t('Safeguarding: stop at once, no goodbye')],
];

function sideName(role) {
  return role === 'prison' ? t('Prison') : t('Community');
}

function visitStateName(state) {
  switch (state) {
    case 'joinable': return t('Waiting');
    case 'ready': return t('Ready');
    case 'live': return t('Live');
    case 'goodbye': return t('Goodbye');
    case 'ended': return t('Ended');
    default: return t('Idle');
  }
}

function badgeClass(state) {
  if (state === 'joinable' || state === 'ready') {
    return 'waiting';
  }
  return state || 'idle';
}

// The role whose staff act for a kiosk of @side.
function roleForSide(side) {
  return side === 'prison' ? 'officer' : 'coordinator';
}

export function render(main, context) {
  let board = null;
  let offsetMs = 0;            // server time minus this browser's time
  let previous = new Map();    // kiosk id -> "online/state", for announcements
  let source = null;
  let timer = null;
  let stopped = false;

  const status = h('p', { class: 'status-line', id: 'board-status' }, t('Connecting…'));
  const tbody = h('tbody', {});
  const table = h('table', { id: 'board' },
    h('caption', {}, t('Kiosks and their visits now')),
    h('thead', {}, h('tr', {},
      h('th', { scope: 'col' }, t('Kiosk')),
      h('th', { scope: 'col' }, t('Side')),
      h('th', { scope: 'col' }, t('Connection')),
      h('th', { scope: 'col' }, t('Visit')),
      h('th', { scope: 'col' }, t('Who')),
      h('th', { scope: 'col' }, t('Present')),
      h('th', { scope: 'col' }, t('Time')),
      h('th', { scope: 'col' }, t('Actions')))),
    tbody);
  const dialog = buildEndDialog();
  // Officers plan no visits: the families are for the other roles.
  const due = ['coordinator', 'scheduler', 'admin'].some(context.hasRole)
    ? contactDuePanel(context) : null;
  let dueReadAt = Date.now();
  main.append(...[pageHeading(t('Today')), status,
    scrollingTable(table, t('Kiosks and their visits now')), due ? due.element : null,
    dialog.element].filter(Boolean));
  const dueLoaded = due ? due.whenLoaded : Promise.resolve();

  function now() {
    return Date.now() + offsetMs;
  }

  function visitOf(kioskId) {
    return board.visits.find((v) => v.prison === kioskId || v.community === kioskId) || null;
  }

  function nextOf(kioskId) {
    return (board.upcoming || []).find((v) => v.prison === kioskId || v.community === kioskId) || null;
  }

  function timeText(visit) {
    if (!visit) {
      return '';
    }
    if (visit.state === 'joinable' || visit.state === 'ready') {
      return t('Starts {time}', { time: formatTime(new Date(visit.start)) });
    }
    if (visit.state === 'live' || visit.state === 'goodbye') {
      const minutes = Math.max(0, Math.ceil((Date.parse(visit.end) - now()) / 60000));
      return t('{minutes} min left', { minutes });
    }
    return '';
  }

  function presentText(visit, side) {
    if (!visit) {
      return '';
    }
    const here = visit.present.includes(side);
    const confirmed = visit.confirmed.includes(side);
    if (confirmed) {
      return t('Here, confirmed');
    }
    return here ? t('Kiosk ready, not confirmed') : t('Not here yet');
  }

  function actionsFor(kiosk, visit) {
    const cell = h('td', { class: 'actions-cell' });
    if (!visit || !context.hasRole(roleForSide(kiosk.role))) {
      return cell;
    }
    const open = ['joinable', 'ready', 'live', 'goodbye'].includes(visit.state);
    const actions = h('div', { class: 'actions' });
    if (open && visit.state !== 'goodbye' && !visit.confirmed.includes(kiosk.role)) {
      actions.append(h('button', {
        type: 'button',
        class: 'small',
        'data-key': 'confirm-' + kiosk.id,
        'aria-label': t('Confirm presence at {kiosk}', { kiosk: kiosk.label }),
        onclick: () => confirm(kiosk, visit),
      }, t('Confirm presence')));
    }
    if (open) {
      actions.append(h('button', {
        type: 'button',
        class: 'small danger',
        'data-key': 'end-' + kiosk.id,
        'aria-label': t('End the visit at {kiosk}', { kiosk: kiosk.label }),
        onclick: () => dialog.open(kiosk, visit),
      }, t('End visit…')));
    }
    cell.append(actions);
    return cell;
  }

  function row(kiosk) {
    const visit = visitOf(kiosk.id);
    const next = visit ? null : nextOf(kiosk.id);
    const state = visit ? visit.state : 'idle';
    const shown = visit || next;
    return h('tr', { 'data-kiosk': kiosk.id, 'data-state': state },
      h('th', { scope: 'row' }, kiosk.label, h('br'), h('span', { class: 'hint' }, kiosk.id)),
      h('td', {}, sideName(kiosk.role)),
      h('td', {}, h('span', { class: 'badge ' + (kiosk.online ? 'online' : 'offline') },
        kiosk.online ? t('Online') : t('Offline'))),
      h('td', {}, h('span', { class: 'badge visit-state ' + badgeClass(state) },
        visitStateName(state))),
      h('td', {}, shown ? t('{prison} with {community}', {
        prison: shown.prison_label || '—', community: shown.community_label || '—',
      }) : ''),
      h('td', {}, presentText(visit, kiosk.role)),
      h('td', { class: 'time-left' }, next
        ? t('Next visit {time}', { time: formatTime(new Date(next.start)) })
        : timeText(visit)),
      actionsFor(kiosk, visit));
  }

  function draw() {
    if (!board) {
      return;
    }
    // Keep the keyboard where it was: the same button, redrawn.
    const focusedKey = document.activeElement && document.activeElement.dataset
      ? document.activeElement.dataset.key : null;
    if (board.kiosks.length === 0) {
      tbody.replaceChildren(h('tr', {}, h('td', { colspan: '8', class: 'empty' },
        t('No kiosks yet.'))));
    } else {
      tbody.replaceChildren(...board.kiosks.map(row));
    }
    if (focusedKey) {
      const again = tbody.querySelector('[data-key="' + CSS.escape(focusedKey) + '"]');
      if (again) {
        again.focus();
      }
    }
  }

  function announceChanges() {
    const next = new Map();
    const changes = [];
    for (const kiosk of board.kiosks) {
      const visit = visitOf(kiosk.id);
      const key = (kiosk.online ? 'online' : 'offline') + '/' + (visit ? visit.state : 'idle');
      next.set(kiosk.id, key);
      const before = previous.get(kiosk.id);
      if (before !== undefined && before !== key) {
        changes.push(t('{kiosk}: {state}, {connection}', {
          kiosk: kiosk.label,
          state: visitStateName(visit ? visit.state : 'idle'),
          connection: kiosk.online ? t('Online') : t('Offline'),
        }));
      }
    }
    previous = next;
    if (changes.length > 0 && changes.length <= 5) {
      announce(changes.join('. '));
    }
  }

  function onBoard(event) {
    board = JSON.parse(event.data);
    offsetMs = Date.parse(board.now) - Date.now();
    status.classList.remove('problem');
    status.textContent = t('Live: updated {time}', { time: formatTime(new Date(now())) });
    announceChanges();
    draw();
    if (due && Date.now() - dueReadAt > DUE_REFRESH_MS) {
      dueReadAt = Date.now();
      due.refresh();
    }
    dueLoaded.then(() => context.ready());
  }

  async function onError() {
    if (stopped) {
      return;
    }
    status.classList.add('problem');
    status.textContent = t('Connection lost. Reconnecting…');
    if (source.readyState === EventSource.CLOSED) {
      // Refused (signed out, or too many consoles): ask who we are.
      try {
        await api('GET', 'session');
        window.setTimeout(connect, 5000);
      } catch (error) {
        if (error.status === 401) {
          context.signedOut();
        } else {
          window.setTimeout(connect, 5000);
        }
      }
    }
  }

  function connect() {
    if (stopped) {
      return;
    }
    if (source) {
      source.close();
    }
    source = new EventSource('/api/v1/events');
    source.addEventListener('board', onBoard);
    source.addEventListener('signed-out', () => context.signedOut());
    source.addEventListener('error', onError);
  }

  async function confirm(kiosk, visit) {
    try {
      await api('POST', 'sessions/' + encodeURIComponent(visit.booking) + '/confirm',
        { side: kiosk.role });
      announce(t('Presence confirmed at {kiosk}.', { kiosk: kiosk.label }));
    } catch (error) {
      status.classList.add('problem');
      status.textContent = error.message;
    }
  }

  function buildEndDialog() {
    const category = field({
      name: 'category', label: t('Why does the visit end?'), type: 'select', required: true,
      options: END_CATEGORIES(),
    });
    const reason = field({
      name: 'reason', label: t('Reason, in your words'), type: 'textarea', required: true,
      maxlength: 500, hint: t('Recorded in the audit log with your name. No names of the family.'),
    });
    const title = h('h2', { id: 'end-dialog-title' });
    const cancel = h('button', { type: 'button', class: 'secondary' }, t('Cancel'));
    const submit = h('button', { type: 'submit', class: 'danger' }, t('End visit'));
    const form = h('form', { method: 'dialog', novalidate: true },
      title, formError(), category.wrapper, reason.wrapper, h('div', { class: 'actions' }, submit, cancel));
    const element = h('dialog', { 'aria-labelledby': 'end-dialog-title', id: 'end-dialog' }, form);
    let current = null;
    let returnFocus = null;

    cancel.addEventListener('click', () => element.close());
    element.addEventListener('close', () => {
      if (returnFocus && document.contains(returnFocus)) {
        returnFocus.focus();
      }
    });
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      clearErrors(form);
      if (!category.control.value) {
        showError(form, { field: 'category', message: t('Choose why the visit ends.') });
        return;
      }
      submit.disabled = true;
      try {
        await api('POST', 'sessions/' + encodeURIComponent(current.visit.booking) + '/end', {
          category: category.control.value,
          reason: reason.control.value,
        });
        element.close();
        announce(t('The visit at {kiosk} is ending.', { kiosk: current.kiosk.label }));
      } catch (error) {
        showError(form, error);
      } finally {
        submit.disabled = false;
      }
    });

    return {
      element,
      open(kiosk, visit) {
        current = { kiosk, visit };
        returnFocus = document.activeElement;
        title.textContent = t('End the visit at {kiosk}', { kiosk: kiosk.label });
        clearErrors(form);
        category.control.value = '';
        reason.control.value = '';
        element.showModal();
        category.control.focus();
      },
    };
  }

  connect();
  // Minutes left move on without a new board.
  timer = window.setInterval(draw, 15000);
  return () => {
    stopped = true;
    window.clearInterval(timer);
    if (source) {
      source.close();
    }
    if (dialog.element.open) {
      dialog.element.close();
    }
  };
}
