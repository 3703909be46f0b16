// SPDX-License-Identifier: GPL-3.0-or-later
import { h, pageHeading } from './dom.js';
import { t } from './i18n.js';

export function render(main, context) {
  main.append(pageHeading('kiosks'), h('p', {}, t('This page is not written yet.')));
  context.ready();
}
