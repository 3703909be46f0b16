/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Argon2id limits of a staff PIN hash: what a kiosk (a small ARM or Atom
 * box checking the PIN while staff stand at it) can verify in a few
 * hundred milliseconds. A PIN has few digits, so the hash is no defence
 * against a stolen database on its own; the kiosk's lockout is. */
#define KV_STAFF_PIN_OPSLIMIT 2
#define KV_STAFF_PIN_MEMLIMIT (16 * 1024 * 1024)

char *kv_staff_pin_hash (const char  *pin,
                         GError     **error);

G_END_DECLS
