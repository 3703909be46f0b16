/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Helpers to call before logging anything that may hold a secret or a
 * person's data. Even at debug level, logs of a prison and a children's
 * centre must not carry tokens, PINs, SDP bodies, ICE addresses or the
 * labels families chose. */

char *kv_redact_token   (const char *token);
char *kv_redact_text    (const char *text);
char *kv_redact_url     (const char *url);
char *kv_redact_message (const char *json,
                         gssize      length);

G_END_DECLS
