/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* g_test_init() for the hostile tests: assertions that do not abort (a
 * failed bound must not skip the teardown that kills the server), no debug
 * output of libsoup's in the TAP stream, and our open-file limit raised for
 * the attacks that hold a thousand sockets. */
void kv_hostile_test_init (int    *argc,
                           char ***argv);

G_END_DECLS
