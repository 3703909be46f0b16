/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define KV_KIOSK_ERROR (kv_kiosk_error_quark ())
GQuark kv_kiosk_error_quark (void);

/**
 * KvKioskError:
 * @KV_KIOSK_ERROR_WRONG_PIN: the staff PIN is wrong; the message says how
 *   many attempts are left
 * @KV_KIOSK_ERROR_LOCKED_OUT: too many wrong PINs; the message says when
 *   the lock opens again
 * @KV_KIOSK_ERROR_NO_PIN_CONFIGURED: the kiosk has no staff PIN hash in its
 *   secrets, so staff controls stay locked
 * @KV_KIOSK_ERROR_NO_VISIT: there is no visit to act on right now
 * @KV_KIOSK_ERROR_NOT_NOW: not possible in the visit's current phase
 * @KV_KIOSK_ERROR_NOT_CONNECTED: the server cannot be reached, so the
 *   request could not be sent
 * @KV_KIOSK_ERROR_CALL_ACTIVE: the camera is in use by a call
 * @KV_KIOSK_ERROR_DEVICE: the camera or microphone could not be opened
 * @KV_KIOSK_ERROR_WRONG_ROLE: not on this side's kiosk (e.g. the child's
 *   "I'm not OK" on the prison kiosk)
 * @KV_KIOSK_ERROR_BAD_CATEGORY: no reason, or a reason that does not fit
 *   the request (e.g. a goodbye with the safeguarding category)
 *
 * Errors of the kiosk's visit logic (app/kiosk).
 */
typedef enum {
  KV_KIOSK_ERROR_WRONG_PIN,
  KV_KIOSK_ERROR_LOCKED_OUT,
  KV_KIOSK_ERROR_NO_PIN_CONFIGURED,
  KV_KIOSK_ERROR_NO_VISIT,
  KV_KIOSK_ERROR_NOT_NOW,
  KV_KIOSK_ERROR_NOT_CONNECTED,
  KV_KIOSK_ERROR_CALL_ACTIVE,
  KV_KIOSK_ERROR_DEVICE,
  KV_KIOSK_ERROR_WRONG_ROLE,
  KV_KIOSK_ERROR_BAD_CATEGORY,
} KvKioskError;

G_END_DECLS
