/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * KvShippedLanguage:
 * @code: the gettext code, e.g. "fr"
 * @name: the language's name in itself ("Français"), never translated
 * @right_to_left: whether its text and layout read from the right
 *
 * One language this build ships: English (the source language), then
 * each language of po/LINGUAS, in that order. The table is generated at
 * build time by po/make-languages.py from po/LINGUAS and each catalogue's
 * X-Language-Name header, so adding a language is one po/LL.po and one
 * line in LINGUAS.
 */
typedef struct
{
  const char *code;
  const char *name;
  gboolean    right_to_left;
} KvShippedLanguage;

const char * const      *kv_shipped_languages_get_codes (void);
const KvShippedLanguage *kv_shipped_languages_lookup    (const char *code);
char                    *kv_shipped_languages_describe  (void);

G_END_DECLS
