/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * KvSessionChild:
 *
 * Part of KvSession: what staff are told of the child's side of a visit:
 * whether the prison kiosk's room is supervised (the community kiosk's "a
 * helper can see and hear" sign) and how often the child said "I'm not
 * OK", counted at most once per @interval_us.
 */
typedef struct
{
  gboolean supervised;
  guint    alerts;
  gint64   last_alert_us;   /* 0: none counted yet */
} KvSessionChild;

gboolean kv_session_child_set_supervised (KvSessionChild *child,
                                          gboolean        supervised);
gboolean kv_session_child_note_alert     (KvSessionChild *child,
                                          gint64          now_us,
                                          gint64          interval_us);

G_END_DECLS
