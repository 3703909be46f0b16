/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-shipped-languages"

#include "config.h"

#include "kv-shipped-languages.h"

/* Made at build time from po/LINGUAS (app/core/meson.build): the arrays
 * shipped_languages[] and shipped_codes[]. */
#include "kv-shipped-languages-table.h"

/**
 * kv_shipped_languages_get_codes:
 *
 * Returns: (transfer none) (array zero-terminated=1): every shipped
 *   language's code, English first, then po/LINGUAS's order
 */
const char * const *
kv_shipped_languages_get_codes (void)
{
  return shipped_codes;
}

/**
 * kv_shipped_languages_lookup:
 * @code: (nullable): a language code, e.g. from a configuration file
 *
 * Returns: (transfer none) (nullable): the language, or %NULL if this
 *   build does not ship it
 */
const KvShippedLanguage *
kv_shipped_languages_lookup (const char *code)
{
  if (code == NULL)
    return NULL;
  for (gsize i = 0; i < G_N_ELEMENTS (shipped_languages); i++)
    if (g_str_equal (shipped_languages[i].code, code))
      return &shipped_languages[i];
  return NULL;
}

/**
 * kv_shipped_languages_describe:
 *
 * Returns: (transfer full): the shipped codes for an error message that
 *   tells an administrator what to write: "en, fr, pl, hr"
 */
char *
kv_shipped_languages_describe (void)
{
  return g_strjoinv (", ", (GStrv) shipped_codes);
}
