/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * KvSchoolHours:
 *
 * When the children of a community site are at school, per weekday, in the
 * site's zone. Slots inside them are flagged for children aged 4-17 and
 * proposals prefer slots outside them. A site with none set has no school
 * hours.
 */
typedef struct _KvSchoolHours KvSchoolHours;

KvSchoolHours *kv_school_hours_new      (GTimeZone     *tz);
void           kv_school_hours_free     (KvSchoolHours *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KvSchoolHours, kv_school_hours_free)

/* @weekday 1 (Monday) to 7; minutes after local midnight,
 * opens < closes <= 1440. */
void           kv_school_hours_add      (KvSchoolHours *self,
                                         guint          weekday,
                                         guint          opens_minute,
                                         guint          closes_minute);
gboolean       kv_school_hours_is_empty (KvSchoolHours *self);

/* Whether [start_us, end_us) overlaps the school hours of any local day it
 * touches. */
gboolean       kv_school_hours_overlaps (KvSchoolHours *self,
                                         gint64         start_us,
                                         gint64         end_us);

G_END_DECLS
