/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "kv-ctl.h"
#include "kv-ctl-local-times.h"

G_BEGIN_DECLS

/* What kinvisitctl says of a family, its contact and the visit proposed
 * for it, in words for staff who are not technicians. Each takes the
 * server's JSON (a family, a proposal) and returns text; printing is the
 * command's. */

char *kv_ctl_family_text_who           (JsonObject      *family);
char *kv_ctl_family_text_children      (JsonObject      *family);
char *kv_ctl_family_text_rules         (JsonObject      *family);
char *kv_ctl_family_text_days_left     (gint64           days_left);
char *kv_ctl_family_text_contact       (JsonObject      *family,
                                        KvCtlLocalTimes *times);
char *kv_ctl_family_text_contact_brief (JsonObject      *family);
char *kv_ctl_family_text_last_held     (JsonObject      *family,
                                        KvCtlLocalTimes *times);
char *kv_ctl_family_text_proposal      (JsonObject      *family,
                                        JsonObject      *proposal,
                                        const char      *indent,
                                        gboolean         book_next,
                                        KvCtlLocalTimes *times);
char *kv_ctl_family_text_book_command  (JsonObject      *family,
                                        JsonObject      *proposal);

G_END_DECLS
